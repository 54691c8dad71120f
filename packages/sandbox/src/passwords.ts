/**
 * Password hashing for sandbox users: scrypt (node:crypto, asynchronous so the event loop never blocks),
 * a random 16-byte salt, stored as `scrypt$N$r$p$salt$hash` (base64url), compared in constant time.
 * A database that lives no longer than the process (a memory sandbox) may store a stand-in for a hash still being
 * computed ({@link hashPasswordLater}); checking a password against it waits for that hash.
 *
 * @module
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password for storage.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse');
 * await verifyPassword('correct horse', stored); // true
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * A hash that never matches, verified when a user does not exist so timing does not reveal it.
 *
 * @example
 * ```ts
 * await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
 * ```
 */
export const DUMMY_PASSWORD_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

/**
 * Checks a password against a stored hash in constant time; `false` for a malformed hash.
 *
 * @example
 * ```ts
 * if (!(await verifyPassword(input, user.passwordHash))) throw new Error('wrong password');
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith(PENDING)) stored = (await pending.get(stored)?.catch(() => '')) ?? '';
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 1 << 20) return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), n, r, p);
  return timingSafeEqual(key, expected);
}

const PENDING = 'scrypt-pending$';
/** The hashes being computed, by their stand-in; at most a few per process (the shared demo users'). */
const pending = new Map<string, Promise<string>>();

/**
 * Starts hashing `password` (same scrypt parameters, a random salt, on libuv's thread pool) and returns a random
 * stand-in to store at once; {@link verifyPassword} given the stand-in waits for the hash and checks against it.
 * The stand-in means something only in this process: store it only where the row dies with the process (a
 * memory database), never in a file.
 *
 * @example
 * ```ts
 * const stored = hashPasswordLater('correct horse'); // 'scrypt-pending$…'
 * await verifyPassword('correct horse', stored); // true, once the hash is ready
 * ```
 */
export function hashPasswordLater(password: string): string {
  const marker = `${PENDING}${randomBytes(12).toString('base64url')}`;
  const hash = hashPassword(password);
  // A failure (out of memory) makes every check of this password false; it is not an unhandled rejection.
  hash.catch(() => {});
  pending.set(marker, hash);
  return marker;
}
