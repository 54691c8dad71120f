/**
 * The credentials the X client signs in with: the three kinds X's API v2 accepts (its OpenAPI document's
 * `security`): OAuth 1.0a user context (`UserToken`, RFC 5849), an OAuth 2.0 user token from Authorization Code
 * with PKCE (`OAuth2UserToken`, RFC 6749 §4.1, RFC 7636) and an app-only bearer (`BearerToken`, client
 * credentials, RFC 6749 §4.4).
 *
 * @module
 */

import type { Credentials } from 'oauth1x';
import type { FetchLike } from 'oauth1x/client';

/** The credential kinds: `oauth1` (OAuth 1.0a user context), `oauth2` (OAuth 2.0 user token), `app` (app-only bearer). */
export type CredentialKind = 'oauth1' | 'oauth2' | 'app';

/** OAuth 2.0 tokens as the X client keeps them (RFC 6749 §5.1). */
export interface OAuth2Tokens {
  accessToken: string;
  /** Only with the `offline.access` scope. X rotates it on every refresh: keep the newest. */
  refreshToken?: string | undefined;
  /** When the access token expires, epoch ms (X's live 2 hours). */
  expiresAt?: number | undefined;
  /** The scopes X granted (RFC 6749 §3.3). */
  scopes: string[];
  tokenType: 'bearer';
}

/** OAuth 1.0a user context: the app's consumer key and the user's access token, each with its secret. */
export interface OAuth1Auth {
  kind: 'oauth1';
  consumer: Credentials;
  token: Credentials;
}

/** An app-only bearer token (from `appOnlyToken`, or the developer console). */
export interface AppAuth {
  kind: 'app';
  bearer: string;
}

/**
 * An OAuth 2.0 user token. With a `refreshToken` the client refreshes it shortly before `expiresAt` and once on
 * a 401, and hands the new tokens to `onTokens` (persist them: the old refresh token no longer works).
 */
export interface OAuth2Auth {
  kind: 'oauth2';
  clientId: string;
  /** Confidential clients (HTTP Basic at the token endpoint); public clients leave it out. */
  clientSecret?: string | undefined;
  accessToken: string;
  refreshToken?: string | undefined;
  /** Epoch ms. */
  expiresAt?: number | undefined;
  /** The token's scopes, when known: methods needing a scope it lacks are refused before sending. */
  scopes?: string[] | undefined;
  /** Called with the new tokens after every refresh, before the call that needed them goes on. */
  onTokens?: ((tokens: OAuth2Tokens) => void | Promise<void>) | undefined;
}

/** What `new XClient({ auth })` takes. */
export type XAuth = OAuth1Auth | AppAuth | OAuth2Auth;

/** Options every OAuth 2.0 helper takes besides its own. */
export interface OAuth2EndpointOptions {
  /** API origin; default `https://api.x.com`. The sandbox's URL works (plain `http:` is then allowed). */
  baseUrl?: string | undefined;
  /** Transport; default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  signal?: AbortSignal | undefined;
  /** Clock (epoch ms) `expiresAt` is reckoned from; default `Date.now`. */
  now?: (() => number) | undefined;
}

/** An OAuth 2.0 client: its id, and its secret when it is confidential (RFC 6749 §2.1). */
export interface OAuth2ClientOptions extends OAuth2EndpointOptions {
  clientId: string;
  clientSecret?: string | undefined;
}
