/**
 * Small pieces the token endpoints share: random values, form-encoded answers, callback checks (RFC 5849
 * §2.1, §2.2) and token lookups backed by a {@link ProviderStore}. Web APIs only.
 *
 * @module
 */
import type { OAuthProblemError } from '../../core/errors.js';
import { formEncode, type Parameter } from '../../core/parameters.js';
import { oauthProblem } from '../problems.js';
import type { ProviderStore, RequestTokenFailure } from '../stores/types.js';
import type { TokenRecord } from '../verify-options.js';
import type { ProviderConsumer } from './types.js';

/**
 * `bytes` cryptographically random bytes as base64url without padding.
 *
 * @example
 * ```ts
 * import { randomToken } from 'oauth1x/provider';
 * randomToken(32); // 43 characters, 256 bits
 * ```
 */
export function randomToken(bytes = 32): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A form-encoded `200` answer (RFC 5849 §2.1, §2.3), never cached.
 *
 * @example
 * ```ts
 * import { formResponse } from 'oauth1x/provider';
 * formResponse([['oauth_token', 't'], ['oauth_token_secret', 's']]);
 * ```
 */
export function formResponse(pairs: Iterable<Parameter>, status = 200): Response {
  return new Response(formEncode(pairs), {
    status,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-store' },
  });
}

const ALWAYS_REFUSED = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);

/**
 * Checks `oauth_callback` (§2.1) against the consumer's policy: `oob` when allowed, else an absolute URL that
 * is listed (exact, or prefix for entries ending in `*`), or any `http(s)` URL when nothing is listed.
 * Throws `parameter_rejected` otherwise.
 *
 * @example
 * ```ts
 * checkCallback('https://app.example/cb', { callbackUrls: ['https://app.example/*'] }); // ok
 * ```
 */
export function checkCallback(callback: string, consumer: ProviderConsumer): void {
  const rejected = (why: string) => oauthProblem('parameter_rejected', why, { oauth_parameters_rejected: 'oauth_callback' });
  if (callback === 'oob') {
    if (consumer.allowOob === false) throw rejected('This consumer cannot use the oob (PIN) flow');
    return;
  }
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    throw rejected('oauth_callback must be an absolute URL or oob');
  }
  if (ALWAYS_REFUSED.has(url.protocol) || /[\u0000-\u001f\u007f]/.test(callback)) throw rejected('This callback scheme is refused');
  const list = consumer.callbackUrls;
  if (list === undefined) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw rejected('The callback must be an http(s) URL');
    return;
  }
  if (url.username !== '' || url.password !== '') throw rejected('The callback URL must not carry user info');
  if (!list.some((entry) => callbackMatches(url, entry))) throw rejected('The callback URL is not registered for this consumer');
}

const PATTERN = /^([a-z][a-z0-9+.-]*):\/\/([^/?#*:]+|\[[^\]]+\])(?::(\*|\d+))?(\/[^*]*)?(\*)?$/i;

/**
 * Matches a callback URL against one registered entry, on the parsed URL (never on the raw string, so
 * `http://127.0.0.1:80@evil.example/` cannot pass for a loopback callback). An entry without `*` must equal
 * the callback after URL normalisation; `scheme://host:*` allows any port (and any path, or exactly the path
 * that follows it), and a trailing `*` after a path allows any path and query under that prefix. Scheme and
 * host always match exactly; user info is never accepted.
 *
 * @example
 * ```ts
 * callbackMatches(new URL('http://127.0.0.1:8080/cb'), 'http://127.0.0.1:*'); // true
 * callbackMatches(new URL('http://127.0.0.1:80@evil.example/'), 'http://127.0.0.1:*'); // false
 * ```
 */
export function callbackMatches(url: URL, entry: string): boolean {
  if (!entry.includes('*')) {
    try {
      return new URL(entry).href === url.href;
    } catch {
      return false;
    }
  }
  const match = PATTERN.exec(entry);
  if (match === null) return false;
  const [, scheme, host, port, path, star] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
    string | undefined,
  ];
  let origin: URL;
  try {
    origin = new URL(`${scheme}://${host}/`);
  } catch {
    return false;
  }
  if (url.protocol !== origin.protocol || url.hostname !== origin.hostname) return false;
  if (url.username !== '' || url.password !== '') return false;
  if (port === undefined ? url.port !== '' : port !== '*' && url.port !== new URL(`${scheme}://${host}:${port}/`).port) return false;
  if (star !== undefined) return (url.pathname + url.search).startsWith(path ?? '/');
  return path === undefined || url.pathname === path;
}

/**
 * Adds parameters to a callback URL's query, keeping its own (§2.2). `oob` gives `null`.
 *
 * @example
 * ```ts
 * callbackWith('https://app.example/cb?x=1', [['oauth_token', 't'], ['oauth_verifier', 'v']]);
 * // 'https://app.example/cb?x=1&oauth_token=t&oauth_verifier=v'
 * ```
 */
export function callbackWith(callback: string, pairs: Parameter[]): string | null {
  if (callback === 'oob') return null;
  const url = new URL(callback);
  const extra = formEncode(pairs);
  url.search = url.search.length > 1 ? `${url.search.slice(1)}&${extra}` : extra;
  return url.href;
}

/**
 * The problem for a failed request-token transition.
 *
 * @example
 * ```ts
 * transitionProblem('used').problem; // 'token_used'
 * ```
 */
export function transitionProblem(reason: RequestTokenFailure): OAuthProblemError {
  if (reason === 'used' || reason === 'not_pending') return oauthProblem('token_used', 'The request token was already used');
  if (reason === 'expired') return oauthProblem('token_expired', 'The request token has expired');
  if (reason === 'not_authorized') return oauthProblem('verifier_invalid', 'The request token was not authorised');
  return oauthProblem('token_rejected', 'Unknown request token');
}

/**
 * A `lookupToken` for `verifyRequest` backed by a store: access tokens first, then request tokens, each with its
 * kind, so a request token presented to a protected resource is `token_rejected`, and a used or expired request
 * token is `token_used` / `token_expired`.
 *
 * @example
 * ```ts
 * import { storeTokenLookup, verifyRequest } from 'oauth1x/provider';
 * await verifyRequest(request, { lookupConsumer, lookupToken: storeTokenLookup(store), nonceStore: store });
 * ```
 */
export function storeTokenLookup(store: ProviderStore, only?: 'request' | 'access'): (token: string) => Promise<TokenRecord | null> {
  return async (token) => {
    if (only !== 'request') {
      const access = await store.getAccessToken(token);
      if (access !== null) {
        const record: TokenRecord = { secret: access.secret, kind: 'access', consumerKey: access.consumerKey };
        if (access.expiresAt !== null) record.expiresAt = access.expiresAt;
        return record;
      }
      if (only === 'access') return null;
    }
    const request = await store.getRequestToken(token);
    if (request === null) return null;
    const record: TokenRecord = {
      secret: request.secret,
      kind: 'request',
      consumerKey: request.consumerKey,
      expiresAt: request.expiresAt,
      used: request.state === 'used',
    };
    if (request.verifier !== null) record.verifier = request.verifier;
    return record;
  };
}

/** Renders an error with the host's formatter, falling back to the standard problem response. */
export async function renderError(
  error: OAuthProblemError,
  realm: string | undefined,
  format: (() => Response | Promise<Response>) | undefined,
): Promise<Response> {
  if (format !== undefined) {
    try {
      const response = await format();
      if (response instanceof Response) return response;
    } catch {
      // A broken formatter must not turn a 4xx into a 500: fall back to the standard answer.
    }
  }
  return error.toResponse({ realm });
}
