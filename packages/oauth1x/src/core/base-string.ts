/**
 * The signature base string, RFC 5849 §3.4.1.
 *
 * @module
 */
import { percentEncode } from './percent-encode.js';

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
