/**
 * The one-shot local HTTP server a browser flow's redirect lands on (RFC 8252 §7.3: a loopback redirect URI
 * on 127.0.0.1, any port), shared by the OAuth 1.0a browser flow (`oauth1x authorize --callback-port`) and
 * OAuth 2.0 PKCE (`oauth1x authorize --oauth2`). It answers the first `GET /callback` with a page telling
 * the user to return to the terminal, hands its query to the caller and closes.
 *
 * @module
 */
import { createServer } from 'node:http';
import { UsageError } from './args.js';

/** A listening loopback server waiting for one redirect. */
export interface Loopback {
  /** `http://127.0.0.1:PORT/callback`. */
  redirectUri: string;
  /** Resolves with the first callback's full URL; rejects on a denial, a timeout or {@link Loopback.close}. */
  callback: Promise<URL>;
  close(): void;
}

const DONE_PAGE =
  '<!doctype html><meta charset="utf-8"><title>oauth1x</title><p>Signed in. You can close this window and return to the terminal.</p>';

/**
 * Starts the server on `127.0.0.1:port` (0 picks a free port). A callback carrying `denied` (OAuth 1.0a) or
 * `error` (OAuth 2.0, RFC 6749 §4.1.2.1) is answered with a failure page and rejects `callback`.
 *
 * @example
 * ```ts
 * const loopback = await startLoopback(0);
 * console.log(loopback.redirectUri); // http://127.0.0.1:53682/callback
 * const url = await loopback.callback;
 * loopback.close();
 * ```
 */
export async function startLoopback(port: number, timeoutMs = 300_000): Promise<Loopback> {
  let settle: { resolve: (url: URL) => void; reject: (error: Error) => void } | undefined;
  const callback = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Rejections before anyone awaits are not unhandled.
  callback.catch(() => {});
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const error = url.searchParams.get('error');
    const denied = url.searchParams.has('denied') || error !== null;
    res.writeHead(denied ? 400 : 200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    res.end(denied ? '<!doctype html><p>Authorization was denied.</p>' : DONE_PAGE);
    if (!denied) settle?.resolve(url);
    else {
      // `error` is one of RFC 6749's fixed codes; anything else is not repeated back.
      const code = error !== null && /^[a-z_]{1,40}$/.test(error) ? ` (${error})` : '';
      settle?.reject(new Error(`the authorization was denied in the browser${code}`));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`--callback-port ${port} is in use`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => settle?.reject(new Error(`no callback within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  return {
    redirectUri: `http://127.0.0.1:${actual}/callback`,
    callback,
    close() {
      clearTimeout(timer);
      settle?.reject(new Error('closed'));
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Checks a `--callback-port` value: a port number, 0 for any free port.
 *
 * @example
 * ```ts
 * parsePort('8765'); // 8765
 * ```
 */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError('--callback-port must be a port number (0 for any)');
  return port;
}
