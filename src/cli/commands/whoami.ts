/**
 * `oauth1x whoami`: say which user the current profile signs as.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x whoami [--json] [options]

Calls GET /2/users/me with the profile's token and prints the user.

Options:
  --json                  print the user as JSON
${CONNECTION_HELP}

Examples:
  oauth1x whoami
  oauth1x whoami --profile alice@127.0.0.1:8787
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
  try {
    const { data } = await x.me();
    if (values.json) io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    else
      io.stdout.write(
        `@${data.username} (${data.name}, id ${data.id}) on ${connection.host}${connection.profileName ? ` [profile ${connection.profileName}]` : ''}\n`,
      );
    return 0;
  } catch (error) {
    return reportApiError(io, 'whoami', error);
  }
}
