/**
 * Redirects of a signed request. A signature covers one method and one URL (RFC 5849 §3.4.1) and its nonce is
 * good once (§3.3), so fetch's own `redirect: 'follow'`, which sends the same `Authorization` header to the new
 * URL, can only be refused there. The signed fetch follows redirects itself: each hop within the origin is signed
 * again for its own method and URL; a hop to another origin is sent unsigned, so no credentials leave the origin
 * (fetch does the same: it drops `Authorization` across origins).
 *
 * @module
 */

/** Most redirects followed for one request, as fetch does. */
export const MAX_REDIRECTS = 20;

/** Where a redirect sends a request. */
export interface RedirectHop {
  url: string;
  method: string;
  /** `false` when the redirect turns the request into a body-less GET (303; 301 and 302 after a POST). */
  keepsBody: boolean;
  sameOrigin: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The hop a response redirects a request to, with fetch's rules (Fetch standard, "HTTP-redirect fetch"): a 303,
 * and a 301 or 302 after a POST, become a GET without a body; 307 and 308 keep method and body. `null` when the
 * response is no redirect, has no usable `Location`, or points to a scheme other than http(s).
 *
 * @example
 * ```ts
 * redirectHop(new Response(null, { status: 303, headers: { location: '/done' } }), 'https://api.example/a', 'POST');
 * // { url: 'https://api.example/done', method: 'GET', keepsBody: false, sameOrigin: true }
 * ```
 */
export function redirectHop(response: Response, url: string, method: string): RedirectHop | null {
  if (!REDIRECTS.has(response.status)) return null;
  const location = response.headers.get('location');
  if (location === null) return null;
  let target: URL;
  let from: URL;
  try {
    target = new URL(location, url);
    from = new URL(url);
  } catch {
    return null;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
  const toGet = response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST';
  return { url: target.href, method: toGet ? 'GET' : method, keepsBody: !toGet, sameOrigin: target.origin === from.origin };
}

/** Headers that describe a body: dropped with it when a redirect turns the request into a GET. */
export const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'] as const;
