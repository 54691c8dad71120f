/**
 * Owner-only files and directories of the sandbox's data dir: credential files written atomically with mode
 * 0600, the data dir itself 0700.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';

/**
 * Writes a file atomically (temporary file + rename) with mode 0600.
 *
 * @example
 * ```ts
 * writeFileAtomic('/data/demo-credentials.json', JSON.stringify(credentials));
 * ```
 */
export function writeFileAtomic(path: string, content: string): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, path);
}

/**
 * Creates `dir` (and its missing parents) with mode 0700, and takes the group's and others' permissions off an
 * existing one (0755 becomes 0700): the data dir holds the database, the TLS key and the demo credentials, and a
 * directory left 0755 by an older version (or made by hand) let every local user list it and read what is not 0600. Throws an `Error` naming the directory when it cannot be created
 * or restricted (a file in its place, not its owner).
 *
 * @example
 * ```ts
 * ensurePrivateDir('/home/me/.local/share/oauth1x/sandbox'); // drwx------
 * ```
 */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EEXIST' || code === 'ENOTDIR' ? `${dir} is not a directory` : `cannot create ${dir}: ${code}`);
  }
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory`);
  if ((stat.mode & 0o077) === 0) return;
  try {
    chmodSync(dir, stat.mode & 0o700);
  } catch (error) {
    throw new Error(`cannot restrict ${dir} to its owner (chmod 0700): ${(error as NodeJS.ErrnoException).code}`);
  }
}
