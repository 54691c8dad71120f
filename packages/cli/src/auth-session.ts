/**
 * The bearer side of a connection: an OAuth 2.0 user token refreshed before it expires (RFC 6749 §6) and on
 * a 401, with the new tokens written back to the profile at once (atomically, mode 0600: refresh tokens
 * rotate, so the old one is dead after a refresh), and an app-only bearer minted from the consumer key and
 * secret (RFC 6749 §4.4) when the profile has none yet. Tokens are never printed.
 *
 * @module
 */
import type { OAuth2Tokens } from '@oauth1x/x';
import { UsageError } from './args.js';
import type { Connection } from './connection.js';
import type { CliIo } from './io.js';
import type { OAuth2Credential } from './profile-kinds.js';
import { updateProfiles } from './profiles.js';

/** Refresh this long before the recorded expiry, so a token does not die in flight. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * Writes new OAuth 2.0 tokens into the connection and its profile (if it came from one). A refresh answer
 * without a refresh token keeps the old one (RFC 6749 §6: the server MAY issue a new one).
 *
 * @example
 * ```ts
 * await storeOAuth2Tokens(io, connection, tokens);
 * ```
 */
export async function storeOAuth2Tokens(io: CliIo, connection: Connection, tokens: OAuth2Tokens): Promise<void> {
  const old = connection.oauth2;
  if (old === undefined) return;
  const next: OAuth2Credential = {
    clientId: old.clientId,
    clientSecret: old.clientSecret,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? old.refreshToken,
    expiresAt: tokens.expiresAt,
    scopes: tokens.scopes.length > 0 ? tokens.scopes : old.scopes,
  };
  connection.oauth2 = next;
  const name = connection.profileName;
  if (name === undefined) return;
  await updateProfiles(io.env, (file) => {
    const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
    if (profile !== undefined) profile.oauth2 = next;
  });
}

/**
 * Refreshes the connection's OAuth 2.0 token and stores the new one. A token without a refresh token (no
 * `offline.access`) cannot be refreshed: a one-line error saying to authorize again.
 *
 * @example
 * ```ts
 * await refreshConnection(io, connection);
 * ```
 */
export async function refreshConnection(io: CliIo, connection: Connection): Promise<void> {
  const credential = connection.oauth2;
  if (credential === undefined) return;
  if (credential.refreshToken === undefined) {
    throw new UsageError(
      `the OAuth 2.0 token${connection.profileName ? ` of profile "${connection.profileName}"` : ''} expired and has no refresh token (authorize again with --scopes including offline.access)`,
    );
  }
  const { refreshOAuth2Token } = await import('@oauth1x/x');
  let tokens: OAuth2Tokens;
  try {
    tokens = await refreshOAuth2Token({
      clientId: credential.clientId,
      clientSecret: credential.clientSecret,
      refreshToken: credential.refreshToken,
      scopes: credential.scopes,
      baseUrl: connection.host,
      fetch: connection.fetch,
    });
  } catch (error) {
    // The helper's message names no token (it redacts them); say what to do about it.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message} (sign in again: oauth1x authorize --oauth2)`);
  }
  await storeOAuth2Tokens(io, connection, tokens);
}

/**
 * The bearer token a call sends, for `oauth2` and `app` connections: the OAuth 2.0 access token (refreshed
 * first when it expires within a minute, or when `force` says the server refused it), or the app-only bearer
 * (minted from the consumer key and secret and stored, when the profile has none).
 *
 * @example
 * ```ts
 * headers.set('authorization', `Bearer ${await bearerFor(io, connection)}`);
 * ```
 */
export async function bearerFor(io: CliIo, connection: Connection, force = false): Promise<string> {
  if (connection.auth === 'oauth2') {
    const credential = connection.oauth2 as OAuth2Credential;
    const expiring = credential.expiresAt !== undefined && credential.expiresAt - REFRESH_MARGIN_MS <= Date.now();
    if (force || expiring) await refreshConnection(io, connection);
    return (connection.oauth2 as OAuth2Credential).accessToken;
  }
  if (connection.auth === 'app') {
    if (connection.bearer !== undefined) return connection.bearer;
    const consumer = connection.consumer;
    if (consumer === null) throw new UsageError('an app-only bearer needs the consumer key and secret');
    const { appOnlyToken } = await import('@oauth1x/x');
    const bearer = await appOnlyToken({
      consumerKey: consumer.key,
      consumerSecret: consumer.secret,
      baseUrl: connection.host,
      fetch: connection.fetch,
    });
    connection.bearer = bearer;
    const name = connection.profileName;
    if (name !== undefined) {
      await updateProfiles(io.env, (file) => {
        const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
        if (profile !== undefined) profile.app = { bearer };
      });
    }
    return bearer;
  }
  throw new Error(`bearerFor: ${connection.auth} does not use a bearer`);
}
