/**
 * `createSignedFetch`: a `fetch` that signs every request (RFC 5849 §3), with clock-skew recovery and RSA
 * signatures scheduled so a burst never blocks the event loop.
 *
 * @module
 */
import {
  type Credentials,
  isFormContentType,
  OAuthError,
  type SignatureMethod,
  type SignedRequest,
  signRequest,
  type Transport,
} from '../core/index.js';
import { type ClockState, detectClockSkew, toClockState } from './clock.js';
import { defaultSignScheduler, type SignScheduler } from './sign-scheduler.js';
import type { FetchLike, SignedFetch, SignedFetchOptions } from './types.js';

const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';
const DEFAULT_WINDOW = 30;

/** Settings shared by every request a signer sends. */
export interface SignerConfig {
  consumer: Credentials;
  token: Credentials | null;
  fetch: FetchLike | undefined;
  signatureMethod: SignatureMethod;
  privateKey: string | CryptoKey | undefined;
  transport: Transport;
  realm: string | undefined;
  bodyHash: boolean;
  clock: ClockState;
  clockSkewWindow: number;
  retryOnClockSkew: boolean;
  scheduler: SignScheduler;
}

/** Per-request additions used by the flows (token override, `oauth_callback`, `oauth_verifier`). */
export interface SendExtras {
  token?: Credentials | null | undefined;
  oauthParams?: Readonly<Record<string, string>> | undefined;
}

type Body =
  | { kind: 'none' }
  | { kind: 'form'; text: string | URLSearchParams | Uint8Array; contentType: string }
  /** String or bytes that are not form-encoded: unsigned, replayable, hashable. */
  | { kind: 'data'; data: string | Uint8Array; send: BodyInit; contentType: string | null }
  /** FormData, Blob (replayable) or a stream (not replayable). */
  | { kind: 'opaque'; send: BodyInit; replayable: boolean; isStream: boolean };

interface Normalised {
  url: string;
  method: string;
  headers: Headers;
  rest: RequestInit;
  body: Body;
}

const REQUEST_FIELDS = ['signal', 'redirect', 'credentials', 'cache', 'integrity', 'keepalive', 'referrerPolicy', 'mode'] as const;

function isStream(body: unknown): boolean {
  return (
    (typeof ReadableStream === 'function' && body instanceof ReadableStream) ||
    (body !== null && typeof body === 'object' && (Symbol.asyncIterator in body || typeof (body as { pipe?: unknown }).pipe === 'function'))
  );
}

async function classify(body: unknown, headers: Headers, wantBytes: boolean): Promise<Body> {
  if (body === undefined || body === null) return { kind: 'none' };
  const contentType = headers.get('content-type');
  if (typeof body === 'string') {
    return isFormContentType(contentType)
      ? { kind: 'form', text: body, contentType: contentType as string }
      : { kind: 'data', data: body, send: body, contentType };
  }
  if (body instanceof URLSearchParams) return { kind: 'form', text: body, contentType: contentType ?? FORM_TYPE };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    // A private copy: the caller may reuse the buffer, and a retry must send the same bytes.
    const view = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    const bytes = new Uint8Array(view.byteLength);
    bytes.set(view);
    return isFormContentType(contentType)
      ? { kind: 'form', text: bytes, contentType: contentType as string }
      : { kind: 'data', data: bytes, send: bytes, contentType };
  }
  if (typeof Blob === 'function' && body instanceof Blob) {
    const type = contentType ?? (body.type || null);
    if (isFormContentType(type)) return { kind: 'form', text: await body.text(), contentType: type as string };
    if (wantBytes) return { kind: 'data', data: new Uint8Array(await body.arrayBuffer()), send: body, contentType: type };
    return { kind: 'opaque', send: body, replayable: true, isStream: false };
  }
  if (typeof FormData === 'function' && body instanceof FormData) return { kind: 'opaque', send: body, replayable: true, isStream: false };
  return { kind: 'opaque', send: body as BodyInit, replayable: false, isStream: isStream(body) };
}

