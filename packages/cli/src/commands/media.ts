/**
 * `oauth1x media upload FILE` / `oauth1x media status ID`: X API v2 media upload (one request for a small
 * image, else initialize / append / finalize with status polling; alt text through `/2/media/metadata`) and
 * a media id's upload status.
 *
 * @module
 */

import type { MediaUploadStatus } from '@oauth1x/x';
import { MEDIA_CATEGORIES, MEDIA_TYPES } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { checkAltOption, checkCategoryOption, checkMediaFile, uploadWithProgress } from '../media-files.js';
import { reportApiError, xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x media upload FILE [--alt TEXT] [--category CATEGORY] [--type MIME] [--json] [options]
       oauth1x media status ID [--json] [options]

upload: uploads FILE (PNG, JPEG, GIF, WebP, MP4 or MOV are recognised from the content) with X API v2 as the
profile's user — one request for a small image, else the chunked upload, waiting while X processes a video
or GIF — and prints the media id on stdout (a progress bar on stderr on a terminal). Attach it with
'oauth1x request --json' or the X client; 'oauth1x tweet' uploads its media and posts in one go.
status: prints X's upload status of media ID (processing state, size, key, expiry).

Options:
  --alt TEXT              alt text, up to 1000 characters (set through POST /2/media/metadata)
  --category CATEGORY     X's media_category (default: chosen by X from the type), one of
                          ${MEDIA_CATEGORIES.slice(0, 4).join(', ')},
                          ${MEDIA_CATEGORIES.slice(4).join(', ')}
  --type MIME             the media type when the content does not tell it (text/srt for subtitles, ...):
                          one of X's, ${MEDIA_TYPES.slice(0, 3).join(', ')}, ...
  --json                  print the result as JSON
${CONNECTION_HELP}

Examples:
  oauth1x media upload cat.png --alt 'A black cat asleep on a keyboard'
  oauth1x media upload clip.mp4 --category amplify_video --profile alice
  oauth1x media upload captions.srt --type text/srt --category subtitles
  id=$(oauth1x media upload cat.png) && oauth1x media status "$id"
`;

const OPTIONS = {
  alt: { type: 'string' },
  category: { type: 'string' },
  type: { type: 'string' },
  json: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
} as const;

function describe(status: MediaUploadStatus): string {
  const info = status.processing_info;
  const lines = [`id: ${status.id}`];
  if (status.media_key !== undefined) lines.push(`key: ${status.media_key}`);
  if (info === undefined) lines.push('state: ready (no processing)');
  else {
    const details = [info.progress_percent === undefined ? '' : `${info.progress_percent}%`];
    if (info.check_after_secs !== undefined && (info.state === 'pending' || info.state === 'in_progress'))
      details.push(`check again in ${info.check_after_secs} s`);
    const shown = details.filter((d) => d !== '').join(', ');
    lines.push(`state: ${info.state ?? 'unknown'}${shown === '' ? '' : ` (${shown})`}`);
  }
  if (status.size !== undefined) lines.push(`size: ${status.size} bytes`);
  const type = status.image?.image_type ?? status.video?.video_type;
  if (type !== undefined) lines.push(`type: ${type}`);
  if (status.expires_after_secs !== undefined) lines.push(`expires in: ${status.expires_after_secs} s`);
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `oauth1x media`.
 *
 * @example
 * ```ts
 * await run(['upload', 'cat.png', '--alt', 'A cat'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [sub, ...rest] = positionals;
  if (sub !== 'upload' && sub !== 'status')
    throw new UsageError(sub === undefined ? 'expects upload FILE or status ID' : `unknown subcommand "${sub}" (upload or status)`);
  if (rest.length !== 1) throw new UsageError(sub === 'upload' ? 'upload expects one FILE' : 'status expects one media ID');
  const target = rest[0] as string;
  if (sub === 'status') {
    if (!/^\d{1,19}$/.test(target))
      throw new UsageError(`status expects a numeric media ID (1 to 19 digits), got "${target.slice(0, 40)}"`);
    for (const option of ['alt', 'category', 'type'] as const)
      if (values[option] !== undefined) throw new UsageError(`--${option} goes with upload, not status`);
    const { x } = await xClientFor(values, io);
    try {
      const { data } = await x.mediaStatus(target);
      io.stdout.write(values.json ? `${JSON.stringify({ data }, null, 2)}\n` : describe(data));
      return data.processing_info?.state === 'failed' ? 1 : 0;
    } catch (error) {
      return reportApiError(io, 'media', error);
    }
  }
  if (values.alt !== undefined) checkAltOption(values.alt, '--alt');
  if (values.category !== undefined) checkCategoryOption(values.category);
  if (values.type !== undefined && !(MEDIA_TYPES as readonly string[]).includes(values.type))
    throw new UsageError(`--type: X does not take media type "${values.type.slice(0, 40)}"; it takes ${MEDIA_TYPES.join(', ')}`);
  const size = await checkMediaFile(target, 'upload');
  const { x } = await xClientFor(values, io);
  try {
    const media = await uploadWithProgress(x, target, size, io, {
      altText: values.alt,
      mediaCategory: values.category,
      mediaType: values.type,
    });
    if (values.json) io.stdout.write(`${JSON.stringify(media, null, 2)}\n`);
    else {
      const alt = media.altText === undefined ? '' : ', with alt text';
      io.stderr.write(`uploaded ${target} (${media.size} bytes, ${media.mediaType}${alt}) as media ${media.mediaId}\n`);
      io.stdout.write(`${media.mediaId}\n`);
    }
    return 0;
  } catch (error) {
    return reportApiError(io, 'media', error);
  }
}
