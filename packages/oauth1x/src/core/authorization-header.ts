/**
 * The `Authorization: OAuth ...` header, RFC 5849 §3.5.1: formatting, and a strict parser for providers.
 *
 * @module
 */
import { OAuthError } from './errors.js';
import type { Parameter } from './parameters.js';
import { percentDecode, percentEncode } from './percent-encode.js';

/**
 * The value of `realm` as written in an `Authorization` header. `realm` is an RFC 2617 quoted string (§3.5.1),
 * not a protocol parameter, and never signed: {@link toAuthorizationHeader} percent-encodes it, oauthlib writes
 * it as it is (`realm="100%"`), so a value that is valid percent-encoding is decoded and any other is taken raw.
 *
 * @example
 * ```ts
 * realmValue('a%20b'); // 'a b'
 * realmValue('100%'); // '100%'
 * ```
 */
export function realmValue(raw: string): string {
  try {
    return percentDecode(raw);
  } catch {
    return raw;
  }
}

/**
 * Formats protocol parameters as an `Authorization` header value (§3.5.1): `OAuth`, then `realm` first when
 * given, then each `name="value"` with names and values percent-encoded (§3.6), separated by `, `.
 *
 * @example
 * ```ts
 * import { toAuthorizationHeader } from 'oauth1x';
 * toAuthorizationHeader([['oauth_consumer_key', 'key'], ['oauth_nonce', 'a b']], 'Photos');
 * // 'OAuth realm="Photos", oauth_consumer_key="key", oauth_nonce="a%20b"'
 * ```
 */
export function toAuthorizationHeader(params: Iterable<Parameter>, realm?: string | null): string {
  let header = 'OAuth ';
  let first = true;
  if (realm !== undefined && realm !== null) {
    header += `realm="${percentEncode(realm)}"`;
    first = false;
  }
  for (const [name, value] of params) {
    header += `${first ? '' : ', '}${percentEncode(name)}="${percentEncode(value)}"`;
    first = false;
  }
  return first ? 'OAuth' : header;
}

/** Limits applied before a header is parsed. */
export interface HeaderLimits {
  /** Longest header value accepted, in characters. Default 8192. */
  maxLength?: number;
  /** Most parameters accepted (realm included). Default 64. */
  maxParameters?: number;
}

/** A parsed `OAuth` Authorization header. */
export interface ParsedAuthorizationHeader {
  /** The `realm` value, or `undefined` when absent. Never part of the base string. */
  realm: string | undefined;
  /** Every other parameter, decoded, in header order, duplicates kept (the verifier rejects them). */
  params: Parameter[];
}

const SCHEME = /^[ \t]*OAuth(?:[ \t]+|$)/i;
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const QUOTED = /"([^"\\\x00-\x1f\x7f]*)"/y;
const SPACES = /[ \t]*/y;

function malformed(message: string): OAuthError {
  return new OAuthError('ERR_INVALID_HEADER', `Malformed OAuth Authorization header: ${message}`);
}

function skipSpaces(value: string, at: number): number {
  SPACES.lastIndex = at;
  SPACES.exec(value);
  return SPACES.lastIndex;
}

/**
 * Parses an `Authorization` header value strictly. Returns `null` when the scheme is not `OAuth` (another
 * scheme such as `Bearer` is not an OAuth 1.0a request). Throws `ERR_INVALID_HEADER` on anything malformed
 * (unquoted or unterminated values, missing `=` or `,`, control characters, bad percent-encoding) and
 * `ERR_LIMIT_EXCEEDED` when the header is longer or has more parameters than allowed, checked before parsing.
 *
 * @example
 * ```ts
 * import { parseAuthorizationHeader } from 'oauth1x';
 * parseAuthorizationHeader('OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03"');
 * // { realm: 'Photos', params: [['oauth_consumer_key', 'dpf43f3p2l4k3l03']] }
 * ```
 */
export function parseAuthorizationHeader(value: string, limits: HeaderLimits = {}): ParsedAuthorizationHeader | null {
  const maxLength = limits.maxLength ?? 8192;
  const maxParameters = limits.maxParameters ?? 64;
  if (value.length > maxLength) {
    throw new OAuthError('ERR_LIMIT_EXCEEDED', `Authorization header longer than ${maxLength} characters`);
  }
  const scheme = SCHEME.exec(value);
  if (scheme === null) return null;
  let commas = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 44) commas++;
  if (commas + 1 > maxParameters) {
    throw new OAuthError('ERR_LIMIT_EXCEEDED', `Authorization header has more than ${maxParameters} parameters`);
  }
  const params: Parameter[] = [];
  let realm: string | undefined;
  let at = scheme[0].length;
  const end = value.length;
  at = skipSpaces(value, at);
  if (at === end) return { realm, params };
  for (;;) {
    TOKEN.lastIndex = at;
    const name = TOKEN.exec(value);
    if (name === null) throw malformed(`expected a parameter name at position ${at}`);
    at = skipSpaces(value, TOKEN.lastIndex);
    if (value.charCodeAt(at) !== 61 /* = */) throw malformed(`expected "=" after ${name[0]}`);
    at = skipSpaces(value, at + 1);
    QUOTED.lastIndex = at;
    const quoted = QUOTED.exec(value);
    if (quoted === null) {
      throw malformed(value.charCodeAt(at) === 34 ? `unterminated value of ${name[0]}` : `value of ${name[0]} is not quoted`);
    }
    at = skipSpaces(value, QUOTED.lastIndex);
    let decodedName: string;
    let decodedValue: string;
    try {
      decodedName = percentDecode(name[0]);
      decodedValue = decodedName === 'realm' ? realmValue(quoted[1] as string) : percentDecode(quoted[1] as string);
    } catch (cause) {
      throw new OAuthError('ERR_INVALID_ENCODING', `Invalid percent-encoding in the value of ${name[0]}`, { cause });
    }
    if (decodedName === 'realm') {
      if (realm !== undefined) throw malformed('realm appears twice');
      realm = decodedValue;
    } else params.push([decodedName, decodedValue]);
    if (at === end) return { realm, params };
    if (value.charCodeAt(at) !== 44 /* , */) throw malformed(`expected "," after the value of ${name[0]}`);
    at = skipSpaces(value, at + 1);
    if (at === end) throw malformed('trailing ","');
  }
}
