/**
 * Request parameters, RFC 5849 §3.4.1.3: collecting them from the query, a form body and the protocol
 * parameters (§3.4.1.3.1), and normalising them into the string the base string carries (§3.4.1.3.2).
 *
 * @module
 */
import { type EncodedPair, sortEncoded } from './base-string.js';
import { invalidArgument } from './errors.js';
import { formDecode, percentEncode } from './percent-encode.js';

/** One decoded name/value pair. Duplicates are kept: a request may repeat a name. */
export type Parameter = readonly [name: string, value: string];

/**
 * Parameters as callers hand them over: an `application/x-www-form-urlencoded` string (already encoded),
 * `URLSearchParams`, a plain object whose values are strings or string arrays (each element one pair), or
 * an iterable of decoded pairs.
 */
export type ParameterInput =
  | string
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[]>>
  | Iterable<readonly [string, string]>;

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * True when a `Content-Type` value is `application/x-www-form-urlencoded` (any case, with or without
 * parameters such as `charset`). Only such bodies contribute parameters (§3.4.1.3.1); JSON and multipart
 * bodies never do.
 *
 * @example
 * ```ts
 * import { isFormContentType } from 'oauth1x';
 * isFormContentType('Application/X-WWW-Form-URLEncoded; charset=UTF-8'); // true
 * isFormContentType('application/json'); // false
 * ```
 */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && FORM_TYPE.test(contentType);
}

/**
 * Parses an `application/x-www-form-urlencoded` string (a query string without `?`, or a form body) into
 * decoded pairs: `&` separates pairs, the first `=` separates name from value, `+` is a space, empty
 * segments are skipped, a name without `=` has the empty value. Bad escapes throw `ERR_INVALID_ENCODING`.
 *
 * @example
 * ```ts
 * import { parseFormEncoded } from 'oauth1x';
 * parseFormEncoded('c2&a3=2+q'); // [['c2', ''], ['a3', '2 q']]
 * ```
 */
export function parseFormEncoded(encoded: string): Parameter[] {
  const pairs: Parameter[] = [];
  if (encoded === '') return pairs;
  let start = 0;
  const length = encoded.length;
  while (start <= length) {
    let end = encoded.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      const eq = encoded.indexOf('=', start);
      if (eq === -1 || eq > end) pairs.push([formDecode(encoded.slice(start, end)), '']);
      else pairs.push([formDecode(encoded.slice(start, eq)), formDecode(encoded.slice(eq + 1, end))]);
    }
    start = end + 1;
  }
  return pairs;
}

/**
 * Turns any {@link ParameterInput} into decoded pairs. Strings are parsed as form-encoded (decoded once);
 * objects and pairs are taken literally.
 *
 * @example
 * ```ts
 * import { toParameterList } from 'oauth1x';
 * toParameterList({ status: 'a + b', tag: ['x', 'y'] }); // [['status','a + b'], ['tag','x'], ['tag','y']]
 * ```
 */
export function toParameterList(input: ParameterInput | null | undefined): Parameter[] {
  if (input === null || input === undefined) return [];
  if (typeof input === 'string') return parseFormEncoded(input);
  const pairs: Parameter[] = [];
  if (input instanceof URLSearchParams || Symbol.iterator in input) {
    for (const pair of input as Iterable<readonly [string, string]>) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        invalidArgument('Parameter pairs must be [name, value] string tuples');
      }
      pairs.push([pair[0], pair[1]]);
    }
    return pairs;
  }
  for (const name of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[name];
    if (typeof value === 'string') pairs.push([name, value]);
    else if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item !== 'string') invalidArgument(`Parameter "${name}" must be a string or string array`);
        pairs.push([name, item]);
      }
    } else if (value !== undefined) invalidArgument(`Parameter "${name}" must be a string or string array`);
  }
  return pairs;
}

/**
 * Serialises pairs as `application/x-www-form-urlencoded` with RFC 5849 §3.6 encoding (space as `%20`,
 * `!*'()` escaped), the form that every OAuth implementation parses back to the same pairs.
 *
 * @example
 * ```ts
 * import { formEncode } from 'oauth1x';
 * formEncode([['status', 'Hello Ladies + Gentlemen']]); // 'status=Hello%20Ladies%20%2B%20Gentlemen'
 * ```
 */
export function formEncode(params: Iterable<Parameter>): string {
  let out = '';
  for (const [name, value] of params) {
    out += `${out === '' ? '' : '&'}${percentEncode(name)}=${percentEncode(value)}`;
  }
  return out;
}

/**
 * Normalises parameters per RFC 5849 §3.4.1.3.2: encode every name and value (§3.6), sort by encoded name
 * then encoded value (byte order, `sortEncoded`), join each as `name=value` and the pairs with `&`.
 * Duplicates are kept. The caller excludes `oauth_signature` and `realm`.
 *
 * @example
 * ```ts
 * import { normalizeParameters } from 'oauth1x';
 * normalizeParameters([['b', '2'], ['a', 'x y'], ['a', '1']]); // 'a=1&a=x%20y&b=2'
 * ```
 */
export function normalizeParameters(params: Iterable<Parameter>): string {
  const encoded: EncodedPair[] = [];
  for (const [name, value] of params) encoded.push([percentEncode(name), percentEncode(value), name, value]);
  sortEncoded(encoded);
  return joinForm(encoded, 0, encoded.length);
}

/**
 * Joins encoded pairs as `application/x-www-form-urlencoded` (`name=value&...`), `from` inclusive to `to`
 * exclusive: normalized parameters, a form body, or the query / body transport of the protocol parameters.
 *
 * @example
 * ```ts
 * joinForm([['a', '1', 'a', '1'], ['b', '%20', 'b', ' ']], 0, 2); // 'a=1&b=%20'
 * ```
 */
export function joinForm(pairs: readonly EncodedPair[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const pair = pairs[i] as EncodedPair;
    out += i === from ? `${pair[0]}=${pair[1]}` : `&${pair[0]}=${pair[1]}`;
  }
  return out;
}
