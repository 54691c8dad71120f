/**
 * Public types of `oauth1x/client`: endpoints, client options, token results and the signed fetch.
 *
 * @module
 */
import type { Credentials, SignatureMethod, Transport } from '../core/index.js';
import type { SignScheduler } from '../core/sign-scheduler.js';
import type { WebCryptoKey } from '../core/web-types.js';
import type { ClockState } from './clock.js';

/** A `fetch` implementation: the global one, undici's, or a test double. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** HTTP method used for the token endpoints. */
export type TokenEndpointMethod = 'GET' | 'POST';

/**
 * The provider's OAuth URLs (RFC 5849 §2): temporary credentials (request token), resource owner
 * authorization, token credentials (access token).
 */
export interface OAuthEndpoints {
  /** Temporary credential request URL (§2.1), e.g. `https://api.x.com/oauth/request_token`. */
  requestTokenUrl: string;
  /** Resource owner authorization URL (§2.2), e.g. `https://api.x.com/oauth/authorize`. */
  authorizeUrl: string;
  /** "Sign in with" URL that skips the prompt for a user who already authorized the app (X: `/oauth/authenticate`). */
  authenticateUrl?: string | undefined;
  /** Token request URL (§2.3), e.g. `https://api.x.com/oauth/access_token`. Also the xAuth endpoint. */
  accessTokenUrl: string;
  /** Method for the request-token and access-token calls; default `POST`. */
  method?: TokenEndpointMethod | undefined;
}

/** Options of {@link OAuth1Client}. */
export interface OAuth1ClientOptions {
  /** Client credentials (consumer key and secret). */
  consumer: Credentials;
  /** Provider URLs: an object or a preset such as `xEndpoints()`. */
  endpoints: OAuthEndpoints;
  /** `fetch` implementation; default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Default `HMAC-SHA1`. */
  signatureMethod?: SignatureMethod | undefined;
  /** RSA private key (PEM or `CryptoKey`) for the RSA methods. */
  privateKey?: string | WebCryptoKey | undefined;
  /** Authorization header realm. */
  realm?: string | undefined;
  /** Where protocol parameters travel; default `header`. */
  transport?: Transport | undefined;
  /**
   * Require `oauth_callback_confirmed=true` in the request-token answer (RFC 5849 §2.1). Default `true`;
   * set `false` only for OAuth 1.0 (pre-1.0a) providers.
   */
  requireCallbackConfirmed?: boolean | undefined;
  /** Initial clock offset in seconds (added to the local clock), or a shared {@link ClockState}. */
  clock?: ClockState | number | undefined;
  /** Largest tolerated difference between the local clock and the provider's `Date`, in seconds; default 30. */
  clockSkewWindow?: number | undefined;
  /** Scheduler bounding concurrent RSA signatures; default the shared one. */
  scheduler?: SignScheduler | undefined;
}

/** Token credentials or temporary credentials and everything else the provider returned. */
export interface TokenResult {
  /** `oauth_token` and `oauth_token_secret`. */
  token: Credentials;
  /**
   * Every other field of the answer: `oauth_callback_confirmed`, `user_id`, `screen_name`,
   * `x_auth_expires`, ... (never the token secret).
   */
  params: Record<string, string>;
}

/** Per-call options shared by the flows. */
export interface CallOptions {
  /** Aborts the HTTP call. */
  signal?: AbortSignal | undefined;
  /** Extra form parameters for the call (signed), e.g. `{ x_auth_access_type: 'read' }`. */
  params?: Readonly<Record<string, string>> | undefined;
}

/** Options of {@link OAuth1Client.requestToken}. */
export interface RequestTokenOptions extends CallOptions {
  /** `oauth_callback`: an absolute URL or `oob` (PIN flow, the default). */
  callback?: string | undefined;
}

/** Options of {@link OAuth1Client.authorizeUrl}. */
export interface AuthorizeUrlOptions {
  /** Use the `authenticate` ("Sign in with") URL instead of `authorize`. */
  authenticate?: boolean | undefined;
  /** Ask the provider to prompt for credentials even when a session exists (X: `force_login=true`). */
  forceLogin?: boolean | undefined;
  /** Pre-fill the username (X: `screen_name`). */
  screenName?: string | undefined;
  /** Any other query parameters. */
  params?: Readonly<Record<string, string>> | undefined;
}

/** The outcome of step 1 of X reverse auth: the signed header the device exchanges in step 2. */
export interface ReverseAuthParameters {
  /** The `OAuth ...` header string returned by the provider (`x_reverse_auth_parameters`). */
  parameters: string;
  /** The consumer key it was issued for (`x_reverse_auth_target`). */
  consumerKey: string;
}

/** Options of {@link createSignedFetch}. */
export interface SignedFetchOptions {
  consumer: Credentials;
  /** Token credentials; omit for 2-legged (consumer-only) requests. */
  token?: Credentials | null | undefined;
  /** `fetch` implementation; default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Default `HMAC-SHA1`. */
  signatureMethod?: SignatureMethod | undefined;
  /** RSA private key (PEM or `CryptoKey`) for the RSA methods. */
  privateKey?: string | WebCryptoKey | undefined;
  /** Default `header`. `query` appends the protocol parameters to the URL, `body` to a form body. */
  transport?: Transport | undefined;
  realm?: string | undefined;
  /** Add `oauth_body_hash` to requests whose body is not form-encoded (string or bytes). Default `false`. */
  bodyHash?: boolean | undefined;
  /** Initial clock offset in seconds, or a {@link ClockState} shared with other signers. */
  clock?: ClockState | number | undefined;
  /** Largest tolerated difference between the local clock and the provider's `Date`, in seconds; default 30. */
  clockSkewWindow?: number | undefined;
  /** Retry once with a corrected clock when the provider refuses the timestamp. Default `true`. */
  retryOnClockSkew?: boolean | undefined;
  /** Scheduler bounding concurrent RSA signatures; default the shared one. */
  scheduler?: SignScheduler | undefined;
}

/** A function with `fetch`'s signature that signs every request; `clockOffset` is the learned skew (seconds). */
export interface SignedFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Seconds added to the local clock when signing (shared with the {@link ClockState} it was given). */
  clockOffset: number;
  /** The clock state this fetch reads and updates. */
  readonly clock: ClockState;
}
