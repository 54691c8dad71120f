/**
 * X's app-only bearer: minted from the app's consumer key and secret with the client credentials grant
 * (RFC 6749 §4.4, `POST /oauth2/token`, HTTP Basic) and invalidated with X's own `POST /oauth2/invalidate_token`.
 * X hands out one bearer per app at a time: minting again returns the same one until it is invalidated.
 *
 * @module
 */

import { OAuthError } from 'oauth1x';
import * as oauth from 'oauth4webapi';
import type { OAuth2EndpointOptions } from './auth-types.js';
import { Exchange, requireString, xClientSecretBasic, xOAuth2Endpoints } from './oauth2-endpoints.js';

/** The app's consumer key and secret (the OAuth 1.0a consumer). */
export interface AppCredentialsOptions extends OAuth2EndpointOptions {
  consumerKey: string;
  consumerSecret: string;
}

/**
 * The app's bearer token from its consumer key and secret (`POST /oauth2/token`,
 * `grant_type=client_credentials`). Use it as `new XClient({ auth: { kind: 'app', bearer } })`.
 *
 * @example
 * ```ts
 * import { appOnlyToken, XClient } from '@oauth1x/x';
 * const bearer = await appOnlyToken({ consumerKey, consumerSecret });
 * const x = new XClient({ auth: { kind: 'app', bearer } });
 * ```
 */
export async function appOnlyToken(options: AppCredentialsOptions): Promise<string> {
  const client: oauth.Client = { client_id: requireString(options.consumerKey, 'consumerKey') };
  const secret = requireString(options.consumerSecret, 'consumerSecret');
  const endpoints = xOAuth2Endpoints(options.baseUrl);
  const as: oauth.AuthorizationServer = { issuer: endpoints.as.issuer, token_endpoint: endpoints.appToken };
  const exchange = new Exchange(endpoints, 'The app-only token request', [secret], options);
  try {
    const response = await oauth.clientCredentialsGrantRequest(as, client, xClientSecretBasic(secret), {}, exchange.options);
    const answer = await oauth.processClientCredentialsResponse(as, client, response);
    if (answer.token_type !== 'bearer')
      throw new OAuthError('ERR_INVALID_RESPONSE', `X answered a token of type ${answer.token_type}, not bearer`);
    return answer.access_token;
  } catch (error) {
    throw await exchange.failure(error);
  }
}

/** Options of {@link invalidateAppOnlyToken}. */
export interface InvalidateAppOnlyTokenOptions extends AppCredentialsOptions {
  /** The bearer to invalidate. */
  token: string;
}

/**
 * Invalidates the app's bearer (`POST /oauth2/invalidate_token` with `access_token=` and HTTP Basic, as X's
 * docs show; not RFC 7009, which X uses for user tokens only). The next {@link appOnlyToken} mints a new one.
 *
 * @example
 * ```ts
 * import { invalidateAppOnlyToken } from '@oauth1x/x';
 * await invalidateAppOnlyToken({ consumerKey, consumerSecret, token: bearer });
 * ```
 */
export async function invalidateAppOnlyToken(options: InvalidateAppOnlyTokenOptions): Promise<void> {
  const client: oauth.Client = { client_id: requireString(options.consumerKey, 'consumerKey') };
  const secret = requireString(options.consumerSecret, 'consumerSecret');
  const token = requireString(options.token, 'token');
  const endpoints = xOAuth2Endpoints(options.baseUrl);
  const exchange = new Exchange(endpoints, 'The app-only token invalidation', [secret, token], options);
  const body = new URLSearchParams({ access_token: token });
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' });
  await xClientSecretBasic(secret)(endpoints.as, client, body, headers);
  try {
    const send = exchange.options[oauth.customFetch] as NonNullable<(typeof exchange.options)[typeof oauth.customFetch]>;
    const response = await send(endpoints.appInvalidate, {
      method: 'POST',
      body,
      headers: Object.fromEntries(headers),
      redirect: 'manual',
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    if (!response.ok) throw new OAuthError('ERR_OAUTH_RESPONSE', 'refused');
    await response.body?.cancel();
  } catch (error) {
    throw await exchange.failure(error);
  }
}
