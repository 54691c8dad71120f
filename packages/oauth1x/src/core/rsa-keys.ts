/**
 * RSA key import for the RSA-SHA* signature methods (RFC 5849 §3.4.3) through Web Crypto, so signing runs off
 * the event loop. Accepts PEM in PKCS#8 (`PRIVATE KEY`), PKCS#1 (`RSA PRIVATE KEY`), SPKI (`PUBLIC KEY`),
 * PKCS#1 public (`RSA PUBLIC KEY`) and X.509 certificates, or a ready `CryptoKey`.
 *
 * @module
 */
import type { HashName } from './crypto-web.js';
import { OAuthError } from './errors.js';
import type { WebCryptoKey } from './web-types.js';

const RSA_ALGORITHM_ID = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
const CACHE_LIMIT = 64;
/**
 * Imported keys by PEM text, then by usage and hash. Keyed by the caller's own PEM string (whose hash V8 keeps
 * on the string), not by a key built around it: concatenating a 1.7 KB PEM into a new key cost an allocation
 * and a hash of the whole text on every signature.
 */
const cache = new Map<string, Map<string, Promise<CryptoKey>>>();
const VERIFY_SLOTS: Record<HashName, string> = { 'SHA-1': 'verify SHA-1', 'SHA-256': 'verify SHA-256', 'SHA-512': 'verify SHA-512' };

function keyError(message: string, cause?: unknown): OAuthError {
  return new OAuthError('ERR_INVALID_KEY', message, { cause });
}

/**
 * Decodes a PEM block into its label and DER bytes.
 *
 * @example
 * ```ts
 * import { decodePem } from 'oauth1x';
 * const { label, der } = decodePem(pemText); // label: 'PRIVATE KEY'
 * ```
 */
export function decodePem(pem: string): { label: string; der: Uint8Array<ArrayBuffer> } {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (match === null) throw keyError('The key is not a PEM block (-----BEGIN ...-----)');
  const body = (match[2] as string).replace(/\s+/g, '');
  let binary: string;
  try {
    binary = atob(body);
  } catch (cause) {
    throw keyError('The PEM block is not valid base64', cause);
  }
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return { label: match[1] as string, der };
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function derTlv(tag: number, content: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const header = [tag, ...derLength(content.length)];
  const out = new Uint8Array(header.length + content.length);
  out.set(header, 0);
  out.set(content as ArrayLike<number>, header.length);
  return out;
}

function concat(...parts: ArrayLike<number>[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Reads one DER TLV at `at`; returns the content bounds and the end of the element. */
function readTlv(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  if (at + 2 > der.length) throw keyError('Truncated DER structure');
  const tag = der[at] as number;
  let length = der[at + 1] as number;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) throw keyError('Invalid DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] as number);
    start += count;
  }
  if (start + length > der.length) throw keyError('Truncated DER structure');
  return { tag, start, end: start + length };
}

/** Extracts the SubjectPublicKeyInfo from a DER X.509 certificate. */
function spkiFromCertificate(der: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const certificate = readTlv(der, 0);
  const tbs = readTlv(der, certificate.start);
  let at = tbs.start;
  let element = readTlv(der, at);
  if (element.tag === 0xa0) {
    at = element.end; // explicit version
    element = readTlv(der, at);
  }
  // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo.
  for (let i = 0; i < 5; i++) {
    at = readTlv(der, at).end;
  }
  const spki = readTlv(der, at);
  if (spki.tag !== 0x30) throw keyError('The certificate has no SubjectPublicKeyInfo');
  return der.slice(at, spki.end);
}

function importPem(pem: string, hash: HashName, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  const { label, der } = decodePem(pem);
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
  let format: 'pkcs8' | 'spki';
  let data: Uint8Array<ArrayBuffer>;
  if (usage === 'sign') {
    format = 'pkcs8';
    if (label === 'PRIVATE KEY') data = der;
    else if (label === 'RSA PRIVATE KEY') data = derTlv(0x30, concat([0x02, 0x01, 0x00], RSA_ALGORITHM_ID, derTlv(0x04, der)));
    else throw keyError(`Expected an RSA private key PEM, got "${label}"`);
  } else {
    format = 'spki';
    if (label === 'PUBLIC KEY') data = der;
    else if (label === 'RSA PUBLIC KEY') data = derTlv(0x30, concat(RSA_ALGORITHM_ID, derTlv(0x03, concat([0], der))));
    else if (label === 'CERTIFICATE') data = spkiFromCertificate(der);
    else throw keyError(`Expected an RSA public key or certificate PEM, got "${label}"`);
  }
  return crypto.subtle.importKey(format, data, algorithm, false, [usage]).catch((cause: unknown) => {
    throw keyError('The RSA key could not be imported', cause);
  });
}

/**
 * Imports an RSA key for RSASSA-PKCS1-v1_5 with the given hash, caching the result per PEM text. A
 * `CryptoKey` is checked for the right algorithm, hash and usage and returned as is.
 *
 * @example
 * ```ts
 * import { importRsaKey } from 'oauth1x';
 * const key = await importRsaKey(privatePem, 'SHA-256', 'sign');
 * ```
 */
export async function importRsaKey(key: string | WebCryptoKey, hash: HashName, usage: 'sign' | 'verify'): Promise<WebCryptoKey> {
  if (typeof key !== 'string') {
    const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
    if (algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.hash?.name !== hash || !key.usages.includes(usage)) {
      throw keyError(`The CryptoKey must be RSASSA-PKCS1-v1_5 with ${hash} and the "${usage}" usage`);
    }
    return key;
  }
  let imports = cache.get(key);
  if (imports === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    imports = new Map();
    cache.set(key, imports);
  }
  const slot = usage === 'sign' ? hash : VERIFY_SLOTS[hash];
  let cached = imports.get(slot);
  if (cached === undefined) {
    cached = importPem(key, hash, usage);
    const own = imports;
    cached.catch(() => own.delete(slot));
    imports.set(slot, cached);
  }
  return cached;
}
