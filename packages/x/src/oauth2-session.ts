/**
 * An OAuth 2.0 user token that keeps itself fresh for the X client: refreshed shortly before it expires and
 * once after a 401 (RFC 6750 §3.1 `invalid_token`), one refresh shared by every call waiting on it, the new
 * tokens handed to `onTokens`. A refresh X refuses (`invalid_grant`: the refresh token was revoked, or used
 * already) is final: later calls get the same error without asking X again.
 *
 * @module
 */
import { OAuthError, OAuthResponseError } from 'oauth1x';
import type { OAuth2Auth, OAuth2EndpointOptions, OAuth2Tokens } from './auth-types.js';
import { refreshOAuth2Token } from './oauth2.js';
import { requireString } from './oauth2-endpoints.js';

/** How long before `expiresAt` the token is refreshed: 60 s, for clock skew and the request's own travel. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * The OAuth 2.0 state of one X client.
 *
 * @example
 * ```ts
 * const session = new OAuth2Session(auth, { baseUrl, fetch, now: () => Date.now() });
 * const token = await session.accessToken();
 * ```
 */
export class OAuth2Session {
  #tokens: OAuth2Tokens;
  readonly #auth: OAuth2Auth;
  readonly #endpoint: OAuth2EndpointOptions;
  readonly #now: () => number;
  #refreshing: Promise<void> | undefined;
  #dead: Error | undefined;
  #scopesKnown: boolean;

  constructor(auth: OAuth2Auth, endpoint: OAuth2EndpointOptions & { now: () => number }) {
    requireString(auth.clientId, 'auth.clientId');
    requireString(auth.accessToken, 'auth.accessToken');
    if (auth.refreshToken !== undefined) requireString(auth.refreshToken, 'auth.refreshToken');
    if (auth.expiresAt !== undefined && !Number.isFinite(auth.expiresAt))
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'auth.expiresAt must be epoch milliseconds');
    if (auth.scopes !== undefined && (!Array.isArray(auth.scopes) || auth.scopes.some((s) => typeof s !== 'string')))
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'auth.scopes must be an array of scope names');
    this.#auth = auth;
    this.#endpoint = endpoint;
    this.#now = endpoint.now;
    this.#tokens = {
      accessToken: auth.accessToken,
      refreshToken: auth.refreshToken,
      expiresAt: auth.expiresAt,
      scopes: auth.scopes === undefined ? [] : [...auth.scopes],
      tokenType: 'bearer',
    };
    this.#scopesKnown = auth.scopes !== undefined;
  }

  /** The token's scopes, when known (given, or from X's last token answer). */
  get scopes(): readonly string[] | undefined {
    return this.#scopesKnown ? this.#tokens.scopes : undefined;
  }

  /** The current tokens (a copy). */
  get tokens(): OAuth2Tokens {
    return { ...this.#tokens, scopes: [...this.#tokens.scopes] };
  }

  /** The access token to send now, refreshed first when it expires within {@link REFRESH_MARGIN_MS}. */
  async accessToken(): Promise<string> {
    if (this.#dead !== undefined) throw this.#dead;
    const { expiresAt, refreshToken, accessToken } = this.#tokens;
    if (refreshToken !== undefined && expiresAt !== undefined && this.#now() >= expiresAt - REFRESH_MARGIN_MS) {
      await this.refresh(accessToken);
    }
    return this.#tokens.accessToken;
  }

  /** Whether a 401 to `usedToken` is worth one retry: a refresh token is there (or someone already refreshed). */
  canRenew(usedToken: string): boolean {
    return this.#dead === undefined && (this.#tokens.accessToken !== usedToken || this.#tokens.refreshToken !== undefined);
  }

  /**
   * Refreshes the token `usedToken` was, unless that already happened: every caller waiting at the same time
   * shares one request to X. Resolves when the new tokens are in place and `onTokens` has had them.
   */
  refresh(usedToken: string): Promise<void> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    if (this.#tokens.accessToken !== usedToken) return Promise.resolve();
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const refreshToken = this.#tokens.refreshToken;
    if (refreshToken === undefined)
      throw new OAuthError(
        'ERR_OAUTH2_REFRESH',
        'The OAuth 2.0 access token has expired and there is no refresh token (ask for offline.access)',
      );
    let tokens: OAuth2Tokens;
    try {
      tokens = await refreshOAuth2Token({
        ...this.#endpoint,
        clientId: this.#auth.clientId,
        clientSecret: this.#auth.clientSecret,
        refreshToken,
        scopes: this.#tokens.scopes,
      });
    } catch (cause) {
      const error = new OAuthError(
        'ERR_OAUTH2_REFRESH',
        `Could not refresh the OAuth 2.0 token: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
      // X refused the refresh token itself (4xx): asking again with it can only fail the same way.
      if (cause instanceof OAuthResponseError && cause.status >= 400 && cause.status < 500) this.#dead = error;
      throw error;
    }
    // X rotates refresh tokens; an answer without one leaves the old one in force (RFC 6749 §6).
    this.#tokens = { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
    this.#scopesKnown ||= tokens.scopes.length > 0;
    if (this.#auth.onTokens !== undefined) {
      try {
        await this.#auth.onTokens(this.tokens);
      } catch (cause) {
        throw new OAuthError(
          'ERR_OAUTH2_ON_TOKENS',
          'The OAuth 2.0 token was refreshed but onTokens failed: the new tokens are not saved',
          {
            cause,
          },
        );
      }
    }
  }
}
