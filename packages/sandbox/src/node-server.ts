/**
 * The sandbox's Node listeners: `serve()` of `oauth1x/provider/node` (timeouts, header and body caps, 413/431
 * with a lingering close, `Expect: 100-continue`, the URL the client signed, the peer address for
 * `clientAddressOf`) with the sandbox's limits and, for its own handler, the body side channel
 * (`body-side-channel.ts`: bytes beside a lazily built, body-less `Request`, answers written from their text).
 *
 * @module
 */
import { type NodeBodyHook, type NodeServer, serve } from 'oauth1x/provider/node';
import { responseTextOf, setBodyBytes } from './body-side-channel.js';
import { nodeRequest } from './node-request.js';

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

/** A started listener. */
export type StartedServer = NodeServer;

/** The body side channel as `serve()`'s hook: a lazy body-less `Request`, its bytes recorded beside it. */
const sideChannel: NodeBodyHook = {
  request(method, url, rawHeaders, body) {
    const request = nodeRequest(method, url, rawHeaders);
    if (body !== null) setBodyBytes(request, body);
    return request;
  },
  responseText: responseTextOf,
};

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
export function startServer(
  handler: (request: Request) => Promise<Response>,
  options: { host: string; port: number; tls?: { cert: string; key: string }; limits?: ServerLimits; bodySideChannel?: boolean },
): Promise<StartedServer> {
  const limits = options.limits ?? {};
  return serve(handler, {
    host: options.host,
    port: options.port,
    tls: options.tls,
    maxBodyBytes: limits.maxBodyBytes ?? 9 * 1024 * 1024,
    headersTimeoutMs: limits.headersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderSize,
    bodyHook: options.bodySideChannel === true ? sideChannel : undefined,
  });
}
