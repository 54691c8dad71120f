/**
 * Reading a `fetch` call's input for signing: URL, method, headers and the other `RequestInit` fields, and the
 * body classified by what signing and a replay can do with it (form: signed; string or bytes: hashable and
 * replayable; Blob / FormData: replayable; stream: neither). A `Request`'s body is read from a clone.
 *
 * @module
 */
import { isFormContentType } from '../core/index.js';

/** The `Content-Type` of a form body the signer encodes itself. */
export const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/** A request body, by what signing and a replay can do with it. */
export type Body =
  | { kind: 'none' }
  | { kind: 'form'; text: string | URLSearchParams | Uint8Array; contentType: string }
  /** String or bytes that are not form-encoded: unsigned, replayable, hashable. */
  | { kind: 'data'; data: string | Uint8Array; send: BodyInit; contentType: string | null }
  /** FormData, Blob (replayable) or a stream (not replayable). */
  | { kind: 'opaque'; send: BodyInit; replayable: boolean; isStream: boolean };

/** A fetch call's input, normalised: this call's own copy of the headers. */
export interface Normalised {
  url: string;
  method: string;
  headers: Headers;
  rest: RequestInit;
  body: Body;
}

const REQUEST_FIELDS = ['signal', 'redirect', 'credentials', 'cache', 'integrity', 'keepalive', 'referrerPolicy', 'mode'] as const;

function isStream(body: unknown): boolean {
  return (
    (typeof ReadableStream === 'function' && body instanceof ReadableStream) ||
    (body !== null && typeof body === 'object' && (Symbol.asyncIterator in body || typeof (body as { pipe?: unknown }).pipe === 'function'))
  );
}

async function classify(body: unknown, headers: Headers, wantBytes: boolean): Promise<Body> {
  if (body === undefined || body === null) return { kind: 'none' };
  const contentType = headers.get('content-type');
  if (typeof body === 'string') {
    return isFormContentType(contentType)
      ? { kind: 'form', text: body, contentType: contentType as string }
      : { kind: 'data', data: body, send: body, contentType };
  }
  if (body instanceof URLSearchParams) return { kind: 'form', text: body, contentType: contentType ?? FORM_TYPE };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    // A private copy: the caller may reuse the buffer, and a retry must send the same bytes.
    const view = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    const bytes = new Uint8Array(view.byteLength);
    bytes.set(view);
    return isFormContentType(contentType)
      ? { kind: 'form', text: bytes, contentType: contentType as string }
      : { kind: 'data', data: bytes, send: bytes, contentType };
  }
  if (typeof Blob === 'function' && body instanceof Blob) {
    const type = contentType ?? (body.type || null);
    if (isFormContentType(type)) return { kind: 'form', text: await body.text(), contentType: type as string };
    if (wantBytes) return { kind: 'data', data: new Uint8Array(await body.arrayBuffer()), send: body, contentType: type };
    return { kind: 'opaque', send: body, replayable: true, isStream: false };
  }
  if (typeof FormData === 'function' && body instanceof FormData) return { kind: 'opaque', send: body, replayable: true, isStream: false };
  return { kind: 'opaque', send: body as BodyInit, replayable: false, isStream: isStream(body) };
}

/**
 * Normalises `fetch(input, init)` into one {@link Normalised} request; `wantBytes` reads a Blob body into bytes
 * (for `oauth_body_hash`).
 *
 * @example
 * ```ts
 * const request = await normalise('https://api.x.com/2/tweets', { method: 'POST', body: '{}' }, false);
 * ```
 */
export async function normalise(input: string | URL | Request, init: RequestInit | undefined, wantBytes: boolean): Promise<Normalised> {
  const { method: initMethod, headers: initHeaders, body: initBody, ...initRest } = init ?? {};
  if (typeof Request === 'function' && input instanceof Request) {
    const rest: RequestInit = {};
    for (const field of REQUEST_FIELDS) {
      const value = input[field];
      if (field === 'mode' && value === 'navigate') continue;
      if (value !== undefined) (rest as Record<string, unknown>)[field] = value;
    }
    Object.assign(rest, initRest);
    const headers = new Headers(initHeaders ?? input.headers);
    let body: unknown = initBody;
    if (body === undefined && input.body !== null) {
      // Buffer a Request's body through a clone (the caller's Request stays unused): it can then be signed when
      // it is a form, hashed, and replayed after a clock-skew refusal.
      const copy = input.clone();
      body = isFormContentType(headers.get('content-type')) ? await copy.text() : await copy.blob();
    }
    return {
      url: input.url,
      method: (initMethod ?? input.method).toUpperCase(),
      headers,
      rest,
      body: await classify(body, headers, wantBytes),
    };
  }
  const headers = new Headers(initHeaders);
  const url = input instanceof URL ? input.href : String(input);
  return { url, method: (initMethod ?? 'GET').toUpperCase(), headers, rest: initRest, body: await classify(initBody, headers, wantBytes) };
}
