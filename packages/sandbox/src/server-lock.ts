/**
 * One serving sandbox per data dir. The sandbox decides nonces in memory (journaled to the database, see
 * `nonces.ts`) and numbers tweets from the largest id it found at start, so two servers on one data dir would
 * each accept a request the other already accepted, and could hand out one id twice. The first `listen()` of
 * a sandbox takes `<data>/server.lock` (its pid and an instance token, created exclusively); another sandbox
 * that wants to serve the same dir is refused while that process lives. A lock left by a process that is gone
 * (`kill -9`) is taken over. Admin commands that only open the data dir (`oauth1x sandbox app create`) take
 * no lock.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A held lock. */
export interface ServerLock {
  /** Removes the lock file when it is still this holder's. */
  release(): void;
}

interface LockContent {
  pid: number;
  instance: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function read(path: string): LockContent | null {
  try {
    const content = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' && typeof content.instance === 'string' ? (content as LockContent) : null;
  } catch {
    return null; // unreadable or half written: treated as stale
  }
}

/**
 * Takes the serving lock of `dataDir`, or throws an `Error` naming the process that holds it.
 *
 * @example
 * ```ts
 * const lock = acquireServerLock('/home/me/.local/share/oauth1x/sandbox');
 * // ... serve ...
 * lock.release();
 * ```
 */
export function acquireServerLock(dataDir: string): ServerLock {
  const path = join(dataDir, 'server.lock');
  const mine: LockContent = { pid: process.pid, instance: randomUUID() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = read(path);
      if (holder !== null && alive(holder.pid)) {
        const who = holder.pid === process.pid ? 'another sandbox in this process' : `process ${holder.pid}`;
        throw new Error(`The sandbox data dir ${dataDir} is already served by ${who}; stop it or use another data dir`);
      }
      rmSync(path, { force: true }); // the holder is gone: take over
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(mine));
    } finally {
      closeSync(fd);
    }
    return {
      release() {
        if (read(path)?.instance === mine.instance) rmSync(path, { force: true });
      },
    };
  }
  throw new Error(`Could not take the lock ${path}`);
}
