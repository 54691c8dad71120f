/**
 * Media upload, v1.1 (`upload.x.com/1.1/media/upload.json`: simple, and chunked INIT / APPEND / FINALIZE /
 * STATUS) and v2 as X's OpenAPI document has it: `POST /2/media/upload/initialize` (JSON),
 * `/2/media/upload/{id}/append` (multipart, or JSON with base64 `media`), `/{id}/finalize`,
 * `GET /2/media/upload?media_id=` (`command=STATUS` optional), one-shot `POST /2/media/upload` and alt text at
 * `POST /2/media/metadata`; each checked against the spec first. Multipart bodies are not part of the OAuth
 * signature, as on X.
 *
 * @module
 */

import type { RouteSpec } from './api.js';
import { type ApiCall, apiRoute } from './api.js';
import type { SandboxContext } from './context.js';
import { MediaError, type MediaRecord, mediaKey } from './media.js';
import { jsonResponse, v1Error, v2InvalidRequest, valueText } from './x-errors.js';
import { type XJsonValue, xInteger } from './x-json.js';
import { specOperation, withSpec } from './x-spec.js';

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

/**
 * A v2 media mistake as the problem X's document gives these operations (their `default` answer is a
 * `Problem`, whose types are X's problem URIs, not `about:blank`): an unknown media id is
 * `resource-not-found` naming the parameter that carried it, anything else `invalid-request`.
 */
function v2MediaFailure(error: MediaError, call: ApiCall): Response {
  if (error.kind === 'bad_request')
    return jsonResponse(
      {
        errors: [{ message: error.message }],
        title: 'Invalid Request',
        detail: error.message,
        type: 'https://api.x.com/2/problems/invalid-request',
      },
      400,
    );
  const json = call.json as Record<string, unknown> | undefined;
  const [parameter, value] =
    call.path.id !== undefined
      ? ['id', call.path.id]
      : call.params.get('media_id') !== undefined
        ? ['media_id', call.params.get('media_id') as string]
        : ['id', valueText(json?.id ?? '')];
  return jsonResponse(
    {
      value,
      detail: `Could not find media with ${parameter}: [${value}].`,
      title: 'Not Found Error',
      resource_type: 'media',
      parameter,
      resource_id: value,
      type: 'https://api.x.com/2/problems/resource-not-found',
    },
    404,
  );
}

