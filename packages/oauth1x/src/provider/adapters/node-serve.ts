/**
 * `serve()`: a `node:http` / `node:https` server for any Web handler, with the protections a server facing
 * arbitrary clients needs: header and whole-request timeouts (slow clients), a header size cap (431), a body
 * size cap enforced before and while reading (413, `Expect: 100-continue` answered only within it), a lingering
 * close after a refusal (the client reads the answer, not a reset), the request URL rebuilt as the client
 * signed it (RFC 5849 §3.4.1.2, RFC 9112 §3.3) and no 500 for a malformed request. The sandbox listens with it,
 * passing a {@link NodeBodyHook} that keeps bodies beside its `Request`s. Reached through `oauth1x/provider/node`.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { declaresMoreThan, readBodyWithin } from '../request-body.js';
import { type FetchHandler, headersFromRaw, type NodeAdapterOptions, recordClientAddress, requestUrl, sendWebResponse } from './node.js';

/**
 * How {@link serve} turns a read request into a `Request` and writes a response, for a handler that takes the
 * body another way (the sandbox: the bytes beside a body-less `Request`, a response's text written directly).
 */
export interface NodeBodyHook {
  /**
   * Builds the `Request` once its whole body (within `maxBodyBytes`; `null` when there is none) is read. A throw
   * answers 400.
   */
  request(method: string, url: string, rawHeaders: readonly string[], body: Uint8Array<ArrayBuffer> | null): Request;
  /** The exact body text of `response` when known: written as it is, the response's stream left unread. */
  responseText?(response: Response): string | undefined;
}

/** Options of {@link serve}: where to listen, TLS, and the limits (defaults in brackets). */
export interface ServeOptions extends NodeAdapterOptions {
  /** Interface to listen on [`'127.0.0.1'`]. */
  host?: string | undefined;
  /** Port [0: any free one]. */
  port?: number | undefined;
  /** Certificate and key (PEM): serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** Time to receive the request headers, ms [10,000]. Slower clients get 408 and are closed. */
  headersTimeoutMs?: number | undefined;
  /** Time to receive the whole request, ms [60,000]. */
  requestTimeoutMs?: number | undefined;
  /** Idle keep-alive, ms [5,000]. */
  keepAliveTimeoutMs?: number | undefined;
  /** Largest request header block, bytes [16,384]; larger gets 431. */
  maxHeaderSize?: number | undefined;
  /** Builds `Request`s and writes responses another way (see {@link NodeBodyHook}). */
  bodyHook?: NodeBodyHook | undefined;
}

/** A listening {@link serve} server. */
export interface NodeServer {
  /** The `node:http` (or `node:https`) server. */
  server: Server;
  /** The port it listens on. */
  port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Bounds of the lingering close after a refusal. */
interface DrainLimits {
  bytes: number;
  ms: number;
  idleMs: number;
}

/** Requests that sent `Expect: 100-continue` (invited once their declared size is accepted). */
const continueExpected = new WeakSet<IncomingMessage>();

/** Sockets answered and being drained: a later parser error or timeout just closes them. */
const draining = new WeakSet<Socket>();

/**
 * Reads and discards what `stream` still sends (at most `limits.bytes`, `limits.ms` in all, `limits.idleMs`
 * without data), then calls `done` once: closing a connection with unread bytes makes the kernel reset it, and
 * a client that is still sending would see the reset instead of the answer (lingering close, RFC 9112 §9.6).
 */
function drainThen(stream: IncomingMessage | Socket, limits: DrainLimits, done: () => void): void {
  let drained = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(total);
    clearTimeout(idle);
    stream.off('data', onData);
    done();
  };
  const total = setTimeout(finish, limits.ms).unref();
  let idle = setTimeout(finish, limits.idleMs).unref();
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    clearTimeout(idle);
    if (drained > limits.bytes) finish();
    else idle = setTimeout(finish, limits.idleMs).unref();
  };
  // An abandoned body reader (readBodyWithin's iterator) listens for 'readable', which would keep 'data' paused.
  stream.removeAllListeners('readable');
  stream.on('data', onData);
  stream.once('end', finish);
  stream.once('error', finish);
  stream.once('close', finish);
  stream.resume();
}