async function normalise(input: string | URL | Request, init: RequestInit | undefined, wantBytes: boolean): Promise<Normalised> {
  const { method: initMethod, headers: initHeaders, body: initBody, ...initRest } = init ?? {};
  if (typeof Request === 'function' && input instanceof Request) {
    const rest: RequestInit = {};
    for (const field of REQUEST_FIELDS) {
      const value = input[field];
      if (field === 'mode' && value === 'navigate') continue;
      if (value !== undefined) (rest as Record<string, unknown>)[field] = value;
    }
    Object.assign(rest, initRest);
    const headers = new Headers(initHeaders ?? input.headers);
    let body: unknown = initBody;
    if (body === undefined && input.body !== null) {
      // Buffer a Request's body through a clone (the caller's Request stays unused): it can then be signed when
      // it is a form, hashed, and replayed after a clock-skew refusal.
      const copy = input.clone();
      body = isFormContentType(headers.get('content-type')) ? await copy.text() : await copy.blob();
    }
    return {
      url: input.url,
      method: (initMethod ?? input.method).toUpperCase(),
      headers,
      rest,
      body: await classify(body, headers, wantBytes),
    };
  }
  const headers = new Headers(initHeaders);
  const url = input instanceof URL ? input.href : String(input);
  return { url, method: (initMethod ?? 'GET').toUpperCase(), headers, rest: initRest, body: await classify(initBody, headers, wantBytes) };
}

function signFor(config: SignerConfig, request: Normalised, extras: SendExtras): Promise<SignedRequest> {
  const { body } = request;
  if (config.transport === 'body' && (request.method === 'GET' || request.method === 'HEAD')) {
    throw new OAuthError('ERR_INVALID_ARGUMENT', `The body transport cannot be used with ${request.method}`);
  }
  if (config.transport === 'body' && body.kind !== 'none' && body.kind !== 'form') {
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'The body transport needs a form-encoded body');
  }
  const hashBody = config.bodyHash && body.kind !== 'form';
  if (hashBody && body.kind === 'opaque') {
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'oauth_body_hash needs a string, bytes or Blob body, not a stream or FormData');
  }
  return signRequest({
    method: request.method,
    url: request.url,
    body: body.kind === 'form' ? body.text : body.kind === 'data' && hashBody ? body.data : undefined,
    contentType: body.kind === 'form' ? body.contentType : body.kind === 'data' ? (body.contentType ?? 'text/plain') : undefined,
    consumer: config.consumer,
    token: extras.token === undefined ? config.token : extras.token,
    signatureMethod: config.signatureMethod,
    privateKey: config.privateKey,
    realm: config.realm,
    transport: config.transport,
    oauthParams: extras.oauthParams,
    bodyHash: hashBody ? true : undefined,
    clockOffset: config.clock.offset,
  });
}

/** Runs `task` through the scheduler for RSA (expensive, dispatch-heavy), directly for HMAC / PLAINTEXT. */
function gated<T>(config: SignerConfig, task: () => Promise<T>): Promise<T> {
  return config.signatureMethod.startsWith('RSA-') ? config.scheduler.run(task) : task();
}

function transmit(config: SignerConfig, request: Normalised, signed: SignedRequest): Promise<Response> {
  const { body } = request;
  request.rest.signal?.throwIfAborted();
  // The normalised headers are this call's own copy (normalise made them): set in place, no second copy (a
  // retry after a clock-skew refusal sends a copy of its own, so the first attempt's headers stay as sent).
  const headers = request.headers;
  if (config.transport === 'header') headers.set('authorization', signed.authorization);
  let sendBody: BodyInit | undefined;
  if (signed.body !== undefined && (body.kind === 'form' || body.kind === 'none')) {
    sendBody = signed.body;
    if (!headers.has('content-type')) headers.set('content-type', signed.contentType ?? FORM_TYPE);
  } else if (body.kind === 'data' || body.kind === 'opaque') {
    sendBody = body.send;
  }
  const init: RequestInit & { duplex?: 'half' } = { ...request.rest, method: request.method, headers };
  if (sendBody !== undefined) init.body = sendBody;
  if (body.kind === 'opaque' && body.isStream) init.duplex = 'half';
  const fetchImpl = config.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new OAuthError('ERR_INVALID_ARGUMENT', 'No fetch implementation: pass options.fetch');
  return fetchImpl(signed.url, init);
}

/**
 * Signs and sends one request with the signer's settings, recovering once from a clock-skew refusal. Used by
 * {@link createSignedFetch} and the client flows. With an RSA method, reading the input and signing run as
 * one scheduled task, so a burst of calls returns to the event loop at once and the work is spread out.
 *
 * @example
 * ```ts
 * const response = await sendSigned(config, 'https://api.x.com/oauth/request_token', { method: 'POST' }, { oauthParams: { oauth_callback: 'oob' } });
 * ```
 */
