/**
 * `oauth1x whoami`: say which user the current profile signs as, with which kind of credentials.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, describeConnection } from '../connection.js';
import type { CliIo } from '../io.js';
import { profileKinds } from '../profile-kinds.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x whoami [--json] [options]

Calls GET /2/users/me with the profile's credentials and prints the user, then which kind of credentials
signed (OAuth 1.0a, OAuth 2.0 user token with its scopes and expiry, app-only bearer) and which kinds the
profile holds. An app-only bearer has no user (X refuses it on /2/users/me): whoami names the app instead.
Tokens are never printed.

Options:
  --json                  print the user (and "auth": kind, scopes, expiresAt) as JSON
${CONNECTION_HELP}

Examples:
  oauth1x whoami
  oauth1x whoami --profile alice@127.0.0.1:8787 --auth oauth2
`;

/**
 * Runs `oauth1x whoami`.
 *
 * @example
 * ```ts
 * await run([], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, ...CONNECTION_OPTIONS }, true);
  if (positionals.length > 0) throw new UsageError('takes no arguments');
  const { x, connection } = await xClientFor(values, io);
  const where = `${connection.host}${connection.profileName ? ` [profile ${connection.profileName}]` : ''}`;
  const auth = {
    kind: connection.auth,
    scopes: connection.oauth2?.scopes,
    expiresAt: connection.oauth2?.expiresAt === undefined ? undefined : new Date(connection.oauth2.expiresAt).toISOString(),
    profileKinds: connection.profile === undefined ? undefined : profileKinds(connection.profile),
  };
  const authLine = () => {
    const held = auth.profileKinds !== undefined && auth.profileKinds.length > 1 ? ` (profile has: ${auth.profileKinds.join(', ')})` : '';
    return `auth: ${describeConnection(connection)}${held}\n`;
  };
  if (connection.auth === 'app') {
    const app = connection.consumer?.key ?? connection.profile?.screenName ?? 'unknown app';
    if (values.json) io.stdout.write(`${JSON.stringify({ app, auth }, null, 2)}\n`);
    else io.stdout.write(`app-only: app ${app} on ${where} (no user context)\n${authLine()}`);
    return 0;
  }
  try {
    const { data } = await x.me();
    // The client may have refreshed the token: describe what it holds now.
    auth.scopes = connection.oauth2?.scopes;
    if (values.json) io.stdout.write(`${JSON.stringify({ ...data, auth }, null, 2)}\n`);
    else io.stdout.write(`@${data.username} (${data.name}, id ${data.id}) on ${where}\n${authLine()}`);
    return 0;
  } catch (error) {
    return reportApiError(io, 'whoami', error);
  }
}
