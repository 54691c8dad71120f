/**
 * Node.js implementation of the crypto primitives the core needs, selected through the `#crypto` import
 * condition `node`. Synchronous `node:crypto` HMAC is several times cheaper than a Web Crypto round trip for
 * the short strings OAuth signs; callers still await the result, so the public API stays async.
 *
 * @module
 */
import { createHash, createHmac, createSecretKey, type KeyObject, randomFillSync } from 'node:crypto';
import type { HashName } from './crypto-web.js';

const NODE_HASH: Record<HashName, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

/**
 * HMAC of `data` keyed with `key` (both UTF-8), base64-encoded.
 *
 * @example
 * ```ts
 * hmacBase64('SHA-1', 'key', 'data'); // 'EEFSxb/coHvGM+69RhmfAlXJ9J0='
 * ```
 */
export function hmacBase64(hash: HashName, key: string, data: string): string {
  // Keep the last key as a KeyObject: clients sign with the same key over and over, and a KeyObject spares
  // Node the string-to-bytes conversion of the key on every call.
  if (key !== lastKey) {
    lastKeyObject = createSecretKey(Buffer.from(key, 'utf8'));
    lastKey = key;
  }
  return createHmac(NODE_HASH[hash], lastKeyObject as KeyObject)
    .update(data)
    .digest('base64');
}

let lastKey: string | undefined;
let lastKeyObject: KeyObject | undefined;

/**
 * Digest of `data` (a string is hashed as UTF-8), base64-encoded.
 *
 * @example
 * ```ts
 * digestBase64('SHA-1', ''); // '2jmj7l5rSw0yVb/vlWAYkK/YBwk='
 * ```
 */
export function digestBase64(hash: HashName, data: string | Uint8Array): string {
  return createHash(NODE_HASH[hash]).update(data).digest('base64');
}

/**
 * Fills `target` with cryptographically strong random bytes.
 *
 * @example
 * ```ts
 * fillRandom(new Uint8Array(16));
 * ```
 */
export function fillRandom<T extends Uint8Array<ArrayBuffer>>(target: T): T {
  return randomFillSync(target);
}

/** Name of this implementation, for diagnostics and tests. */
export const cryptoImplementation = 'node';
