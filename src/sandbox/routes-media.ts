/**
 * Media upload, v1.1 (`upload.x.com/1.1/media/upload.json`: simple, and chunked INIT / APPEND / FINALIZE /
 * STATUS) and v2 (`/2/media/upload` simple, `initialize`, `:id/append`, `:id/finalize`, STATUS). Multipart
 * bodies are not part of the OAuth signature, as on X.
 *
 * @module
 */

import { sniffMediaType } from '../x/media-upload.js';
import type { RouteSpec } from './api.js';
import { type ApiCall, apiRoute } from './api.js';
import type { SandboxContext } from './context.js';
import { MediaError, type MediaRecord, mediaKey } from './media.js';
import { jsonResponse, v1Error, v2InvalidRequest, v2Problem, valueText } from './x-errors.js';
import { type XJsonValue, xInteger } from './x-json.js';

const MAX_UPLOAD_BODY = 8 * 1024 * 1024;

/** A field from the multipart body, the JSON body, or the query / form parameters. */
function field(call: ApiCall, name: string): string | undefined {
  const value = call.form?.part(name);
  if (value !== undefined && value.filename === null) return new TextDecoder().decode(value.data);
  const json = call.json as Record<string, unknown> | undefined;
  if (json && typeof json === 'object' && json[name] !== undefined && json[name] !== null) return valueText(json[name]);
  return call.params.get(name);
}

/** The uploaded bytes: a `media` file part or base64 `media_data`. */
function mediaBytes(call: ApiCall): Uint8Array | null {
  const file = call.form?.bytes('media');
  if (file !== undefined) return file;
  const data = field(call, 'media_data');
  if (data === undefined) return null;
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(data)) return null;
  return new Uint8Array(Buffer.from(data, 'base64'));
}

function expiresAfter(call: ApiCall, media: MediaRecord): number {
  return Math.max(0, Math.floor((media.expiresAt - call.ctx.now()) / 1000));
}

function processing(media: MediaRecord): Record<string, XJsonValue> | undefined {
  if (media.state === 'pending') return { processing_info: { state: 'pending', check_after_secs: 1 } };
  if (media.mediaType.startsWith('image/') && media.mediaCategory !== 'tweet_gif') return undefined;
  return { processing_info: { state: 'succeeded', progress_percent: 100 } };
}

function v1Media(call: ApiCall, media: MediaRecord): Record<string, XJsonValue> {
  const out: Record<string, XJsonValue> = {
    media_id: xInteger(media.id),
    media_id_string: media.id,
    media_key: mediaKey(media),
    size: media.totalBytes,
    expires_after_secs: expiresAfter(call, media),
  };
  if (media.mediaType.startsWith('image/')) out.image = { image_type: media.mediaType, w: media.width ?? 0, h: media.height ?? 0 };
  else out.video = { video_type: media.mediaType };
  return { ...out, ...processing(media) };
}

function v2Media(call: ApiCall, media: MediaRecord): Record<string, XJsonValue> {
  return {
    id: media.id,
    media_key: mediaKey(media),
    size: media.totalBytes,
    expires_after_secs: expiresAfter(call, media),
    ...processing(media),
  };
}

function mediaFailure(error: unknown, style: 'v1' | 'v2'): Response {
  if (!(error instanceof MediaError)) throw error;
  if (style === 'v2') return error.kind === 'not_found' ? v2Problem(404, error.message) : v2Problem(400, error.message);
  return error.kind === 'not_found'
    ? v1Error(324, 'Invalid media_id.')
    : jsonResponse({ errors: [{ code: 324, message: error.message }] }, 400);
}

function init(call: ApiCall): MediaRecord {
  const total = Number(field(call, 'total_bytes'));
  const type = field(call, 'media_type');
  if (type === undefined) throw new MediaError('bad_request', 'media_type is required');
  return call.ctx.media.init(call.user.id, type, total, field(call, 'media_category'));
}

async function append(call: ApiCall, id: string): Promise<void> {
  const bytes = mediaBytes(call);
  if (bytes === null) throw new MediaError('bad_request', 'media or media_data is required');
  call.ctx.media.append(call.user.id, id, Number(field(call, 'segment_index') ?? '0'), bytes);
}

