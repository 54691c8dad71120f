/**
 * `oauth1x delete ID`: delete one of the user's tweets.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x delete ID [options]

Deletes the tweet ID (it must be the profile user's own).

Options:
${CONNECTION_HELP}

Examples:
  oauth1x delete 1445880548472328192
`;

/**
 * Runs `oauth1x delete`.
 *
 * @example
 * ```ts
 * await run(['1445880548472328192'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, CONNECTION_OPTIONS, true);
  if (positionals.length !== 1 || !/^\d+$/.test(positionals[0] as string)) throw new UsageError('expects one numeric tweet ID');
  const { x } = await xClientFor(values, io);
  try {
    const { data } = await x.deleteTweet(positionals[0] as string);
    io.stdout.write(
      data.deleted
        ? `Deleted tweet ${positionals[0]}\n`
        : `Tweet ${positionals[0]} was not deleted: X answered deleted=false (no such tweet, or already deleted)\n`,
    );
    return data.deleted ? 0 : 1;
  } catch (error) {
    return reportApiError(io, 'delete', error);
  }
}
