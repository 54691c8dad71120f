/**
 * What the sandbox's in-memory caches (token-cache.ts, credit-balances.ts) use to notice another process's
 * writes to the same data dir (`oauth1x sandbox app update` beside a running server): SQLite's
 * `PRAGMA data_version` changes when another connection commits, never for this connection's own commits. It is
 * a statement of its own (≈ 7 µs), so it is looked at no more than every {@link RECHECK_MS}; a cache that hears
 * of a commit starts over.
 *
 * @module
 */
import type { SandboxDatabase } from './db.js';

/** How stale a value another process changed on the same data dir may be read, in milliseconds. */
export const RECHECK_MS = 100;

/**
 * A check, cheap to call on every request: whether another connection has committed to `db`'s file since the
 * last time it answered `true` (looked at no more than every {@link RECHECK_MS}).
 *
 * @example
 * ```ts
 * const otherCommits = watchOtherCommits(db);
 * if (otherCommits()) cache.clear();
 * ```
 */
export function watchOtherCommits(db: SandboxDatabase): () => boolean {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let version = dataVersion.get() as number;
  let checkedAt = performance.now();
  return () => {
    const at = performance.now();
    if (at - checkedAt < RECHECK_MS) return false;
    checkedAt = at;
    const current = dataVersion.get() as number;
    if (current === version) return false;
    version = current;
    return true;
  };
}
