/**
 * The signature base string, RFC 5849 §3.4.1, and the one parameter model it is built from: the
 * {@link EncodedPair}. Signing (`sign-request.ts`), verification (`oauth1x/provider`'s `verifyRequest`) and
 * {@link normalizeParameters} all build the base string here, with one sort ({@link sortEncoded}) and one
 * second encoding ({@link encodeTwice}).
 *
 * @module
 */
import { percentEncode } from './percent-encode.js';

/**
 * One request parameter as signing and verification both hold it: the §3.6-encoded name and value first
 * (what the base string sorts and joins, §3.4.1.3.2), then the decoded name and value (what the application
 * sees). Signing adds what it computes once per parameter: the base string segment (`name%3Dvalue` with
 * every `%` encoded again), the Authorization header segment (`name="value", `, §3.5.1) and, for protocol
 * parameters, the decoded `[name, value]` it returns (shared by every result while the parameter is cached).
 *
 * @example
 * ```ts
 * const pair: EncodedPair = ['status', 'a%20b', 'status', 'a b'];
 * ```
 */
export type EncodedPair = [
  encodedName: string,
  encodedValue: string,
  name: string,
  value: string,
  segment?: string,
  header?: string,
  parameter?: readonly [name: string, value: string],
];

/**
 * A §3.6-encoded name or value, encoded once more (§3.4.1.1: the normalized parameters are encoded as a
 * whole). Only `%` changes (`%25`), as the text holds nothing but unreserved characters and `%XX` (which
 * `encodeURIComponent` leaves as they are); most values have no `%` at all. `encodeURIComponent` is native and
 * returns one flat string, where `replaceAll('%', '%25')` builds its result from pieces.
 *
 * @example
 * ```ts
 * encodeTwice('x%20y'); // 'x%2520y'
 * ```
 */
export function encodeTwice(encoded: string): string {
  return encoded.indexOf('%') === -1 ? encoded : encodeURIComponent(encoded);
}

/**
 * A pair's base string segment: `name%3Dvalue`, name and value encoded twice (the segment signing computed
 * already when it carries one).
 *
 * @example
 * ```ts
 * pairSegment(['b', 'x%20y', 'b', 'x y']); // 'b%3Dx%2520y'
 * ```
 */
export function pairSegment(pair: EncodedPair): string {
  const segment = pair.length > 4 ? pair[4] : undefined;
  return segment !== undefined ? segment : `${encodeTwice(pair[0])}%3D${encodeTwice(pair[1])}`;
}

function before(a: EncodedPair, b: EncodedPair): boolean {
  return a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1];
}

/**
 * Sorts in place by encoded name, then encoded value (§3.4.1.3.2; encoded strings are ASCII, so code unit
 * order is byte order). Insertion sort for the usual few dozen parameters, `Array#sort` beyond.
 *
 * @example
 * ```ts
 * const pairs: EncodedPair[] = [['b', '1', 'b', '1'], ['a', '2', 'a', '2']];
 * sortEncoded(pairs); // [['a', '2', …], ['b', '1', …]]
 * ```
 */
export function sortEncoded(pairs: EncodedPair[]): void {
  if (pairs.length > 32) {
    pairs.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return;
  }
  for (let i = 1; i < pairs.length; i++) {
    const pair = pairs[i] as EncodedPair;
    let j = i - 1;
    while (j >= 0 && before(pair, pairs[j] as EncodedPair)) {
      pairs[j + 1] = pairs[j] as EncodedPair;
      j--;
    }
    pairs[j + 1] = pair;
  }
}

/**
 * The base string (§3.4.1.1) from the upper-cased method, the encoded base string URI (§3.4.1.2, encoded
 * once more) and the request's parameters as {@link EncodedPair}s (sorted in place). The normalized parameters
 * are written encoded twice directly (`=` as `%3D`, `&` as `%26`, `%` as `%25`): the text
 * `percentEncode(normalizeParameters(...))` gives, without a second pass over it. The one builder behind
 * `signRequest`, `verifyRequest` and {@link signatureBaseString}.
 *
 * @example
 * ```ts
 * encodedBaseString('GET', 'http%3A%2F%2Fexample.com%2F', [['oauth_nonce', 'n', 'oauth_nonce', 'n'], ['b', 'x%20y', 'b', 'x y']]);
 * // 'GET&http%3A%2F%2Fexample.com%2F&b%3Dx%2520y%26oauth_nonce%3Dn'
 * ```
 */
export function encodedBaseString(method: string, encodedBaseUri: string, pairs: EncodedPair[]): string {
  sortEncoded(pairs);
  let out = `${method}&${encodedBaseUri}&`;
  for (let i = 0; i < pairs.length; i++) {
    out += i === 0 ? pairSegment(pairs[i] as EncodedPair) : `%26${pairSegment(pairs[i] as EncodedPair)}`;
  }
  return out;
}

/**
 * Concatenates the three base string elements (§3.4.1.1): the upper-cased HTTP method, the encoded base
 * string URI and the encoded normalised parameters, joined by `&`.
 *
 * @example
 * ```ts
 * import { signatureBaseString } from 'oauth1x';
 * signatureBaseString('get', 'http://example.com/', 'a=1&b=x%20y');
 * // 'GET&http%3A%2F%2Fexample.com%2F&a%3D1%26b%3Dx%2520y'
 * ```
 */
export function signatureBaseString(method: string, baseUri: string, normalizedParameters: string): string {
  return `${method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalizedParameters)}`;
}
