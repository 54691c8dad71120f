/**
 * An optional preset that makes the token endpoints answer like X (Twitter): X's paths
 * (`/1.1/oauth/invalidate_token`), its JSON error bodies (`{"errors":[{"code":32,...}]}`), a 7-digit PIN for
 * `oob`, stable access tokens per app and user, and the JSON invalidate_token answer. Nothing X-specific is
 * wired into the handler itself. Web APIs only.
 *
 * @module
 */
import type { OAuthProblemError } from '../../core/errors.js';
import { randomToken } from './helpers.js';
import type { ProviderConsumer, ProviderHandlerOptions, ProviderPaths } from './types.js';

/**
 * X's token endpoint paths.
 *
 * @example
 * ```ts
 * import { createProviderHandler, X_PATHS } from 'oauth1x/provider';
 * createProviderHandler({ store, lookupConsumer, paths: X_PATHS });
 * ```
 */
export const X_PATHS: Readonly<ProviderPaths> = Object.freeze({
  requestToken: '/oauth/request_token',
  authorize: '/oauth/authorize',
  accessToken: '/oauth/access_token',
  invalidateToken: '/1.1/oauth/invalidate_token',
});

/** An X API v1.1 error: code, message and HTTP status. */
export interface XError {
  code: number;
  message: string;
  status: number;
}

/**
 * Maps an OAuth problem to the X v1.1 error X answers for it: 32 (could not authenticate), 89 (invalid or
 * expired token), 135 (timestamp out of bounds), 215 (bad authentication data), 87 (client not permitted),
 * 88 (rate limit), 130 (over capacity).
 *
 * @example
 * ```ts
 * import { oauthProblem, xErrorFor } from 'oauth1x/provider';
 * xErrorFor(oauthProblem('token_expired', 'expired')); // { code: 89, message: 'Invalid or expired token.', status: 401 }
 * ```
 */
export function xErrorFor(error: OAuthProblemError): XError {
  if (error.status === 429) return { code: 88, message: 'Rate limit exceeded.', status: 429 };
  switch (error.problem) {
    case 'token_rejected':
    case 'token_used':
    case 'token_expired':
    case 'token_revoked':
      return { code: 89, message: 'Invalid or expired token.', status: 401 };
    case 'timestamp_refused':
      return { code: 135, message: 'Timestamp out of bounds.', status: 401 };
    case 'parameter_absent':
    case 'parameter_rejected':
    case 'version_rejected':
    case 'signature_method_rejected':
      return { code: 215, message: 'Bad Authentication data.', status: error.status === 413 ? 413 : 400 };
    case 'consumer_key_refused':
      return { code: 87, message: 'Client is not permitted to perform this action.', status: 403 };
    case 'temporarily_unavailable':
      return { code: 130, message: 'Over capacity.', status: 503 };
    default:
      return { code: 32, message: 'Could not authenticate you.', status: 401 };
  }
}

/**
 * Renders a problem as X does: `{"errors":[{"code":..,"message":".."}]}` with X's status. Use as
 * `formatError` (the X preset does).
 *
 * @example
 * ```ts
 * import { createProviderHandler, formatXError } from 'oauth1x/provider';
 * createProviderHandler({ store, lookupConsumer, formatError: formatXError });
 * ```
 */
export function formatXError(error: OAuthProblemError): Response {
  const x = xErrorFor(error);
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  if (x.status === 401) headers.set('www-authenticate', 'OAuth realm="https://api.x.com"');
  if (x.status === 503) headers.set('retry-after', '1');
  return new Response(JSON.stringify({ errors: [{ code: x.code, message: x.message }] }), { status: x.status, headers });
}

/**
 * A 7-digit PIN from a uniform random number (for `oob`, what X shows the user); other callbacks get a 160-bit
 * verifier.
 *
 * @example
 * ```ts
 * import { xVerifier } from 'oauth1x/provider';
 * xVerifier('oob'); // e.g. '0482913'
 * ```
 */
export function xVerifier(callback: string): string {
  if (callback !== 'oob') return randomToken(20);
  const limit = 4_290_000_000; // a multiple of 10^7 below 2^32: no modulo bias
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while ((word[0] as number) >= limit);
  return String((word[0] as number) % 10_000_000).padStart(7, '0');
}

/**
 * Options that make `createProviderHandler` behave like X's OAuth endpoints. Spread it first, then the host's
 * own options (store, lookups, hooks).
 *
 * @example
 * ```ts
 * import { createProviderHandler, X_PRESET } from 'oauth1x/provider';
 * const provider = createProviderHandler({ ...X_PRESET, store, lookupConsumer, authenticateUser, accessTokenFields });
 * ```
 */
export const X_PRESET = Object.freeze({
  paths: X_PATHS,
  /** X's JSON errors (`{"errors":[{"code":32,…}]}`). */
  formatError: formatXError,
  invalidateTokenFormat: 'json',
  reuseAccessTokens: true,
  keepRequestTokenParams: ['x_auth_access_type'],
  generate: {
    /** A 7-digit PIN for `oob`, else a random verifier. */
    verifier: xVerifier,
  },
} satisfies Partial<ProviderHandlerOptions<ProviderConsumer>>);