function mediaFailure(error: unknown, style: 'v1' | 'v2', call?: ApiCall): Response {
  if (!(error instanceof MediaError)) throw error;
  if (style === 'v2' && call !== undefined) return v2MediaFailure(error, call);
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

/**
 * `sniffMediaType` of `@oauth1x/x`, loaded on the first upload that does not name its type: the client package
 * (its OAuth 2.0 stack included) is not part of the sandbox's start-up.
 */
async function sniffMediaType(bytes: Uint8Array): Promise<string | undefined> {
  const x = await import('@oauth1x/x');
  return x.sniffMediaType(bytes);
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
  const type = declared ?? (await sniffMediaType(bytes));
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

/** The media id path parameter's schema in X's document (append, finalize): a MediaId. */
const MEDIA_ID = /^[0-9]{1,19}$/;

function v2Handler(key: string, run: (call: ApiCall) => Promise<Response> | Response) {
  const checked = withSpec(key, async (call: ApiCall): Promise<Response> => {
    try {
      return await run(call);
    } catch (error) {
      return mediaFailure(error, 'v2', call);
    }
  });
  // A path id that is not a MediaId is X's invalid-request naming it, as a media_id query value is.
  return (call: ApiCall): Promise<Response> | Response => {
    const id = call.path.id;
    if (id !== undefined && !MEDIA_ID.test(id))
      return v2InvalidRequest('id', id, `The \`id\` path parameter value [${id.slice(0, 40)}] does not match ^[0-9]{1,19}$`);
    return checked(call);
  };
}

/** A field of a v2 body checked against the spec: a multipart text part or a JSON member. */
function v2Field(call: ApiCall, name: string): string | undefined {
  const part = call.form?.part(name);
  if (part !== undefined) return new TextDecoder().decode(part.data);
  const value = (call.json as Record<string, unknown> | undefined)?.[name];
  return value === undefined || value === null ? undefined : valueText(value);
}

/** A v2 body's `media`: a multipart part's bytes, or JSON base64 (the spec's `format: byte`, checked by ajv). */
function v2Bytes(call: ApiCall): Uint8Array {
  const part = call.form?.bytes('media');
  if (part !== undefined) return part;
  return new Uint8Array(Buffer.from(v2Field(call, 'media') ?? '', 'base64'));
}

function v2Initialize(call: ApiCall): Response {
  const type = v2Field(call, 'media_type');
  if (type === undefined) return v2InvalidRequest('media_type', '', '$.media_type: is missing but it is required');
  const total = v2Field(call, 'total_bytes');
  if (total === undefined) return v2InvalidRequest('total_bytes', '', '$.total_bytes: is missing but it is required');
  return jsonResponse({ data: v2Media(call, call.ctx.media.init(call.user.id, type, Number(total), v2Field(call, 'media_category'))) });
}

function v2Append(call: ApiCall): Response {
  const id = call.path.id ?? '';
  call.ctx.media.append(call.user.id, id, Number(v2Field(call, 'segment_index')), v2Bytes(call));
  return jsonResponse({ data: { expires_at: Math.floor(call.ctx.media.owned(call.user.id, id).expiresAt / 1000) } });
}

/** One-shot upload (images, subtitles): `media` and `media_category`, the type read from the part or the bytes. */
async function v2OneShot(call: ApiCall): Promise<Response> {
  const bytes = v2Bytes(call);
  const part = call.form?.part('media');
  const declared = part?.contentType && part.contentType !== 'application/octet-stream' ? part.contentType : undefined;
  const type = declared ?? (await sniffMediaType(bytes));
  if (type === undefined) return v2InvalidRequest('media', '', 'The media type is not recognised');
  return jsonResponse({ data: v2Media(call, call.ctx.media.upload(call.user.id, type, bytes, v2Field(call, 'media_category'))) });
}

function v2Metadata(call: ApiCall): Response {
  const body = call.json as { id: string; metadata?: { alt_text?: { text: string } } };
  const alt = body.metadata?.alt_text;
  const media =
    alt === undefined ? call.ctx.media.owned(call.user.id, body.id) : call.ctx.media.setAltText(call.user.id, body.id, alt.text);
  const associated: Record<string, XJsonValue> = {};
  if (media.altText !== null) associated.alt_text = { text: media.altText };
  return jsonResponse({ data: { id: media.id, associated_metadata: associated } });
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
  // Each v2 route: the rate-limit endpoint, then the operation of X's OpenAPI document it is checked against.
  const v2 = (endpoint: string, key: string, run: (call: ApiCall) => Promise<Response> | Response) =>
    apiRoute(ctx, 'v2', endpoint, v2Handler(key, run), { ...options, security: specOperation(key).security });
  const status = (call: ApiCall) =>
    jsonResponse({ data: v2Media(call, call.ctx.media.status(call.user.id, call.params.get('media_id') ?? '')) });
  return [
    { method: 'POST', path: '/1.1/media/upload.json', handler: v1 },
    { method: 'GET', path: '/1.1/media/upload.json', handler: v1Status },
    { method: 'POST', path: '/2/media/upload', handler: v2('POST /2/media/upload', 'POST /2/media/upload', v2OneShot) },
    { method: 'GET', path: '/2/media/upload', handler: v2('GET /2/media/upload', 'GET /2/media/upload', status) },
    {
      method: 'POST',
      path: '/2/media/upload/initialize',
      handler: v2('POST /2/media/upload', 'POST /2/media/upload/initialize', v2Initialize),
    },
    {
      method: 'POST',
      path: '/2/media/upload/:id/append',
      handler: v2('POST /2/media/upload', 'POST /2/media/upload/{id}/append', v2Append),
    },
    {
      method: 'POST',
      path: '/2/media/upload/:id/finalize',
      handler: v2('POST /2/media/upload', 'POST /2/media/upload/{id}/finalize', (call) =>
        jsonResponse({ data: v2Media(call, call.ctx.media.finalize(call.user.id, call.path.id ?? '')) }),
      ),
    },
    { method: 'POST', path: '/2/media/metadata', handler: v2('POST /2/media/metadata', 'POST /2/media/metadata', v2Metadata) },
  ];
}
