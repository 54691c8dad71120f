/**
 * What `post`, `reply`, `quote` and `thread` share: the post text from arguments, a file or stdin, and the body
 * options (`--media` with `--alt`, `--poll`, `--poll-minutes`, `--reply-settings`) checked before any request,
 * then the media uploaded.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TweetOptions, XClient } from '@oauth1x/x';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';
import { checkAltOption, checkMediaFile, uploadWithProgress } from './media-files.js';
import { readAllText } from './read-stdin.js';

/** The post-body options of `post`, `reply`, `quote` and `thread`. */
export const POST_OPTIONS = {
  file: { type: 'string', short: 'f' },
  media: { type: 'string', multiple: true },
  alt: { type: 'string', multiple: true },
  poll: { type: 'string' },
  'poll-minutes': { type: 'string' },
  'reply-settings': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Help lines for {@link POST_OPTIONS}. */
export const POST_HELP = `  -f, --file FILE         read the text from FILE ('-' or no TEXT on a pipe: stdin)
  --media FILE            attach a file (up to 4), repeatable; uploaded first (progress on a terminal)
  --alt TEXT              alt text of the --media of the same rank, repeatable
  --poll "A,B[,C,D]"      a poll of 2 to 4 choices (up to 25 characters each)
  --poll-minutes N        how long the poll stays open, 5 to 10080 (default 1440)
  --reply-settings WHO    who may reply: following, mentionedUsers, subscribers, verified
  --json                  print X's answer as JSON`;

const REPLY_SETTINGS = ['following', 'mentionedUsers', 'subscribers', 'verified'] as const;

/** Parsed {@link POST_OPTIONS}. */
export interface PostValues {
  file?: string | undefined;
  media?: string[] | undefined;
  alt?: string[] | undefined;
  poll?: string | undefined;
  'poll-minutes'?: string | undefined;
  'reply-settings'?: string | undefined;
}

/**
 * The text to post: the TEXT arguments joined by spaces, or `--file` (`-` for stdin), or stdin when there is no
 * TEXT and stdin is not a terminal.
 *
 * @example
 * ```ts
 * const text = await postText(['Hello', 'world'], values, io); // 'Hello world'
 * ```
 */
export async function postText(words: string[], values: PostValues, io: CliIo): Promise<string> {
  if (values.file !== undefined && words.length > 0) throw new UsageError('give the text as TEXT or with --file, not both');
  if (words.length === 1 && words[0] === '-') return stripFinalNewline(await readAllText(io.stdin));
  if (words.length > 0) return words.join(' ');
  if (values.file === '-' || (values.file === undefined && io.stdin.isTTY !== true)) return stripFinalNewline(await readAllText(io.stdin));
  if (values.file === undefined) throw new UsageError('expects the TEXT (quote it), --file FILE or text on stdin');
  try {
    return stripFinalNewline(await readFile(resolve(io.cwd, values.file), 'utf8'));
  } catch (error) {
    throw new UsageError(`--file ${values.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Body options checked before anything is sent; {@link uploadPostMedia} completes them. */
export interface CheckedPostOptions {
  options: TweetOptions;
  media: Array<{ file: string; size: number; alt: string | undefined }>;
}

/**
 * Checks the body options (poll, reply settings, media files, alt texts) and returns them as the X client's
 * {@link TweetOptions}, media still to upload.
 *
 * @example
 * ```ts
 * const checked = await checkPostOptions(values, io);
 * ```
 */
export async function checkPostOptions(values: PostValues, io: CliIo): Promise<CheckedPostOptions> {
  const options: TweetOptions = {};
  const files = values.media ?? [];
  const alts = values.alt ?? [];
  if (files.length > 4) throw new UsageError('at most 4 --media files');
  if (alts.length > files.length) throw new UsageError('more --alt than --media: each --alt describes the --media of the same rank');
  for (const alt of alts) checkAltOption(alt, '--alt');
  if (values.poll === undefined && values['poll-minutes'] !== undefined) throw new UsageError('--poll-minutes goes with --poll');
  if (values.poll !== undefined) {
    if (files.length > 0) throw new UsageError('a post has either a poll or media, not both');
    const choices = values.poll.split(',').map((c) => c.trim());
    if (choices.length < 2 || choices.length > 4) throw new UsageError('--poll expects 2 to 4 comma-separated choices');
    if (choices.some((c) => c.length === 0 || [...c].length > 25)) throw new UsageError('--poll choices are 1 to 25 characters each');
    const minutes = values['poll-minutes'] === undefined ? 1440 : Number(values['poll-minutes']);
    if (!/^\d+$/.test(values['poll-minutes'] ?? '1440') || minutes < 5 || minutes > 10080)
      throw new UsageError('--poll-minutes expects a whole number from 5 to 10080');
    options.poll = { options: choices, durationMinutes: minutes };
  }
  const settings = values['reply-settings'];
  if (settings !== undefined) {
    if (!(REPLY_SETTINGS as readonly string[]).includes(settings))
      throw new UsageError(`--reply-settings expects one of ${REPLY_SETTINGS.join(', ')}`);
    options.replySettings = settings as (typeof REPLY_SETTINGS)[number];
  }
  const media = [];
  for (const [i, file] of files.entries())
    media.push({ file: resolve(io.cwd, file), size: await checkMediaFile(resolve(io.cwd, file), '--media'), alt: alts[i] });
  return { options, media };
}

/**
 * Uploads the checked media (one line each on stderr) and returns the options with their media ids.
 *
 * @example
 * ```ts
 * const options = await uploadPostMedia(x, checked, io);
 * await x.tweet('A cat', options);
 * ```
 */
export async function uploadPostMedia(x: XClient, checked: CheckedPostOptions, io: CliIo): Promise<TweetOptions> {
  if (checked.media.length === 0) return checked.options;
  const mediaIds: string[] = [];
  for (const { file, size, alt } of checked.media) {
    const uploaded = await uploadWithProgress(x, file, size, io, { altText: alt });
    io.stderr.write(`uploaded ${file} (${uploaded.size} bytes, ${uploaded.mediaType}) as media ${uploaded.mediaId}\n`);
    mediaIds.push(uploaded.mediaId);
  }
  return { ...checked.options, mediaIds };
}
