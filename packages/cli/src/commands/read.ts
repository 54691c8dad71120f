/**
 * `oauth1x read ID|URL...`: show one post or many (`GET /2/tweets/:id`, `GET /2/tweets?ids=`).
 *
 * @module
 */
import type { Tweet } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { apiCall, postId, printJson, TWEET_PARAMS, tweetLine } from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x read ID|URL... [--json] [options]

Shows posts by ID or URL (https://x.com/NAME/status/ID): one line each, ID, author, date and text; up to 100.
Posts X could not return (deleted, protected) are named on stderr, and the exit code is then 1.

Options:
  --json                  print X's answer ({ data, includes, errors }) as JSON
${CONNECTION_HELP}

Examples:
  oauth1x read 1445880548472328192
  oauth1x read https://x.com/jack/status/20 1445880548472328192 --json
`;

const OPTIONS = { json: { type: 'boolean' }, ...CONNECTION_OPTIONS } as const;

/**
 * Runs `oauth1x read`.
 *
 * @example
 * ```ts
 * await run(['20'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('expects one or more post IDs or URLs');
  if (positionals.length > 100) throw new UsageError('at most 100 posts at a time');
  const ids = positionals.map((p) => postId(p));
  const { x } = await xClientFor(values, io);
  return apiCall(io, 'read', async () => {
    const answer = ids.length === 1 ? await x.getTweet(ids[0] as string, TWEET_PARAMS) : await x.getTweets(ids, TWEET_PARAMS);
    const tweets: Tweet[] = Array.isArray(answer.data) ? answer.data : answer.data === undefined ? [] : [answer.data];
    if (values.json) printJson(io, { data: answer.data, includes: answer.includes, errors: answer.errors });
    else for (const tweet of tweets) io.stdout.write(`${tweetLine(tweet, answer.includes)}\n`);
    for (const error of answer.errors ?? []) {
      if (!values.json) io.stderr.write(`${String(error.value ?? error.resource_id ?? '')}: ${String(error.detail ?? error.title)}\n`);
    }
    return tweets.length === ids.length ? 0 : 1;
  });
}
