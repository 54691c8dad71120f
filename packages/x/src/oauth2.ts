/**
 * OAuth 2.0 user tokens on X, on `oauth4webapi`: the consent URL with PKCE S256 and `state` (RFC 6749 §4.1.1,
 * RFC 7636 §4.1–4.3), the code exchange after checking `state` (§4.1.2, §4.1.3), refresh (§6) and revocation
 * (RFC 7009). X's access tokens live 2 hours; a refresh token comes only with `offline.access`, and each
 * refresh replaces it.
 *
 * @module
 */

import { OAuthError } from 'oauth1x';
import * as oauth from 'oauth4webapi';
import type { OAuth2ClientOptions, OAuth2EndpointOptions, OAuth2Tokens } from './auth-types.js';
import { clientAuth, Exchange, requireString, xOAuth2Endpoints } from './oauth2-endpoints.js';

/** X's limit on `state` (docs: "up to 500 characters"). */
const MAX_STATE = 500;
/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Options of {@link oauth2AuthorizationUrl}. */
export interface OAuth2AuthorizationUrlOptions {
  clientId: string;
  /** One of the app's registered callback URLs (X matches it exactly). */
  redirectUri: string;
  /** Scopes to ask for (`X_OAUTH2_SCOPES`); add `offline.access` for a refresh token. */
  scopes: readonly string[];
  /** Default: 32 random bytes, base64url. At most 500 characters. */
  state?: string | undefined;
  /** API origin; default `https://api.x.com` (consent page on `https://x.com/i/oauth2/authorize`). */
  baseUrl?: string | undefined;
}

/**
 * The URL to send the user to for consent, with a fresh PKCE `code_verifier` (its S256 `code_challenge` in the
 * URL, RFC 7636 §4.2) and `state`. Keep `state` and `codeVerifier` for {@link exchangeOAuth2Code}.
 *
 * @example
 * ```ts
 * import { oauth2AuthorizationUrl } from '@oauth1x/x';
 * const { url, state, codeVerifier } = await oauth2AuthorizationUrl({
 *   clientId, redirectUri: 'http://127.0.0.1:53682/callback', scopes: ['tweet.read', 'users.read', 'offline.access'],
 * });
 * console.log(`Open ${url.href}`);
 * ```
 */
export async function oauth2AuthorizationUrl(
  options: OAuth2AuthorizationUrlOptions,
): Promise<{ url: URL; state: string; codeVerifier: string }> {
  const clientId = requireString(options.clientId, 'clientId');
  const redirectUri = requireString(options.redirectUri, 'redirectUri');
  try {
    new URL(redirectUri);
  } catch {
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'redirectUri must be an absolute URL');
  }
  if (!Array.isArray(options.scopes) || options.scopes.length === 0)
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'scopes must list at least one scope (X_OAUTH2_SCOPES)');
  for (const scope of options.scopes)
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope))
      throw new OAuthError('ERR_INVALID_ARGUMENT', `scope ${JSON.stringify(scope)} is not a scope token (RFC 6749 §3.3)`);
  const state = options.state ?? oauth.generateRandomState();
  if (typeof state !== 'string' || state === '' || state.length > MAX_STATE)
    throw new OAuthError('ERR_INVALID_ARGUMENT', `state must be 1 to ${MAX_STATE} characters`);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const url = new URL(xOAuth2Endpoints(options.baseUrl).authorize);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', [...new Set(options.scopes)].join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url, state, codeVerifier };
}

/** Options of {@link exchangeOAuth2Code}. */
export type ExchangeOAuth2CodeOptions = OAuth2ClientOptions & {
  /** The `redirect_uri` the authorization URL carried. */
  redirectUri: string;
  /** The `codeVerifier` {@link oauth2AuthorizationUrl} gave. */
  codeVerifier: string;
} & (
    | {
        /** The URL X redirected to (or its query): `code` and `state`, or `error`. */
        callbackUrl: string | URL | URLSearchParams;
        /** The `state` {@link oauth2AuthorizationUrl} gave: the callback's must be the same. */
        state: string;
        code?: undefined;
      }
    | {
        /** The code alone, when the caller has read the callback and checked its `state` itself. */
        code: string;
        state?: string | undefined;
        callbackUrl?: undefined;
      }
  );

/**
 * Exchanges the authorization code for tokens (RFC 6749 §4.1.3 with the PKCE `code_verifier`, RFC 7636 §4.5)
 * after checking the callback: a `state` other than the one sent is refused (`ERR_OAUTH2_STATE`, CSRF, RFC
 * 6749 §10.12), an `error` from X (the user declined: `access_denied`) is `ERR_OAUTH2_AUTHORIZATION`.
 *
 * @example
 * ```ts
 * import { exchangeOAuth2Code } from '@oauth1x/x';
 * const tokens = await exchangeOAuth2Code({ clientId, clientSecret, redirectUri, callbackUrl: request.url, state, codeVerifier });
 * ```
 */
