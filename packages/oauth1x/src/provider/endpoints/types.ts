/**
 * The contract of the token endpoints handler (RFC 5849 §2): what the host injects (store, consumer lookup,
 * user authentication for xAuth, hooks for the consent page, extra answer fields, error formatting) and what
 * {@link createProviderHandler} returns. Types only.
 *
 * @module
 */
import type { OAuthProblemError } from '../../core/errors.js';
import type { AccessTokenRecord, ProviderStore, RequestTokenRecord } from '../stores/types.js';
import type { ConsumerRecord, MaybePromise, VerifiedRequest, VerifyOptions } from '../verify-options.js';

/** A consumer (client application) as the handler needs it: signature credentials plus endpoint policy. */
export interface ProviderConsumer extends ConsumerRecord {
  /**
   * Callback URLs this consumer may register. An entry matches exactly, or as a prefix when it ends with `*`.
   * Absent: any absolute `http:`/`https:` URL. Other schemes (e.g. `myapp://cb`) only when listed.
   */
  callbackUrls?: readonly string[] | undefined;
  /** May use `oauth_callback=oob` (PIN flow). Default `true`. */
  allowOob?: boolean | undefined;
  /** May use xAuth (`x_auth_mode=client_auth` on access_token). Default `false`. */
  xAuth?: boolean | undefined;
}

/** The endpoint a request was routed to. */
export type EndpointName = 'request_token' | 'authorize' | 'access_token' | 'invalidate_token';

/** Paths the handler serves (exact match on the URL path). */
export interface ProviderPaths {
  /** Default `/oauth/request_token`. */
  requestToken: string;
  /** Default `/oauth/authorize`. Served only when `onAuthorize` is given. */
  authorize: string;
  /** Default `/oauth/access_token`. */
  accessToken: string;
  /** Default `/oauth/invalidate_token` (X: `/1.1/oauth/invalidate_token`). */
  invalidateToken: string;
}

/** A user authenticated by the host (xAuth) or approving on the consent page. */
export interface AuthenticatedUser {
  userId: string;
}

/** What the xAuth `authenticateUser` hook is told. */
export interface XAuthContext<C extends ProviderConsumer = ProviderConsumer> {
  /** The username as the throttle counted it (see {@link XAuthThrottle.normalizeUsername}): look it up by this. */
  canonicalUsername: string;
  consumerKey: string;
  consumer: C;
  request: Request;
}

/** What the `accessTokenFields` hook is told. */
export interface AccessTokenContext<C extends ProviderConsumer = ProviderConsumer> {
  consumerKey: string;
  consumer: C;
  userId: string;
  token: AccessTokenRecord;
  /** `verifier`: the three-legged flow; `xauth`: username and password. */
  mode: 'verifier' | 'xauth';
  /** The exchanged request token (three-legged flow only). */
  requestToken: RequestTokenRecord | null;
  request: Request;
}

/** The answer of {@link ProviderHandler.approve}. */
export interface Approval {
  verifier: string;
  /** The registered callback (`oob` for the PIN flow). */
  callback: string;
  /** Where to send the user: the callback with `oauth_token` and `oauth_verifier` added (§2.2); `null` for `oob`. */
  redirectUrl: string | null;
  consumerKey: string;
}

/** What the consent page hook gets for a valid, pending request token. */
export interface AuthorizeContext<C extends ProviderConsumer = ProviderConsumer> {
  requestToken: RequestTokenRecord;
  consumer: C;
  /** Records the user's approval (see {@link ProviderHandler.approve}). */
  approve(userId: string): Promise<Approval>;
  /** Records the refusal (see {@link ProviderHandler.deny}). */
  deny(): Promise<{ redirectUrl: string | null }>;
}

/** Random values the handler creates; each default is 256 bits (tokens, secrets) or 160 bits (verifier), base64url. */
export interface ProviderGenerators {
  /** A new request token's key. */
  requestToken?: (() => string) | undefined;
  /** A new access token's key for this user and app. */
  accessToken?: ((userId: string, consumerKey: string) => string) | undefined;
  /** A new token secret (request and access tokens). */
  secret?: (() => string) | undefined;
  /** Given the registered callback, e.g. a short numeric PIN for `oob`. Must stay unguessable. */
  verifier?: ((callback: string) => string) | undefined;
}

/** Verification policy passed on to `verifyRequest` for every endpoint. */
export type ProviderVerifyOptions = Pick<
  VerifyOptions,
  | 'clock'
  | 'timestampWindowSeconds'
  | 'signatureMethods'
  | 'allowInsecurePlaintext'
  | 'requireRealm'
  | 'compat'
  | 'limits'
  | 'uniformCredentialErrors'
>;

