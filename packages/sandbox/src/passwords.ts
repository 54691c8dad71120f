/**
 * Password hashing for sandbox users: scrypt (node:crypto, asynchronous so the event loop never blocks),
 * a random 16-byte salt, stored as `scrypt$N$r$p$salt$hash` (base64url), compared in constant time.
 * A database that lives no longer than the process (a memory sandbox) may store a stand-in for a hash not computed
 * yet ({@link hashPasswordOnDemand}); the first check of a password against it computes the hash.
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
  if (stored.startsWith(PENDING)) {
    const hash = pending.get(stored);
    stored = hash === undefined ? '' : await hash().catch(() => '');
  }
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
/** The hashes a stand-in defers, by stand-in: each computed on its first check. At most a few per process. */
const pending = new Map<string, () => Promise<string>>();

/**
 * Returns a random stand-in to store at once for the scrypt hash of `password` (same parameters, a random salt),
 * without computing it: {@link verifyPassword} given the stand-in computes the hash on its first check (on libuv's
 * thread pool, once; later checks reuse it). Nothing runs for a password never checked, so a memory sandbox's
 * start leaves both cores to its caller (with three scrypt hashes on the thread pool, the first create took
 * 50–94 ms here instead of 31–37 ms). The stand-in means something only in this process: store it only where the row dies with the
 * process (a memory database), never in a file.
 *
 * @example
 * ```ts
 * const stored = hashPasswordOnDemand('correct horse'); // 'scrypt-pending$…'
 * await verifyPassword('correct horse', stored); // true: the hash is computed now
 * ```
 */
export function hashPasswordOnDemand(password: string): string {
  const marker = `${PENDING}${randomBytes(12).toString('base64url')}`;
  let hash: Promise<string> | undefined;
  // A failure (out of memory) makes every check of this password false: the rejection is kept, and caught.
  pending.set(marker, () => (hash ??= hashPassword(password)));
  return marker;
}