export async function exchangeOAuth2Code(options: ExchangeOAuth2CodeOptions): Promise<OAuth2Tokens> {
  const clientId = requireString(options.clientId, 'clientId');
  const redirectUri = requireString(options.redirectUri, 'redirectUri');
  const codeVerifier = requireString(options.codeVerifier, 'codeVerifier');
  const endpoints = xOAuth2Endpoints(options.baseUrl);
  const client: oauth.Client = { client_id: clientId };
  let params: URLSearchParams;
  let expected: string | typeof oauth.skipStateCheck = oauth.skipStateCheck;
  if (options.callbackUrl !== undefined) {
    expected = requireString(options.state, 'state');
    params = callbackParams(options.callbackUrl);
    const got = params.get('state');
    if (got !== expected)
      throw new OAuthError(
        'ERR_OAUTH2_STATE',
        got === null
          ? 'The callback carries no state: it is not the answer to this authorization request'
          : 'The callback’s state is not the one this authorization request sent (a forged or stale callback): start again',
      );
  } else {
    params = new URLSearchParams({ code: requireString(options.code, 'code') });
  }
  const code = params.get('code') ?? undefined;
  const exchange = new Exchange(endpoints, 'The authorization code exchange', [options.clientSecret, code, codeVerifier], options);
  try {
    const validated = oauth.validateAuthResponse(endpoints.as, client, params, expected);
    if (code === undefined) throw new OAuthError('ERR_INVALID_ARGUMENT', 'The callback carries no code');
    const response = await oauth.authorizationCodeGrantRequest(
      endpoints.as,
      client,
      clientAuth(options.clientSecret),
      validated,
      redirectUri,
      codeVerifier,
      exchange.options,
    );
    return tokensOf(await oauth.processAuthorizationCodeResponse(endpoints.as, client, response), options, undefined);
  } catch (error) {
    throw await exchange.failure(error);
  }
}

function callbackParams(callback: string | URL | URLSearchParams): URLSearchParams {
  if (callback instanceof URLSearchParams) return new URLSearchParams(callback);
  if (callback instanceof URL) return new URLSearchParams(callback.search);
  try {
    return new URLSearchParams(new URL(callback).search);
  } catch {
    // A bare query string (`code=…&state=…`) pasted from the address bar.
    return new URLSearchParams(callback.replace(/^[^?]*\?/, ''));
  }
}

/** Options of {@link refreshOAuth2Token}. */
export interface RefreshOAuth2TokenOptions extends OAuth2ClientOptions {
  refreshToken: string;
  /** Scopes to keep when X's answer leaves `scope` out (it is optional there, RFC 6749 §5.1). */
  scopes?: readonly string[] | undefined;
}

/**
 * New tokens from a refresh token (RFC 6749 §6). X rotates the refresh token: the one passed stops working,
 * so store the new one (`refreshToken` of the result) before anything else.
 *
 * @example
 * ```ts
 * import { refreshOAuth2Token } from '@oauth1x/x';
 * const tokens = await refreshOAuth2Token({ clientId, clientSecret, refreshToken: saved.refreshToken });
 * await save(tokens);
 * ```
 */
export async function refreshOAuth2Token(options: RefreshOAuth2TokenOptions): Promise<OAuth2Tokens> {
  const client: oauth.Client = { client_id: requireString(options.clientId, 'clientId') };
  const refreshToken = requireString(options.refreshToken, 'refreshToken');
  const endpoints = xOAuth2Endpoints(options.baseUrl);
  const exchange = new Exchange(endpoints, 'The OAuth 2.0 token refresh', [options.clientSecret, refreshToken], options);
  try {
    const response = await oauth.refreshTokenGrantRequest(
      endpoints.as,
      client,
      clientAuth(options.clientSecret),
      refreshToken,
      exchange.options,
    );
    return tokensOf(await oauth.processRefreshTokenResponse(endpoints.as, client, response), options, options.scopes);
  } catch (error) {
    throw await exchange.failure(error);
  }
}

/** Options of {@link revokeOAuth2Token}. */
export interface RevokeOAuth2TokenOptions extends OAuth2ClientOptions {
  /** An access token or a refresh token. */
  token: string;
  tokenTypeHint?: 'access_token' | 'refresh_token' | undefined;
}

/**
 * Revokes an access or refresh token (RFC 7009 §2.1, `POST /2/oauth2/revoke`). An unknown or already revoked
 * token is not an error (§2.2).
 *
 * @example
 * ```ts
 * import { revokeOAuth2Token } from '@oauth1x/x';
 * await revokeOAuth2Token({ clientId, clientSecret, token: tokens.refreshToken, tokenTypeHint: 'refresh_token' });
 * ```
 */
export async function revokeOAuth2Token(options: RevokeOAuth2TokenOptions): Promise<void> {
  const client: oauth.Client = { client_id: requireString(options.clientId, 'clientId') };
  const token = requireString(options.token, 'token');
  const endpoints = xOAuth2Endpoints(options.baseUrl);
  const exchange = new Exchange(endpoints, 'The OAuth 2.0 token revocation', [options.clientSecret, token], options);
  try {
    const extra = options.tokenTypeHint !== undefined ? { additionalParameters: { token_type_hint: options.tokenTypeHint } } : {};
    const response = await oauth.revocationRequest(endpoints.as, client, clientAuth(options.clientSecret), token, {
      ...exchange.options,
      ...extra,
    });
    await oauth.processRevocationResponse(response);
  } catch (error) {
    throw await exchange.failure(error);
  }
}

/** The library's token answer as {@link OAuth2Tokens}; `expiresAt` from `expires_in` (RFC 6749 §5.1). */
function tokensOf(
  answer: oauth.TokenEndpointResponse,
  options: OAuth2EndpointOptions,
  keptScopes: readonly string[] | undefined,
): OAuth2Tokens {
  if (answer.token_type !== 'bearer')
    throw new OAuthError('ERR_INVALID_RESPONSE', `X answered a token of type ${answer.token_type}, not bearer`);
  const now = (options.now ?? Date.now)();
  const scopes = typeof answer.scope === 'string' ? answer.scope.split(' ').filter(Boolean) : [...(keptScopes ?? [])];
  const tokens: OAuth2Tokens = { accessToken: answer.access_token, scopes, tokenType: 'bearer' };
  if (answer.refresh_token !== undefined) tokens.refreshToken = answer.refresh_token;
  if (typeof answer.expires_in === 'number') tokens.expiresAt = now + answer.expires_in * 1000;
  return tokens;
}
