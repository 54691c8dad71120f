/**
 * Parameters kept in both forms: decoded (what the application sees) and percent-encoded per RFC 5849 §3.6
 * (what the base string needs, §3.4.1.3.2). When the received text is already in the canonical encoding —
 * the usual case — it is reused as is instead of being encoded again after decoding.
 *
 * @module
 */
import { formDecode, percentDecode, percentEncode } from '../core/percent-encode.js';

/** A parameter: decoded name and value, then their §3.6 encodings. */
export type DualParameter = [name: string, value: string, encodedName: string, encodedValue: string];

/** `KIND[c]`: 1 for an unreserved ASCII character, 2 for an upper-case hex digit (also unreserved). */
const KIND = new Uint8Array(128);
for (const c of 'GHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~') KIND[c.charCodeAt(0)] = 1;
for (const c of '0123456789ABCDEF') KIND[c.charCodeAt(0)] = 2;

function hex(c: number): number {
  return c <= 57 ? c - 48 : c - 55;
}

/**
 * True when `raw` is exactly what §3.6 encoding produces: unreserved characters as themselves, every other
 * byte as `%XX` with upper-case hex (an escaped unreserved character, lower-case hex or `+` is not canonical).
 *
 * @example
 * ```ts
 * import { isCanonicalEncoding } from 'oauth1x/provider';
 * isCanonicalEncoding('a%20b'); // true
 * isCanonicalEncoding('a+b'); // false
 * isCanonicalEncoding('%7E'); // false: "~" is unreserved
 * ```
 */
export function isCanonicalEncoding(raw: string): boolean {
  const length = raw.length;
  for (let i = 0; i < length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 && KIND[c] !== 0) continue;
    if (c !== 37 /* % */ || i + 2 >= length) return false;
    const h = raw.charCodeAt(i + 1);
    const l = raw.charCodeAt(i + 2);
    if (h >= 128 || l >= 128 || KIND[h] !== 2 || KIND[l] !== 2) return false;
    const byte = hex(h) * 16 + hex(l);
    if (byte < 128 && KIND[byte] !== 0) return false;
    i += 2;
  }
  return true;
}

/**
 * Pairs a raw (received) name and value with their decoded forms and their §3.6 encodings. `form` selects
 * `application/x-www-form-urlencoded` decoding (`+` is a space). Bad escapes throw `ERR_INVALID_ENCODING`.
 *
 * @example
 * ```ts
 * import { dualParameter } from 'oauth1x/provider';
 * dualParameter('q', 'a+b', true); // ['q', 'a b', 'q', 'a%20b']
 * ```
 */
export function dualParameter(rawName: string, rawValue: string, form: boolean): DualParameter {
  const name = form ? formDecode(rawName) : percentDecode(rawName);
  const value = form ? formDecode(rawValue) : percentDecode(rawValue);
  return [
    name,
    value,
    isCanonicalEncoding(rawName) ? rawName : percentEncode(name),
    isCanonicalEncoding(rawValue) ? rawValue : percentEncode(value),
  ];
}

function formPair(rawName: string, rawValue: string, plainName: boolean, plainValue: boolean): DualParameter {
  if (plainName && plainValue) return [rawName, rawValue, rawName, rawValue];
  const name = plainName ? rawName : formDecode(rawName);
  const value = plainValue ? rawValue : formDecode(rawValue);
  return [
    name,
    value,
    plainName || isCanonicalEncoding(rawName) ? rawName : percentEncode(name),
    plainValue || isCanonicalEncoding(rawValue) ? rawValue : percentEncode(value),
  ];
}

/**
 * Parses a query string or form body like the core's `parseFormEncoded` (`&` separates, the first `=` splits,
 * empty segments skipped, `+` is a space), keeping both forms of each pair. One scan finds the separators and
 * notices the names and values made only of unreserved characters, which need neither decoding nor encoding.
 *
 * @example
 * ```ts
 * import { parseFormPairs } from 'oauth1x/provider';
 * parseFormPairs('a=1&b=x+y'); // [['a','1','a','1'], ['b','x y','b','x%20y']]
 * ```
 */
export function parseFormPairs(encoded: string): DualParameter[] {
  const pairs: DualParameter[] = [];
  const length = encoded.length;
  let i = 0;
  while (i <= length) {
    const start = i;
    let eq = -1;
    let plainName = true;
    let plainValue = true;
    for (; i < length; i++) {
      const c = encoded.charCodeAt(i);
      if (c === 38 /* & */) break;
      if (c === 61 /* = */ && eq === -1) eq = i;
      else if (c >= 128 || KIND[c] === 0) {
        if (eq === -1) plainName = false;
        else plainValue = false;
      }
    }
    if (i > start) {
      if (eq === -1) pairs.push(formPair(encoded.slice(start, i), '', plainName, true));
      else pairs.push(formPair(encoded.slice(start, eq), encoded.slice(eq + 1, i), plainName, plainValue));
    }
    i++;
  }
  return pairs;
}
