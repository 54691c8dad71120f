/**
 * What X API v2 media upload takes, as X's OpenAPI document (v2.167) defines it: the media types and
 * categories of `InitializeMediaUploadRequest`, the categories of the one-shot `MediaUploadRequest`, the
 * 1000-character alt text of `CreateMediaMetadataMetadataAltText`, media ids (`^[0-9]{1,19}$`), segment
 * indexes 0–999; and reading the caller's input (bytes or a `Blob`) with its type. Files on disk: `readMediaFile` in
 * `@oauth1x/x/node` (this module stays free of Node APIs, so the main entry bundles for browsers and Workers).
 *
 * @module
 */
import { OAuthError } from 'oauth1x';

/** Media to upload: bytes or a `Blob` (a file on disk: `readMediaFile` from `@oauth1x/x/node`). */
export type MediaInput = Uint8Array | ArrayBuffer | Blob;

/**
 * Every `media_category` X's chunked initialize accepts (`InitializeMediaUploadRequest.media_category`).
 *
 * @example
 * ```ts
 * MEDIA_CATEGORIES.includes('tweet_video'); // true
 * ```
 */
export const MEDIA_CATEGORIES = [
  'amplify_video',
  'tweet_gif',
  'tweet_image',
  'tweet_video',
  'dm_gif',
  'dm_image',
  'dm_video',
  'subtitles',
] as const;

/** One of {@link MEDIA_CATEGORIES}. */
export type MediaCategory = (typeof MEDIA_CATEGORIES)[number];

/** The categories the one-shot `POST /2/media/upload` accepts (`MediaUploadRequest`: no `amplify_video`). */
export const ONE_SHOT_CATEGORIES: readonly string[] = MEDIA_CATEGORIES.filter((c) => c !== 'amplify_video');

/**
 * Every `media_type` X's chunked initialize accepts (`InitializeMediaUploadRequest.media_type`).
 *
 * @example
 * ```ts
 * MEDIA_TYPES.includes('image/png'); // true
 * ```
 */
export const MEDIA_TYPES = [
  'video/mp4',
  'video/webm',
  'video/mp2t',
  'video/quicktime',
  'text/srt',
  'text/vtt',
  'image/jpeg',
  'image/gif',
  'image/bmp',
  'image/png',
  'image/webp',
  'image/pjpeg',
  'image/tiff',
  'model/gltf-binary',
  'model/vnd.usdz+zip',
] as const;

/** The longest alt text X stores, in characters (`CreateMediaMetadataMetadataAltText.text.maxLength`). */
export const ALT_TEXT_MAX = 1000;

/** Append `segment_index` runs from 0 to 999 (`AppendMediaUploadRequest`): at most 1000 segments. */
export const MAX_SEGMENTS = 1000;

/**
 * Guesses a MIME type from the first bytes: PNG, JPEG, GIF, WebP, MP4/MOV; `undefined` otherwise.
 *
 * @example
 * ```ts
 * sniffMediaType(new Uint8Array([0x89, 0x50, 0x4e, 0x47])); // 'image/png'
 * ```
 */
export function sniffMediaType(bytes: Uint8Array): string | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (at(0) === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp') return ascii(8, 10) === 'qt' ? 'video/quicktime' : 'video/mp4';
  return undefined;
}

/**
 * Reads `input` into bytes; a `Blob` also gives its type.
 *
 * @example
 * ```ts
 * const { bytes, type } = await readMediaInput(new Blob([png], { type: 'image/png' }));
 * ```
 */
export async function readMediaInput(input: MediaInput): Promise<{ bytes: Uint8Array; type?: string | undefined }> {
  if (typeof input === 'string') {
    throw new OAuthError('ERR_INVALID_ARGUMENT', "media must be bytes or a Blob; for a file path use readMediaFile from '@oauth1x/x/node'");
  }
  if (input instanceof Uint8Array) return { bytes: input };
  if (input instanceof ArrayBuffer) return { bytes: new Uint8Array(input) };
  if (typeof Blob === 'function' && input instanceof Blob)
    return { bytes: new Uint8Array(await input.arrayBuffer()), type: input.type || undefined };
  throw new OAuthError('ERR_INVALID_ARGUMENT', 'media must be bytes or a Blob');
}

/**
 * Throws `ERR_INVALID_ARGUMENT` unless `id` is a media id as X writes them (1–19 digits).
 *
 * @example
 * ```ts
 * checkMediaId('1880028106020515840');
 * ```
 */
export function checkMediaId(id: string): void {
  if (typeof id !== 'string' || !/^[0-9]{1,19}$/.test(id))
    throw new OAuthError('ERR_INVALID_ARGUMENT', `a media id is 1 to 19 digits, got ${JSON.stringify(String(id)).slice(0, 40)}`);
}

/**
 * Throws `ERR_INVALID_ARGUMENT` unless `text` is alt text X takes: not blank, at most {@link ALT_TEXT_MAX}
 * characters (counted as Unicode code points, as JSON Schema's `maxLength` counts them).
 *
 * @example
 * ```ts
 * checkAltText('A black cat asleep on a keyboard');
 * ```
 */
export function checkAltText(text: string): void {
  if (typeof text !== 'string' || text.trim() === '') throw new OAuthError('ERR_INVALID_ARGUMENT', 'alt text is empty');
  const length = [...text].length;
  if (length > ALT_TEXT_MAX)
    throw new OAuthError('ERR_INVALID_ARGUMENT', `alt text is ${length} characters; X takes at most ${ALT_TEXT_MAX}`);
}

/**
 * Throws `ERR_INVALID_ARGUMENT` unless `category` is one of {@link MEDIA_CATEGORIES}.
 *
 * @example
 * ```ts
 * checkMediaCategory('tweet_image');
 * ```
 */
export function checkMediaCategory(category: string): asserts category is MediaCategory {
  if (!(MEDIA_CATEGORIES as readonly string[]).includes(category))
    throw new OAuthError(
      'ERR_INVALID_ARGUMENT',
      `unknown media category ${JSON.stringify(category).slice(0, 40)}; X takes ${MEDIA_CATEGORIES.join(', ')}`,
    );
}

/**
 * Base64 of `bytes` (Web APIs only), for the JSON forms of append and one-shot upload.
 *
 * @example
 * ```ts
 * toBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
