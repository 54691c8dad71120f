/**
 * Signature methods, RFC 5849 §3.4.2 (HMAC-SHA1, plus the HMAC-SHA256/512 variants oauthlib and many
 * providers support), §3.4.3 (RSA-SHA1, plus RSA-SHA256/512) and §3.4.4 (PLAINTEXT).
 *
 * @module
 */
import { hmacBase64 } from '#crypto';
import { bytesToBase64, type HashName } from './crypto-web.js';
import { OAuthError } from './errors.js';
import { percentEncode } from './percent-encode.js';
import { importRsaKey } from './rsa-keys.js';
import type { WebCryptoKey } from './web-types.js';

const utf8 = new TextEncoder();

/** Every signature method oauth1x signs and verifies. */
export const SIGNATURE_METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512', 'PLAINTEXT'] as const;

/** A signature method name as it appears in `oauth_signature_method`. */
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

const HASHES: Record<SignatureMethod, HashName | null> = {
  'HMAC-SHA1': 'SHA-1',
  'HMAC-SHA256': 'SHA-256',
  'HMAC-SHA512': 'SHA-512',
  'RSA-SHA1': 'SHA-1',
  'RSA-SHA256': 'SHA-256',
  'RSA-SHA512': 'SHA-512',
  PLAINTEXT: null,
};

/**
 * True when `value` names a supported signature method (exact, case-sensitive match as the RFC requires).
 *
 * @example
 * ```ts
 * import { isSignatureMethod } from 'oauth1x';
 * isSignatureMethod('HMAC-SHA1'); // true
 * isSignatureMethod('hmac-sha1'); // false
 * ```
 */
export function isSignatureMethod(value: unknown): value is SignatureMethod {
  return typeof value === 'string' && Object.hasOwn(HASHES, value);
}

/**
 * The hash a signature method uses (also the hash of its `oauth_body_hash`), or `null` for PLAINTEXT.
 *
 * @example
 * ```ts
 * hashOf('RSA-SHA256'); // 'SHA-256'
 * ```
 */
export function hashOf(method: SignatureMethod): HashName | null {
  return HASHES[method];
}

/**
 * The HMAC / PLAINTEXT key (§3.4.2, §3.4.4): the encoded consumer secret, `&`, the encoded token secret
 * (empty when there is no token). This is secret material: never log it.
 *
 * @example
 * ```ts
 * import { signingKey } from 'oauth1x';
 * signingKey('kd94hf93k423kf44', 'pfkkdhi9sl3r4s00'); // 'kd94hf93k423kf44&pfkkdhi9sl3r4s00'
 * signingKey('a b'); // 'a%20b&'
 * ```
 */
export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/** Secrets for creating a signature. */
export interface SigningSecrets {
  consumerSecret: string;
  tokenSecret?: string | undefined;
  /** RSA private key (PEM, PKCS#1 or PKCS#8, or a `CryptoKey`) for the RSA methods. */
  privateKey?: string | WebCryptoKey | undefined;
}

/** Secrets for checking a signature. */
export interface VerificationSecrets {
  consumerSecret?: string | undefined;
  tokenSecret?: string | undefined;
  /** RSA public key (PEM SPKI or PKCS#1, an X.509 certificate, or a `CryptoKey`) for the RSA methods. */
  publicKey?: string | WebCryptoKey | undefined;
}

/**
 * Signs a base string with the given method and returns `oauth_signature` (base64, not yet percent-encoded).
 * RSA runs through Web Crypto and never blocks the event loop.
 *
 * @example
 * ```ts
 * import { createSignature } from 'oauth1x';
 * await createSignature('HMAC-SHA1', baseString, { consumerSecret: 'cs', tokenSecret: 'ts' });
 * ```
 */
export async function createSignature(method: SignatureMethod, baseString: string, secrets: SigningSecrets): Promise<string> {
  const hash = HASHES[method];
  if (method.charCodeAt(0) === 72 /* H */) {
    return hmacBase64(hash as HashName, signingKey(secrets.consumerSecret, secrets.tokenSecret), baseString);
  }
  if (hash === null) return signingKey(secrets.consumerSecret, secrets.tokenSecret);
  if (secrets.privateKey === undefined) throw new OAuthError('ERR_INVALID_ARGUMENT', `${method} needs a privateKey`);
  const key = await importRsaKey(secrets.privateKey, hash, 'sign');
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, utf8.encode(baseString));
  return bytesToBase64(new Uint8Array(signature));
}

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 *
 * @example
 * ```ts
 * import { timingSafeEqual } from 'oauth1x';
 * timingSafeEqual('abc', 'abc'); // true
 * ```
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    diff |= (i < a.length ? a.charCodeAt(i) : 0) ^ (i < b.length ? b.charCodeAt(i) : 0);
  }
  return diff === 0;
}

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64ToBytes(value: string): Uint8Array<ArrayBuffer> | null {
  if (!CANONICAL_BASE64.test(value)) return null;
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Reject non-canonical encodings (non-zero padding bits): re-encoding must give the same text.
  return bytesToBase64(bytes) === value ? bytes : null;
}

/**
 * Checks `signature` (the decoded `oauth_signature` value) against the base string. HMAC and PLAINTEXT
 * compare in constant time against the expected value; RSA verifies with the public key. Non-canonical
 * base64 never verifies.
 *
 * @example
 * ```ts
 * import { verifySignature } from 'oauth1x';
 * await verifySignature('HMAC-SHA1', baseString, signature, { consumerSecret: 'cs', tokenSecret: 'ts' });
 * ```
 */
export async function verifySignature(
  method: SignatureMethod,
  baseString: string,
  signature: string,
  secrets: VerificationSecrets,
): Promise<boolean> {
  const hash = HASHES[method];
  if (hash === null || method.charCodeAt(0) === 72 /* H */) {
    const expected = await createSignature(method, baseString, {
      consumerSecret: secrets.consumerSecret ?? '',
      tokenSecret: secrets.tokenSecret,
    });
    return timingSafeEqual(expected, signature);
  }
  if (secrets.publicKey === undefined) throw new OAuthError('ERR_INVALID_ARGUMENT', `${method} needs a publicKey`);
  const key = await importRsaKey(secrets.publicKey, hash, 'verify');
  const bytes = base64ToBytes(signature);
  if (bytes === null) return false;
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, bytes, utf8.encode(baseString));
}
