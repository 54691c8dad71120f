/**
 * One X API call as the X client makes it: the URL, the credential check against X's OpenAPI document before
 * anything is sent, the body made afresh for every attempt, waits on 429 where allowed, and the answer read.
 *
 * @module
 */
import type { WebBodyInit } from 'oauth1x';
import { checkCredentials } from './operation-auth.js';
import { rateLimitWait } from './rate-limit-wait.js';
import type { XResponse } from './types.js';
import { readXResponse } from './x-response.js';
import type { XTransport } from './x-transport.js';

/** Options of {@link XClient.request}. */
export interface XRequestOptions {
  /** Query parameters, appended to the URL (signed). */
  query?: Readonly<Record<string, string>> | undefined;
  /** A JSON body (not signed, as on X). */
  json?: unknown;
  /** A form body (signed). */
  form?: Readonly<Record<string, string>> | URLSearchParams | undefined;
  /** Any other body (multipart `FormData`, bytes) with its headers. */
  body?: WebBodyInit | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
  /** Use `uploadBaseUrl` (the retired v1.1 upload host) instead of the API origin. */
  upload?: boolean | undefined;
}

/** What {@link sendXRequest} needs of the client. */
export interface XRequestContext {
  baseUrl: string;
  uploadBaseUrl: string;
  transport: XTransport;
  maxWait: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends `method path` for the X client method `caller`. A path on the API origin that X's document has is
 * first checked against the credential kinds (and OAuth 2.0 scopes) X accepts there: a mismatch throws
 * `XCredentialError` and nothing is sent.
 *
 * @example
 * ```ts
 * const { data } = await sendXRequest(context, 'request', 'GET', '/2/users/me', {});
 * ```
 */
export async function sendXRequest<T>(
  context: XRequestContext,
  caller: string,
  method: string,
  path: string,
  options: XRequestOptions,
): Promise<XResponse<T>> {
  const base = options.upload ? context.uploadBaseUrl : context.baseUrl;
  const url = new URL(/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.append(name, value);
  const api = new URL(context.baseUrl);
  const prefix = api.pathname.replace(/\/+$/, '');
  if (!options.upload && url.origin === api.origin && url.pathname.startsWith(`${prefix}/`))
    checkCredentials(caller, method, url.pathname.slice(prefix.length), context.transport.kind, context.transport.scopes);
  const parts = () => {
    const headers: Record<string, string> = { ...options.headers };
    let body: WebBodyInit | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      body =
        options.form instanceof URLSearchParams
          ? new URLSearchParams(options.form)
          : new URLSearchParams(options.form as Record<string, string>);
    }
    return { method, headers, body, signal: options.signal };
  };
  for (let attempt = 0; ; attempt++) {
    const response = await context.transport.send(url, parts);
    if (response.status === 429) {
      // A used-up 24-hour window throws DailyRateLimitError at once; a 15-minute one may be waited out.
      const waitMs = await rateLimitWait(response, url, attempt < 3 ? context.maxWait : 0, context.now());
      if (waitMs !== undefined) {
        await response.body?.cancel();
        await context.sleep(waitMs, options.signal);
        continue;
      }
    }
    return readXResponse<T>(response, url);
  }
}
