/**
 * Serving a fetch handler on node:http and node:https with the protections a server facing arbitrary
 * clients needs: header and whole-request timeouts (slow clients), a header size cap, a body size cap
 * enforced while reading, a request URL built from the listener's scheme and the `Host` header (the URL the
 * client signed), the peer address recorded for `clientAddressOf` (the sign-in throttles), and no 500 for
 * malformed requests.
 *
 * @module
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { recordClientAddress } from 'oauth1x/provider/node';
import { responseTextOf, setBodyBytes } from './body-side-channel.js';
import { headersFromRaw, nodeRequest } from './node-request.js';

/** Limits of the Node listeners. */
export interface ServerLimits {
  /** Largest body in bytes. Default 9 MiB (media segments up to 5 MiB plus multipart overhead). */
  maxBodyBytes?: number;
  /** Time to receive the request headers, ms. Default 10,000. */
  headersTimeoutMs?: number;
  /** Time to receive the whole request, ms. Default 60,000. */
  requestTimeoutMs?: number;
  /** Idle keep-alive, ms. Default 5,000. */
  keepAliveTimeoutMs?: number;
  /** Largest request header block, bytes. Default 16,384. */
  maxHeaderSize?: number;
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?$/;

function requestUrl(req: IncomingMessage, scheme: 'http' | 'https', fallbackHost: string): string | null {
  const target = req.url ?? '/';
  const host = req.headers.host;
  const authority = host !== undefined && HOST.test(host) ? host : fallbackHost;
  if (target.startsWith('/') && !target.startsWith('//')) return `${scheme}://${authority}${target}`;
  if (/^https?:\/\//i.test(target)) {
    try {
      const absolute = new URL(target);
      return `${scheme}://${absolute.host}${absolute.pathname}${absolute.search}`;
    } catch {
      return null;
    }
  }
  return null;
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}

/** Requests that sent `Expect: 100-continue` (answered 100 once their declared size is accepted). */
const continueExpected = new WeakSet<IncomingMessage>();

/** Sockets answered 413 whose remaining body is being drained: a later timeout just closes them. */
const draining = new WeakSet<Socket>();

/** Bounds of the drain after a 413, 431 or 400. */
interface DrainLimits {
  bytes: number;
  ms: number;
  idleMs: number;
}

/**
 * Reads and discards what `stream` still sends (at most `limits.bytes`, `limits.ms` in all, `limits.idleMs`
 * without data), then calls `done` once: closing a connection with unread bytes makes the kernel reset it, and
 * a client that is still sending would see the reset instead of the answer (lingering close).
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
  stream.on('data', onData);
  stream.once('end', finish);
  stream.once('error', finish);
  stream.once('close', finish);
  stream.resume();
}

/** Answers 413 at once and closes the connection once the rest of the body is drained. */
function refuseBody(req: IncomingMessage, res: ServerResponse, limits: DrainLimits): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = 'Request body too large';
  res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(text.length), connection: 'close' });
  // The whole answer goes out now; end() (which closes the connection) waits for the drain.
  res.write(text);
  draining.add(req.socket);
  drainThen(req, limits, () => {
    if (!res.writableEnded) res.end();
  });
}

/**
 * Answers a request the HTTP parser rejected (431, 400) and closes once what the client still sends is
 * drained (the parser is done with the socket, so its own data handler goes).
 */
