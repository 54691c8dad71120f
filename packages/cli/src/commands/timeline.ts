/**
 * `oauth1x timeline`: print recent tweets of the signed-in user or another user.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x timeline [--user NAME|ID | --home] [--count N | --limit N | --all] [--json] [options]

Prints a user's most recent tweets, newest first (default: the profile's user), following pagination; with
--home, the profile user's home timeline (posts of the accounts they follow, muted accounts left out).

Options:
  --user NAME|ID          another user, by username or numeric id
  --home                  the home timeline (GET /2/users/:id/timelines/reverse_chronological)
  --count N, --limit N    how many tweets (default 10)
  --all                   every tweet X keeps in the timeline (up to 3200 for a user's own, 800 for home)
  --json                  one JSON object per line
${CONNECTION_HELP}

Examples:
  oauth1x timeline
  oauth1x timeline --user jack --count 50 --json
  oauth1x timeline --home --count 20
`;

const OPTIONS = {
  user: { type: 'string' },
  home: { type: 'boolean' },
  count: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
} as const;

/**
 * Runs `oauth1x timeline`.
 *
 * @example
 * ```ts
 * await run(['--count', '5'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  if ([values.count, values.limit, values.all].filter((v) => v !== undefined).length > 1)
    throw new UsageError('--count, --limit and --all do not go together');
  const given = values.count ?? values.limit;
  const count = values.all ? 3200 : given === undefined ? 10 : Number(given);
  if (!Number.isInteger(count) || count < 1 || count > 3200)
    throw new UsageError(`${values.limit === undefined ? '--count' : '--limit'} must be a whole number from 1 to 3200`);
  // X's usernames: 1 to 15 letters, digits and underscores; ids: digits.
  if (values.user !== undefined && !/^@?(?:\w{1,15}|\d{1,19})$/.test(values.user)) {
    throw new UsageError('--user expects a username (letters, digits, _) or a numeric id');
  }
  if (values.home && values.user !== undefined) throw new UsageError('--home and --user do not go together');
  const { x } = await xClientFor(values, io);
  try {
    let userId: string | undefined;
    if (values.user !== undefined) {
      const user = values.user.replace(/^@/, '');
      userId = /^\d+$/.test(user)
        ? user
        : (await x.request<{ id: string }>('GET', `/2/users/by/username/${encodeURIComponent(user)}`)).data.id;
    }
    const params = { 'tweet.fields': 'created_at,author_id' };
    const options = { limit: count, maxResults: Math.max(values.home ? 1 : 5, Math.min(100, count)), params };
    let shown = 0;
    for await (const tweet of values.home ? x.homeTimeline(options) : x.userTimeline(userId, options)) {
      shown++;
      if (values.json) io.stdout.write(`${JSON.stringify(tweet)}\n`);
      else io.stdout.write(`${tweet.id}  ${tweet.created_at ?? ''}  ${tweet.text.replace(/\n/g, ' ')}\n`);
    }
    if (shown === 0 && !values.json) io.stderr.write('no tweets\n');
    return 0;
  } catch (error) {
    return reportApiError(io, 'timeline', error);
  }
}
