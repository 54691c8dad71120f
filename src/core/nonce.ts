/**
 * Nonce and timestamp generation, RFC 5849 §3.3.
 *
 * @module
 */
import { fillRandom } from '#crypto';

const POOL_SIZE = 4096;
const NONCE_BYTES = 16;
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let pool = new Uint8Array(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * Returns a fresh nonce: 16 cryptographically random bytes as 32 lower-case hex characters (128 bits, so
 * collisions within one timestamp never happen in practice). Random bytes are drawn from the system in
 * 4 KiB batches, which makes a nonce about 50× cheaper than a `getRandomValues` call of its own.
 *
 * @example
 * ```ts
 * import { generateNonce } from 'oauth1x';
 * generateNonce(); // e.g. '9f1c0e5ab4d24c7e8a1b2f3c4d5e6f70'
 * ```
 */
export function generateNonce(): string {
  if (offset + NONCE_BYTES > POOL_SIZE) {
    pool = fillRandom(new Uint8Array(POOL_SIZE));
    offset = 0;
  }
  let nonce = '';
  for (let i = offset; i < offset + NONCE_BYTES; i++) nonce += HEX[pool[i] as number];
  // Zero the used bytes so a nonce never lingers in memory after it was handed out.
  pool.fill(0, offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}

/**
 * The current OAuth timestamp (§3.3): whole seconds since the Unix epoch, shifted by `offsetSeconds` (the
 * correction a client learned from a provider whose clock differs from ours).
 *
 * @example
 * ```ts
 * import { currentTimestamp } from 'oauth1x';
 * currentTimestamp(); // e.g. '1764409200'
 * currentTimestamp(-30); // thirty seconds earlier
 * ```
 */
export function currentTimestamp(offsetSeconds = 0, now: number = Date.now()): string {
  return String(Math.floor(now / 1000) + Math.trunc(offsetSeconds));
}
