/**
 * Percent-encoding, RFC 5849 §3.6, and the strict decoding used when parameters are collected (§3.4.1.3.1).
 *
 * @module
 */
import { OAuthError } from './errors.js';

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const EXTRA_RESERVED = /[!'()*]/g;
const EXTRA_MAP: Record<string, string> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };

/**
 * Encodes a string per RFC 5849 §3.6: UTF-8, every byte outside the unreserved set
 * (`ALPHA / DIGIT / "-" / "." / "_" / "~"`) as `%XX` with upper-case hex. Unlike `encodeURIComponent`, it
 * encodes `!*'()` too. A lone surrogate is an error (`ERR_INVALID_ENCODING`): it has no UTF-8 form.
 *
 * @example
 * ```ts
 * import { percentEncode } from 'oauth1x';
 * percentEncode("Ladies + Gentlemen!*'()"); // 'Ladies%20%2B%20Gentlemen%21%2A%27%28%29'
 * ```
 */
export function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_ENCODING', 'String contains a lone surrogate and has no UTF-8 form', { cause });
  }
  return encoded.replace(EXTRA_RESERVED, (c) => EXTRA_MAP[c] as string);
}

/**
 * Decodes `%XX` escapes strictly: a `%` not followed by two hex digits, or bytes that are not valid UTF-8
 * (such as `%FF%FE`), throw `ERR_INVALID_ENCODING`. `+` is left alone (see {@link formDecode}).
 *
 * @example
 * ```ts
 * import { percentDecode } from 'oauth1x';
 * percentDecode('caf%C3%A9'); // 'café'
 * ```
 */
export function percentDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_ENCODING', 'Invalid percent-encoding or UTF-8 in a parameter', { cause });
  }
}

/**
 * Decodes one `application/x-www-form-urlencoded` name or value: `+` becomes a space, then
 * {@link percentDecode}.
 *
 * @example
 * ```ts
 * import { formDecode } from 'oauth1x';
 * formDecode('2+q'); // '2 q'
 * ```
 */
export function formDecode(value: string): string {
  return percentDecode(value.indexOf('+') === -1 ? value : value.replace(/\+/g, ' '));
}
