/**
 * Web Crypto implementation of the crypto primitives the core needs (browsers, Deno, Workers, Bun): the
 * default of the `#crypto` import.
 *
 * @module
 */

/** Hash functions the signature methods use. */
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-512';

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 256;

/** The base64 alphabet's character codes (RFC 4648 §4). */
const BASE64_CODES = encoder.encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const asciiDecoder = new TextDecoder();

/**
 * Base64 of raw bytes (RFC 4648 §4, padded). Written into one byte array and decoded once: spreading the bytes
 * into `String.fromCharCode` and `btoa` allocated ~20 KB per 256-byte RSA signature (measured), garbage that
 * a burst of signatures turns into long scavenges on the event loop.
 *
 * @example
 * ```ts
 * bytesToBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 * ```
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  const whole = length - (length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = BASE64_CODES[v >>> 18] as number;
    out[o++] = BASE64_CODES[(v >>> 12) & 63] as number;
    out[o++] = BASE64_CODES[(v >>> 6) & 63] as number;
    out[o++] = BASE64_CODES[v & 63] as number;
  }
  if (whole < length) {
    const two = length - whole === 2;
    const v = ((bytes[whole] as number) << 16) | (two ? (bytes[whole + 1] as number) << 8 : 0);
    out[o++] = BASE64_CODES[v >>> 18] as number;
    out[o++] = BASE64_CODES[(v >>> 12) & 63] as number;
    out[o++] = two ? (BASE64_CODES[(v >>> 6) & 63] as number) : 61; /* = */
    out[o++] = 61;
  }
  return asciiDecoder.decode(out);
}

function hmacKey(hash: HashName, key: string): Promise<CryptoKey> {
  const cacheKey = `${hash}\u0000${key}`;
  let cached = keyCache.get(cacheKey);
  if (cached === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
    // An empty HMAC key is valid in RFC 2104 but Web Crypto refuses zero-length keys; HMAC pads the key
    // with zeros to the block size, so one zero byte is the same key.
    const raw: Uint8Array<ArrayBuffer> = key === '' ? new Uint8Array(1) : encoder.encode(key);
    cached = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash }, false, ['sign']);
    cached.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, cached);
  }
  return cached;
}

/**
 * HMAC of `data` keyed with `key` (both UTF-8), base64-encoded. The `ascii` hint of the Node implementation
 * changes nothing here (`TextEncoder` writes ASCII as it is either way).
 *
 * @example
 * ```ts
 * await hmacBase64('SHA-1', 'key', 'data'); // 'EEFSxb/coHvGM+69RhmfAlXJ9J0='
 * ```
 */
export async function hmacBase64(hash: HashName, key: string, data: string, _ascii = false): Promise<string> {
  const cryptoKey = await hmacKey(hash, key);
  return bytesToBase64(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data))));
}

/**
 * Digest of `data` (a string is hashed as UTF-8), base64-encoded.
 *
 * @example
 * ```ts
 * await digestBase64('SHA-1', ''); // '2jmj7l5rSw0yVb/vlWAYkK/YBwk='
 * ```
 */
export async function digestBase64(hash: HashName, data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
  return bytesToBase64(new Uint8Array(await crypto.subtle.digest(hash, bytes)));
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
  for (let i = 0; i < target.length; i += 65536) crypto.getRandomValues(target.subarray(i, i + 65536));
  return target;
}

/**
 * How many threads can run at once: `navigator.hardwareConcurrency`, or `undefined` when the runtime does not
 * say. Sizes the RSA sign scheduler.
 *
 * @example
 * ```ts
 * parallelism(); // 8
 * ```
 */
export function parallelism(): number | undefined {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n > 0 ? n : undefined;
}

/** Name of this implementation, for diagnostics and tests. */
export const cryptoImplementation = 'web';
