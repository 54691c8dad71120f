/**
 * `verifyRequest`: checks a received OAuth 1.0a request (RFC 5849 §3.2) — protocol parameters, version,
 * signature method, timestamp, credentials, signature (constant time), then claims the nonce atomically.
 * Web APIs only.
 *
 * @module
 */

import { encodedBaseString } from '../core/base-string.js';
import { OAuthError, type OAuthProblemError } from '../core/errors.js';
import type { Parameter } from '../core/parameters.js';
import { isFormContentType } from '../core/parameters.js';
import { isSignatureMethod, SIGNATURE_METHODS, type SignatureMethod } from '../core/signature-methods.js';
import { checkBodyHash } from './body-hash-check.js';
import { type CollectedParameters, collectParameters } from './collect-parameters.js';
import { callLookup, checkSignature, reportCredentials, weighCredentials } from './credentials.js';
import { orLiteralBaseString } from './folded-signature.js';
import { checkNonceFormat, nonceUsed } from './nonce.js';
import { nonceKey, syncClaimOf, syncClaimPartsOf } from './nonce-store.js';
import { oauthProblem, toProblemError } from './problems.js';
import { checkBodyLength, decodeBodyText, readBodyBytes } from './request-body.js';
import { type RequestUrlParts, splitRequestUrl } from './request-url.js';
import { checkTimestamp, timestampExpiresAt } from './timestamp.js';
import { checkVerifier } from './verifier-check.js';
import type { ConsumerRecord, ExpectedToken, ParameterLocation, TokenRecord, VerifiedRequest, VerifyOptions } from './verify-options.js';

const DEFAULTS = { maxHeaderLength: 8192, maxUrlLength: 8192, maxParameters: 64, maxBodyBytes: 65536, maxNonceLength: 64 };
const REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'];
const ACCEPTABLE_VERSIONS = { oauth_acceptable_versions: '1.0-1.0' };
const ALL_METHODS: ReadonlySet<string> = new Set(SIGNATURE_METHODS);

function absent(names: string[]): OAuthProblemError {
  return oauthProblem('parameter_absent', `Missing ${names.join(', ')}`, { oauth_parameters_absent: names.join('&') });
}

function checkPresence(protocol: Map<string, string>, expect: ExpectedToken, options: VerifyOptions<ConsumerRecord, TokenRecord>): void {
  let missing: string[] | undefined;
  for (let i = 0; i < REQUIRED.length; i++) if (!protocol.has(REQUIRED[i] as string)) (missing ??= []).push(REQUIRED[i] as string);
  if ((expect === 'access' || expect === 'request') && !protocol.has('oauth_token')) (missing ??= []).push('oauth_token');
  if (options.requireVerifier === true && !protocol.has('oauth_verifier')) (missing ??= []).push('oauth_verifier');
  const required = options.requiredParams;
  if (required !== undefined) for (const name of required) if (!protocol.has(name) && !missing?.includes(name)) (missing ??= []).push(name);
  if (missing !== undefined) throw absent(missing);
}

function allowedMethod(value: string, options: VerifyOptions<ConsumerRecord, TokenRecord>, secure: boolean): SignatureMethod {
  const allowed = options.signatureMethods;
  if (allowed === undefined ? !ALL_METHODS.has(value) : !isSignatureMethod(value) || !allowed.includes(value)) {
    throw oauthProblem('signature_method_rejected', 'Signature method not supported', {
      oauth_acceptable_signature_methods: (allowed ?? SIGNATURE_METHODS).join('&'),
    });
  }
  if (value === 'PLAINTEXT' && !secure && options.allowInsecurePlaintext !== true) {
    throw oauthProblem('signature_method_rejected', 'PLAINTEXT is accepted over https only');
  }
  return value as SignatureMethod;
}

/** Everything one verification carries from step to step: one object instead of an async function's frames. */
interface State<C extends ConsumerRecord, T extends TokenRecord> {
  request: Request;
  options: VerifyOptions<C, T>;
  limits: typeof DEFAULTS;
  window: number;
  expect: ExpectedToken;
  clock: { now(): number };
  isForm: boolean;
  body: string | undefined;
  collected: CollectedParameters;
  consumerKey: string;
  tokenKey: string | null;
  signatureMethod: SignatureMethod;
  timestamp: number;
  timestampText: string;
  nonce: string;
  baseString: string;
  asciiBaseString: boolean;
  /** Upper-cased method and encoded base string URI (a second base string is built from them in compat mode). */
  method: string;
  encodedBaseUri: string;
  consumer: C | null;
  token: T | null;
}

