/**
 * `oauth1x tweet`: post a tweet, with media (chunked upload with a progress bar) or as a reply.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x tweet TEXT [--media FILE]... [--reply-to ID] [--quote ID] [options]

Posts a tweet as the profile's user. Media files (PNG, JPEG, GIF, WebP, MP4) are uploaded first with the
chunked protocol, with a progress bar on a terminal. Prints the new tweet's id.

Options:
  --media FILE            attach a file (up to 4), repeatable
  --reply-to ID           reply to this tweet
  --quote ID              quote this tweet
  --json                  print the API answer as JSON
${CONNECTION_HELP}

Examples:
  oauth1x tweet 'Hello world!'
  oauth1x tweet 'A cat' --media cat.png
  oauth1x tweet 'Agreed' --reply-to 1445880548472328192 --profile alice
`;

const OPTIONS = {
  media: { type: 'string', multiple: true },
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
 * await run(['Hello world!', '--media', 'cat.png'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length !== 1) throw new UsageError('expects exactly one TEXT (quote it)');
  const media = values.media ?? [];
  if (media.length > 4) throw new UsageError('at most 4 --media files');
  if ((positionals[0] as string).trim() === '' && media.length === 0)
    throw new UsageError('the TEXT is empty (a tweet needs text or --media)');
  for (const option of ['reply-to', 'quote'] as const) {
    const id = values[option];
    if (id !== undefined && !/^\d{1,19}$/.test(id)) throw new UsageError(`--${option} expects a numeric tweet ID`);
  }
  const { x } = await xClientFor(values, io);
  try {
    const mediaIds: string[] = [];
    for (const file of media) {
      const { stat } = await import('node:fs/promises');
      const size = await stat(file).then(
        (s) => s.size,
        () => {
          throw new UsageError(`cannot read --media ${file}`);
        },
      );
      const useBar = io.stderr.isTTY === true;
      let bar: { start(total: number, value: number): void; update(value: number): void; stop(): void } | undefined;
      if (useBar) {
        const { default: progress } = await import('cli-progress');
        bar = new progress.SingleBar(
          { format: `${file} [{bar}] {percentage}% | {value}/{total} bytes`, stream: io.stderr as NodeJS.WritableStream, hideCursor: true },
          progress.Presets.shades_classic,
        );
        bar.start(size, 0);
      }
      let processing = false;
      const uploaded = await x.uploadMedia(file, {
        onProgress: (p) => {
          if (p.phase === 'upload') bar?.update(p.bytesSent);
          else if (!processing) {
            processing = true;
            if (!useBar) io.stderr.write(`${file}: processing…\n`);
          }
        },
      });
      bar?.stop();
      io.stderr.write(`uploaded ${file} (${uploaded.size} bytes, ${uploaded.mediaType}) as media ${uploaded.mediaId}\n`);
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
