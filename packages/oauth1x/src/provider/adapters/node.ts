/**
 * node:http adapter: runs any Web `fetch(Request) → Response` handler (the token endpoints, a Hono app, a
 * protected resource) as a `node:http` / `node:https` request listener or Express-style middleware
 * (`toNodeHandler`), or as a whole server with its limits (`serve`, in `node-serve.ts`). The request URL is rebuilt from the `Host` header and the socket's TLS state (what the client signed, RFC 5849
 * §3.4.1.2), the body is read within a size limit, and the response body is streamed with backpressure.
 * Node only: `oauth1x/provider/node`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { declaresMoreThan, readBodyWithin } from '../request-body.js';
import { preParsedBody } from './node-parsed-body.js';

export { type NodeBodyHook, type NodeServer, type ServeOptions, serve } from './node-serve.js';

/** Anything with a Web `fetch` method. */
export interface FetchHandler {
  /** Answers one request. */
  fetch(request: Request): Response | Promise<Response>;
  /** When present, middleware passes requests whose path it does not handle to `next()`. */
  handles?: ((pathname: string) => boolean) | undefined;
}

/** Options of {@link toNodeHandler}. */
export interface NodeAdapterOptions {
  /** Largest request body read, in bytes; larger bodies get 413 before the handler runs. Default 1 MiB. */
  maxBodyBytes?: number | undefined;
  /**
   * Take scheme and host from `X-Forwarded-Proto` / `X-Forwarded-Host` (first value). Only behind a proxy
   * that sets them; otherwise a client could choose the URL that is verified. Default `false`.
   */
  trustProxy?: boolean | undefined;
}

/** An Express-style `next`. */
export type NextFunction = (error?: unknown) => void;

/** A thrown adapter error with the status to answer. */
class AdapterError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const HOST = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

/**
 * The absolute URL of a Node request, as the client signed it (RFC 5849 §3.4.1.2): for an absolute-form target
 * the target itself (RFC 9112 §3.2.2, §3.3: the `Host` header is ignored), else scheme from TLS (or
 * `X-Forwarded-Proto` when trusted), host from the `Host` header (or `X-Forwarded-Host`), path and query as
 * received (an origin-form path may begin with `//`: empty segments, RFC 3986 §3.3). Throws on a malformed
 * `Host` or target, and on a missing `Host` in HTTP/1.1 (RFC 9112 §3.2; HTTP/1.0 falls back to the local
 * address).
 *
 * @example
 * ```ts
 * import { requestUrl } from 'oauth1x/provider/node';
 * requestUrl(req); // 'https://api.example.com/oauth/request_token?x=1'
 * ```
 */
