/**
 * The base string URI, RFC 5849 §3.4.1.2, and the query parameters of a request URL (§3.4.1.3.1).
 *
 * @module
 */
import { OAuthError } from './errors.js';
import { type Parameter, parseFormEncoded } from './parameters.js';
import { percentEncode } from './percent-encode.js';

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

/** A parsed URL plus its base string URI already percent-encoded for the base string (§3.4.1.1). */
export interface CachedRequestUrl extends ParsedRequestUrl {
  encodedBaseUri: string;
}

const URL_CACHE_LIMIT = 256;
const urlCache = new Map<string, CachedRequestUrl>();

/**
 * {@link parseRequestUrl} with a small bounded cache for string URLs (clients sign the same endpoints over
 * and over; parsing a URL costs more than the rest of the base string). The cached query list and its
 * pairs are frozen (shared between calls): copy the list before handing it out. Internal to the core.
 *
 * @example
 * ```ts
 * const { encodedBaseUri, query } = parseRequestUrlCached('https://api.x.com/2/tweets?a=1');
 * ```
 */
export function parseRequestUrlCached(url: string | URL): CachedRequestUrl {
  if (typeof url !== 'string') {
    const parsed = parseRequestUrl(url);
    return { baseUri: parsed.baseUri, query: parsed.query, encodedBaseUri: percentEncode(parsed.baseUri) };
  }
  let entry = urlCache.get(url);
  if (entry === undefined) {
    const parsed = parseRequestUrl(url);
    for (const pair of parsed.query) Object.freeze(pair);
    entry = { baseUri: parsed.baseUri, query: Object.freeze(parsed.query) as Parameter[], encodedBaseUri: percentEncode(parsed.baseUri) };
    if (urlCache.size >= URL_CACHE_LIMIT) urlCache.delete(urlCache.keys().next().value as string);
    urlCache.set(url, entry);
  }
  return entry;
}
