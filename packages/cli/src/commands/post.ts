/**
 * `oauth1x post`, `oauth1x reply ID TEXT` and `oauth1x quote ID TEXT`: one post, with every common body option
 * (media with alt text, a poll, who may reply). An ID may be a post URL.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import type { CommandModule } from '../commands.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { checkPostOptions, POST_HELP, POST_OPTIONS, postText, uploadPostMedia } from '../post-input.js';
import { apiCall, postId, printJson } from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

const OPTIONS = { ...POST_OPTIONS, ...CONNECTION_OPTIONS } as const;

type Kind = 'post' | 'reply' | 'quote';

async function runPost(kind: Kind, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  let target: string | undefined;
  if (kind !== 'post') {
    if (positionals.length === 0) throw new UsageError(`expects the ID (or URL) of the post to ${kind === 'reply' ? 'reply to' : 'quote'}`);
    target = postId(positionals.shift() as string);
  }
  const text = await postText(positionals, values, io);
  const checked = await checkPostOptions(values, io);
  if (text.trim() === '' && checked.media.length === 0) throw new UsageError('the text is empty (a post needs text or --media)');
  const { x } = await xClientFor(values, io);
  return apiCall(io, kind, async () => {
    const options = await uploadPostMedia(x, checked, io);
    if (kind === 'reply') options.replyTo = target;
    if (kind === 'quote') options.quote = target;
    const posted = await x.tweet(text, options);
    if (values.json) printJson(io, { data: posted.data });
    else {
      const what = kind === 'post' ? 'Posted' : kind === 'reply' ? `Replied to ${target} with` : `Quoted ${target} in`;
      io.stdout.write(`${what} post ${posted.data.id}: ${posted.data.text}\n`);
    }
    return 0;
  });
}

const COMMON = `${POST_HELP}
${CONNECTION_HELP}`;

/** `oauth1x post`. */
export const post: CommandModule = {
  help: `Usage: oauth1x post TEXT... [--media FILE [--alt TEXT]]... [--poll "A,B" [--poll-minutes N]] [options]

Posts as the profile's user (POST /2/tweets) and prints the new post's ID. The TEXT arguments are joined with
spaces; with no TEXT the text comes from --file or stdin.

Options:
${COMMON}

Examples:
  oauth1x post 'Hello world!'
  oauth1x post 'Lunch?' --poll 'pizza,sushi,salad' --poll-minutes 60
  oauth1x post 'A cat' --media cat.png --alt 'A black cat asleep on a keyboard' --reply-settings following
  fortune | oauth1x post --json
`,
  run: (args, io) => runPost('post', args, io),
};

/** `oauth1x reply`. */
export const reply: CommandModule = {
  help: `Usage: oauth1x reply ID|URL TEXT... [options]

Replies to the post ID (or its URL, https://x.com/NAME/status/ID) and prints the reply's ID.

Options:
${COMMON}

Examples:
  oauth1x reply 1445880548472328192 'Agreed!'
  oauth1x reply https://x.com/jack/status/20 'Welcome' --media wave.gif
`,
  run: (args, io) => runPost('reply', args, io),
};

/** `oauth1x quote`. */
export const quote: CommandModule = {
  help: `Usage: oauth1x quote ID|URL TEXT... [options]

Quotes the post ID (or its URL) in a new post and prints the new post's ID.

Options:
${COMMON}

Examples:
  oauth1x quote 1445880548472328192 'Worth reading'
  oauth1x quote https://x.com/jack/status/20 'Where it started' --json
`,
  run: (args, io) => runPost('quote', args, io),
};