async function simple(call: ApiCall): Promise<MediaRecord> {
  const bytes = mediaBytes(call);
  if (bytes === null) throw new MediaError('bad_request', 'media or media_data is required');
  const part = call.form?.part('media');
  const declared =
    field(call, 'media_type') ?? (part?.contentType && part.contentType !== 'application/octet-stream' ? part.contentType : undefined);
  const type = declared ?? sniffMediaType(bytes);
  if (type === undefined) throw new MediaError('bad_request', 'The media type is not recognised: send media_type');
  return call.ctx.media.upload(call.user.id, type, bytes, field(call, 'media_category'));
}

async function v1Upload(call: ApiCall): Promise<Response> {
  const command = field(call, 'command');
  const id = field(call, 'media_id') ?? '';
  try {
    switch (command) {
      case undefined:
        return jsonResponse(v1Media(call, await simple(call)));
      case 'INIT': {
        const media = init(call);
        return jsonResponse(
          {
            media_id: xInteger(media.id),
            media_id_string: media.id,
            media_key: mediaKey(media),
            expires_after_secs: expiresAfter(call, media),
          },
          202,
        );
      }
      case 'APPEND':
        await append(call, id);
        return new Response(null, { status: 204 });
      case 'FINALIZE':
        return jsonResponse(v1Media(call, call.ctx.media.finalize(call.user.id, id)), 201);
      case 'STATUS':
        return jsonResponse(v1Media(call, call.ctx.media.status(call.user.id, id)));
      default:
        return jsonResponse({ errors: [{ code: 38, message: 'command parameter is invalid.' }] }, 400);
    }
  } catch (error) {
    return mediaFailure(error, 'v1');
  }
}

function v2Handler(run: (call: ApiCall) => Promise<Response> | Response) {
  return async (call: ApiCall): Promise<Response> => {
    try {
      return await run(call);
    } catch (error) {
      return mediaFailure(error, 'v2');
    }
  };
}

async function v2Upload(call: ApiCall): Promise<Response> {
  const command = field(call, 'command');
  const id = field(call, 'media_id') ?? '';
  if (command === undefined) return jsonResponse({ data: v2Media(call, await simple(call)) });
  if (command === 'INIT') return jsonResponse({ data: v2Media(call, init(call)) });
  if (command === 'APPEND') {
    await append(call, id);
    return new Response(null, { status: 204 });
  }
  if (command === 'FINALIZE') return jsonResponse({ data: v2Media(call, call.ctx.media.finalize(call.user.id, id)) });
  if (command === 'STATUS') return jsonResponse({ data: v2Media(call, call.ctx.media.status(call.user.id, id)) });
  return v2InvalidRequest('command', command, `The \`command\` parameter value [${command}] is not valid`);
}

/**
 * The media routes.
 *
 * @example
 * ```ts
 * const routes = mediaRoutes(ctx);
 * ```
 */
export function mediaRoutes(ctx: SandboxContext): RouteSpec[] {
  const options = { maxBody: MAX_UPLOAD_BODY };
  const v1 = apiRoute(ctx, 'v1', 'POST /1.1/media/upload', v1Upload, options);
  const v1Status = apiRoute(ctx, 'v1', 'GET /1.1/media/upload', v1Upload);
  const v2 = (endpoint: string, run: (call: ApiCall) => Promise<Response> | Response) =>
    apiRoute(ctx, 'v2', endpoint, v2Handler(run), options);
  return [
    { method: 'POST', path: '/1.1/media/upload.json', handler: v1 },
    { method: 'GET', path: '/1.1/media/upload.json', handler: v1Status },
    { method: 'POST', path: '/2/media/upload', handler: v2('POST /2/media/upload', v2Upload) },
    { method: 'GET', path: '/2/media/upload', handler: v2('GET /2/media/upload', v2Upload) },
    {
      method: 'POST',
      path: '/2/media/upload/initialize',
      handler: v2('POST /2/media/upload', (call) => jsonResponse({ data: v2Media(call, init(call)) })),
    },
    {
      method: 'POST',
      path: '/2/media/upload/:id/append',
      handler: v2('POST /2/media/upload', async (call) => {
        await append(call, call.path.id ?? '');
        const media = call.ctx.media.owned(call.user.id, call.path.id ?? '');
        return jsonResponse({ data: { expires_at: Math.floor(media.expiresAt / 1000) } });
      }),
    },
    {
      method: 'POST',
      path: '/2/media/upload/:id/finalize',
      handler: v2('POST /2/media/upload', (call) =>
        jsonResponse({ data: v2Media(call, call.ctx.media.finalize(call.user.id, call.path.id ?? '')) }),
      ),
    },
  ];
}
