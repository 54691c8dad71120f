/**
 * Test helper: a small stateful stand-in for X's v2 media and post endpoints, answering the operations of
 * X's OpenAPI document that {@link specFetch} matched (every request and answer is checked against the
 * document there). It keeps the bytes each upload received, refuses a finalize whose segments do not add
 * up, plays a scripted `processing_info` sequence (finalize, then one per status call), stores alt text
 * and posts.
 */
import type { CapturedRequest, SpecMatch } from './openapi-validate.js';
import type { SpecAnswer } from './spec-fetch.js';

type Processing = { state: string; check_after_secs?: number; progress_percent?: number };

export interface Upload {
  id: string;
  type: string;
  total: number;
  category?: string | undefined;
  segments: Map<number, Uint8Array>;
  /** How the segments came: 'multipart' or 'base64'. */
  encodings: string[];
  processing: Processing[];
  /** The last `processing_info` shown; repeated while the script has no next one. */
  shown?: Processing | undefined;
}

function problem(status: number, detail: string, kind = 'invalid-request'): SpecAnswer {
  const title = kind === 'invalid-request' ? 'Invalid Request' : 'Not Found Error';
  const body: Record<string, unknown> = { title, detail, type: `https://api.x.com/2/problems/${kind}` };
  if (kind === 'resource-not-found') body.resource_type = 'media';
  return { status, body };
}

/** The bytes of a request's `media`: a multipart file part or base64 in JSON. */
async function mediaOf(request: CapturedRequest): Promise<{ bytes: Uint8Array; encoding: string; json?: Record<string, unknown> }> {
  const part = request.form?.get('media');
  if (part instanceof Blob) return { bytes: new Uint8Array(await part.arrayBuffer()), encoding: 'multipart' };
  const json = JSON.parse(request.text) as Record<string, unknown>;
  return { bytes: new Uint8Array(Buffer.from(String(json.media), 'base64')), encoding: 'base64', json };
}

/**
 * A fake X for media. `processing` scripts the `processing_info` of chunked uploads (none: no processing).
 *
 * @example
 * ```ts
 * const x = fakeXMedia({ processing: [{ state: 'pending', check_after_secs: 0 }, { state: 'succeeded' }] });
 * const { fetch } = specFetch(x.handle);
 * ```
 */
export function fakeXMedia(options: { processing?: Processing[]; failAppend?: boolean } = {}) {
  const uploads = new Map<string, Upload>();
  const altTexts = new Map<string, string>();
  const posts: Array<Record<string, unknown>> = [];
  let next = 1880028106020515840n;
  const key = (id: string) => `7_${id}`;
  const media = (u: Upload, info?: Processing) => {
    const size = [...u.segments.values()].reduce((n, s) => n + s.byteLength, 0);
    return { id: u.id, media_key: key(u.id), size, expires_after_secs: 86400, ...(info ? { processing_info: info } : {}) };
  };
  const handle = async (request: CapturedRequest, match: SpecMatch): Promise<SpecAnswer> => {
    const json = () => JSON.parse(request.text) as Record<string, unknown>;
    const upload = uploads.get(match.pathParams.id ?? request.url.searchParams.get('media_id') ?? '');
    switch (match.operationId) {
      case 'initializeMediaUpload': {
        const body = json();
        const id = String(next++);
        const total = Number(body.total_bytes);
        const u: Upload = { id, type: String(body.media_type), total, segments: new Map(), encodings: [], processing: [] };
        u.category = body.media_category as string | undefined;
        u.processing = [...(options.processing ?? [])];
        uploads.set(id, u);
        return { body: { data: { id, media_key: key(id), expires_after_secs: 86400 } } };
      }
      case 'appendMediaUpload': {
        if (upload === undefined) return problem(404, 'no such upload', 'resource-not-found');
        if (options.failAppend) return problem(400, 'Segment rejected');
        const { bytes, encoding, json: body } = await mediaOf(request);
        const index = Number(body?.segment_index ?? request.form?.get('segment_index'));
        upload.segments.set(index, bytes);
        upload.encodings.push(encoding);
        return { body: { data: { expires_at: 1900000000 } } };
      }
      case 'finalizeMediaUpload': {
        if (upload === undefined) return problem(404, 'no such upload', 'resource-not-found');
        const got = media(upload).size;
        if (got !== upload.total) return problem(400, `received ${got} of ${upload.total} bytes`);
        upload.shown = upload.processing.shift();
        return { body: { data: media(upload, upload.shown) } };
      }
      case 'getMediaUploadStatus':
        if (upload === undefined) return problem(404, 'no such media', 'resource-not-found');
        upload.shown = upload.processing.shift() ?? upload.shown;
        return { body: { data: media(upload, upload.shown) } };
      case 'mediaUpload': {
        const { bytes, encoding, json: body } = await mediaOf(request);
        const id = String(next++);
        const category = String(body?.media_category ?? request.form?.get('media_category'));
        const u: Upload = {
          id,
          type: '',
          total: bytes.byteLength,
          category,
          segments: new Map([[0, bytes]]),
          encodings: [encoding],
          processing: [],
        };
        uploads.set(id, u);
        return { body: { data: media(u) } };
      }
      case 'createMediaMetadata': {
        const body = json() as { id: string; metadata?: { alt_text?: { text: string } } };
        if (!uploads.has(body.id)) return problem(404, 'no such media', 'resource-not-found');
        altTexts.set(body.id, body.metadata?.alt_text?.text ?? '');
        return { body: { data: { id: body.id, associated_metadata: body.metadata ?? {} } } };
      }
      case 'createPosts': {
        const body = json();
        const ids = (body.media as { media_ids?: string[] } | undefined)?.media_ids ?? [];
        if (ids.some((id) => !uploads.has(id))) return problem(400, 'Your media IDs are invalid.');
        const id = String(next++);
        posts.push({ id, ...body });
        return { status: 201, body: { data: { id, text: String(body.text ?? '') } } };
      }
      default:
        return problem(404, `the fake has no ${match.operationId}`, 'resource-not-found');
    }
  };
  /** The bytes an upload received, segments in index order. */
  const bytesOf = (id: string): Uint8Array => {
    const u = uploads.get(id);
    if (u === undefined) return new Uint8Array(0);
    return Buffer.concat([...u.segments.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s));
  };
  return { handle, uploads, altTexts, posts, bytesOf };
}
