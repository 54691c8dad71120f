/**
 * Credential lookup and signature check (RFC 5849 §3.2) without enumeration: an unknown consumer, an unknown
 * token, a token of another consumer or of the wrong kind all run the same lookups and the same signature
 * computation with stand-in secrets, and the problem is decided only afterwards. Synchronous lookups and HMAC
 * (on Node) stay synchronous: no promise is created that the work does not need.
 *
 * @module
 */
import { hmacBase64 } from '#crypto';
import { OAuthError, OAuthProblemError } from '../core/errors.js';
import { percentEncode } from '../core/percent-encode.js';
import { hashOf, type SignatureMethod, timingSafeEqual, verifySignature } from '../core/signature-methods.js';
import type { WebCryptoKey } from '../core/web-types.js';
import { DUMMY_PUBLIC_KEY, dummySecret } from './dummy-credentials.js';
import { oauthProblem } from './problems.js';
import type { ConsumerRecord, ExpectedToken, MaybePromise, TokenRecord } from './verify-options.js';

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** The last key built, by its inputs: the same credentials sign request after request. */
let lastKey: { consumerSecret: string; tokenSecret: string | undefined; key: string } | undefined;

/**
 * The HMAC / PLAINTEXT key (§3.4.2): like the core's `signingKey`, with a native fast path for plain secrets.
 * The last one is kept (one entry, derived from the secrets only), which also lets the HMAC's padded-key cache
 * recognise it by identity instead of comparing a freshly built string.
 */
function keyOf(consumerSecret: string, tokenSecret: string | undefined): string {
  const last = lastKey;
  if (last !== undefined && last.consumerSecret === consumerSecret && last.tokenSecret === tokenSecret) return last.key;
  const c = UNRESERVED.test(consumerSecret) ? consumerSecret : percentEncode(consumerSecret);
  const key =
    tokenSecret === undefined || tokenSecret === ''
      ? `${c}&`
      : `${c}&${UNRESERVED.test(tokenSecret) ? tokenSecret : percentEncode(tokenSecret)}`;
  Number(key); // flatten (one copy kept, not a tree of its pieces): see the memory store's flatten
  lastKey = { consumerSecret, tokenSecret, key };
  return key;
}

/**
 * Constant-time string comparison: time depends on the lengths only. Equal lengths (the usual case for a
 * signature) take a branch-free loop; otherwise the core's `timingSafeEqual` runs.
 */
