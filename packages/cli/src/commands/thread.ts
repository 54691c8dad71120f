/**
 * `oauth1x thread`: post a chain of replies from arguments (one post each) or from a file / stdin (posts
 * separated by a `---` line, else by blank lines). Stops at the first post X refuses and says what was posted.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { checkPostOptions, POST_HELP, POST_OPTIONS, postText, uploadPostMedia } from '../post-input.js';
import { apiCall, postId, printJson } from '../x-cli-kit.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x thread TEXT TEXT... | thread [--file FILE|-] [--reply-to ID|URL] [options]

Posts a thread: each post replies to the one before it. Each TEXT argument is one post; from --file or stdin,
posts are separated by lines of '---', or (without such lines) by blank lines. Each post is reported on stderr
as it goes. The body options (--media, --poll, --reply-settings) apply to the first post. When X refuses a
post, the thread stops there: the posts already made are listed (they stay on X) and the exit code is 1.

Options:
  --reply-to ID|URL       the first post replies to this post (continue a thread)
${POST_HELP}
${CONNECTION_HELP}

Examples:
  oauth1x thread 'A thread 1/3' 'Second 2/3' 'Last 3/3'
  oauth1x thread --file notes.txt --media chart.png --alt 'Sales by month'
  printf 'one\\n---\\ntwo\\n' | oauth1x thread --json
`;

const OPTIONS = { 'reply-to': { type: 'string' }, ...POST_OPTIONS, ...CONNECTION_OPTIONS } as const;

/**
 * Splits a text into thread posts: at lines of `---` when there are any, else at blank lines.
 *
 * @example
 * ```ts
 * splitThread('one\n---\ntwo'); // ['one', 'two']
 * ```
 */
export function splitThread(text: string): string[] {
  const parts = /^---\s*$/m.test(text) ? text.split(/^---\s*$/m) : text.split(/\r?\n\s*\r?\n/);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Runs `oauth1x thread`.
 *
 * @example
 * ```ts
 * await run(['1/2', '2/2'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const replyTo = values['reply-to'] === undefined ? undefined : postId(values['reply-to'], '--reply-to');
  const texts = positionals.length > 1 ? positionals.map((p) => p.trim()) : splitThread(await postText(positionals, values, io));
  if (texts.length === 0 || texts.some((t) => t === '')) throw new UsageError('a thread needs posts with text (an empty post was given)');
  const checked = await checkPostOptions(values, io);
  const { x } = await xClientFor(values, io);
  return apiCall(io, 'thread', async () => {
    const first = await uploadPostMedia(x, checked, io);
    // Post by post (each replying to the one before, like x.thread) so each is reported as it lands.
    const posted: Array<{ id: string; text: string }> = [];
    for (const [i, text] of texts.entries()) {
      try {
        const { data } = await x.tweet(text, { ...(i === 0 ? first : {}), replyTo: posted.at(-1)?.id ?? replyTo });
        posted.push(data);
        io.stderr.write(`posted ${i + 1}/${texts.length}: ${data.id}\n`);
      } catch (error) {
        const made = posted.map((p) => p.id).join(', ') || 'none';
        io.stderr.write(`oauth1x thread: stopped at post ${i + 1}/${texts.length}; posted before it: ${made}\n`);
        if (values.json) printJson(io, { data: posted });
        const code = await reportApiError(io, 'thread', error);
        return code === 0 ? 1 : code;
      }
    }
    if (values.json) printJson(io, { data: posted });
    else for (const p of posted) io.stdout.write(`${p.id}  ${p.text.replace(/\s*\n\s*/g, ' ')}\n`);
    return 0;
  });
}
