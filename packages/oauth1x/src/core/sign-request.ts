/**
 * Signing a whole request (RFC 5849 §3.1–3.5): protocol parameters, base string, signature, and the
 * transports (Authorization header, query string, form body).
 *
 * @module
 */
import { hmacBase64 } from '#crypto';
import { type EncodedPair, encodedBaseString } from './base-string.js';
import { parseRequestUrlCached } from './base-string-uri.js';
import { bodyHash as computeBodyHash } from './body-hash.js';
import {
  constantParameter,
  encodedCredentials,
  encodeParameter,
  generatedNonceParameter,
  protocolParameter,
  timestampParameter,
} from './encoded-parameters.js';
import { invalidArgument } from './errors.js';
import { currentTimestamp } from './nonce.js';
import { formEncode, isFormContentType, joinForm, type Parameter, type ParameterInput, toParameterList } from './parameters.js';
import { percentEncode } from './percent-encode.js';
import { defaultSignScheduler, type SignScheduler } from './sign-scheduler.js';
import { createSignature, hashOf, isSignatureMethod, type SignatureMethod } from './signature-methods.js';
import type { WebCryptoKey } from './web-types.js';

/** A key and its shared secret: a consumer (client credentials) or a token. */
export interface Credentials {
  key: string;
  secret: string;
}

/** Where the protocol parameters travel (§3.5). */
export type Transport = 'header' | 'query' | 'body';

const FORM = 'application/x-www-form-urlencoded';
const RESERVED = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
]);

/** What {@link signRequest} takes. */
export interface SignRequestOptions {
  /** HTTP method, any case. */
  method: string;
  /** Absolute http(s) URL, query included. */
  url: string | URL;
  /**
   * The body: a form-encoded string (sent as is, decoded once for signing), `URLSearchParams`, a plain
   * object of strings / string arrays, or raw bytes / text for non-form bodies.
   */
  body?: ParameterInput | Uint8Array | null | undefined;
  /** The body's `Content-Type`. Defaults to form-encoded when a body is given that is not bytes. */
  contentType?: string | null | undefined;
  consumer: Credentials;
  /** The token; omitted for request-token calls and 2-legged requests. */
  token?: Credentials | null | undefined;
  /** Default `HMAC-SHA1`. */
  signatureMethod?: SignatureMethod | undefined;
  /** RSA private key for the RSA methods: PEM (PKCS#1 or PKCS#8) or a `CryptoKey`. */
  privateKey?: string | WebCryptoKey | undefined;
  /** Authorization header realm; never signed. */
  realm?: string | undefined;
  nonce?: string | undefined;
  timestamp?: string | number | undefined;
  /** `oauth_version` value; default `"1.0"`, `null` omits the parameter. */
  version?: string | null | undefined;
  /** Extra protocol parameters such as `oauth_callback` or `oauth_verifier`. */
  oauthParams?: Readonly<Record<string, string>> | undefined;
  /** `true` adds `oauth_body_hash` for a non-form body; a string is used as the hash value. */
  bodyHash?: boolean | string | undefined;
  /** Default `header`. */
  transport?: Transport | undefined;
  /** Seconds added to the local clock for the default timestamp (clock-skew correction). */
  clockOffset?: number | undefined;
  /**
   * Where RSA signatures (§3.4.3) run: default the process-wide {@link defaultSignScheduler}, which keeps a few
   * in flight so a burst of them never stalls the event loop; `null` signs at once (for a caller that already
   * bounds its own signing). HMAC and PLAINTEXT never wait for it.
   */
  scheduler?: SignScheduler | null | undefined;
}

/** What {@link signRequest} resolves to. */
export interface SignedRequest {
  /** The full `Authorization` header value, `OAuth ...`. */
  authorization: string;
  /** `oauth_signature`, base64 (not percent-encoded). */
  signature: string;
  /** The signature base string (§3.4.1.1). Contains no secrets. */
  baseString: string;
  /** Protocol parameters sent, `oauth_signature` last. */
  oauthParams: Parameter[];
  /** Every parameter of the base string (query, body, protocol), decoded, before sorting. */
  parameters: Parameter[];
  /** Upper-cased HTTP method. */
  method: string;
  /** The URL to send: the input URL, plus the protocol parameters for the `query` transport. */
  url: string;
  /** The form body to send (the `body` transport adds the protocol parameters), or `undefined`. */
  body: string | undefined;
  /** The `Content-Type` the body should be sent with, if there is a form body. */
  contentType: string | undefined;
}

