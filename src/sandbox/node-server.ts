/**
 * Serving a fetch handler on node:http and node:https with the protections a server facing arbitrary
 * clients needs: header and whole-request timeouts (slow clients), a header size cap, a body size cap
 * enforced while reading, a request URL built from the listener's scheme and the `Host` header (the URL the
 * client signed), and no 500 for malformed requests.
 *
 * @module
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { responseTextOf, setBodyBytes } from './body-side-channel.js';

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

function listener(
  handler: (request: Request) => Promise<Response>,
  scheme: 'http' | 'https',
  maxBody: number,
  getHost: () => string,
  sideChannel: boolean,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req, scheme, getHost());
    if (url === null) {
      plain(res, 400, 'Bad Request');
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (!Number.isFinite(declared) || declared > maxBody) {
      plain(res, 413, 'Request body too large');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        aborted = true;
        plain(res, 413, 'Request body too large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        try {
          headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
        } catch {
          // A header value the Fetch API refuses: drop it.
        }
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const hasBody = method !== 'GET' && method !== 'HEAD' && size > 0;
      let request: Request;
      try {
        const bytes = hasBody ? (chunks.length === 1 ? (chunks[0] as Buffer<ArrayBuffer>) : Buffer.concat(chunks)) : null;
        // With the side channel, the complete body (already within the limit) stays beside a Request that has
        // no body stream, the costliest part of the Fetch bridge; the sandbox's body reader takes it from there.
        request = new Request(url, { method, headers, body: sideChannel ? null : bytes });
        if (sideChannel && bytes !== null) setBodyBytes(request, bytes);
      } catch {
        plain(res, 400, 'Bad Request');
        return;
      }
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
  );
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions, ...options.tls }, handle)
    : createHttpServer(serverOptions, handle);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
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
