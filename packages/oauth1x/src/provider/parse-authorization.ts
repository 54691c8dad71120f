/**
 * A single-pass `Authorization: OAuth ...` parser for the provider's hot path (RFC 5849 §3.5.1). It accepts
 * exactly what the core's `parseAuthorizationHeader` accepts and fails the same way (a differential fuzz test
 * holds the two together); it only avoids the regular-expression round trips.
 *
 * @module
 */
import { realmValue } from '../core/authorization-header.js';
import type { EncodedPair } from '../core/base-string.js';
import { OAuthError } from '../core/errors.js';
import type { Parameter } from '../core/parameters.js';
import { percentDecode, percentEncode } from '../core/percent-encode.js';
import { isCanonicalEncoding, isUnreservedRange } from './encoded-pairs.js';

/** An RFC 7230 token: a parameter name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** The inside of a quoted value: no quote, backslash or control character. */
const QUOTED_TEXT = /^[^"\\\x00-\x1f\x7f]*$/;

/** `OAuth` in any case at `at` (OR 0x20 lower-cases ASCII letters and maps nothing else onto them). */
function isOAuthScheme(value: string, at: number): boolean {
  return (
    (value.charCodeAt(at) | 0x20) === 111 &&
    (value.charCodeAt(at + 1) | 0x20) === 97 &&
    (value.charCodeAt(at + 2) | 0x20) === 117 &&
    (value.charCodeAt(at + 3) | 0x20) === 116 &&
    (value.charCodeAt(at + 4) | 0x20) === 104
  );
}

function malformed(message: string): OAuthError {
  return new OAuthError('ERR_INVALID_HEADER', `Malformed OAuth Authorization header: ${message}`);
}

function skipSpaces(value: string, at: number): number {
  for (let c = value.charCodeAt(at); c === 32 || c === 9; c = value.charCodeAt(at)) at++;
  return at;
}

function decode(name: string, raw: string): string {
  try {
    return percentDecode(raw);
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_ENCODING', `Invalid percent-encoding in the value of ${name}`, { cause });
  }
}

/** The well-known parameter names of an OAuth header (RFC 5849 §3.1, §3.5.1, and `oauth_body_hash`), by length. */
const KNOWN_NAMES: ReadonlyMap<number, readonly string[]> = (() => {
  const byLength = new Map<number, string[]>();
  for (const name of [
    'realm',
    'oauth_body_hash',
    'oauth_callback',
    'oauth_consumer_key',
    'oauth_nonce',
    'oauth_signature',
    'oauth_signature_method',
    'oauth_timestamp',
    'oauth_token',
    'oauth_verifier',
    'oauth_version',
  ]) {
    byLength.set(name.length, [...(byLength.get(name.length) ?? []), name]);
  }
  return byLength;
})();

/**
 * The constant for a well-known parameter name at `value[from, to)`, or `undefined`. The constants are
 * internalized strings: as map keys they need no hashing and compare by identity with the literals verification
 * looks them up by, where a slice of the header would be hashed and compared character by character.
 */
function knownName(value: string, from: number, to: number): string | undefined {
  const candidates = KNOWN_NAMES.get(to - from);
  if (candidates === undefined) return undefined;
  for (let i = 0; i < candidates.length; i++) {
    const name = candidates[i] as string;
    const probe = name.length > 6 ? 6 : 0;
    if (value.charCodeAt(from + probe) === name.charCodeAt(probe) && value.startsWith(name, from)) return name;
  }
  return undefined;
}

/** Slots per parameter in {@link scanOAuthHeader}'s output: decoded name, decoded value, encoded name, encoded value. */
export const SLOTS = 4;

/**
 * The scanner behind {@link parseOAuthHeader}, for the verification hot path: appends to `out`, for each
 * parameter but `realm`, four strings (decoded name, decoded value and their §3.6 encodings: the received text
 * itself when it is already canonical, which the scan notices on the way; `''` for the encodings of
 * `oauth_signature`, which is never signed). Returns the realm (`undefined` when absent), or `false` when the
 * scheme is not `OAuth`. Throws like {@link parseOAuthHeader}.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * scanOAuthHeader('OAuth realm="r", oauth_nonce="a%20b"', out); // 'r'; out = ['oauth_nonce', 'a b', 'oauth_nonce', 'a%20b']
 * ```
 */
export function scanOAuthHeader(value: string, out: string[]): string | undefined | false {
  const end = value.length;
  let at = skipSpaces(value, 0);
  // Scheme: "OAuth", any case, then spaces or the end.
  if (at + 5 > end || !isOAuthScheme(value, at)) return false;
  at += 5;
  const afterScheme = value.charCodeAt(at);
  if (at < end && afterScheme !== 32 && afterScheme !== 9) return false;
  let realm: string | undefined;
  at = skipSpaces(value, at);
  if (at === end) return realm;
  // Native searches (indexOf, anchored regular expressions) instead of a loop per character.
  for (;;) {
    const eq = value.indexOf('=', at);
    if (eq === -1) throw malformed(`expected "=" after the parameter name at position ${at}`);
    let nameEnd = eq;
    for (let c = value.charCodeAt(nameEnd - 1); c === 32 || c === 9; c = value.charCodeAt(nameEnd - 1)) nameEnd--;
    const known = knownName(value, at, nameEnd);
    const name = known ?? value.slice(at, nameEnd);
    const plainName = known !== undefined || isUnreservedRange(value, at, nameEnd);
    if (!plainName && !TOKEN.test(name)) throw malformed(`expected a parameter name at position ${at}`);
    const open = skipSpaces(value, eq + 1);
    if (value.charCodeAt(open) !== 34 /* " */) throw malformed(`value of ${name} is not quoted`);
    const close = value.indexOf('"', open + 1);
    if (close === -1) throw malformed(`unterminated value of ${name}`);
    const rawValue = value.slice(open + 1, close);
    const plainValue = isUnreservedRange(value, open + 1, close);
    if (!plainValue && !QUOTED_TEXT.test(rawValue)) throw malformed(`unterminated value of ${name}`);
    at = skipSpaces(value, close + 1);
    const decodedName = plainName || name.indexOf('%') === -1 ? name : decode(name, name);
    if (decodedName === 'realm') {
      if (realm !== undefined) throw malformed('realm appears twice');
      realm = plainValue || rawValue.indexOf('%') === -1 ? rawValue : realmValue(rawValue);
    } else {
      const decodedValue = plainValue || rawValue.indexOf('%') === -1 ? rawValue : decode(name, rawValue);
      if (decodedName === 'oauth_signature') out.push(decodedName, decodedValue, '', '');
      else
        out.push(
          decodedName,
          decodedValue,
          plainName || isCanonicalEncoding(name) ? name : percentEncode(decodedName),
          plainValue || isCanonicalEncoding(rawValue) ? rawValue : percentEncode(decodedValue),
        );
    }
    if (at === end) return realm;
    if (value.charCodeAt(at) !== 44 /* , */) throw malformed(`expected "," after the value of ${name}`);
    at = skipSpaces(value, at + 1);
    if (at === end) throw malformed('trailing ","');
  }
}

/**
 * Parses an `Authorization` header value. Returns `null` when the scheme is not `OAuth`; throws
 * `ERR_INVALID_HEADER` on malformed syntax and `ERR_INVALID_ENCODING` on bad percent-encoding. Duplicates are
 * kept (the caller rejects them); `realm` twice is malformed. Length limits are the caller's. When `encoded`
 * is given, the §3.6 encoding of each parameter but `realm` is appended to it, index for index with `params`
 * (the received text itself when it is already canonical).
 *
 * @example
 * ```ts
 * parseOAuthHeader('OAuth realm="Photos", oauth_nonce="abc"'); // { realm: 'Photos', params: [['oauth_nonce', 'abc']] }
 * ```
 */
export function parseOAuthHeader(value: string, encoded?: EncodedPair[]): { realm: string | undefined; params: Parameter[] } | null {
  const out: string[] = [];
  const realm = scanOAuthHeader(value, out);
  if (realm === false) return null;
  const params: Parameter[] = [];
  for (let i = 0; i < out.length; i += SLOTS) {
    const name = out[i] as string;
    const decoded = out[i + 1] as string;
    params.push([name, decoded]);
    // oauth_signature's encodings are skipped by the scan: compute them here (this path is not the hot one).
    if (name === 'oauth_signature') encoded?.push([percentEncode(name), percentEncode(decoded), name, decoded]);
    else encoded?.push([out[i + 2] as string, out[i + 3] as string, name, decoded]);
  }
  return { realm, params };
}