/** The parts of a request that feed the base string, before the signature is computed. */
export interface PreparedRequest {
  method: string;
  url: string;
  baseUri: string;
  query: Parameter[];
  bodyParams: Parameter[];
  formBody: string | undefined;
  contentType: string | undefined;
  oauthParams: Parameter[];
  signatureMethod: SignatureMethod;
}

function isBytes(body: unknown): body is Uint8Array {
  return body instanceof Uint8Array;
}

const METHOD = /^[A-Za-z]+$/;

/** {@link PreparedRequest} plus what is still needed for `oauth_body_hash`, if it must be computed. */
interface Collected {
  prepared: PreparedRequest;
  encodedBaseUri: string;
  /** `prepared.oauthParams`, encoded, same order. */
  encodedProtocol: EncodedPair[];
  /** The HMAC / PLAINTEXT key (§3.4.2). */
  signingKey: string;
  /** True when `prepared.formBody` is still to be serialised from `prepared.bodyParams`. */
  formBodyPending: boolean;
  /** The body to hash when `bodyHash: true`; `undefined` when no hash is to be computed. */
  hashInput: string | Uint8Array | undefined;
}

/** The synchronous part of {@link prepareRequest}: everything except computing `oauth_body_hash`. */
function collect(options: SignRequestOptions): Collected {
  const { consumer, token, body } = options;
  if (typeof options.method !== 'string' || !METHOD.test(options.method)) invalidArgument('method must be an HTTP method name');
  if (typeof consumer?.key !== 'string' || typeof consumer.secret !== 'string') invalidArgument('consumer must have string key and secret');
  if (token != null && (typeof token.key !== 'string' || typeof token.secret !== 'string'))
    invalidArgument('token must have string key and secret');
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA1';
  if (!isSignatureMethod(signatureMethod)) invalidArgument(`Unsupported signature method: ${String(signatureMethod)}`);
  const method = options.method.toUpperCase();
  const url = String(options.url);
  const { baseUri, query, encodedBaseUri } = parseRequestUrlCached(options.url);

  const hasBody = body !== undefined && body !== null;
  const contentType = options.contentType ?? (hasBody && !isBytes(body) ? FORM : undefined);
  const form = hasBody && (contentType === FORM || isFormContentType(contentType));
  let bodyParams: Parameter[] = [];
  let formBody: string | undefined;
  let formBodyPending = false;
  if (form) {
    const input = isBytes(body) ? new TextDecoder('utf-8', { fatal: true }).decode(body) : body;
    bodyParams = toParameterList(input);
    if (typeof input === 'string') formBody = input;
    else formBodyPending = true;
  }

  // Protocol parameters, encoded (each carrying its decoded pair). Names are constants made of unreserved
  // characters; generated nonces (hex), timestamps (digits) and method names need no encoding.
  const credentials = encodedCredentials(consumer, token);
  const nonce = options.nonce;
  const timestamp = options.timestamp;
  const encodedProtocol: EncodedPair[] = [
    credentials.consumerKey,
    nonce === undefined ? generatedNonceParameter() : protocolParameter('oauth_nonce', nonce),
    constantParameter('oauth_signature_method', signatureMethod),
    timestamp === undefined
      ? timestampParameter(currentTimestamp(options.clockOffset))
      : protocolParameter('oauth_timestamp', String(timestamp)),
  ];
  if (credentials.token !== undefined) encodedProtocol.push(credentials.token);
  const version = options.version === undefined ? '1.0' : options.version;
  if (version !== null) {
    encodedProtocol.push(version === '1.0' ? constantParameter('oauth_version', version) : protocolParameter('oauth_version', version));
  }
  if (options.oauthParams !== undefined) {
    for (const name of Object.keys(options.oauthParams)) {
      if (!name.startsWith('oauth_') || RESERVED.has(name)) {
        invalidArgument(`oauthParams may hold extra oauth_* parameters only, not "${name}"`);
      }
      encodedProtocol.push(protocolParameter(name, String(options.oauthParams[name])));
    }
  }
  let hashInput: string | Uint8Array | undefined;
  if (options.bodyHash !== undefined && options.bodyHash !== false) {
    if (form) invalidArgument('oauth_body_hash is only for bodies that are not form-encoded');
    if (typeof options.bodyHash === 'string') encodedProtocol.push(protocolParameter('oauth_body_hash', options.bodyHash));
    else {
      if (signatureMethod === 'PLAINTEXT') invalidArgument('oauth_body_hash is not defined for PLAINTEXT');
      hashInput = hasBody ? (isBytes(body) ? body : String(body)) : '';
    }
  }
  if (options.transport === 'body' && hasBody && !form) invalidArgument('The body transport needs a form-encoded body');
  const oauthParams: Parameter[] = [];
  for (let i = 0; i < encodedProtocol.length; i++) {
    const pair = encodedProtocol[i] as EncodedPair;
    oauthParams.push(pair[6] ?? [pair[2], pair[3]]);
  }
  const prepared = { method, url, baseUri, query, bodyParams, formBody, contentType, oauthParams, signatureMethod };
  return { prepared, encodedBaseUri, encodedProtocol, signingKey: credentials.signingKey, hashInput, formBodyPending };
}

