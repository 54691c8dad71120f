/**
 * X's chunked media upload (`/1.1/media/upload.json`): INIT, APPEND segments as multipart, FINALIZE, then
 * STATUS polling while X processes videos and GIFs (`processing_info.check_after_secs`).
 *
 * @module
 */
import { OAuthError } from '../core/errors.js';
import type { UploadedMedia, UploadMediaOptions, XResponse } from './types.js';

/** Media to upload: bytes, a `Blob`, or a file path (Node only). */
export type MediaInput = Uint8Array | ArrayBuffer | Blob | string;

/** The one call the upload needs: a request to the media endpoint. */
export type MediaSend = (
  method: 'GET' | 'POST',
  options: { query?: Record<string, string>; form?: Record<string, string>; body?: BodyInit; signal?: AbortSignal | undefined },
) => Promise<XResponse<unknown>>;

const DEFAULT_CHUNK = 1024 * 1024;
const MAX_CHUNK = 5 * 1024 * 1024;

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

async function toBytes(input: MediaInput): Promise<{ bytes: Uint8Array; type?: string | undefined }> {
  if (typeof input === 'string') {
    const { readFile } = await import('node:fs/promises');
    try {
      return { bytes: new Uint8Array(await readFile(input)) };
    } catch (cause) {
      throw new OAuthError('ERR_INVALID_ARGUMENT', `cannot read media file ${input}`, { cause });
    }
  }
  if (input instanceof Uint8Array) return { bytes: input };
  if (input instanceof ArrayBuffer) return { bytes: new Uint8Array(input) };
  if (typeof Blob === 'function' && input instanceof Blob)
    return { bytes: new Uint8Array(await input.arrayBuffer()), type: input.type || undefined };
  throw new OAuthError('ERR_INVALID_ARGUMENT', 'media must be bytes, a Blob or a file path');
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

interface ProcessingInfo {
  state: string;
  check_after_secs?: number;
  progress_percent?: number;
  error?: { message?: string; name?: string };
}

/**
 * Uploads media through `send` (see {@link MediaSend}); used by `XClient.uploadMedia`.
 *
 * @example
 * ```ts
 * const media = await uploadMedia((method, o) => x.request(method, '/1.1/media/upload.json', { ...o, upload: true }), bytes);
 * ```
 */
export async function uploadMedia(
  send: MediaSend,
  input: MediaInput,
  options: UploadMediaOptions = {},
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<UploadedMedia> {
  const { bytes, type } = await toBytes(input);
  if (bytes.byteLength === 0) throw new OAuthError('ERR_INVALID_ARGUMENT', 'media is empty');
  const mediaType = options.mediaType ?? type ?? sniffMediaType(bytes);
  if (mediaType === undefined) {
    throw new OAuthError(
      'ERR_INVALID_ARGUMENT',
      `cannot tell the media type from the content${typeof input === 'string' ? ` of ${input}` : ''} (PNG, JPEG, GIF, WebP, MP4 and MOV are recognised); give mediaType for another X media type`,
    );
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK) {
    throw new OAuthError('ERR_INVALID_ARGUMENT', `chunkSize must be an integer from 1 to ${MAX_CHUNK}`);
  }
  const signal = options.signal;
  const total = bytes.byteLength;
  const progress = options.onProgress;
  const init: Record<string, string> = { command: 'INIT', total_bytes: String(total), media_type: mediaType };
  if (options.mediaCategory !== undefined) init.media_category = options.mediaCategory;
  const started = await send('POST', { form: init, signal });
  const mediaId = field(started.data, 'media_id_string') ?? String(field(started.data, 'media_id') ?? '');
  if (typeof mediaId !== 'string' || mediaId === '') throw new OAuthError('ERR_INVALID_RESPONSE', 'INIT answered without media_id_string');
  progress?.({ phase: 'upload', bytesSent: 0, totalBytes: total, percent: 0 });
  for (let offset = 0, index = 0; offset < total; offset += chunkSize, index++) {
    const form = new FormData();
    form.append('command', 'APPEND');
    form.append('media_id', mediaId);
    form.append('segment_index', String(index));
    form.append('media', new Blob([bytes.slice(offset, offset + chunkSize)], { type: 'application/octet-stream' }), 'blob');
    await send('POST', { body: form, signal });
    const sent = Math.min(total, offset + chunkSize);
    progress?.({ phase: 'upload', bytesSent: sent, totalBytes: total, percent: Math.floor((sent / total) * 100) });
  }
  let last = await send('POST', { form: { command: 'FINALIZE', media_id: mediaId }, signal });
  let info = field(last.data, 'processing_info') as ProcessingInfo | undefined;
  const deadline = Date.now() + (options.maxProcessingMs ?? 10 * 60 * 1000);
  while (info !== undefined && (info.state === 'pending' || info.state === 'in_progress')) {
    progress?.({ phase: 'processing', bytesSent: total, totalBytes: total, percent: info.progress_percent ?? 0 });
    // At least a second between STATUS calls: a check_after_secs of 0 (or not a number) must not become a busy loop.
    const seconds = Number(info.check_after_secs);
    const waitMs = (Number.isFinite(seconds) && seconds > 1 ? seconds : 1) * 1000;
    if (Date.now() + waitMs > deadline)
      throw new OAuthError('ERR_TIMEOUT', `media ${mediaId} still processing after ${options.maxProcessingMs ?? 600000} ms`);
    await sleep(waitMs, signal);
    last = await send('GET', { query: { command: 'STATUS', media_id: mediaId }, signal });
    info = field(last.data, 'processing_info') as ProcessingInfo | undefined;
  }
  if (info?.state === 'failed') {
    throw new OAuthError(
      'ERR_MEDIA_PROCESSING',
      `media ${mediaId} failed processing: ${info.error?.message ?? info.error?.name ?? 'unknown error'}`,
    );
  }
  if (info !== undefined) progress?.({ phase: 'processing', bytesSent: total, totalBytes: total, percent: 100 });
  const mediaKey = field(last.data, 'media_key') ?? field(started.data, 'media_key');
  return {
    mediaId,
    mediaKey: typeof mediaKey === 'string' ? mediaKey : undefined,
    size: total,
    mediaType,
    processingInfo: info === undefined ? undefined : { state: info.state, progress_percent: info.progress_percent },
    rateLimit: last.rateLimit,
  };
}
