/**
 * Random keys and secrets of sandbox apps and tokens, of letters and digits only, as X's are.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random key as long as `bytes` bytes in base64url (⌈4·bytes/3⌉ characters), of letters and digits only, as
 * X's keys and secrets are: a base64url key starting with `-` (one in 64) read like an option on a command
 * line. Uniform: bytes of 248 and above are drawn again (248 = 4 × 62).
 *
 * @example
 * ```ts
 * randomKey(18); // 24 letters and digits
 * ```
 */
export function randomKey(bytes: number): string {
  const length = Math.ceil((bytes * 4) / 3);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}
