/**
 * The received request's URL, split into what verification needs (RFC 5849 §3.4.1.2): the base string URI,
 * its encoded form, the raw query and whether it is https. A small bounded cache spares re-parsing the same
 * endpoint URL on every request.
 *
 * @module
 */
import { baseStringUri } from '../core/base-string-uri.js';
import { OAuthError } from '../core/errors.js';
import { percentEncode } from '../core/percent-encode.js';

/** What {@link splitRequestUrl} returns. */
export interface RequestUrlParts {
  /** `scheme://host[:port]/path`, normalised (§3.4.1.2). */
  baseUri: string;
  /** `baseUri` percent-encoded, as it appears in the base string. */
  encodedBaseUri: string;
  /** The query without `?`, still encoded; `''` when none. */
  query: string;
  https: boolean;
}

const CACHE_LIMIT = 512;
const cache = new Map<string, RequestUrlParts>();

function split(url: URL): RequestUrlParts {
  const baseUri = baseStringUri(url);
  const search = url.search;
  return {
    baseUri,
    encodedBaseUri: percentEncode(baseUri),
    query: search.length > 1 ? search.slice(1) : '',
    https: url.protocol === 'https:',
  };
}

/**
 * Splits an absolute http(s) URL. Throws `ERR_INVALID_URL` for anything else. Results for string URLs are
 * cached (at most 512, oldest evicted first); the returned object is shared: do not modify it.
 *
 * @example
 * ```ts
 * splitRequestUrl('HTTPS://API.x.com:443/1.1/a.json?b=1');
 * // { baseUri: 'https://api.x.com/1.1/a.json', encodedBaseUri: 'https%3A%2F%2Fapi.x.com%2F1.1%2Fa.json', query: 'b=1', https: true }
 * ```
 */
export function splitRequestUrl(url: string | URL): RequestUrlParts {
  if (typeof url !== 'string') return split(url);
  let parts = cache.get(url);
  if (parts === undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new OAuthError('ERR_INVALID_URL', 'The request URL is not an absolute URL', { cause });
    }
    parts = split(parsed);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(url, parts);
  }
  return parts;
}
