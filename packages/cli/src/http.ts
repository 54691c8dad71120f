/**
 * The CLI's HTTP transport: a `fetch`-compatible function on `node:http`/`node:https`, so `--cacert` and
 * `--insecure` can be honoured (the global `fetch` has no per-call TLS options). TLS is verified by default.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { UsageError } from './args.js';

/** TLS options of {@link createCliFetch}. */
export interface CliFetchOptions {
  /** A PEM file with CA certificates to trust in addition to the system ones. */
  cacert?: string | undefined;
  /** Skip certificate verification (the caller warns). */
  insecure?: boolean | undefined;
  /** Per-request timeout in milliseconds; default 30 s. */
  timeoutMs?: number | undefined;
}

/** A `fetch`-shaped function. */
export type CliFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Makes a `fetch`-compatible function with the given TLS settings.
 *
 * @example
 * ```ts
 * const fetch = createCliFetch({ cacert: '/tmp/sandbox/cert.pem' });
 * const response = await fetch('https://127.0.0.1:8443/2/users/me', { headers: { authorization } });
 * ```
 */
export function createCliFetch(options: CliFetchOptions = {}): CliFetch {
  let ca: string[] | undefined;
  if (options.cacert !== undefined) {
    try {
      ca = [...rootCertificates, readFileSync(options.cacert, 'utf8')];
    } catch {
      throw new UsageError(`cannot read --cacert ${options.cacert}`);
    }
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers['content-length'] = String(body.length);
    const secure = url.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        {
          method: request.method,
          headers,
          signal: request.signal,
          timeout: timeoutMs,
          ...(secure ? { ca, rejectUnauthorized: options.insecure !== true } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
              else if (value !== undefined) responseHeaders.set(name, value);
            }
            const status = res.statusCode ?? 502;
            const noBody = status === 204 || status === 205 || status === 304 || request.method === 'HEAD';
            resolve(
              new Response(noBody ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`request to ${url.origin} timed out after ${timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        const reason =
          error.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
          error.code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
          error.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
          error.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `${error.message} (trust the server's certificate with --cacert FILE, or --insecure to skip verification)`
            : error.message;
        reject(Object.assign(new Error(`${request.method} ${url.origin}${url.pathname}: ${reason}`), { code: error.code }));
      });
      if (body !== undefined) req.end(body);
      else req.end();
    });
  };
}