type Step<R> = R | Promise<R>;

/**
 * The verification, synchronous for as long as nothing asynchronous is involved (a body to read, a lookup or
 * nonce store answering with a promise, RSA, a body hash): each step continues directly, or after the promise.
 */
function verify<C extends ConsumerRecord, T extends TokenRecord>(
  request: Request,
  options: VerifyOptions<C, T>,
): Step<VerifiedRequest<C, T>> {
  const limits = options.limits === undefined ? DEFAULTS : { ...DEFAULTS, ...stripUndefined(options.limits) };
  const headers = request.headers;
  const authorization = headers.get('authorization');
  if (authorization !== null && authorization.length > limits.maxHeaderLength) {
    throw oauthProblem('parameter_rejected', `Authorization header longer than ${limits.maxHeaderLength} characters`);
  }
  const rawUrl = options.url ?? request.url;
  if (typeof rawUrl === 'string' && rawUrl.length > limits.maxUrlLength) {
    throw oauthProblem('parameter_rejected', `Request URL longer than ${limits.maxUrlLength} characters`, {}, { status: 414 });
  }
  const url = splitRequestUrl(rawUrl);

  // The form body: passed in by the caller (cheapest), or read from a clone within the byte limit.
  const isForm = isFormContentType(headers.get('content-type'));
  if (options.body === undefined && isForm && request.body !== null) {
    return readBodyBytes(request, limits.maxBodyBytes).then((bytes) =>
      afterBody(request, options, limits, authorization, url, isForm, decodeBodyText(bytes)),
    );
  }
  let body: string | undefined;
  if (options.body !== undefined && options.body !== null && isForm) {
    checkBodyLength(options.body, limits.maxBodyBytes);
    body = options.body;
  }
  return afterBody(request, options, limits, authorization, url, isForm, body);
}

function afterBody<C extends ConsumerRecord, T extends TokenRecord>(
  request: Request,
  options: VerifyOptions<C, T>,
  limits: typeof DEFAULTS,
  authorization: string | null,
  url: RequestUrlParts,
  isForm: boolean,
  body: string | undefined,
): Step<VerifiedRequest<C, T>> {
  const window = options.timestampWindowSeconds ?? 300;
  const expect = options.expectToken ?? 'access';
  const collected = collectParameters({ authorization, query: url.query, body }, limits, options.compat ?? false);
  const protocol = collected.protocol;

  // Presence, version, method, timestamp and nonce format: cheap checks that reveal nothing about credentials.
  checkPresence(protocol, expect, options);
  const version = protocol.get('oauth_version');
  if (version !== undefined && version !== '1.0') throw oauthProblem('version_rejected', 'oauth_version must be 1.0', ACCEPTABLE_VERSIONS);
  let tokenKey = protocol.get('oauth_token') ?? null;
  if (tokenKey === '' && (expect === 'none' || expect === 'optional')) tokenKey = null;
  if (tokenKey !== null && expect === 'none') {
    throw oauthProblem('parameter_rejected', 'This endpoint takes no oauth_token', { oauth_parameters_rejected: 'oauth_token' });
  }
  const signatureMethod = allowedMethod(protocol.get('oauth_signature_method') as string, options, url.https);
  const clock = options.clock ?? Date;
  const timestampText = protocol.get('oauth_timestamp') as string;
  const timestamp = checkTimestamp(timestampText, clock.now(), window);
  const nonce = protocol.get('oauth_nonce') as string;
  checkNonceFormat(nonce, limits.maxNonceLength);
  if (options.requireRealm === true && collected.realm !== (options.realm ?? '')) {
    if (collected.realm === undefined) throw absent(['realm']);
    throw oauthProblem('parameter_rejected', 'The realm does not match', { oauth_parameters_rejected: 'realm' }, { status: 401 });
  }

  // The base string (§3.4.1): every parameter except oauth_signature; realm never.
  const method = (options.method ?? request.method).toUpperCase();
  const baseString = encodedBaseString(method, url.encodedBaseUri, collected.signed);
  const state: State<C, T> = {
    request,
    options,
    limits,
    window,
    expect,
    clock,
    isForm,
    body,
    collected,
    consumerKey: protocol.get('oauth_consumer_key') as string,
    tokenKey,
    signatureMethod,
    timestamp,
    timestampText,
    nonce,
    baseString,
    // Everything else in the base string is percent-encoded: it is ASCII when the method is.
    asciiBaseString: isAscii(method),
    method,
    encodedBaseUri: url.encodedBaseUri,
    consumer: null,
    token: null,
  };

  // Credentials and signature: unknown consumer or token run the same lookups and the same signature work
  // with stand-in secrets; the problem is reported only once the signature was checked.
  const consumer = callLookup(options.lookupConsumer, [state.consumerKey], 'consumer');
  if (consumer instanceof Promise) return consumer.then((found) => afterConsumer(state, found));
  return afterConsumer(state, consumer);
}

