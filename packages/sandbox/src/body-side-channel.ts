/**
 * Bodies kept beside the Fetch objects on the Node path. Building a Web `Request` with a body stream and
 * reading a `Response` body stream back cost more CPU than a whole bare `node:http` request (Node 20: ≈ 55 µs
 * and ≈ 60 µs), so the Node listener (`node-server.ts`) builds each `Request` without a body once it has read
 * the bytes (within its size limit) and records them here; the sandbox's body reader looks here first. Answers
 * made of one string (X's JSON) record that string, which the listener writes directly instead of reading the
 * `Response` stream; answers made of a JSON value also record that value, which the ledger reads instead of
 * parsing the text back. Every `Response` keeps its real body, so `sandbox.fetch(Request)` behaves exactly as
 * before for every other caller; a `Request` not made by the listener has no entry and is read as usual.
 *
 * @module
 */

const requestBodies = new WeakMap<Request, Uint8Array<ArrayBuffer>>();
const responseValues = new WeakMap<Response, unknown>();
const encoder = new TextEncoder();

interface TextResponseClass {
  new (text: string, init: ResponseInit): Response;
  textOf(response: Response): string | undefined;
}

let textResponseClass: TextResponseClass | undefined;

/**
 * A `Response` over one string whose body stream is made only when someone asks for it. `new Response(text)`
 * builds a byte stream at once (Node 20: ≈ 17 µs, measured); most sandbox answers are written by the Node
 * listener from the text and never read as a stream. Everything a caller can observe is a `Response` over
 * `text` with `init`: `instanceof Response`, status, headers (with `new Response(text)`'s default
 * `content-type`), `body`, `bodyUsed`, `text()`, `json()`, `arrayBuffer()`, `blob()`, `formData()`, `clone()`.
 *
 * The class is defined on first use: extending `Response` reads the global, which loads Node's Fetch
 * implementation (≈ 25 ms, measured); a sandbox pays that on its first request, not on import.
 */
function textResponseType(): TextResponseClass {
  textResponseClass ??= class TextResponse extends Response {
    readonly #text: string;
    #stream: ReadableStream<Uint8Array> | null = null;
    #used = false;

    constructor(text: string, init: ResponseInit) {
      super(null, init);
      this.#text = text;
      if (!this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
    }

    /** The text of `response` when it is a {@link TextResponse}. */
    static textOf(response: Response): string | undefined {
      return response instanceof TextResponse ? response.#text : undefined;
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
      if (this.#stream === null) {
        const bytes = encoder.encode(this.#text);
        this.#stream = new ReadableStream({
          type: 'bytes',
          start(controller) {
            if (bytes.byteLength > 0) controller.enqueue(bytes);
            controller.close();
          },
        });
      }
      return this.#stream as ReadableStream<Uint8Array<ArrayBuffer>>;
    }

    override get bodyUsed(): boolean {
      return this.#used || (this.#stream?.locked ?? false);
    }

    /** Marks the body read; a stream someone took is read instead of the text. */
    #consume(): ReadableStream<Uint8Array> | null {
      if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return this.#stream;
    }

    override async text(): Promise<string> {
      const stream = this.#consume();
      return stream === null ? this.#text : new Response(stream).text();
    }

    override async json(): Promise<unknown> {
      return JSON.parse(await this.text());
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      return encoder.encode(await this.text()).buffer as ArrayBuffer;
    }

    override async blob(): Promise<Blob> {
      return new Blob([await this.text()], { type: this.headers.get('content-type') ?? '' });
    }

    override async formData(): Promise<FormData> {
      return new Response(await this.text(), { headers: this.headers }).formData();
    }

    override clone(): Response {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return new TextResponse(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
  };
  return textResponseClass;
}

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
  return textResponseClass?.textOf(response);
}

/**
 * A `Response` over `text` (to every caller exactly `new Response(text, init)`, including the default
 * `content-type` when `init` names none, its stream made only when asked for) whose text the Node listener
 * writes directly.
 *
 * @example
 * ```ts
 * return textResponse('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
 * ```
 */
export function textResponse(text: string, init: ResponseInit): Response {
  return new (textResponseType())(text, init);
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
  const text = textResponseClass?.textOf(response);
  return text === undefined || response.bodyUsed ? new Response(response.body, init) : new (textResponseType())(text, init);
}

/**
 * `response` with `headers` set: in place when its headers can change (any `Response` the sandbox made),
 * else on a copy ({@link withResponseText}).
 *
 * @example
 * ```ts
 * return withHeaders(response, { 'x-rate-limit-limit': '300' });
 * ```
 */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    const out = withResponseText(response, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
    return out;
  }
}

/**
 * Records the value a JSON `response` was serialized from (before `undefined` members were dropped): see
 * {@link responseValueOf}.
 *
 * @example
 * ```ts
 * const body = { data: { id: '1' } };
 * recordResponseValue(textResponse(JSON.stringify(body), { status: 200 }), body);
 * ```
 */
export function recordResponseValue(response: Response, value: unknown): void {
  responseValues.set(response, value);
}

/**
 * The value a JSON response was made from, as `{ value }` (which the caller must not change), or `undefined`
 * for any other response (then parse its text). A member whose value is `undefined` is absent from the text.
 *
 * @example
 * ```ts
 * const body = responseValueOf(response)?.value ?? JSON.parse(await response.text());
 * ```
 */
export function responseValueOf(response: Response): { value: unknown } | undefined {
  return responseValues.has(response) ? { value: responseValues.get(response) } : undefined;
}
