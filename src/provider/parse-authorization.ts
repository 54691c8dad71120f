/**
 * A single-pass `Authorization: OAuth ...` parser for the provider's hot path (RFC 5849 §3.5.1). It accepts
 * exactly what the core's `parseAuthorizationHeader` accepts and fails the same way (a differential fuzz test
 * holds the two together); it only avoids the regular-expression round trips.
 *
 * @module
 */
import { OAuthError } from '../core/errors.js';
import type { Parameter } from '../core/parameters.js';
import { percentDecode } from '../core/percent-encode.js';

/** `TCHAR[c]` is 1 for the RFC 7230 token characters `!#$%&'*+-.^_\`|~`, digits and letters. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

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

/**
 * Parses an `Authorization` header value. Returns `null` when the scheme is not `OAuth`; throws
 * `ERR_INVALID_HEADER` on malformed syntax and `ERR_INVALID_ENCODING` on bad percent-encoding. Duplicates are
 * kept (the caller rejects them); `realm` twice is malformed. Length limits are the caller's. When `raw` is
 * given, the received (still encoded) name and value of each parameter but `realm` are appended to it.
 *
 * @example
 * ```ts
 * import { parseOAuthHeader } from 'oauth1x/provider';
 * parseOAuthHeader('OAuth realm="Photos", oauth_nonce="abc"'); // { realm: 'Photos', params: [['oauth_nonce', 'abc']] }
 * ```
 */
export function parseOAuthHeader(
  value: string,
  raw?: Array<[name: string, value: string]>,
): { realm: string | undefined; params: Parameter[] } | null {
  const end = value.length;
  let at = skipSpaces(value, 0);
  // Scheme: "OAuth", any case, then spaces or the end.
  if (at + 5 > end || value.slice(at, at + 5).toLowerCase() !== 'oauth') return null;
  at += 5;
  const afterScheme = value.charCodeAt(at);
  if (at < end && afterScheme !== 32 && afterScheme !== 9) return null;
  const params: Parameter[] = [];
  let realm: string | undefined;
  at = skipSpaces(value, at);
  if (at === end) return { realm, params };
  for (;;) {
    const nameStart = at;
    for (let c = value.charCodeAt(at); c < 128 && TCHAR[c] === 1; c = value.charCodeAt(at)) at++;
    if (at === nameStart) throw malformed(`expected a parameter name at position ${at}`);
    const name = value.slice(nameStart, at);
    at = skipSpaces(value, at);
    if (value.charCodeAt(at) !== 61 /* = */) throw malformed(`expected "=" after ${name}`);
    at = skipSpaces(value, at + 1);
    if (value.charCodeAt(at) !== 34 /* " */) throw malformed(`value of ${name} is not quoted`);
    const valueStart = ++at;
    let c = value.charCodeAt(at);
    // Quoted value: no quote, backslash or control character inside.
    while (at < end && c !== 34 && c !== 92 && c >= 0x20 && c !== 0x7f) c = value.charCodeAt(++at);
    if (c !== 34 || at >= end) throw malformed(`unterminated value of ${name}`);
    const rawValue = value.slice(valueStart, at);
    at = skipSpaces(value, at + 1);
    const decodedName = name.indexOf('%') === -1 ? name : decode(name, name);
    const decodedValue = rawValue.indexOf('%') === -1 ? rawValue : decode(name, rawValue);
    if (decodedName === 'realm') {
      if (realm !== undefined) throw malformed('realm appears twice');
      realm = decodedValue;
    } else {
      params.push([decodedName, decodedValue]);
      raw?.push([name, rawValue]);
    }
    if (at === end) return { realm, params };
    if (value.charCodeAt(at) !== 44 /* , */) throw malformed(`expected "," after the value of ${name}`);
    at = skipSpaces(value, at + 1);
    if (at === end) throw malformed('trailing ","');
  }
}