function afterConsumer<C extends ConsumerRecord, T extends TokenRecord>(
  state: State<C, T>,
  consumer: C | null,
): Step<VerifiedRequest<C, T>> {
  state.consumer = consumer;
  if (state.tokenKey === null) return afterToken(state, null);
  const lookupToken = state.options.lookupToken;
  if (lookupToken === undefined) throw new OAuthError('ERR_INVALID_ARGUMENT', 'verifyRequest needs lookupToken for requests with a token');
  const token = callLookup(lookupToken, [state.tokenKey, state.consumerKey], 'token');
  if (token instanceof Promise) return token.then((found) => afterToken(state, found));
  return afterToken(state, token);
}

function afterToken<C extends ConsumerRecord, T extends TokenRecord>(state: State<C, T>, token: T | null): Step<VerifiedRequest<C, T>> {
  state.token = token;
  const { consumerKey, tokenKey, expect, signatureMethod } = state;
  const plan = weighCredentials(state.consumer, token, { consumerKey, tokenKey, expect, signatureMethod });
  const signature = state.collected.protocol.get('oauth_signature') as string;
  let checked = checkSignature(signatureMethod, state.baseString, signature, plan.secrets, state.asciiBaseString);
  const folded = state.collected.folded;
  if (folded !== undefined) {
    // compat.sameValueInHeaderAndBody: the client signed the folded parameter once, or (RFC-literal) twice.
    const literal = encodedBaseString(state.method, state.encodedBaseUri, [...state.collected.signed, ...folded]);
    const check = (base: string) => checkSignature(signatureMethod, base, signature, plan.secrets, isAscii(base));
    checked = orLiteralBaseString(checked, literal, check, () => {
      state.baseString = literal;
    });
  }
  if (typeof checked !== 'boolean') {
    return checked.then((valid) => {
      reportCredentials(plan, valid, state.options.uniformCredentialErrors === true);
      return claim(state);
    });
  }
  reportCredentials(plan, checked, state.options.uniformCredentialErrors === true);
  return claim(state);
}

function storeUnavailable(cause: unknown): OAuthProblemError {
  return oauthProblem('temporarily_unavailable', 'The nonce store is unavailable', {}, { cause });
}

/** Authenticated: claim the nonce (atomically, in the store), then the token's state. */
function claim<C extends ConsumerRecord, T extends TokenRecord>(state: State<C, T>): Step<VerifiedRequest<C, T>> {
  const store = state.options.nonceStore;
  const expiresAt = timestampExpiresAt(state.timestamp, state.window);
  const claimParts = syncClaimPartsOf(store);
  if (claimParts !== undefined) {
    let fresh: boolean;
    try {
      fresh = claimParts(state.consumerKey, state.tokenKey ?? '', state.timestampText, state.nonce, expiresAt);
    } catch (cause) {
      throw storeUnavailable(cause);
    }
    return afterClaim(state, fresh);
  }
  const key = nonceKey(state.consumerKey, state.tokenKey ?? '', state.timestampText, state.nonce);
  const claimNow = syncClaimOf(store);
  if (claimNow !== undefined) {
    let fresh: boolean;
    try {
      fresh = claimNow(key, expiresAt);
    } catch (cause) {
      throw storeUnavailable(cause);
    }
    return afterClaim(state, fresh);
  }
  let pending: Promise<boolean>;
  try {
    pending = store.claim(key, expiresAt);
  } catch (cause) {
    throw storeUnavailable(cause);
  }
  return pending.then(
    (fresh) => afterClaim(state, fresh),
    (cause: unknown) => {
      throw storeUnavailable(cause);
    },
  );
}

function afterClaim<C extends ConsumerRecord, T extends TokenRecord>(state: State<C, T>, fresh: boolean): Step<VerifiedRequest<C, T>> {
  if (fresh !== true) throw nonceUsed();
  const protocol = state.collected.protocol;
  const bodyHash = protocol.get('oauth_body_hash');
  if (bodyHash !== undefined) {
    const { request, options, isForm, signatureMethod, limits } = state;
    return checkBodyHash(request, options.body, isForm, signatureMethod, bodyHash, limits.maxBodyBytes).then(() => finish(state));
  }
  return finish(state);
}