export function requestUrl(req: IncomingMessage, options: NodeAdapterOptions = {}): string {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return absoluteTarget(target);
  const encrypted = (req.socket as TLSSocket | undefined)?.encrypted === true;
  let scheme = encrypted ? 'https' : 'http';
  let host = req.headers.host ?? first(req.headers[':authority'] as string | undefined);
  if (options.trustProxy === true) {
    const proto = first(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (proto === 'http' || proto === 'https') scheme = proto;
    host = first(req.headers['x-forwarded-host']) ?? host;
  }
  if (host === undefined) {
    const address = req.socket?.localAddress;
    if (address === undefined || req.httpVersion === '1.1') throw new AdapterError(400, 'Missing Host header');
    host = `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
  }
  if (!HOST.test(host)) throw new AdapterError(400, 'Malformed Host header');
  const url = `${scheme}://${host}${target}`;
  // The pattern admits what the URL parser refuses (port 99999, 1.2.3.999, [1:2]): a client mistake, not a 500.
  if (!URL.canParse(url)) throw new AdapterError(400, 'Malformed Host header');
  return url;
}

/** An absolute-form target (RFC 9112 §3.2.2) is the target URI; only http(s), no user info (RFC 9110 §4.2.4). */
function absoluteTarget(target: string): string {
  const parsed = /^https?:\/\//i.test(target) && URL.canParse(target) ? new URL(target) : null;
  if (parsed === null || parsed.username !== '' || parsed.password !== '' || parsed.hash !== '') {
    throw new AdapterError(400, 'Malformed request target');
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search}`;
}

/**
 * Web `Headers` from Node's `rawHeaders` (name, value, name, value, …; HTTP/2 pseudo-headers skipped). A name
 * or value the Fetch API refuses throws a 400 error rather than being dropped: a dropped `Authorization` would
 * turn a malformed request into a different one (RFC 9110 §5.5).
 *
 * @example
 * ```ts
 * import { headersFromRaw } from 'oauth1x/provider/node';
 * headersFromRaw(req.rawHeaders).get('authorization');
 * ```
 */
export function headersFromRaw(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.startsWith(':')) continue;
    try {
      headers.append(name, rawHeaders[i + 1] as string);
    } catch {
      throw new AdapterError(400, 'Malformed header');
    }
  }
  return headers;
}

async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  // A body parser (Express) already read the stream: use what it kept.
  if (req.readableEnded || req.readableDidRead) return preParsedBody(req);
  if (declaresMoreThan(req.headers['content-length'], max)) throw new AdapterError(413, 'Request body too large');
  const bytes = await readBodyWithin(req, max);
  if (bytes === null) throw new AdapterError(413, 'Request body too large');
  return bytes.byteLength === 0 ? undefined : bytes;
}

/**
 * Converts a Node request into a Web `Request` (headers, method, absolute URL, body read within the limit,
 * aborted when the client goes away).
 *
 * @example
 * ```ts
 * import { toWebRequest } from 'oauth1x/provider/node';
 * const request = await toWebRequest(req, { maxBodyBytes: 65536 });
 * ```
 */
export async function toWebRequest(req: IncomingMessage, options: NodeAdapterOptions = {}, signal?: AbortSignal): Promise<Request> {
  const url = requestUrl(req, options);
  const headers = headersFromRaw(req.rawHeaders);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, options.maxBodyBytes ?? 1024 * 1024);
  const request = new Request(url, { method, headers, body: body as BodyInit | undefined, signal });
  recordClientAddress(request, req.socket?.remoteAddress);
  return request;
}

/** The peer address of each request a server built (a Fetch `Request` has no place for it). */
const clientAddresses = new WeakMap<Request, string>();

/**
 * Records the TCP peer address of a `Request` a server built, for {@link clientAddressOf}: what
 * {@link toWebRequest} does, for servers that build their own `Request`s (the sandbox's listener), and for
 * a copy of a request that should keep its client. An `undefined` or empty address records nothing.
 *
 * @example
 * ```ts
 * import { clientAddressOf, recordClientAddress } from 'oauth1x/provider/node';
 * const request = new Request(url, { method: req.method, headers });
 * recordClientAddress(request, req.socket.remoteAddress);
 * clientAddressOf(request); // '127.0.0.1'
 * ```
 */
export function recordClientAddress(request: Request, address: string | null | undefined): void {
  if (typeof address === 'string' && address !== '') clientAddresses.set(request, address);
}

/**
 * The address of the client that sent `request`, when this adapter built it (`null` otherwise): the TCP peer,
 * not a forwarded-for header. For the xAuth throttle's `clientKey` behind no proxy; behind one, derive the
 * client from the header your proxy sets instead.
 *
 * @example
 * ```ts
 * import { createProviderHandler } from 'oauth1x/provider';
 * import { clientAddressOf } from 'oauth1x/provider/node';
 * const provider = createProviderHandler({ store, lookupConsumer, authenticateUser, xAuthThrottle: { clientKey: clientAddressOf } });
 * ```
 */
export function clientAddressOf(request: Request): string | null {
  return clientAddresses.get(request) ?? null;
}

/**
 * Writes a Web `Response` to a Node `ServerResponse`, streaming the body with backpressure and stopping when
 * the client disconnects. `Set-Cookie` headers stay separate.
 *
 * @example
 * ```ts
 * import { sendWebResponse } from 'oauth1x/provider/node';
 * await sendWebResponse(res, new Response('hello'));
 * ```
 */
export async function sendWebResponse(res: ServerResponse, response: Response, method = 'GET'): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value);
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (response.body === null || method === 'HEAD') {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  let closed = false;
  const onClose = () => {
    closed = true;
    reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed) break;
      if (!res.write(value)) await new Promise<void>((resolve) => (closed ? resolve() : res.once('drain', resolve).once('close', resolve)));
    }
  } finally {
    res.off('close', onClose);
    if (!closed) res.end();
  }
}

function plain(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(message);
}

/**
 * Turns a Web handler into a `node:http` request listener, or Express-style middleware when `next` is passed
 * (requests the handler does not `handles()` go to `next()`, handler failures to `next(error)`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeHandler } from 'oauth1x/provider/node';
 * createServer(toNodeHandler(provider)).listen(8080);
 * // Express: app.use(toNodeHandler(provider));
 * ```
 */
export function toNodeHandler(
  handler: FetchHandler,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void {
  return (req, res, next) => {
    if (next !== undefined && handler.handles !== undefined) {
      const path = (req.url ?? '/').replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0] as string;
      if (!handler.handles(path)) {
        next();
        return;
      }
    }
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    (async () => {
      const request = await toWebRequest(req, options, controller.signal);
      const response = await handler.fetch(request);
      await sendWebResponse(res, response, request.method);
    })().catch((error: unknown) => {
      if (error instanceof AdapterError) {
        // Drain nothing more: answer and close so an oversized upload stops.
        plain(res, error.status, error.message);
        req.resume();
        return;
      }
      if (next !== undefined) next(error);
      else plain(res, 500, 'Internal Server Error');
    });
  };
}
