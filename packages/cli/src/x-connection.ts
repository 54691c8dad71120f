/**
 * An {@link XClient} for the API commands, built from the connection options (profile or explicit keys).
 *
 * @module
 */
import type { OAuth2Tokens, XClient } from '@oauth1x/x';
import { bearerFor, storeOAuth2Tokens } from './auth-session.js';
import { type Connection, type ConnectionValues, connect } from './connection.js';
import type { CliIo } from './io.js';
import type { OAuth2Credential } from './profile-kinds.js';

/**
 * Resolves the connection and creates the X client (loaded only by the commands that need it).
 *
 * @example
 * ```ts
 * const { x, connection } = await xClientFor(values, io);
 * ```
 */
export async function xClientFor(values: ConnectionValues, io: CliIo): Promise<{ x: XClient; connection: Connection }> {
  const connection = await connect(values, io);
  const { XClient } = await import('@oauth1x/x');
  const common = { baseUrl: connection.host, fetch: connection.fetch };
  if (connection.auth === 'oauth1') {
    const consumer = connection.consumer as { key: string; secret: string };
    const token = connection.token as { key: string; secret: string };
    return { x: new XClient({ ...common, consumer, token }), connection };
  }
  if (connection.auth === 'app') {
    const bearer = await bearerFor(io, connection);
    return { x: new XClient({ ...common, auth: { kind: 'app', bearer } }), connection };
  }
  // The client refreshes before expiry and on a 401 (once, shared by concurrent calls); the profile keeps up.
  const credential = connection.oauth2 as OAuth2Credential;
  const auth = {
    kind: 'oauth2' as const,
    ...credential,
    onTokens: (tokens: OAuth2Tokens) => storeOAuth2Tokens(io, connection, tokens),
  };
  return { x: new XClient({ ...common, auth }), connection };
}

/**
 * Prints an API error with its hints and returns exit code 1; rethrows anything else.
 *
 * @example
 * ```ts
 * async function tweet(io: CliIo, text: string): Promise<number> {
 *   try { await x.tweet(text); return 0; } catch (error) { return reportApiError(io, 'tweet', error); }
 * }
 * ```
 */
export async function reportApiError(io: CliIo, command: string, error: unknown): Promise<number> {
  const { OAuthResponseError } = await import('oauth1x');
  const { XCredentialError } = await import('@oauth1x/x');
  if (error instanceof XCredentialError) {
    // Found before sending: the profile's kind (or token's scopes) cannot do this; a usage error, one line.
    const fix =
      error.code === 'ERR_X_OAUTH2_SCOPE'
        ? `authorize again: oauth1x authorize --oauth2 --scopes "${(error.scopesNeeded ?? []).join(' ')} ..."`
        : `pick one with --auth ${error.accepted.join('|')}`;
    io.stderr.write(`oauth1x ${command}: ${error.message}; ${fix}\n`);
    return 2;
  }
  if ((error as { code?: unknown }).code === 'ERR_OAUTH2_REFRESH') {
    // The X client's message names no token; say what to do about it.
    io.stderr.write(`oauth1x ${command}: ${(error as Error).message} (sign in again: oauth1x authorize --oauth2)\n`);
    return 1;
  }
  if (!(error instanceof OAuthResponseError)) throw error;
  io.stderr.write(`oauth1x ${command}: ${error.message}\n`);
  const { errorHints } = await import('./output.js');
  const { XApiError } = await import('@oauth1x/x');
  const x = XApiError.from(error);
  const headers = new Headers();
  if (x.rateLimit !== undefined && Number.isFinite(x.rateLimit.reset)) headers.set('x-rate-limit-reset', String(x.rateLimit.reset));
  for (const [scope, window] of Object.entries(x.dailyRateLimit ?? {})) {
    for (const [field, value] of Object.entries(window)) headers.set(`x-${scope}-limit-24hour-${field}`, String(value));
  }
  const body = error.body;
  // v2 problems (402 credits-depleted, 403 client-not-enrolled, …) are passed on whole: their hints read type and reason.
  const text =
    body.kind === 'x-errors'
      ? JSON.stringify({ errors: body.errors })
      : error.problem
        ? `oauth_problem=${error.problem}`
        : body.kind === 'problem'
          ? JSON.stringify({ ...body, kind: undefined })
          : '';
  for (const hint of errorHints(error.status, text, headers)) io.stderr.write(`hint: ${hint}\n`);
  return 1;
}
