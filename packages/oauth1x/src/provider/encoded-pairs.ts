/**
 * Received parameters as the core's {@link EncodedPair}s: percent-encoded per RFC 5849 §3.6 (what the base
 * string needs, §3.4.1.3.2) and decoded (what the application sees). When the received text is already in the canonical encoding —
 * the usual case — it is reused as is instead of being encoded again after decoding.
 *
 * @module
 */
import type { EncodedPair } from '../core/base-string.js';
import { formDecode, percentDecode, percentEncode } from '../core/percent-encode.js';

/** `UNRESERVED_CHAR[c]` is 1 for the §3.6 unreserved ASCII characters (`A-Z a-z 0-9 - . _ ~`), else 0. */
const UNRESERVED_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) UNRESERVED_CHAR[c] = /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? 1 : 0;

/**
 * True when `text[from, to)` is not empty and holds unreserved characters only (§3.6): such text is its own
 * decoding and its own encoding. A table loop over the range: cheaper than a regular expression call for the
 * short names and values of a request, and needs no slice first.
 *
 * @example
 * ```ts
 * isUnreservedRange('a=b~c', 2, 5); // true
 * isUnreservedRange('a b', 0, 3); // false
 * ```
 */
export function isUnreservedRange(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || UNRESERVED_CHAR[c] === 0) return false;
  }
  return true;
}

/**
 * Unreserved characters, or `%XX` in upper-case hex for every byte that is not unreserved: `2D`, `2E`, `30`–`39`,
 * `41`–`5A`, `5F`, `61`–`7A` and `7E` are excluded (those characters must appear as themselves).
 */
const CANONICAL = /^(?:[A-Za-z0-9\-._~]|%(?:[01][0-9A-F]|2[0-9A-CF]|3[A-F]|40|5[B-E]|60|7[B-DF]|[89A-F][0-9A-F]))*$/;

/**
 * True when `raw` is exactly what §3.6 encoding produces: unreserved characters as themselves, every other
 * byte as `%XX` with upper-case hex (an escaped unreserved character, lower-case hex or `+` is not canonical).
 *
 * @example
 * ```ts
 * isCanonicalEncoding('a%20b'); // true
 * isCanonicalEncoding('a+b'); // false
 * isCanonicalEncoding('%7E'); // false: "~" is unreserved
 * ```
 */
export function isCanonicalEncoding(raw: string): boolean {
  return CANONICAL.test(raw);
}

/**
 * Pairs a raw (received) name and value: their §3.6 encodings and their decoded forms. `form` selects
 * `application/x-www-form-urlencoded` decoding (`+` is a space). Bad escapes throw `ERR_INVALID_ENCODING`.
 *
 * @example
 * ```ts
 * dualParameter('q', 'a+b', true); // ['q', 'a%20b', 'q', 'a b']
 * ```
 */
export function dualParameter(rawName: string, rawValue: string, form: boolean): EncodedPair {
  const name = form ? formDecode(rawName) : percentDecode(rawName);
  const value = form ? formDecode(rawValue) : percentDecode(rawValue);
  return [
    isCanonicalEncoding(rawName) ? rawName : percentEncode(name),
    isCanonicalEncoding(rawValue) ? rawValue : percentEncode(value),
    name,
    value,
  ];
}

function formPair(rawName: string, rawValue: string, plainName: boolean, plainValue: boolean): EncodedPair {
  if (plainName && plainValue) return [rawName, rawValue, rawName, rawValue];
  const name = plainName ? rawName : formDecode(rawName);
  const value = plainValue ? rawValue : formDecode(rawValue);
  return [
    plainName || isCanonicalEncoding(rawName) ? rawName : percentEncode(name),
    plainValue || isCanonicalEncoding(rawValue) ? rawValue : percentEncode(value),
    name,
    value,
  ];
}

/**
 * Parses a query string or form body like the core's `parseFormEncoded` (`&` separates, the first `=` splits,
 * empty segments skipped, `+` is a space), keeping both forms of each pair. Names and values made only of
 * unreserved characters (checked natively) need neither decoding nor encoding.
 *
 * @example
 * ```ts
 * parseFormPairs('a=1&b=x+y'); // [['a','1','a','1'], ['b','x%20y','b','x y']]
 * ```
 */
export function parseFormPairs(encoded: string): EncodedPair[] {
  const pairs: EncodedPair[] = [];
  const length = encoded.length;
  let start = 0;
  while (start <= length) {
    let end = encoded.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      const eq = encoded.indexOf('=', start);
      const nameEnd = eq === -1 || eq > end ? end : eq;
      const rawName = encoded.slice(start, nameEnd);
      const rawValue = nameEnd === end ? '' : encoded.slice(eq + 1, end);
      const plainValue = rawValue === '' || isUnreservedRange(encoded, eq + 1, end);
      pairs.push(formPair(rawName, rawValue, isUnreservedRange(encoded, start, nameEnd), plainValue));
    }
    start = end + 1;
  }
  return pairs;
}
