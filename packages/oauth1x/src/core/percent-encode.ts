/**
 * Percent-encoding, RFC 5849 §3.6, and the strict decoding used when parameters are collected (§3.4.1.3.1).
 *
 * @module
 */
import { OAuthError } from './errors.js';

/** `ENCODED[c]` is `''` for an unreserved ASCII character and its `%XX` escape for every other ASCII one. */
const ENCODED: string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? '' : `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

function encodeNonAscii(run: string): string {
  try {
    return encodeURIComponent(run);
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_ENCODING', 'String contains a lone surrogate and has no UTF-8 form', { cause });
  }
}

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
  // One pass over the UTF-16 code units: ASCII through a table, each run of non-ASCII code units through
  // encodeURIComponent (which emits UTF-8 and rejects lone surrogates). Unchanged input is returned as is.
  const length = value.length;
  let out = '';
  let last = 0;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      const encoded = ENCODED[c] as string;
      if (encoded === '') continue;
      out += i === last ? encoded : value.slice(last, i) + encoded;
      last = i + 1;
    } else {
      let j = i + 1;
      while (j < length && value.charCodeAt(j) >= 128) j++;
      out += (i === last ? '' : value.slice(last, i)) + encodeNonAscii(value.slice(i, j));
      last = j;
      i = j - 1;
    }
  }
  if (last === 0) return value;
  return last === length ? out : out + value.slice(last);
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