function refuseConnection(socket: Socket, answer: string, limits: DrainLimits): void {
  draining.add(socket);
  socket.removeAllListeners('data');
  socket.write(answer);
  drainThen(socket, limits, () => {
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}

function listener(
  handler: (request: Request) => Promise<Response>,
  scheme: 'http' | 'https',
  maxBody: number,
  getHost: () => string,
  sideChannel: boolean,
  drain: DrainLimits,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req, scheme, getHost());
    if (url === null) {
      plain(res, 400, 'Bad Request');
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (!Number.isFinite(declared) || declared > maxBody) {
      refuseBody(req, res, drain);
      return;
    }
    if (continueExpected.has(req)) res.writeContinue();
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        aborted = true;
        chunks.length = 0;
        req.off('data', onData);
        refuseBody(req, res, drain);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      const method = (req.method ?? 'GET').toUpperCase();
      const hasBody = method !== 'GET' && method !== 'HEAD' && size > 0;
      let request: Request;
      try {
        const bytes = hasBody ? (chunks.length === 1 ? (chunks[0] as Buffer<ArrayBuffer>) : Buffer.concat(chunks)) : null;
        // With the side channel, the complete body (already within the limit) stays beside a Request that has
        // no body stream, the costliest part of the Fetch bridge, and the Request itself is built lazily
        // (node-request.ts); the sandbox's body reader takes the bytes from the side channel.
        if (sideChannel) {
          request = nodeRequest(method, url, req.rawHeaders);
          if (bytes !== null) setBodyBytes(request, bytes);
        } else {
          request = new Request(url, { method, headers: headersFromRaw(req.rawHeaders), body: bytes });
        }
      } catch {
        plain(res, 400, 'Bad Request');
        return;
      }
      // The peer, for the sign-in throttles (clientAddressOf).
      recordClientAddress(request, req.socket.remoteAddress);
      handler(request)
        .then(async (response) => {
          const text = method === 'HEAD' || !sideChannel ? undefined : responseTextOf(response);
          const body = method === 'HEAD' || text !== undefined ? null : Buffer.from(await response.arrayBuffer());
          const out: Record<string, string | string[]> = {};
          response.headers.forEach((value, name) => {
            if (name !== 'set-cookie') out[name] = value;
          });
          const cookies = response.headers.getSetCookie();
          if (cookies.length > 0) out['set-cookie'] = cookies;
          if (body !== null) out['content-length'] = String(body.length);
          else if (text !== undefined) out['content-length'] = String(Buffer.byteLength(text));
          res.writeHead(response.status, out);
          if (text !== undefined) res.end(text);
          else res.end(body);
        })
        .catch(() => plain(res, 500, 'Internal Server Error'));
    });
  };
}

/** A started listener. */
export interface StartedServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts an HTTP (or, with `tls`, HTTPS) listener for a fetch handler. With `bodySideChannel` (the sandbox's
 * handler, which reads bodies with `readBody`), each `Request` is built without a body stream and its bytes are
 * kept for `bodyBytesOf`, and a response made by `textResponse` is written from its recorded text; any
 * other handler gets `Request`s with their body streams.
 *
 * @example
 * ```ts
 * const started = await startServer(handler, { host: '127.0.0.1', port: 0 });
 * console.log(started.port);
 * await started.close();
 * ```
 */
export async function startServer(
  handler: (request: Request) => Promise<Response>,
  options: { host: string; port: number; tls?: { cert: string; key: string }; limits?: ServerLimits; bodySideChannel?: boolean },
): Promise<StartedServer> {
  const limits = options.limits ?? {};
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs ?? 10_000,
    requestTimeout: limits.requestTimeoutMs ?? 60_000,
    keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5_000,
    maxHeaderSize: limits.maxHeaderSize ?? 16_384,
    // How often the header and request timeouts are checked (Node's default, 30 s, lets slow clients linger).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor((limits.headersTimeoutMs ?? 10_000) / 4))),
  };
  let port = options.port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const maxBody = limits.maxBodyBytes ?? 9 * 1024 * 1024;
  const handle = listener(
    handler,
    options.tls ? 'https' : 'http',
    maxBody,
    () => `${hostForUrl}:${port}`,
    options.bodySideChannel === true,
    // Lingering close after a 413: drain at most 4 × the body limit (at least 8 MiB), within half the request
    // timeout (at most 10 s), closing after 2 s without data.
    {
      bytes: Math.max(4 * maxBody, 8 * 1024 * 1024),
      ms: Math.min(10_000, Math.floor(serverOptions.requestTimeout / 2)),
      idleMs: 2000,
    },
  );
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions, ...options.tls }, handle)
    : createHttpServer(serverOptions, handle);
  // Expect: 100-continue: invite the body only when it is within the limit (a larger one gets 413 unsent).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    continueExpected.add(req);
    handle(req, res);
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
    const answer = `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`;
    if (!socket.writable) socket.destroy();
    // A slow client is cut off at once; one that is still sending (a 1 MB header, garbage) gets the answer and
    // a bounded lingering close, so the kernel does not reset the connection before the client reads it.
    else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.end(answer);
    else refuseConnection(socket as Socket, answer, { bytes: 2 * 1024 * 1024, ms: 5000, idleMs: 1000 });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
