/**
 * The signature base string of a received request (RFC 5849 §3.4.1) from its §3.6-encoded parameters: sort
 * (§3.4.1.3.2), join as `name=value&...`, then encode once more. The encoded pairs hold only unreserved
 * characters and `%XX`, so that last encoding only turns `%` into `%25`, `=` into `%3D` and `&` into `%26`.
 *
 * @module
 */
import { sortEncoded } from '../core/encoded-parameters.js';
import type { EncodedPair } from './collect-parameters.js';

/**
 * A §3.6-encoded name or value, encoded once more: only `%` changes (`%25`), as the text holds nothing but
 * unreserved characters and `%XX` (which `encodeURIComponent` leaves as they are); most values have no `%` at
 * all. `encodeURIComponent` is native and returns one flat string, where `replaceAll('%', '%25')` builds its
 * result from pieces (≈ 900 bytes of garbage for a tweet-sized value).
 */
function twice(encoded: string): string {
  return encoded.indexOf('%') === -1 ? encoded : encodeURIComponent(encoded);
}

/**
 * Builds the base string from the upper-cased method, the encoded base string URI and the encoded parameters
 * (sorted in place; byte order, as the encoded strings are ASCII). The normalized parameters are written
 * encoded twice directly (`=` as `%3D`, `&` as `%26`, `%` as `%25`): the same text `encodeURIComponent` of
 * the joined string gives, without a second pass over it.
 *
 * @example
 * ```ts
 * import { requestBaseString } from 'oauth1x/provider';
 * requestBaseString('GET', 'http%3A%2F%2Fexample.com%2F', [['oauth_nonce', 'n'], ['b', 'x%20y']]);
 * // 'GET&http%3A%2F%2Fexample.com%2F&b%3Dx%2520y%26oauth_nonce%3Dn'
 * ```
 */
export function requestBaseString(method: string, encodedBaseUri: string, pairs: EncodedPair[]): string {
  sortEncoded(pairs);
  let out = `${method}&${encodedBaseUri}&`;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as EncodedPair;
    out += i === 0 ? `${twice(pair[0])}%3D${twice(pair[1])}` : `%26${twice(pair[0])}%3D${twice(pair[1])}`;
  }
  return out;
}