/** Options of {@link createProviderHandler}. `store` and `lookupConsumer` are required. */
export interface ProviderHandlerOptions<C extends ProviderConsumer = ProviderConsumer> {
  store: ProviderStore;
  /** Finds a consumer by key; `null` when unknown. Errors answer 503 (fail closed). */
  lookupConsumer: (consumerKey: string) => MaybePromise<C | null | undefined>;
  /**
   * xAuth: checks username and password; `null` when either is wrong. Make both cases take the same time (hash
   * a dummy password for unknown users): the handler answers both with the same 401. Without it, xAuth is off.
   */
  authenticateUser?: ((username: string, password: string, context: XAuthContext<C>) => MaybePromise<AuthenticatedUser | null>) | undefined;
  /** Extra fields of the access-token answer, e.g. `user_id`, `screen_name`, `x_auth_expires`. */
  accessTokenFields?: ((context: AccessTokenContext<C>) => MaybePromise<Record<string, string>>) | undefined;
  /** The consent page: called for `GET authorize?oauth_token=...` with a valid, pending token. */
  onAuthorize?: ((request: Request, context: AuthorizeContext<C>) => MaybePromise<Response>) | undefined;
  /** Renders every error. Default: `error.toResponse({ realm })` (WWW-Authenticate + form body). */
  formatError?:
    | ((error: OAuthProblemError, context: { endpoint: EndpointName | null; request: Request }) => MaybePromise<Response>)
    | undefined;
  paths?: Partial<ProviderPaths> | undefined;
  /** Realm in `WWW-Authenticate`. */
  realm?: string | undefined;
  /** Request token lifetime in seconds. Default 900. */
  requestTokenTtlSeconds?: number | undefined;
  /**
   * Verifier attempts per request token (RFC 5849 §2.3): each signed access_token request that gets as far as
   * comparing `oauth_verifier` counts (atomically, in the store, before comparing), and the token is deleted
   * once that many were wrong. A wrong verifier answers `verifier_invalid`; every later attempt, even with the
   * right verifier, gets the unknown-token answer (`token_rejected`). Only the holder of the token secret can
   * spend the attempts: they are counted after the signature verified. Default 5: a 7-digit PIN is then
   * guessed with a chance of 1 in 2,000,000 per request token. An integer ≥ 1.
   */
  maxVerifierAttempts?: number | undefined;
  /** Access token lifetime in seconds; `null` (default): until revoked. */
  accessTokenTtlSeconds?: number | null | undefined;
  /** Answer the consumer's existing access token for the same user instead of issuing a new one (X does). Default `false`. */
  reuseAccessTokens?: boolean | undefined;
  /** xAuth throttling (see {@link XAuthThrottle}). Default: 5 attempts per username per 900 s. */
  xAuthThrottle?: XAuthThrottle | undefined;
  /** Non-protocol request_token parameters kept in the token's `meta` (e.g. `x_auth_access_type`). */
  keepRequestTokenParams?: readonly string[] | undefined;
  /** invalidate_token answer: `form` (default, `oauth_token=...`) or `json` (X: `{"access_token":"..."}`). */
  invalidateTokenFormat?: 'form' | 'json' | undefined;
  /** The URL the client signed, when it differs from `request.url` (behind a proxy). */
  publicUrl?: ((request: Request) => string | URL) | undefined;
  verify?: ProviderVerifyOptions | undefined;
  generate?: ProviderGenerators | undefined;
}

/** The handler: a Web `fetch` plus the functions the host's consent page calls. */
export interface ProviderHandler<C extends ProviderConsumer = ProviderConsumer> {
  /** Serves the token endpoints; any other path answers 404. Never rejects, never answers 500. */
  fetch(request: Request): Promise<Response>;
  /** True when `pathname` is one of the handler's endpoints (for middleware that falls through). */
  handles(pathname: string): boolean;
  readonly paths: Readonly<ProviderPaths>;
  /**
   * Records that `userId` approved `requestToken` and issues an unguessable verifier bound to both (§2.2).
   * Rejects with `OAuthProblemError`: `token_rejected` (unknown), `token_expired`, `token_used` (already decided).
   */
  approve(requestToken: string, userId: string): Promise<Approval>;
  /** Records a refusal: the token is deleted. `redirectUrl` is the callback with `denied=<token>` (X's convention). */
  deny(requestToken: string): Promise<{ redirectUrl: string | null }>;
  /** The pending request token and its consumer, for the consent page; `null` when unknown, expired or decided. */
  describe(requestToken: string): Promise<{ requestToken: RequestTokenRecord; consumer: C } | null>;
}

/** A verified request as the endpoints see it. */
export type ProviderVerified<C extends ProviderConsumer> = VerifiedRequest<C>;

/**
 * How xAuth logins are throttled (the algorithm: `createLoginThrottle` in `login-throttle.ts`). Without `clientKey`,
 * attempts are counted per username: simple, but anyone holding the xAuth consumer's credentials can lock a
 * user out with `maxFailures` wrong passwords. With `clientKey` (the client's address, say), the strict limit
 * is per username, consumer key **and** client, so an attacker exhausts only its own attempts; each client
 * gets `maxAttemptsPerClient` password checks for all usernames together; and a username that collected
 * `maxFailuresPerUsername` failures from all clients is slowed to one attempt per `slowIntervalSeconds`
 * (429 with the rest of the interval as `Retry-After`), never locked.
 *
 * @example
 * ```ts
 * import { clientAddressOf } from 'oauth1x/provider/node';
 * const xAuthThrottle: XAuthThrottle = { maxFailures: 5, windowSeconds: 900, clientKey: clientAddressOf, maxFailuresPerUsername: 50 };
 * ```
 */
export interface XAuthThrottle {
  /** Attempts allowed per username (per username, consumer key and client with `clientKey`) within the window. Default 5. */
  maxFailures?: number | undefined;
  /** The window, in seconds. Default 900. */
  windowSeconds?: number | undefined;
  /** The client's identity (an address); `null` or `''` falls back to counting per username only. */
  clientKey?: ((request: Request) => string | null | undefined) | undefined;
  /** With `clientKey`: failed logins per username from all clients within the window before it is slowed. Default 20 × `maxFailures`. */
  maxFailuresPerUsername?: number | undefined;
  /** With `clientKey`: password checks per client, any username, right or wrong, within the window. Default 20 × `maxFailures`. */
  maxAttemptsPerClient?: number | undefined;
  /** With `clientKey`: a slowed username admits one attempt per this many seconds. Default 5. */
  slowIntervalSeconds?: number | undefined;
  /**
   * The canonical username the counters use; `authenticateUser` gets it as `context.canonicalUsername`, so
   * the lookup can use the very same name. Default `canonicalUsername` (leading `@` removed, NFKC,
   * case-folded).
   */
  normalizeUsername?: ((username: string) => string) | undefined;
}
