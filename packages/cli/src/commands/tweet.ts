/**
 * `oauth1x tweet`: post a tweet, with media (X API v2 upload with a progress bar, alt text) or as a reply.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { checkAltOption, checkMediaFile, uploadWithProgress } from '../media-files.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x tweet TEXT [--media FILE [--alt TEXT]]... [--reply-to ID] [--quote ID] [options]

Posts a tweet as the profile's user. Media files (PNG, JPEG, GIF, WebP, MP4, MOV) are uploaded first with X
API v2 (one request for a small image, else the chunked upload, with a progress bar on a terminal). Prints
the new tweet's id.

Options:
  --media FILE            attach a file (up to 4), repeatable
  --alt TEXT              alt text (up to 1000 characters), repeatable: the first --alt goes with the
                          first --media, the second with the second, ...
  --reply-to ID           reply to this tweet
  --quote ID              quote this tweet
  --json                  print the API answer as JSON
${CONNECTION_HELP}

Examples:
  oauth1x tweet 'Hello world!'
  oauth1x tweet 'A cat' --media cat.png --alt 'A black cat asleep on a keyboard'
  oauth1x tweet 'Two cats' --media a.png --alt 'The first cat' --media b.png --alt 'The second cat'
  oauth1x tweet 'Agreed' --reply-to 1445880548472328192 --profile alice
`;

const OPTIONS = {
  media: { type: 'string', multiple: true },
  alt: { type: 'string', multiple: true },
  'reply-to': { type: 'string' },
  quote: { type: 'string' },
  json: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
} as const;

/**
 * Runs `oauth1x tweet`.
 *
 * @example
 * ```ts
 * await run(['Hello world!', '--media', 'cat.png', '--alt', 'A cat'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length !== 1) throw new UsageError('expects exactly one TEXT (quote it)');
  const media = values.media ?? [];
  const alts = values.alt ?? [];
  if (media.length > 4) throw new UsageError('at most 4 --media files');
  if (alts.length > media.length) throw new UsageError('more --alt than --media: each --alt describes the --media of the same rank');
  if ((positionals[0] as string).trim() === '' && media.length === 0)
    throw new UsageError('the TEXT is empty (a tweet needs text or --media)');
  for (const option of ['reply-to', 'quote'] as const) {
    const id = values[option];
    if (id !== undefined && !/^\d{1,19}$/.test(id)) throw new UsageError(`--${option} expects a numeric tweet ID`);
  }
  for (const alt of alts) checkAltOption(alt, '--alt');
  const sizes: number[] = [];
  for (const file of media) sizes.push(await checkMediaFile(file, '--media'));
  const { x } = await xClientFor(values, io);
  try {
    const mediaIds: string[] = [];
    for (const [i, file] of media.entries()) {
      const uploaded = await uploadWithProgress(x, file, sizes[i] as number, io, { altText: alts[i] });
      const alt = uploaded.altText === undefined ? '' : ', with alt text';
      io.stderr.write(`uploaded ${file} (${uploaded.size} bytes, ${uploaded.mediaType}${alt}) as media ${uploaded.mediaId}\n`);
      mediaIds.push(uploaded.mediaId);
    }
    const posted = await x.tweet(positionals[0] as string, { replyTo: values['reply-to'], quote: values.quote, mediaIds });
    if (values.json) io.stdout.write(`${JSON.stringify({ data: posted.data }, null, 2)}\n`);
    else io.stdout.write(`Posted tweet ${posted.data.id}: ${posted.data.text}\n`);
    return 0;
  } catch (error) {
    return reportApiError(io, 'tweet', error);
  }
}
