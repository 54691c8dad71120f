/**
 * `verifyRequest`: checks a received OAuth 1.0a request (RFC 5849 §3.2) — protocol parameters, version,
 * signature method, timestamp, credentials, signature (constant time), then claims the nonce atomically.
 * Web APIs only.
 *
 * @module
 */
import { OAuthError, type OAuthProblemError } from '../core/errors.js';
import { isFormContentType } from '../core/parameters.js';
import { isSignatureMethod, SIGNATURE_METHODS, type SignatureMethod, timingSafeEqual } from '../core/signature-methods.js';
import { requestBaseString } from './base-string.js';
import { checkBodyHash } from './body-hash-check.js';
import { collectParameters } from './collect-parameters.js';
import { callLookup, checkSignature, reportCredentials, weighCredentials } from './credentials.js';
import { checkNonceFormat, nonceUsed } from './nonce.js';
import { nonceKey } from './nonce-store.js';
import { oauthProblem, toProblemError } from './problems.js';
import { checkBodyLength, decodeBodyText, readBodyBytes } from './request-body.js';
import { splitRequestUrl } from './request-url.js';
import { checkTimestamp } from './timestamp.js';
import type { ConsumerRecord, ExpectedToken, TokenRecord, VerifiedRequest, VerifyOptions } from './verify-options.js';

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
  for (const name of options.requiredParams ?? []) if (!protocol.has(name) && !missing?.includes(name)) (missing ??= []).push(name);
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

async function verify<C extends ConsumerRecord, T extends TokenRecord>(
  request: Request,
  options: VerifyOptions<C, T>,
): Promise<VerifiedRequest<C, T>> {
  const limits = options.limits === undefined ? DEFAULTS : { ...DEFAULTS, ...stripUndefined(options.limits) };
  const window = options.timestampWindowSeconds ?? 300;
  const expect = options.expectToken ?? 'access';
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
  let body: string | undefined;
  if (options.body !== undefined) {
    if (options.body !== null && isForm) checkBodyLength(options.body, limits.maxBodyBytes);
    if (options.body !== null && isForm) body = options.body;
  } else if (isForm && request.body !== null) {
    body = decodeBodyText(await readBodyBytes(request, limits.maxBodyBytes));
  }

  const collected = collectParameters({ authorization, query: url.query, body }, limits, options.compat?.repeatedTokenInBody === true);
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
  const baseString = requestBaseString((options.method ?? request.method).toUpperCase(), url.encodedBaseUri, collected.signed);

  // Credentials and signature: unknown consumer or token run the same lookups and the same signature work
  // with stand-in secrets; the problem is reported only once the signature was checked.
  const consumerKey = protocol.get('oauth_consumer_key') as string;
  let consumer = callLookup(options.lookupConsumer, [consumerKey], 'consumer');
  if (consumer instanceof Promise) consumer = await consumer;
  let token: T | null | Promise<T | null> = null;
  if (tokenKey !== null) {
    const lookupToken = options.lookupToken;
    if (lookupToken === undefined)
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'verifyRequest needs lookupToken for requests with a token');
    token = callLookup(lookupToken, [tokenKey, consumerKey], 'token');
    if (token instanceof Promise) token = await token;
  }
  const plan = weighCredentials(consumer, token, { consumerKey, tokenKey, expect, signatureMethod });
  const checked = checkSignature(signatureMethod, baseString, protocol.get('oauth_signature') as string, plan.secrets);
  reportCredentials(plan, typeof checked === 'boolean' ? checked : await checked);
  const verifiedConsumer = consumer as C;

  // Authenticated: claim the nonce (atomically, in the store), then the token's state.
  // Inlined claimNonce (one async layer less on the hot path).
  let fresh: boolean;
  try {
    fresh = await options.nonceStore.claim(nonceKey(consumerKey, tokenKey ?? '', timestampText, nonce), (timestamp + window) * 1000);
  } catch (cause) {
    throw oauthProblem('temporarily_unavailable', 'The nonce store is unavailable', {}, { cause });
  }
  if (fresh !== true) throw nonceUsed();
  if (protocol.has('oauth_body_hash')) {
    await checkBodyHash(request, options.body, isForm, signatureMethod, protocol.get('oauth_body_hash') as string, limits.maxBodyBytes);
  }
  if (token !== null) {
    if (token.expiresAt !== undefined && token.expiresAt <= clock.now()) throw oauthProblem('token_expired', 'The token has expired');
    if (token.used === true) throw oauthProblem('token_used', 'The request token was already used');
  }
  if (options.requireVerifier === true) {
    const expected = token?.verifier;
    // Compare even when no verifier was issued, so the answer takes the same time.
    const match = timingSafeEqual(expected ?? '\u0000', protocol.get('oauth_verifier') as string);
    if (expected === undefined || expected === '' || !match)
      throw oauthProblem('verifier_invalid', 'The verifier is not valid for this token');
  }

  // oauthParams is built on first read: turning received names into object keys costs more than the rest of
  // the result, and most callers never look.
  let oauthParams: Record<string, string> | undefined;
  return {
    consumerKey,
    consumer: verifiedConsumer,
    tokenKey,
    token,
    get oauthParams(): Readonly<Record<string, string>> {
      return (oauthParams ??= toRecord(protocol));
    },
    params: collected.params,
    signatureMethod,
    baseString,
    location: collected.location,
    realm: collected.realm,
    timestamp,
    nonce,
    body,
  };
}

function toRecord(protocol: ReadonlyMap<string, string>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of protocol) if (name !== 'oauth_signature') record[name] = value;
  return record;
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
  return verify(request, options).catch(rethrowAsProblem);
}

function rethrowAsProblem(error: unknown): never {
  throw toProblemError(error);
}