export async function sendSigned(
  config: SignerConfig,
  input: string | URL | Request,
  init?: RequestInit,
  extras: SendExtras = {},
): Promise<Response> {
  const { request, signed, offset } = await gated(config, async () => {
    // A request aborted while it waited for a signing slot is not signed at all.
    init?.signal?.throwIfAborted();
    if (init?.signal == null && typeof Request === 'function' && input instanceof Request) input.signal.throwIfAborted();
    const normalised = await normalise(input, init, config.bodyHash);
    const offset = config.clock.offset;
    return { request: normalised, signed: await signFor(config, normalised, extras), offset };
  });
  const response = await transmit(config, request, signed);
  // Only a 400/401 can report a refused timestamp (detectClockSkew reads nothing else): skip the await.
  if (!config.retryOnClockSkew || (response.status !== 401 && response.status !== 400)) return response;
  // Judged against the offset this request was signed with: requests refused together all retry, though the
  // first one to come back has already corrected the shared clock.
  const verdict = await detectClockSkew(response, config.clockSkewWindow, offset);
  if (verdict.offset === undefined || verdict.offset === offset) return response;
  config.clock.offset = verdict.offset;
  const replayable = request.body.kind !== 'opaque' || request.body.replayable;
  if (!verdict.refused || !replayable || request.rest.signal?.aborted) return response;
  await response.body?.cancel().catch(() => undefined);
  const again = { ...request, headers: new Headers(request.headers) };
  return transmit(config, again, await gated(config, () => signFor(config, again, extras)));
}

/**
 * Builds a {@link SignerConfig} from options, with defaults.
 *
 * @example
 * ```ts
 * const config = signerConfig({ consumer, token });
 * ```
 */
export function signerConfig(options: SignedFetchOptions): SignerConfig {
  const consumer = options.consumer;
  if (typeof consumer?.key !== 'string' || typeof consumer.secret !== 'string') {
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'consumer must have string key and secret');
  }
  const transport = options.transport ?? 'header';
  if (transport !== 'header' && transport !== 'query' && transport !== 'body') {
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'transport must be header, query or body');
  }
  const window = options.clockSkewWindow ?? DEFAULT_WINDOW;
  if (!Number.isFinite(window) || window < 1) throw new OAuthError('ERR_INVALID_ARGUMENT', 'clockSkewWindow must be at least 1 second');
  return {
    consumer,
    token: options.token ?? null,
    fetch: options.fetch,
    signatureMethod: options.signatureMethod ?? 'HMAC-SHA1',
    privateKey: options.privateKey,
    transport,
    realm: options.realm,
    bodyHash: options.bodyHash === true,
    clock: toClockState(options.clock),
    clockSkewWindow: window,
    retryOnClockSkew: options.retryOnClockSkew !== false,
    scheduler: options.scheduler ?? defaultSignScheduler(),
  };
}

/**
 * Returns a function with `fetch`'s signature that signs every request with OAuth 1.0a. Form bodies (string
 * with a form `Content-Type`, `URLSearchParams`) and the query are signed; JSON, multipart, Blob and stream
 * bodies are not (set `bodyHash: true` to sign string / byte bodies with `oauth_body_hash`). Accepts a
 * `Request` as input (its body is read from a clone). Honours `AbortSignal`, never reads the response body
 * except a clone of a 400/401 answer to detect a refused timestamp, in which case it retries once with the
 * corrected clock (form / byte bodies only, never a stream) and keeps the offset in `signedFetch.clockOffset`.
 *
 * @example
 * ```ts
 * import { createSignedFetch } from 'oauth1x/client';
 * const signedFetch = createSignedFetch({ consumer: { key, secret }, token: { key: t, secret: ts } });
 * const response = await signedFetch('https://api.x.com/1.1/statuses/update.json', {
 *   method: 'POST',
 *   body: new URLSearchParams({ status: 'Hello' }),
 * });
 * ```
 */
export function createSignedFetch(options: SignedFetchOptions): SignedFetch {
  const config = signerConfig(options);
  const signedFetch = ((input: string | URL | Request, init?: RequestInit) => sendSigned(config, input, init)) as SignedFetch;
  Object.defineProperty(signedFetch, 'clockOffset', {
    get: () => config.clock.offset,
    set: (value: number) => {
      if (!Number.isFinite(value)) throw new TypeError('clockOffset must be a finite number of seconds');
      config.clock.offset = Math.trunc(value);
    },
    enumerable: true,
  });
  Object.defineProperty(signedFetch, 'clock', { value: config.clock, enumerable: true });
  return signedFetch;
}
