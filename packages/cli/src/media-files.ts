/**
 * What `oauth1x tweet --media` and `oauth1x media upload` share: checking a media file, its alt text and
 * category before any profile is read or request sent (a mistake is a {@link UsageError}: one line, exit 2),
 * and uploading it with a progress bar on a terminal.
 *
 * @module
 */

import type { UploadedMedia, UploadMediaOptions, XClient } from '@oauth1x/x';
import { checkAltText, checkMediaCategory } from '@oauth1x/x';
import { readMediaFile } from '@oauth1x/x/node';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';

/**
 * Checks that `file` is a readable regular file and returns its size.
 *
 * @example
 * ```ts
 * const size = await checkMediaFile('cat.png', '--media');
 * ```
 */
export async function checkMediaFile(file: string, option: string): Promise<number> {
  const { open } = await import('node:fs/promises');
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new UsageError(`${option} ${file} is a directory, not a file`);
    if (!stats.isFile()) throw new UsageError(`${option} ${file} is not a regular file`);
    if (stats.size === 0) throw new UsageError(`${option} ${file} is empty`);
    return stats.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'EISDIR') throw new UsageError(`${option} ${file} is a directory, not a file`);
    throw new UsageError(`cannot read ${option} ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  } finally {
    await handle?.close();
  }
}

/**
 * Checks alt text given with `option` (not blank, at most X's 1000 characters).
 *
 * @example
 * ```ts
 * checkAltOption('A cat', '--alt');
 * ```
 */
export function checkAltOption(text: string, option: string): void {
  try {
    checkAltText(text);
  } catch (error) {
    throw new UsageError(`${option}: ${(error as Error).message}`);
  }
}

/**
 * Checks a `--category` value against X's media categories.
 *
 * @example
 * ```ts
 * checkCategoryOption('tweet_video');
 * ```
 */
export function checkCategoryOption(category: string): void {
  try {
    checkMediaCategory(category);
  } catch (error) {
    throw new UsageError(`--category: ${(error as Error).message}`);
  }
}

/**
 * Uploads `file` with `x.uploadMedia`: a cli-progress bar on stderr when it is a terminal, else one line
 * when X starts processing.
 *
 * @example
 * ```ts
 * const media = await uploadWithProgress(x, 'cat.png', size, io, { altText: 'A cat' });
 * ```
 */
export async function uploadWithProgress(
  x: XClient,
  file: string,
  size: number,
  io: CliIo,
  options: UploadMediaOptions = {},
): Promise<UploadedMedia> {
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
  try {
    return await x.uploadMedia(await readMediaFile(file), {
      ...options,
      onProgress: (p) => {
        if (p.phase === 'upload') bar?.update(p.bytesSent);
        else if (!processing) {
          processing = true;
          if (!useBar) io.stderr.write(`${file}: processing…\n`);
        }
      },
    });
  } finally {
    bar?.stop();
  }
}