/** Answers `status` at once and closes the connection once the rest of the body is drained. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string, limits: DrainLimits): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(text.length), connection: 'close' });
  // The whole answer goes out now; end() (which closes the connection) waits for the drain.
  res.write(text);
  draining.add(req.socket);
  drainThen(req, limits, () => {
    if (!res.writableEnded) res.end();
  });
}

/** Answers a request the HTTP parser rejected (431, 400) and closes once what the client still sends is drained. */
function refuseConnection(socket: Socket, answer: string, limits: DrainLimits): void {
  draining.add(socket);
  socket.removeAllListeners('data'); // the parser is done with the socket
  socket.write(answer);
  drainThen(socket, limits, () => {
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}

/** True when the request has no body (RFC 9112 §6.3: neither `Content-Length` nor `Transfer-Encoding`). */
function bodiless(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
}

function writeText(res: ServerResponse, response: Response, text: string): void {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  out['content-length'] = String(Buffer.byteLength(text));
  if (response.statusText) res.statusMessage = response.statusText;
  res.writeHead(response.status, out);
  res.end(text);
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  handler: FetchHandler,
  options: ServeOptions,
  maxBody: number,
  drain: DrainLimits,
): Promise<void> {
  let url: string;
  try {
    url = requestUrl(req, options);
  } catch (error) {
    refuse(req, res, 400, (error as Error).message, drain);
    return;
  }
  if (declaresMoreThan(req.headers['content-length'], maxBody)) {
    refuse(req, res, 413, 'Request body too large', drain);
    return;
  }
  if (continueExpected.has(req)) res.writeContinue();
  const method = req.method ?? 'GET';
  let body: Uint8Array<ArrayBuffer> | null = null;
  if (bodiless(req)) req.resume();
  else {
    const bytes = await readBodyWithin(req, maxBody);
    if (bytes === null) {
      refuse(req, res, 413, 'Request body too large', drain);
      return;
    }
    // A body on GET or HEAD has no meaning (RFC 9110 §9.3.1): read, so the connection stays usable, and dropped.
    if (bytes.byteLength > 0 && method !== 'GET' && method !== 'HEAD') body = bytes;
  }
  const hook = options.bodyHook;
  let request: Request;
  let controller: AbortController | undefined;
  try {
    if (hook !== undefined) request = hook.request(method, url, req.rawHeaders, body);
    else {
      controller = new AbortController();
      request = new Request(url, { method, headers: headersFromRaw(req.rawHeaders), body, signal: controller.signal });
    }
  } catch {
    refuse(req, res, 400, 'Bad Request', drain);
    return;
  }
  if (controller !== undefined) {
    const abort = controller;
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
  }
  recordClientAddress(request, req.socket.remoteAddress);
  const response = await handler.fetch(request);
  const text = method === 'HEAD' ? undefined : hook?.responseText?.(response);
  if (text !== undefined) writeText(res, response, text);
  else await sendWebResponse(res, response, method);
}

/**
 * Serves a Web handler (`fetch(Request) → Response`) on `node:http`, or `node:https` with `tls`, and resolves
 * once it listens. Each request's URL is rebuilt from the `Host` header and the listener's scheme, or taken
 * from an absolute-form target (RFC 9112 §3.3); a missing (HTTP/1.1) or malformed `Host`, a target that is
 * neither a path nor an http(s) URL, or a header value the Fetch API refuses answers 400. Bodies larger than
 * `maxBodyBytes` (default 1 MiB) get 413 — before reading when declared, without inviting them on
 * `Expect: 100-continue` — and oversized header blocks 431, each followed by a bounded lingering close. The
 * client's address is recorded for `clientAddressOf`. A handler failure answers 500.
 *
 * @example
 * ```ts
 * import { serve } from 'oauth1x/provider/node';
 * const server = await serve(provider, { port: 8080, maxBodyBytes: 65536 });
 * console.log(`listening on ${server.port}`);
 * await server.close();
 * ```
 */
export async function serve(
  handler: FetchHandler | ((request: Request) => Response | Promise<Response>),
  options: ServeOptions = {},
): Promise<NodeServer> {
  const target: FetchHandler = typeof handler === 'function' ? { fetch: handler } : handler;
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const serverOptions = {
    headersTimeout,
    requestTimeout: options.requestTimeoutMs ?? 60_000,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    maxHeaderSize: options.maxHeaderSize ?? 16_384,
    // How often the header and request timeouts are checked (Node's default, 30 s, lets slow clients linger).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  // After a 413: drain at most 4 × the body limit (at least 8 MiB), within half the request timeout (at most
  // 10 s), closing after 2 s without data.
  const drain = {
    bytes: Math.max(4 * maxBody, 8 * 1024 * 1024),
    ms: Math.min(10_000, Math.floor(serverOptions.requestTimeout / 2)),
    idleMs: 2000,
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    answer(req, res, target, options, maxBody, drain).catch(() => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('Internal Server Error');
      }
    });
  };
  // node:http and node:https (with TLS) load when a server is made, not with the module: ≈ 5 and 8 ms of a
  // process's start-up that importing the adapter (or the sandbox) need not pay.
  const server: Server = options.tls
    ? (await import('node:https')).createServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, listener)
    : (await import('node:http')).createServer(serverOptions, listener);
  // Expect: 100-continue (RFC 9110 §10.1.1): invite the body only when it is within the limit.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    continueExpected.add(req);
    listener(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (draining.has(socket as Socket)) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    const reply = `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`;
    if (!socket.writable) socket.destroy();
    // A slow client is cut off at once; one still sending (a 1 MB header, garbage) gets the answer and a
    // bounded lingering close.
    else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.end(reply);
    else refuseConnection(socket as Socket, reply, { bytes: 2 * 1024 * 1024, ms: 5000, idleMs: 1000 });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
