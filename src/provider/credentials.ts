/**
 * Credential lookup and signature check (RFC 5849 §3.2) without enumeration: an unknown consumer, an unknown
 * token, a token of another consumer or of the wrong kind all run the same lookups and the same signature
 * computation with stand-in secrets, and the problem is decided only afterwards.
 *
 * @module
 */
import { OAuthError, OAuthProblemError } from '../core/errors.js';
import { type SignatureMethod, verifySignature } from '../core/signature-methods.js';
import { DUMMY_PUBLIC_KEY, DUMMY_SECRET } from './dummy-credentials.js';
import { oauthProblem } from './problems.js';
import type { ConsumerRecord, ExpectedToken, MaybePromise, TokenRecord, VerifyOptions } from './verify-options.js';

/** What the signature check works on. */
export interface CredentialInput {
  consumerKey: string;
  tokenKey: string | null;
  expect: ExpectedToken;
  signatureMethod: SignatureMethod;
  baseString: string;
  /** The decoded `oauth_signature`. */
  signature: string;
}

async function lookup<R>(run: () => MaybePromise<R | null | undefined>, what: string): Promise<R | null> {
  try {
    const found = run();
    const value = found instanceof Promise ? await found : found;
    return value ?? null;
  } catch (cause) {
    if (cause instanceof OAuthProblemError) throw cause;
    throw oauthProblem('temporarily_unavailable', `The ${what} lookup failed`, {}, { cause });
  }
}

/**
 * Looks up consumer and token, checks the signature with their secrets (or stand-ins) and resolves to both
 * records, or throws in this order: `consumer_key_unknown`, `token_rejected` (unknown, another consumer's,
 * or the wrong kind), `signature_method_rejected` (a method this consumer may not use, or an RSA method
 * without a usable public key), `signature_invalid`.
 *
 * @example
 * ```ts
 * import { checkCredentials } from 'oauth1x/provider';
 * const { consumer, token } = await checkCredentials(options, { consumerKey, tokenKey, expect: 'access', signatureMethod, baseString, signature });
 * ```
 */
export async function checkCredentials<C extends ConsumerRecord, T extends TokenRecord>(
  options: VerifyOptions<C, T>,
  input: CredentialInput,
): Promise<{ consumer: C; token: T | null }> {
  const { consumerKey, tokenKey, signatureMethod } = input;
  const consumer = await lookup(() => options.lookupConsumer(consumerKey), 'consumer');
  let token: T | null = null;
  let tokenProblem = false;
  if (tokenKey !== null) {
    const lookupToken = options.lookupToken;
    if (lookupToken === undefined)
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'verifyRequest needs lookupToken for requests with a token');
    token = await lookup(() => lookupToken(tokenKey, consumerKey), 'token');
    const kind = input.expect === 'request' ? 'request' : 'access';
    tokenProblem = token === null || token.consumerKey !== consumerKey || token.kind !== kind || typeof token.secret !== 'string';
  }

  const rsa = signatureMethod.charCodeAt(0) === 82; /* R */
  let methodProblem = consumer !== null && consumer.signatureMethods !== undefined && !consumer.signatureMethods.includes(signatureMethod);
  if (consumer !== null && (rsa ? consumer.publicKey === undefined : typeof consumer.secret !== 'string')) methodProblem = true;
  const usable = consumer !== null && !methodProblem;
  const secrets = {
    consumerSecret: usable && !rsa ? (consumer.secret as string) : DUMMY_SECRET,
    tokenSecret: tokenKey === null ? undefined : tokenProblem ? DUMMY_SECRET : (token as T).secret,
    publicKey: usable && rsa ? consumer.publicKey : DUMMY_PUBLIC_KEY,
  };
  let valid: boolean;
  try {
    valid = await verifySignature(signatureMethod, input.baseString, input.signature, secrets);
  } catch (cause) {
    if (!(cause instanceof OAuthError) || cause.code !== 'ERR_INVALID_KEY') throw cause;
    // The consumer's registered public key cannot be imported: it cannot use RSA until that is fixed.
    valid = false;
    methodProblem = true;
  }

  if (consumer === null) throw oauthProblem('consumer_key_unknown', 'Unknown consumer key');
  if (tokenProblem) throw oauthProblem('token_rejected', 'The token is not valid for this consumer and endpoint');
  if (methodProblem) throw oauthProblem('signature_method_rejected', 'This consumer cannot use this signature method');
  if (!valid) throw oauthProblem('signature_invalid', 'Invalid signature');
  return { consumer, token };
}