/**
 * Collects everything the base string needs from {@link SignRequestOptions}: validates the options, decodes
 * query and form body, and builds the protocol parameters (generating nonce and timestamp when absent).
 * Used by {@link signRequest} and by `explainRequest`.
 *
 * @example
 * ```ts
 * import { prepareRequest } from 'oauth1x';
 * const prepared = await prepareRequest({ method: 'GET', url: 'https://api.x.com/2/users/me', consumer });
 * ```
 */
export async function prepareRequest(options: SignRequestOptions): Promise<PreparedRequest> {
  const { prepared, hashInput, formBodyPending } = collect(options);
  prepared.query = prepared.query.slice(); // the URL cache's list is frozen and shared
  if (formBodyPending) prepared.formBody = formEncode(prepared.bodyParams);
  if (hashInput !== undefined) {
    prepared.oauthParams.push(['oauth_body_hash', await computeBodyHash(hashInput, prepared.signatureMethod)]);
  }
  return prepared;
}

/**
 * Signs a request per RFC 5849 and returns the `Authorization` header value, the signature and the base
 * string, plus the URL and body to send for the chosen transport.
 *
 * @example
 * ```ts
 * import { signRequest } from 'oauth1x';
 * const signed = await signRequest({
 *   method: 'POST',
 *   url: 'https://api.x.com/1.1/statuses/update.json?include_entities=true',
 *   body: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
 *   consumer: { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
 *   token: { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
 * });
 * await fetch(signed.url, { method: 'POST', headers: { authorization: signed.authorization, 'content-type': signed.contentType! }, body: signed.body });
 * ```
 */
