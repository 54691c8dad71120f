/**
 * `createSignedFetch`: a `fetch` that signs every request (RFC 5849 §3), with clock-skew recovery and RSA
 * signatures scheduled so a burst never blocks the event loop.
 *
 * @module
 */
import { type Credentials, OAuthError, type SignatureMethod, type SignedRequest, signRequest, type Transport } from '../core/index.js';
import { defaultSignScheduler, type SignScheduler } from '../core/sign-scheduler.js';
import type { WebCryptoKey } from '../core/web-types.js';
import { type ClockState, detectClockSkew, toClockState } from './clock.js';
import { BODY_HEADERS, MAX_REDIRECTS, redirectHop } from './redirects.js';
import { type Body, FORM_TYPE, type Normalised, normalise } from './request-input.js';
import type { FetchLike, SignedFetch, SignedFetchOptions } from './types.js';

const DEFAULT_WINDOW = 30;

/** Settings shared by every request a signer sends. */
export interface SignerConfig {
  consumer: Credentials;
  token: Credentials | null;
  fetch: FetchLike | undefined;
  signatureMethod: SignatureMethod;
  privateKey: string | WebCryptoKey | undefined;
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
    scheduler: null, // `gated` already runs this task through the client's scheduler
  });
}

/** Runs `task` through the scheduler for RSA (expensive, dispatch-heavy), directly for HMAC / PLAINTEXT. */
function gated<T>(config: SignerConfig, task: () => Promise<T>): Promise<T> {
  return config.signatureMethod.startsWith('RSA-') ? config.scheduler.run(task) : task();
}

/** Sends `request` as it is, or signed with `signed` (`null`: unsigned, for a redirect to another origin). */
function transmit(config: SignerConfig, request: Normalised, signed: SignedRequest | null, redirect?: RequestRedirect): Promise<Response> {
  const { body } = request;
  request.rest.signal?.throwIfAborted();
  // The normalised headers are this call's own copy (normalise made them): set in place, no second copy (a
  // retry after a clock-skew refusal sends a copy of its own, so the first attempt's headers stay as sent).
  const headers = request.headers;
  if (signed !== null && config.transport === 'header') headers.set('authorization', signed.authorization);
  let sendBody: BodyInit | undefined;
  if (signed?.body !== undefined && (body.kind === 'form' || body.kind === 'none')) {
    sendBody = signed.body;
    if (!headers.has('content-type')) headers.set('content-type', signed.contentType ?? FORM_TYPE);
  } else if (body.kind === 'form') {
    sendBody = body.text as BodyInit;
  } else if (body.kind === 'data' || body.kind === 'opaque') {
    sendBody = body.send;
  }
  const init: RequestInit & { duplex?: 'half' } = { ...request.rest, method: request.method, headers };
  if (redirect !== undefined) init.redirect = redirect;
  if (sendBody !== undefined) init.body = sendBody;
  if (body.kind === 'opaque' && body.isStream) init.duplex = 'half';
  const fetchImpl = config.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new OAuthError('ERR_INVALID_ARGUMENT', 'No fetch implementation: pass options.fetch');
  return fetchImpl(signed?.url ?? request.url, init);
}

/**
 * Sends a signed request and follows its redirects (see redirects.ts): within the origin each hop is signed
 * again for its own method and URL, to another origin it is sent unsigned; a redirect that would need a stream
 * sent twice, the 21st, and any redirect when the caller chose `redirect: 'manual'` or `'error'` are left to fetch
 * or answered as they are.
 */
async function transmitFollowing(config: SignerConfig, request: Normalised, signed: SignedRequest, extras: SendExtras): Promise<Response> {
  if ((request.rest.redirect ?? 'follow') !== 'follow') return transmit(config, request, signed);
  let current = request;
  let currentSigned = signed;
  for (let hops = 0; ; hops++) {
    const response = await transmit(config, current, currentSigned, 'manual');
    if (response.type === 'opaqueredirect') {
      // A browser does not show where a manual redirect leads: sign once more and let it follow.
      const again = { ...current, headers: new Headers(current.headers) };
      return transmit(config, again, await gated(config, () => signFor(config, again, extras)));
    }
    const hop = redirectHop(response, currentSigned.url, current.method);
    if (hop === null || hops === MAX_REDIRECTS) return response;
    const body: Body = hop.keepsBody ? current.body : { kind: 'none' };
    if (body.kind === 'opaque' && !body.replayable) return response;
    await response.body?.cancel().catch(() => undefined);
    const headers = new Headers(current.headers);
    headers.delete('authorization');
    if (!hop.keepsBody) for (const name of BODY_HEADERS) headers.delete(name);
    const next: Normalised = { ...current, url: hop.url, method: hop.method, headers, body };
    if (!hop.sameOrigin) return transmit(config, next, null, 'follow');
    current = next;
    currentSigned = await gated(config, () => signFor(config, next, extras));
  }
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
  const response = await transmitFollowing(config, request, signed, extras);
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
  return transmitFollowing(config, again, await gated(config, () => signFor(config, again, extras)), extras);
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
