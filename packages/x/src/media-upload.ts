/**
 * X API v2 media upload on the API origin (`api.x.com`, OAuth 1.0a user context), as X's OpenAPI document
 * defines it: `POST /2/media/upload/initialize` (JSON), `POST /2/media/upload/{id}/append` per segment
 * (multipart `media` + `segment_index`, or JSON with base64 `media`), `POST /2/media/upload/{id}/finalize`,
 * then `GET /2/media/upload?media_id=…&command=STATUS` while X processes a video or GIF
 * (`processing_info.check_after_secs`); the one-shot `POST /2/media/upload` for a small image; alt text
 * through `POST /2/media/metadata`. The retired v1.1 `upload.x.com/1.1/media/upload.json` is not used
 * (it stays reachable through `XClient.request` with `{ upload: true }`).
 *
 * @module
 */

import { OAuthError, type WebBodyInit } from 'oauth1x';
import {
  checkAltText,
  checkMediaCategory,
  checkMediaId,
  MAX_SEGMENTS,
  MEDIA_TYPES,
  type MediaInput,
  ONE_SHOT_CATEGORIES,
  readMediaInput,
  sniffMediaType,
  toBase64,
} from './media-input.js';
import type { MediaUploadStatus, UploadedMedia, UploadMediaOptions, XResponse } from './types.js';

export { type MediaInput, sniffMediaType } from './media-input.js';

/** The one call the upload needs: a request to an API path (see `XClient.request`). */
export type MediaSend = (
  method: 'GET' | 'POST',
  path: string,
  options: { query?: Record<string, string>; json?: unknown; body?: WebBodyInit; signal?: AbortSignal | undefined },
) => Promise<XResponse<unknown>>;

const DEFAULT_CHUNK = 1024 * 1024;
const MAX_CHUNK = 5 * 1024 * 1024;
const IN_PROCESS = new Set(['pending', 'in_progress']);

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

type ProcessingInfo = NonNullable<MediaUploadStatus['processing_info']>;

/** The category a one-shot upload names (`media_category` is required there): from the type. */
function oneShotCategory(mediaType: string): string {
  if (mediaType === 'image/gif') return 'tweet_gif';
  if (mediaType.startsWith('image/')) return 'tweet_image';
  if (mediaType.startsWith('text/')) return 'subtitles';
  return 'tweet_video';
}

/** Everything checked before the first request, so a mistake costs no call. */
/** The name of a `File` input (what `readMediaFile` gives), for messages. */
function fileName(input: MediaInput): string | undefined {
  return typeof File === 'function' && input instanceof File && input.name !== '' ? input.name : undefined;
}

async function prepare(input: MediaInput, options: UploadMediaOptions) {
  const { bytes, type } = await readMediaInput(input);
  if (bytes.byteLength === 0) throw new OAuthError('ERR_INVALID_ARGUMENT', 'media is empty');
  const known = (t: string | undefined) => (t !== undefined && (MEDIA_TYPES as readonly string[]).includes(t) ? t : undefined);
  if (options.mediaType !== undefined && known(options.mediaType) === undefined)
    throw new OAuthError('ERR_INVALID_ARGUMENT', `X does not take media type ${options.mediaType}; it takes ${MEDIA_TYPES.join(', ')}`);
  const mediaType = options.mediaType ?? known(type) ?? known(sniffMediaType(bytes));
  if (mediaType === undefined) {
    throw new OAuthError(
      'ERR_INVALID_ARGUMENT',
      `cannot tell the media type from the content${fileName(input) !== undefined ? ` of ${fileName(input)}` : ''} (PNG, JPEG, GIF, WebP, MP4 and MOV are recognised); give mediaType for another X media type`,
    );
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK)
    throw new OAuthError('ERR_INVALID_ARGUMENT', `chunkSize must be an integer from 1 to ${MAX_CHUNK}`);
  if (options.mediaCategory !== undefined) checkMediaCategory(options.mediaCategory);
  if (options.altText !== undefined) checkAltText(options.altText);
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'chunked' && mode !== 'one-shot')
    throw new OAuthError('ERR_INVALID_ARGUMENT', `mode must be auto, chunked or one-shot, got ${String(mode)}`);
  const encoding = options.encoding ?? 'multipart';
  if (encoding !== 'multipart' && encoding !== 'base64')
    throw new OAuthError('ERR_INVALID_ARGUMENT', `encoding must be multipart or base64, got ${String(encoding)}`);
  const category = options.mediaCategory;
  const smallImage =
    mediaType.startsWith('image/') &&
    mediaType !== 'image/gif' &&
    bytes.byteLength <= chunkSize &&
    (category === undefined || category === 'tweet_image' || category === 'dm_image');
  const oneShot = mode === 'one-shot' || (mode === 'auto' && smallImage);
  if (oneShot && category !== undefined && !ONE_SHOT_CATEGORIES.includes(category))
    throw new OAuthError('ERR_INVALID_ARGUMENT', `the one-shot upload does not take media category ${category}; use mode 'chunked'`);
  const segments = Math.ceil(bytes.byteLength / chunkSize);
  if (!oneShot && segments > MAX_SEGMENTS)
    throw new OAuthError(
      'ERR_INVALID_ARGUMENT',
      `${segments} segments of ${chunkSize} bytes; X takes at most ${MAX_SEGMENTS}: raise chunkSize`,
    );
  return { bytes, mediaType, chunkSize, oneShot, encoding };
}