export function signRequest(options: SignRequestOptions): Promise<SignedRequest> {
  // Not `async`: the common case (HMAC on Node) completes synchronously and resolves one promise; errors
  // still arrive as a rejected promise, never as a synchronous throw.
  try {
    // RSA (§3.4.3) runs behind the scheduler whole, base string included: each Web Crypto sign is dispatched
    // from the main thread and completes there, and a thousand requests prepared in one burst stall the loop
    // on their own (measured: 20–30 ms when only the sign waited); the scheduler starts one per macrotask.
    const method = options.signatureMethod;
    if (typeof method === 'string' && method.startsWith('RSA-') && options.scheduler !== null) {
      return (options.scheduler ?? defaultSignScheduler()).run(() => signSlowly(options, collect(options)));
    }
    const collected = collect(options);
    if (collected.hashInput === undefined) {
      const hash = hashOf(collected.prepared.signatureMethod);
      if (hash !== null && collected.prepared.signatureMethod.charCodeAt(0) === 72 /* H */) {
        // The '#crypto' types are the Web Crypto ones (a Promise); on Node the same call returns a string.
        const parts = baseStringOf(collected);
        const result: string | Promise<string> = hmacBase64(hash, collected.signingKey, parts.baseString);
        if (typeof result === 'string') return Promise.resolve(finish(options, collected, parts, result));
        return result.then((signature) => finish(options, collected, parts, signature));
      }
    }
    return signSlowly(options, collected);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** {@link signRequest} for body hashes, RSA and PLAINTEXT. */
async function signSlowly(options: SignRequestOptions, collected: Collected): Promise<SignedRequest> {
  const { prepared, encodedProtocol } = collected;
  const { oauthParams: protocol, signatureMethod } = prepared;
  if (collected.hashInput !== undefined) {
    const value = await computeBodyHash(collected.hashInput, signatureMethod);
    protocol.push(['oauth_body_hash', value]);
    encodedProtocol.push(protocolParameter('oauth_body_hash', value));
  }
  const parts = baseStringOf(collected);
  let signature: string;
  if (signatureMethod === 'PLAINTEXT')
    signature = collected.signingKey; // §3.4.4
  else {
    signature = await createSignature(signatureMethod, parts.baseString, {
      consumerSecret: options.consumer.secret,
      tokenSecret: options.token?.secret,
      privateKey: options.privateKey,
    });
  }
  return finish(options, collected, parts, signature);
}

/** The base string (§3.4.1) and the form body to send, from encoded parameters built once. */
function baseStringOf(collected: Collected): { baseString: string; body: string | undefined } {
  // Every name and value is percent-encoded once; its base string and header segments are built once
  // (constants and credentials come from caches).
  const { prepared, encodedProtocol } = collected;
  const { query, bodyParams } = prepared;
  const encoded: EncodedPair[] = [];
  for (let i = 0; i < query.length; i++) encoded.push(encodeParameter(query[i] as Parameter));
  const bodyStart = encoded.length;
  for (let i = 0; i < bodyParams.length; i++) encoded.push(encodeParameter(bodyParams[i] as Parameter));
  let body = prepared.formBody;
  if (collected.formBodyPending) body = joinForm(encoded, bodyStart, encoded.length);
  for (let i = 0; i < encodedProtocol.length; i++) encoded.push(encodedProtocol[i] as EncodedPair);
  const baseString = encodedBaseString(prepared.method, collected.encodedBaseUri, encoded);

  return { baseString, body };
}

/** The header, transports and result once the signature is known. */
function finish(
  options: SignRequestOptions,
  collected: Collected,
  parts: { baseString: string; body: string | undefined },
  signature: string,
): SignedRequest {
  const { prepared, encodedProtocol } = collected;
  const { query, bodyParams, oauthParams: protocol } = prepared;
  let body = parts.body;
  const baseString = parts.baseString;
  // A signature is base64, or for PLAINTEXT an already encoded key: neither holds !'()*, the only characters
  // where encodeURIComponent differs from §3.6 encoding, so the native encoder gives the same result.
  const encodedSignature = encodeURIComponent(signature);

  let authorization = options.realm === undefined || options.realm === null ? 'OAuth ' : `OAuth realm="${percentEncode(options.realm)}", `;
  for (let i = 0; i < encodedProtocol.length; i++) authorization += (encodedProtocol[i] as EncodedPair)[5];
  authorization += `oauth_signature="${encodedSignature}"`;

  let url = prepared.url;
  if (options.transport === 'query' || options.transport === 'body') {
    const form = `${joinForm(encodedProtocol, 0, encodedProtocol.length)}&oauth_signature=${encodedSignature}`;
    if (options.transport === 'query') {
      const hashAt = url.indexOf('#');
      if (hashAt !== -1) url = url.slice(0, hashAt);
      url += `${url.includes('?') ? (url.endsWith('?') || url.endsWith('&') ? '' : '&') : '?'}${form}`;
    } else body = body === undefined || body === '' ? form : `${body}&${form}`;
  }
  const contentType = body === undefined ? undefined : (prepared.contentType ?? FORM);
  return {
    authorization,
    signature,
    baseString,
    // Spread, not concat: concat takes a slow path for the URL cache's frozen query list.
    oauthParams: [...protocol, ['oauth_signature', signature]],
    parameters: [...query, ...bodyParams, ...protocol],
    method: prepared.method,
    url,
    body,
    contentType,
  };
}