function finish<C extends ConsumerRecord, T extends TokenRecord>(state: State<C, T>): Step<VerifiedRequest<C, T>> {
  const { token, options, collected } = state;
  const protocol = collected.protocol;
  if (token !== null) {
    if (token.expiresAt !== undefined && token.expiresAt <= state.clock.now()) throw oauthProblem('token_expired', 'The token has expired');
    if (token.used === true) throw oauthProblem('token_used', 'The request token was already used');
  }
  if (options.requireVerifier === true) {
    const checked = checkVerifier(state.tokenKey, token, protocol.get('oauth_verifier') as string, options.beforeVerifierCheck);
    if (checked !== undefined) return checked.then(() => new Verified<C, T>(state, collected));
  }

  return new Verified<C, T>(state, collected);
}

/**
 * The result: a class rather than an object literal, because `oauthParams` is built on first read (turning
 * received names into object keys costs more than the rest of the result, and most callers never look), and
 * a literal with a getter is created on V8's slow path (about 1.4 µs, more than an HMAC); the getter lives on
 * the prototype.
 */
class Verified<C extends ConsumerRecord, T extends TokenRecord> implements VerifiedRequest<C, T> {
  consumerKey: string;
  consumer: C;
  tokenKey: string | null;
  token: T | null;
  params: Parameter[];
  signatureMethod: SignatureMethod;
  baseString: string;
  location: ParameterLocation;
  realm: string | undefined;
  timestamp: number;
  nonce: string;
  body: string | undefined;
  #protocol: ReadonlyMap<string, string>;
  #oauthParams: Record<string, string> | undefined;

  constructor(state: State<C, T>, collected: CollectedParameters) {
    this.consumerKey = state.consumerKey;
    this.consumer = state.consumer as C;
    this.tokenKey = state.tokenKey;
    this.token = state.token;
    this.params = collected.params;
    this.signatureMethod = state.signatureMethod;
    this.baseString = state.baseString;
    this.location = collected.location;
    this.realm = collected.realm;
    this.timestamp = state.timestamp;
    this.nonce = state.nonce;
    this.body = state.body;
    this.#protocol = collected.protocol;
    this.#oauthParams = undefined;
  }

  get oauthParams(): Readonly<Record<string, string>> {
    this.#oauthParams ??= toRecord(this.#protocol);
    return this.#oauthParams;
  }
}

function toRecord(protocol: ReadonlyMap<string, string>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of protocol) if (name !== 'oauth_signature') record[name] = value;
  return record;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/**
 * Verifies an OAuth 1.0a signed request (RFC 5849 §3.2) and resolves to the authenticated consumer, token and
 * parameters. Rejects only with `OAuthProblemError` (`problem`, `status`, `params`, `toResponse()`): 400 for a
 * malformed request, 401 for credentials, signature, timestamp or nonce, 503 `temporarily_unavailable` when a
 * lookup or the nonce store fails (fail closed). Never throws anything else.
 *
 * @example
 * ```ts
 * import { problemResponse, verifyRequest } from 'oauth1x/provider';
 * async function handle(request: Request): Promise<Response> {
 *   try {
 *     const verified = await verifyRequest(request, {
 *       lookupConsumer: (key) => consumers.get(key) ?? null, // { secret } or { publicKey }
 *       lookupToken: (key) => tokens.get(key) ?? null, // { secret, kind: 'access', consumerKey }
 *       nonceStore,
 *       realm: 'api',
 *     });
 *     return Response.json({ hello: verified.consumerKey });
 *   } catch (error) {
 *     return problemResponse(error, { realm: 'api' });
 *   }
 * }
 * ```
 */
export function verifyRequest<C extends ConsumerRecord = ConsumerRecord, T extends TokenRecord = TokenRecord>(
  request: Request,
  options: VerifyOptions<C, T>,
): Promise<VerifiedRequest<C, T>> {
  // Synchronous steps throw; asynchronous ones reject: both become the typed error, and a fully synchronous
  // verification settles with one promise rather than an async function's chain of them.
  let result: Step<VerifiedRequest<C, T>>;
  try {
    result = verify(request, options);
  } catch (error) {
    return Promise.reject(toProblemError(error));
  }
  return result instanceof Promise ? result.catch(rethrowAsProblem) : Promise.resolve(result);
}

function rethrowAsProblem(error: unknown): never {
  throw toProblemError(error);
}