/** The body of an append or one-shot request: multipart with a `media` file part, or JSON with base64. */
function mediaBody(
  bytes: Uint8Array,
  mediaType: string,
  encoding: 'multipart' | 'base64',
  fields: Record<string, string | number>,
): { json?: unknown; body?: WebBodyInit } {
  if (encoding === 'base64') return { json: { media: toBase64(bytes), ...fields } };
  const form = new FormData();
  form.append('media', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType }), 'media');
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  return { body: form };
}

/**
 * Uploads media through `send` (see {@link MediaSend}); used by `XClient.uploadMedia`. Polls STATUS at
 * most once a second, and gives up after `maxProcessingMs`.
 *
 * @example
 * ```ts
 * const media = await uploadMedia((method, path, o) => x.request(method, path, o), bytes, { altText: 'A cat' });
 * ```
 */
export async function uploadMedia(
  send: MediaSend,
  input: MediaInput,
  options: UploadMediaOptions = {},
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<UploadedMedia> {
  const { bytes, mediaType, chunkSize, oneShot, encoding } = await prepare(input, options);
  const { signal, onProgress: progress } = options;
  const total = bytes.byteLength;
  progress?.({ phase: 'upload', bytesSent: 0, totalBytes: total, percent: 0 });
  let last: XResponse<unknown>;
  let mediaId: string;
  let initKey: unknown;
  if (oneShot) {
    const fields = { media_category: options.mediaCategory ?? oneShotCategory(mediaType) };
    last = await send('POST', '/2/media/upload', { ...mediaBody(bytes, mediaType, encoding, fields), signal });
    mediaId = String(field(last.data, 'id') ?? '');
    progress?.({ phase: 'upload', bytesSent: total, totalBytes: total, percent: 100 });
  } else {
    const init: Record<string, unknown> = { media_type: mediaType, total_bytes: total };
    if (options.mediaCategory !== undefined) init.media_category = options.mediaCategory;
    const started = await send('POST', '/2/media/upload/initialize', { json: init, signal });
    mediaId = String(field(started.data, 'id') ?? '');
    initKey = field(started.data, 'media_key');
    if (!/^[0-9]{1,19}$/.test(mediaId)) throw new OAuthError('ERR_INVALID_RESPONSE', 'initialize answered without a media id');
    const path = `/2/media/upload/${mediaId}`;
    for (let offset = 0, index = 0; offset < total; offset += chunkSize, index++) {
      const chunk = bytes.subarray(offset, offset + chunkSize);
      await send('POST', `${path}/append`, { ...mediaBody(chunk, 'application/octet-stream', encoding, { segment_index: index }), signal });
      const sent = Math.min(total, offset + chunkSize);
      progress?.({ phase: 'upload', bytesSent: sent, totalBytes: total, percent: Math.floor((sent / total) * 100) });
    }
    last = await send('POST', `${path}/finalize`, { signal });
  }
  if (!/^[0-9]{1,19}$/.test(mediaId)) throw new OAuthError('ERR_INVALID_RESPONSE', 'X answered the upload without a media id');
  let info = field(last.data, 'processing_info') as ProcessingInfo | undefined;
  const maxMs = options.maxProcessingMs ?? 10 * 60 * 1000;
  const started = Date.now();
  // Time spent counts as the longer of the clock and the waits asked for: a sleep that returns early (a
  // test's fake timer, a custom `sleep`) must not turn the deadline into an endless loop of status calls.
  let waited = 0;
  while (info !== undefined && IN_PROCESS.has(info.state ?? '')) {
    progress?.({ phase: 'processing', bytesSent: total, totalBytes: total, percent: info.progress_percent ?? 0 });
    // At least a second between STATUS calls: a check_after_secs of 0 (or not a number) must not become a busy loop.
    const seconds = Number(info.check_after_secs);
    const waitMs = (Number.isFinite(seconds) && seconds > 1 ? seconds : 1) * 1000;
    if (Math.max(Date.now() - started, waited) + waitMs > maxMs)
      throw new OAuthError('ERR_TIMEOUT', `media ${mediaId} still processing after ${maxMs} ms`);
    await sleep(waitMs, signal);
    waited += waitMs;
    last = await mediaStatus(send, mediaId, signal);
    info = field(last.data, 'processing_info') as ProcessingInfo | undefined;
  }
  if (info?.state === 'failed') {
    const error = field(info, 'error') as { message?: string; name?: string } | undefined;
    throw new OAuthError('ERR_MEDIA_PROCESSING', `media ${mediaId} failed processing: ${error?.message ?? error?.name ?? 'unknown error'}`);
  }
  if (info !== undefined) progress?.({ phase: 'processing', bytesSent: total, totalBytes: total, percent: 100 });
  if (options.altText !== undefined) last = { ...(await setAltText(send, mediaId, options.altText, signal)), data: last.data };
  const mediaKey = field(last.data, 'media_key') ?? initKey;
  const expires = field(last.data, 'expires_after_secs');
  return {
    mediaId,
    mediaKey: typeof mediaKey === 'string' ? mediaKey : undefined,
    size: total,
    mediaType,
    processingInfo: info === undefined ? undefined : { state: info.state ?? 'succeeded', progress_percent: info.progress_percent },
    expiresAfterSecs: typeof expires === 'number' ? expires : undefined,
    altText: options.altText,
    rateLimit: last.rateLimit,
  };
}

/**
 * X's upload status of a media id (`GET /2/media/upload?media_id=…&command=STATUS`).
 *
 * @example
 * ```ts
 * const { data } = await mediaStatus((method, path, o) => x.request(method, path, o), '1880028106020515840');
 * ```
 */
export async function mediaStatus(send: MediaSend, mediaId: string, signal?: AbortSignal): Promise<XResponse<MediaUploadStatus>> {
  checkMediaId(mediaId);
  return send('GET', '/2/media/upload', { query: { media_id: mediaId, command: 'STATUS' }, signal }) as Promise<
    XResponse<MediaUploadStatus>
  >;
}

/**
 * Sets a media's alt text (`POST /2/media/metadata` with `metadata.alt_text.text`).
 *
 * @example
 * ```ts
 * await setAltText((method, path, o) => x.request(method, path, o), media.mediaId, 'A black cat');
 * ```
 */
export async function setAltText(
  send: MediaSend,
  mediaId: string,
  text: string,
  signal?: AbortSignal,
): Promise<XResponse<{ id: string; associated_metadata?: Record<string, unknown> }>> {
  checkMediaId(mediaId);
  checkAltText(text);
  return send('POST', '/2/media/metadata', { json: { id: mediaId, metadata: { alt_text: { text } } }, signal }) as Promise<
    XResponse<{ id: string; associated_metadata?: Record<string, unknown> }>
  >;
}
