/**
 * What the OAuth 2.0 helpers share: X's endpoints for an API origin, the client authentication X takes, the
 * transport handed to `oauth4webapi`, and the mapping of every failure to an oauth1x error that never carries
 * a secret or a token (the library's errors may hold the token answer as their `cause`: they are not kept).
 *
 * @module
 */

import { OAuthError } from 'oauth1x';
import * as oauth from 'oauth4webapi';
import type { OAuth2EndpointOptions } from './auth-types.js';
import { validOrigin } from './paginate.js';
import { XApiError, xApiError } from './x-api-error.js';

/** X's API origin. */
export const X_API_ORIGIN = 'https://api.x.com';

/** X's endpoints for one API origin. */
export interface XOAuth2Endpoints {
  base: string;
  /** The consent page: `https://x.com/i/oauth2/authorize` for the real X, else `${base}/i/oauth2/authorize`. */
  authorize: string;
  /** The authorization server as `oauth4webapi` takes it (token and revocation endpoints). */
  as: oauth.AuthorizationServer;
  /** App-only bearer endpoints (`POST /oauth2/token`, `POST /oauth2/invalidate_token`). */
  appToken: string;
  appInvalidate: string;
  /** `http:` origins (the sandbox) are allowed; `oauth4webapi` otherwise insists on HTTPS. */
  insecure: boolean;
}

/**
 * X's endpoints for `baseUrl` (default `https://api.x.com`): the consent page on `x.com` (or `twitter.com`),
 * `POST /2/oauth2/token` and `/2/oauth2/revoke` for user tokens, `POST /oauth2/token` and
 * `/oauth2/invalidate_token` for the app-only bearer.
 *
 * @example
 * ```ts
 * xOAuth2Endpoints('http://127.0.0.1:8787').authorize; // 'http://127.0.0.1:8787/i/oauth2/authorize'
 * ```
 */
export function xOAuth2Endpoints(baseUrl: string | undefined): XOAuth2Endpoints {
  const base = validOrigin(baseUrl ?? X_API_ORIGIN, 'baseUrl');
  const url = new URL(base);
  const realX = url.protocol === 'https:' && (url.hostname === 'api.x.com' || url.hostname === 'api.twitter.com') && url.port === '';
  return {
    base,
    authorize: realX ? `https://${url.hostname.slice(4)}/i/oauth2/authorize` : `${base}/i/oauth2/authorize`,
    as: {
      issuer: url.origin,
      authorization_endpoint: realX ? `https://${url.hostname.slice(4)}/i/oauth2/authorize` : `${base}/i/oauth2/authorize`,
      token_endpoint: `${base}/2/oauth2/token`,
      revocation_endpoint: `${base}/2/oauth2/revoke`,
    },
    appToken: `${base}/oauth2/token`,
    appInvalidate: `${base}/oauth2/invalidate_token`,
    insecure: url.protocol === 'http:',
  };
}

/**
 * HTTP Basic client authentication as X takes it (RFC 6749 §2.3.1, RFC 7617): `base64(id:secret)`, each part
 * percent-encoded outside RFC 3986's unreserved characters. `oauth4webapi`'s `ClientSecretBasic` also encodes
 * `-`, `_`, `.` and `~` (form encoding), which X's client secrets contain and X's docs, X's own SDK and
 * `curl -u` send as they are; for X's alphabet both readings give the same credentials.
 *
 * @example
 * ```ts
 * await oauth.clientCredentialsGrantRequest(as, { client_id: key }, xClientSecretBasic(secret), {});
 * ```
 */
export function xClientSecretBasic(clientSecret: string): oauth.ClientAuth {
  if (typeof clientSecret !== 'string' || clientSecret === '')
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'the client secret must be a non-empty string');
  return (_as, client, _body, headers) => {
    const bytes = new TextEncoder().encode(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(clientSecret)}`);
    headers.set('authorization', `Basic ${btoa(String.fromCharCode(...bytes))}`);
  };
}

/** Confidential clients by HTTP Basic, public clients by `client_id` in the body (X's docs). */
export function clientAuth(clientSecret: string | undefined): oauth.ClientAuth {
  return clientSecret === undefined ? oauth.None() : xClientSecretBasic(clientSecret);
}

/** Checks a required string option. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new OAuthError('ERR_INVALID_ARGUMENT', `${name} must be a non-empty string`);
  return value;
}

/** The transport and options for one `oauth4webapi` call, keeping a copy of an error answer for the error. */
export class Exchange {
  /** A clone of the last non-2xx answer, and where it came from. */
  failed: Response | undefined;
  failedUrl: string | undefined;
  readonly options: oauth.HttpRequestOptions<'POST', URLSearchParams>;

  constructor(
    readonly endpoints: XOAuth2Endpoints,
    readonly what: string,
    readonly secrets: ReadonlyArray<string | undefined>,
    options: OAuth2EndpointOptions,
  ) {
    const transport = options.fetch ?? globalThis.fetch;
    this.options = {
      [oauth.customFetch]: async (url: string, init: oauth.CustomFetchOptions<'POST', URLSearchParams>) => {
        const response = await transport(url, init);
        if (!response.ok) {
          this.failed = response.clone();
          this.failedUrl = url;
        }
        return response;
      },
      [oauth.allowInsecureRequests]: endpoints.insecure,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
  }

  /**
   * The error to throw for `error` (from `oauth4webapi` or the transport): X's error answer as an
   * `XApiError` (status, X's body, secrets redacted), else an `OAuthError` with the library's message
   * only (its `cause` may hold the token answer).
   */
  async failure(error: unknown): Promise<Error> {
    const secrets = this.secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
    if (this.failed !== undefined) {
      const answer = await xApiError(this.failed, { secrets, url: this.failedUrl });
      return new XApiError(`${this.what} failed: ${answer.message}`, answer);
    }
    if (error instanceof OAuthError) return error;
    if (error instanceof oauth.AuthorizationResponseError)
      return new OAuthError(
        'ERR_OAUTH2_AUTHORIZATION',
        `${this.what}: X answered the authorization with ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
      );
    if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError)
      return new OAuthError('ERR_INVALID_RESPONSE', `${this.what}: X's answer is not what RFC 6749 §5.1 says (${error.message})`);
    if (error instanceof TypeError && typeof (error as { code?: unknown }).code === 'string')
      return new OAuthError('ERR_INVALID_ARGUMENT', `${this.what}: ${error.message}`);
    return error instanceof Error ? error : new OAuthError('ERR_UNKNOWN', `${this.what} failed`);
  }
}
