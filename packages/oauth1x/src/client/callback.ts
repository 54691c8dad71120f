/**
 * The authorization callback (RFC 5849 §2.2): the provider redirects the user back with `oauth_token` and
 * `oauth_verifier`, or (X) with `denied=<token>` when the user refused.
 *
 * @module
 */
import { type Credentials, OAuthError, timingSafeEqual } from '../core/index.js';

/** What {@link parseCallback} returns. */
export interface CallbackResult {
  /** The request token the provider names (equal to the pending one). */
  token: string;
  /** `oauth_verifier`, to pass to `client.accessToken`. */
  verifier: string;
}

/**
 * Parses the callback URL (or its query string) the provider redirected to. Throws `OAuthError` with
 * `ERR_ACCESS_DENIED` when the user refused (`denied=`), `ERR_TOKEN_MISMATCH` when `oauth_token` is not the
 * pending request token (a forged or stale callback: CSRF), `ERR_INVALID_CALLBACK` when a field is missing.
 *
 * @example
 * ```ts
 * import { parseCallback } from 'oauth1x/client';
 * const { verifier } = parseCallback(req.url, pending.token); // pending: what client.requestToken() returned
 * const { token } = await client.accessToken(pending.token, verifier);
 * ```
 */
export function parseCallback(url: string | URL | URLSearchParams, pendingRequestToken: string | Credentials): CallbackResult {
  let query: URLSearchParams;
  if (url instanceof URLSearchParams) query = url;
  else if (url instanceof URL) query = url.searchParams;
  else {
    const text = String(url);
    const at = text.indexOf('?');
    query = new URLSearchParams(at === -1 ? (text.includes('=') ? text : '') : text.slice(at + 1).split('#')[0]);
  }
  const pending = typeof pendingRequestToken === 'string' ? pendingRequestToken : pendingRequestToken?.key;
  if (typeof pending !== 'string' || pending === '')
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'parseCallback needs the pending request token');
  const denied = query.get('denied');
  if (denied !== null) {
    if (!timingSafeEqual(denied, pending)) throw new OAuthError('ERR_TOKEN_MISMATCH', 'The callback names a different request token');
    throw new OAuthError('ERR_ACCESS_DENIED', 'The user denied access to the application');
  }
  const token = query.get('oauth_token');
  const verifier = query.get('oauth_verifier');
  if (token === null || token === '') throw new OAuthError('ERR_INVALID_CALLBACK', 'The callback has no oauth_token');
  if (!timingSafeEqual(token, pending)) throw new OAuthError('ERR_TOKEN_MISMATCH', 'The callback names a different request token');
  if (verifier === null || verifier === '') throw new OAuthError('ERR_INVALID_CALLBACK', 'The callback has no oauth_verifier');
  return { token, verifier };
}
