/**
 * Endpoint presets: X (`https://api.x.com`, `api.twitter.com` as an alias, or a compatible server such as the
 * local sandbox) and checks for custom providers.
 *
 * @module
 */
import { invalidArgument } from '../core/errors.js';
import type { OAuthEndpoints } from './types.js';

/** The real X API origin. */
export const X_API_BASE_URL = 'https://api.x.com';
/** The legacy origin X still answers on. */
export const TWITTER_API_BASE_URL = 'https://api.twitter.com';

/**
 * X's OAuth 1.0a endpoints hanging off `baseUrl`: `/oauth/request_token`, `/oauth/authorize`,
 * `/oauth/authenticate`, `/oauth/access_token` (all POST except the browser pages). Default the real X;
 * `'https://api.twitter.com'` works as an alias, and any compatible server (the local sandbox,
 * `http://127.0.0.1:8787`) can be named, with or without a path prefix.
 *
 * @example
 * ```ts
 * import { OAuth1Client, xEndpoints } from 'oauth1x/client';
 * const client = new OAuth1Client({ consumer, endpoints: xEndpoints() });
 * xEndpoints('http://127.0.0.1:8787').requestTokenUrl; // 'http://127.0.0.1:8787/oauth/request_token'
 * ```
 */
export function xEndpoints(baseUrl: string | URL = X_API_BASE_URL): OAuthEndpoints {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    return invalidArgument('xEndpoints: baseUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invalidArgument('xEndpoints: baseUrl must be an absolute http(s) URL');
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return {
    requestTokenUrl: `${base}/oauth/request_token`,
    authorizeUrl: `${base}/oauth/authorize`,
    authenticateUrl: `${base}/oauth/authenticate`,
    accessTokenUrl: `${base}/oauth/access_token`,
    method: 'POST',
  };
}

/**
 * Validates custom endpoints: every URL absolute http(s), method GET or POST. Returns a copy.
 *
 * @example
 * ```ts
 * checkEndpoints({ requestTokenUrl: 'https://p/rt', authorizeUrl: 'https://p/a', accessTokenUrl: 'https://p/at' });
 * ```
 */
export function checkEndpoints(endpoints: OAuthEndpoints): OAuthEndpoints {
  if (endpoints === null || typeof endpoints !== 'object') invalidArgument('endpoints must be an object (or xEndpoints())');
  for (const name of ['requestTokenUrl', 'authorizeUrl', 'accessTokenUrl', 'authenticateUrl'] as const) {
    const value = endpoints[name];
    if (value === undefined && name === 'authenticateUrl') continue;
    let ok = false;
    try {
      const url = new URL(String(value));
      ok = url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) invalidArgument(`endpoints.${name} must be an absolute http(s) URL`);
  }
  const method = endpoints.method ?? 'POST';
  if (method !== 'GET' && method !== 'POST') invalidArgument('endpoints.method must be GET or POST');
  return { ...endpoints, method };
}
