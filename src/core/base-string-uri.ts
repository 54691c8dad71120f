/**
 * The base string URI, RFC 5849 §3.4.1.2, and the query parameters of a request URL (§3.4.1.3.1).
 *
 * @module
 */
import { OAuthError } from './errors.js';
import { type Parameter, parseFormEncoded } from './parameters.js';

/** A request URL split into what the signature base string needs. */
export interface ParsedRequestUrl {
  /** `scheme://host[:port]/path`, normalised per §3.4.1.2. */
  baseUri: string;
  /** Query parameters, decoded (a `+` is a space), duplicates and empty values kept. */
  query: Parameter[];
}

function toUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_URL', 'The request URL is not an absolute URL', { cause });
  }
}

/**
 * Builds the base string URI (§3.4.1.2): scheme and host lower-cased, the port dropped when it is the
 * scheme's default (80 for http, 443 for https) and kept otherwise, an empty path as `/`, user info, query
 * and fragment dropped, IPv6 hosts bracketed. Only `http:` and `https:` URLs can be signed.
 *
 * @example
 * ```ts
 * import { baseStringUri } from 'oauth1x';
 * baseStringUri('HTTP://Example.COM:80/r%20v/X?id=123#frag'); // 'http://example.com/r%20v/X'
 * baseStringUri('https://www.example.net:8080/?q=1'); // 'https://www.example.net:8080/'
 * ```
 */
export function baseStringUri(url: string | URL): string {
  const parsed = toUrl(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new OAuthError('ERR_INVALID_URL', `Only http and https URLs can be signed, not ${parsed.protocol}`);
  }
  // WHATWG URL already lower-cases scheme and host, drops default ports and brackets IPv6 hosts.
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '' ? '/' : parsed.pathname}`;
}

/**
 * Splits a request URL into its base string URI and its decoded query parameters.
 *
 * @example
 * ```ts
 * import { parseRequestUrl } from 'oauth1x';
 * parseRequestUrl('https://api.x.com/1.1/search/tweets.json?q=a+b&q=');
 * // { baseUri: 'https://api.x.com/1.1/search/tweets.json', query: [['q', 'a b'], ['q', '']] }
 * ```
 */
export function parseRequestUrl(url: string | URL): ParsedRequestUrl {
  const parsed = toUrl(url);
  const search = parsed.search;
  return { baseUri: baseStringUri(parsed), query: search.length > 1 ? parseFormEncoded(search.slice(1)) : [] };
}
