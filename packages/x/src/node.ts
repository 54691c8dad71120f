/**
 * `@oauth1x/x/node`: the Node-only part of the X client, kept out of the main entry so that entry bundles for
 * browsers and Workers without `node:` imports. Reads media files from disk for `XClient.uploadMedia`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { OAuthError } from 'oauth1x';

/**
 * Reads the file at `path` for `XClient.uploadMedia` / `uploadMedia`: a `File` named `path` holding its bytes (the
 * media type is sniffed from them, or given as `mediaType`; messages name the file). Throws `ERR_INVALID_ARGUMENT`
 * naming the path when the file cannot be read.
 *
 * @example
 * ```ts
 * import { XClient } from '@oauth1x/x';
 * import { readMediaFile } from '@oauth1x/x/node';
 * const media = await x.uploadMedia(await readMediaFile('./cat.png'), { altText: 'A cat' });
 * ```
 */
export async function readMediaFile(path: string): Promise<File> {
  if (typeof path !== 'string' || path === '') throw new OAuthError('ERR_INVALID_ARGUMENT', 'media file path must be a non-empty string');
  try {
    return new File([await readFile(path)], path);
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_ARGUMENT', `cannot read media file ${path}`, { cause });
  }
}