function sameText(expected: string, given: string): boolean {
  const length = expected.length;
  if (given.length !== length) return timingSafeEqual(expected, given);
  let diff = 0;
  for (let i = 0; i < length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}

function unavailable(what: string, cause: unknown): OAuthProblemError {
  if (cause instanceof OAuthProblemError) return cause;
  return oauthProblem('temporarily_unavailable', `The ${what} lookup failed`, {}, { cause });
}

/**
 * Calls a host lookup: a synchronous answer is returned as is, a promise gets its rejection mapped; a thrown
 * `OAuthProblemError` passes through, anything else becomes `temporarily_unavailable` (503, fail closed).
 *
 * @example
 * ```ts
 * const consumer = await callLookup((k: string) => consumers.get(k) ?? null, [key], 'consumer');
 * ```
 */
export function callLookup<A extends unknown[], R>(
  lookup: (...args: A) => MaybePromise<R | null | undefined>,
  args: A,
  what: string,
): R | null | Promise<R | null> {
  let found: MaybePromise<R | null | undefined>;
  try {
    // Direct calls for the one- and two-argument lookups verifyRequest makes (a spread call costs more).
    const call = lookup as (...a: unknown[]) => MaybePromise<R | null | undefined>;
    found = args.length === 1 ? call(args[0]) : args.length === 2 ? call(args[0], args[1]) : lookup(...args);
  } catch (cause) {
    throw unavailable(what, cause);
  }
  if (found instanceof Promise) {
    return found.then(
      (value) => value ?? null,
      (cause: unknown) => {
        throw unavailable(what, cause);
      },
    );
  }
  return found ?? null;
}

/**
 * Checks a signature. HMAC (synchronous on Node) and PLAINTEXT compare in constant time and return a boolean;
 * RSA returns a promise, resolving to `null` when the public key cannot be imported. `asciiBaseString` promises
 * the base string is ASCII (its method is), which lets the HMAC write it faster.
 *
 * @example
 * ```ts
 * checkSignature('HMAC-SHA1', baseString, signature, { consumerSecret: 'cs', tokenSecret: 'ts' }); // true | false
 * ```
 */
export function checkSignature(
  method: SignatureMethod,
  baseString: string,
  signature: string,
  secrets: { consumerSecret: string; tokenSecret?: string | undefined; publicKey?: string | WebCryptoKey | undefined },
  asciiBaseString = false,
): boolean | Promise<boolean | null> {
  const hash = hashOf(method);
  if (hash === null) return sameText(keyOf(secrets.consumerSecret, secrets.tokenSecret), signature);
  if (method.charCodeAt(0) === 72 /* H */) {
    const key = keyOf(secrets.consumerSecret, secrets.tokenSecret);
    const expected: string | Promise<string> = hmacBase64(hash, key, baseString, asciiBaseString);
    return typeof expected === 'string' ? sameText(expected, signature) : expected.then((value) => sameText(value, signature));
  }
  return verifySignature(method, baseString, signature, secrets).catch((cause: unknown) => {
    if (cause instanceof OAuthError && cause.code === 'ERR_INVALID_KEY') return null;
    throw cause;
  });
}

/** The outcome of {@link weighCredentials}: the secrets to verify with and the problems found so far. */
export interface CredentialPlan {
  secrets: { consumerSecret: string; tokenSecret: string | undefined; publicKey: string | WebCryptoKey };
  consumerUnknown: boolean;
  tokenRejected: boolean;
  methodRejected: boolean;
}

/**
 * Decides which secrets the signature is checked with: the real ones, or stand-ins when the consumer is
 * unknown, the token is unknown / another consumer's / of the wrong kind, or the consumer may not use this
 * signature method (not allowed, or no secret / public key for it).
 *
 * @example
 * ```ts
 * declare const found: { consumer: ConsumerRecord | null; token: TokenRecord | null };
 * const plan = weighCredentials(found.consumer, found.token, { consumerKey, tokenKey, expect: 'access', signatureMethod: 'HMAC-SHA1' });
 * ```
 */
export function weighCredentials(
  consumer: ConsumerRecord | null,
  token: TokenRecord | null,
  input: { consumerKey: string; tokenKey: string | null; expect: ExpectedToken; signatureMethod: SignatureMethod },
): CredentialPlan {
  const { signatureMethod } = input;
  let tokenRejected = false;
  if (input.tokenKey !== null) {
    const kind = input.expect === 'request' ? 'request' : 'access';
    tokenRejected = token === null || token.consumerKey !== input.consumerKey || token.kind !== kind || typeof token.secret !== 'string';
  }
  const rsa = signatureMethod.charCodeAt(0) === 82; /* R */
  const methodRejected =
    consumer !== null &&
    ((consumer.signatureMethods !== undefined && !consumer.signatureMethods.includes(signatureMethod)) ||
      (rsa ? consumer.publicKey === undefined : typeof consumer.secret !== 'string'));
  const usable = consumer !== null && !methodRejected;
  return {
    secrets: {
      consumerSecret: usable && !rsa ? (consumer.secret as string) : dummySecret(),
      tokenSecret: input.tokenKey === null ? undefined : tokenRejected ? dummySecret() : (token as TokenRecord).secret,
      publicKey: usable && rsa ? (consumer.publicKey as string | WebCryptoKey) : DUMMY_PUBLIC_KEY,
    },
    consumerUnknown: consumer === null,
    tokenRejected,
    methodRejected,
  };
}

/**
 * The one answer for every credential failure when `uniformCredentialErrors` is on: `signature_invalid` (401,
 * the same text whatever went wrong), with the precise problem as its `cause` for the host's logs.
 *
 * @example
 * ```ts
 * import { oauthProblem, uniformCredentialError } from 'oauth1x/provider';
 * const error = uniformCredentialError(oauthProblem('consumer_key_unknown', 'Unknown consumer key'));
 * error.problem; // 'signature_invalid'
 * ```
 */
export function uniformCredentialError(precise: OAuthProblemError): OAuthProblemError {
  return oauthProblem('signature_invalid', 'The request could not be authenticated', {}, { cause: precise });
}

/**
 * Throws the credential problem, once the signature was checked, in this order: `consumer_key_unknown`,
 * `token_rejected`, `signature_method_rejected` (also when the registered public key cannot be imported:
 * `valid` is `null`), `signature_invalid`. With `uniform`, each of them is thrown as the same
 * {@link uniformCredentialError}.
 *
 * @example
 * ```ts
 * reportCredentials(plan, valid);
 * ```
 */
export function reportCredentials(plan: CredentialPlan, valid: boolean | null, uniform = false): void {
  let precise: OAuthProblemError | undefined;
  if (plan.consumerUnknown) precise = oauthProblem('consumer_key_unknown', 'Unknown consumer key');
  else if (plan.tokenRejected) precise = oauthProblem('token_rejected', 'The token is not valid for this consumer and endpoint');
  else if (plan.methodRejected || valid === null)
    precise = oauthProblem('signature_method_rejected', 'This consumer cannot use this signature method');
  else if (!valid) precise = oauthProblem('signature_invalid', 'Invalid signature');
  if (precise !== undefined) throw uniform ? uniformCredentialError(precise) : precise;
}
