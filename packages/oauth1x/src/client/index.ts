/**
 * `oauth1x/client`: every OAuth 1.0a flow (request token, authorize URL, callback, access token with PIN or
 * callback verifier, xAuth, X reverse auth, 2-legged) and `createSignedFetch`. Web APIs only (`fetch`,
 * `Request`/`Response`, `URL`, `AbortSignal`, Web Crypto), so it runs in browsers and Workers too.
 *
 * @example
 * ```ts
 * import { OAuth1Client, createSignedFetch, xEndpoints } from 'oauth1x/client';
 * const client = new OAuth1Client({ consumer: { key, secret }, endpoints: xEndpoints() });
 * const { token, params } = await client.xauth('alice', 'password');
 * const signedFetch = createSignedFetch({ consumer: { key, secret }, token });
 * await signedFetch('https://api.x.com/1.1/statuses/update.json', { method: 'POST', body: new URLSearchParams({ status: 'hi' }) });
 * ```
 *
 * @module
 */
export { OAuthError, OAuthResponseError, type ResponseErrorBody } from '../core/index.js';
export { createSignScheduler, defaultSignScheduler, type SignScheduler, type SignSchedulerOptions } from '../core/sign-scheduler.js';
export { type CallbackResult, parseCallback } from './callback.js';
export {
  ClockState,
  detectClockSkew,
  offsetFromAcceptableTimestamps,
  offsetFromDateHeader,
  type SkewVerdict,
  X_TIMESTAMP_OUT_OF_BOUNDS,
} from './clock.js';
export { TWITTER_API_BASE_URL, X_API_BASE_URL, xEndpoints } from './endpoints.js';
export { OAuth1Client } from './oauth1-client.js';
export { parseErrorBody, parseTokenResponse, type ResponseErrorOptions, responseError } from './response.js';
export { createSignedFetch } from './signed-fetch.js';
export type {
  AuthorizeUrlOptions,
  CallOptions,
  FetchLike,
  OAuth1ClientOptions,
  OAuthEndpoints,
  RequestTokenOptions,
  ReverseAuthParameters,
  SignedFetch,
  SignedFetchOptions,
  TokenEndpointMethod,
  TokenResult,
} from './types.js';
