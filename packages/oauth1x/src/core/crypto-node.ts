/**
 * Node.js implementation of the crypto primitives the core needs, selected through the `#crypto` import
 * condition `node`. Synchronous `node:crypto` HMAC is many times cheaper than a Web Crypto round trip for
 * the short strings OAuth signs; callers still await the result, so the public API stays async.
 *
 * @module
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, randomFillSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { HashName } from './crypto-web.js';

const NODE_HASH: Record<HashName, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };

/** `crypto.hash` (one-shot digest, Node ≥ 20.12 / 21.7), or `undefined` on older Node versions. */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, outputEncoding: 'latin1' | 'base64') => string }).hash;

const BLOCK_SIZE: Record<HashName, number> = { 'SHA-1': 64, 'SHA-256': 64, 'SHA-512': 128 };
const DIGEST_SIZE: Record<HashName, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-512': 64 };

/** The padded keys of the last HMAC key (RFC 2104): `inner` = K ⊕ ipad, then room for the message. */
interface HmacPads {
  hash: HashName;
  key: string;
  inner: Buffer;
  /** K ⊕ opad followed by room for the inner digest: exactly what the outer hash takes. */
  outer: Buffer;
}

let pads: HmacPads | undefined;

/** Buffer's own `utf8Write` / `latin1Write` skip the argument handling of `write` (a third of its cost here). */
type RawWrite = (this: Buffer, text: string, offset: number) => number;
const rawUtf8Write = (Buffer.prototype as unknown as { utf8Write?: RawWrite }).utf8Write;
const rawLatin1Write = (Buffer.prototype as unknown as { latin1Write?: RawWrite }).latin1Write;
const utf8Write = (target: Buffer, text: string, offset: number): number =>
  rawUtf8Write === undefined ? target.write(text, offset, 'utf8') : rawUtf8Write.call(target, text, offset);
const latin1Write = (target: Buffer, text: string, offset: number): number =>
  rawLatin1Write === undefined ? target.write(text, offset, 'latin1') : rawLatin1Write.call(target, text, offset);

function padsFor(hash: HashName, key: string): HmacPads {
  if (pads !== undefined && pads.hash === hash && pads.key === key) return pads;
  const block = BLOCK_SIZE[hash];
  let keyBytes: Uint8Array = Buffer.from(key, 'utf8');
  if (keyBytes.length > block) keyBytes = createHash(NODE_HASH[hash]).update(keyBytes).digest();
  const inner = Buffer.alloc(block + 1024, 0x36);
  const outer = Buffer.alloc(block + DIGEST_SIZE[hash], 0x5c);
  for (let i = 0; i < keyBytes.length; i++) {
    inner[i] = 0x36 ^ (keyBytes[i] as number);
    outer[i] = 0x5c ^ (keyBytes[i] as number);
  }
  pads = { hash, key, inner, outer };
  return pads;
}

/**
 * HMAC of `data` keyed with `key` (both UTF-8), base64-encoded. `ascii: true` promises that `data` holds only
 * ASCII characters (a signature base string whose method is ASCII: everything else in it is percent-encoded).
 *
 * HMAC is computed per RFC 2104 as `H(K ⊕ opad ‖ H(K ⊕ ipad ‖ data))` with two one-shot `crypto.hash`
 * calls: creating an `Hmac` object costs more than hashing a base string twice. The padded keys of the
 * last key are kept (clients sign with the same key over and over). Without `crypto.hash` (Node < 20.12)
 * it uses `createHmac`.
 *
 * @example
 * ```ts
 * hmacBase64('SHA-1', 'key', 'data'); // 'EEFSxb/coHvGM+69RhmfAlXJ9J0='
 * ```
 */
export function hmacBase64(hash: HashName, key: string, data: string, ascii = false): string {
  if (oneShot === undefined) return createHmac(NODE_HASH[hash], key).update(data).digest('base64');
  const current = padsFor(hash, key);
  const block = BLOCK_SIZE[hash];
  // A UTF-16 code unit takes at most 3 UTF-8 bytes. The kept buffer grows up to 64 KiB; a larger message
  // gets a buffer of its own, so one huge request does not pin memory for the life of the process.
  let inner = current.inner;
  const needed = block + (ascii ? data.length : data.length * 3);
  if (inner.length < needed) {
    inner = Buffer.allocUnsafe(needed);
    current.inner.copy(inner, 0, 0, block);
    if (needed <= 65_536) current.inner = inner;
  }
  // Text known to be ASCII is written one byte per character: the same bytes as UTF-8, and V8 writes a
  // concatenated (tree) string that way far faster than it encodes one as UTF-8 (~0.5 µs on a base string).
  const length = ascii ? latin1Write(inner, data, block) : utf8Write(inner, data, block);
  const innerDigest = oneShot(NODE_HASH[hash], inner.subarray(0, block + length), 'latin1');
  latin1Write(current.outer, innerDigest, block);
  return oneShot(NODE_HASH[hash], current.outer, 'base64');
}

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

/**
 * How many threads can run at once (`os.availableParallelism()`): sizes the RSA sign scheduler.
 *
 * @example
 * ```ts
 * parallelism(); // 2
 * ```
 */
export function parallelism(): number | undefined {
  return availableParallelism();
}

/** Name of this implementation, for diagnostics and tests. */
export const cryptoImplementation = 'node';
