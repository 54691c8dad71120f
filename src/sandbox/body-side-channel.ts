/**
 * Bodies kept beside the Fetch objects on the Node path. Building a Web `Request` with a body stream and
 * reading a `Response` body stream back cost more CPU than a whole bare `node:http` request (Node 20: ≈ 55 µs
 * and ≈ 60 µs), so the Node listener (`node-server.ts`) builds each `Request` without a body once it has read
 * the bytes (within its size limit) and records them here; the sandbox's body reader looks here first. Answers
 * made of one string (X's JSON) record that string, which the listener writes directly instead of reading the
 * `Response` stream. Every `Response` keeps its real body, so `sandbox.fetch(Request)` behaves exactly as
 * before for every other caller; a `Request` not made by the listener has no entry and is read as usual.
 *
 * @module
 */

const requestBodies = new WeakMap<Request, Uint8Array<ArrayBuffer>>();
const responseTexts = new WeakMap<Response, string>();

/**
 * The body bytes the Node listener read for `request` (its `Request` then has no body stream), or
 * `undefined` for any other request.
 *
 * @example
 * ```ts
 * const bytes = bodyBytesOf(request) ?? new Uint8Array(await request.arrayBuffer());
 * ```
 */
export function bodyBytesOf(request: Request): Uint8Array<ArrayBuffer> | undefined {
  return requestBodies.get(request);
}

/**
 * Records the body bytes of a body-less `Request` built by the Node listener.
 *
 * @example
 * ```ts
 * const request = new Request(url, { method: 'POST', headers });
 * setBodyBytes(request, bytes);
 * ```
 */
export function setBodyBytes(request: Request, bytes: Uint8Array<ArrayBuffer>): void {
  requestBodies.set(request, bytes);
}

/**
 * The exact body text of a response made by {@link textResponse} (or carried over by
 * {@link withResponseText}), or `undefined`: such a response can be written without reading its stream.
 *
 * @example
 * ```ts
 * const text = responseTextOf(response) ?? (await response.text());
 * ```
 */
export function responseTextOf(response: Response): string | undefined {
  return responseTexts.get(response);
}

/**
 * A `Response` over `text` (a real body: exactly `new Response(text, init)`, including the default
 * `content-type` when `init` names none) whose text is also recorded for the Node listener.
 *
 * @example
 * ```ts
 * return textResponse('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
 * ```
 */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  responseTexts.set(response, text);
  return response;
}

/**
 * A copy of `response` with its own (mutable) headers, as `new Response(response.body, init)`, carrying over a
 * recorded body text.
 *
 * @example
 * ```ts
 * const out = withResponseText(response, { status: response.status, headers: response.headers });
 * out.headers.set('x-rate-limit-limit', '300');
 * ```
 */
export function withResponseText(response: Response, init: ResponseInit): Response {
  const out = new Response(response.body, init);
  const text = responseTexts.get(response);
  if (text !== undefined) responseTexts.set(out, text);
  return out;
}
