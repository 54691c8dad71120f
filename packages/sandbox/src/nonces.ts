/**
 * The sandbox's nonce store (RFC 5849 §3.3): the provider's in-memory nonce table decides each claim (atomic:
 * one process owns a data dir, and the check-and-set is synchronous, so `verifyRequest` takes its synchronous
 * path), and every accepted nonce is appended to `x_nonces` in the sandbox's next group commit, together with
 * the request's own writes. The app answers only after `writes.committed()`, so a request is answered only
 * once its nonce is on disk and a replay after a crash or restart is still refused (the table is read back at
 * start). The table is append-only (rowid order, no unique index): a claim dirties about one page, where a
 * unique index over random nonces dirtied one page per claim (measured: 18 WAL pages per commit of 10 writes,
 * a checkpoint every 54 commits).
 *
 * @module
 */
import { createMemoryNonces, type NonceStore, nonceKey, withSyncClaim } from 'oauth1x/provider';
import type { GroupCommit } from 'oauth1x/provider/sqlite';
import { prepared, type SandboxDatabase } from './db.js';

/** The most nonces held at once (fail closed beyond): a 600 s window at 3,000 requests per second. */
const MAX_NONCES = 2_000_000;

/** A {@link NonceStore} with a sweep for expired rows. */
export interface SandboxNonces extends NonceStore {
  /** Removes expired nonces from memory and from the table; returns how many rows were deleted. */
  sweep(): number;
  /** Stops the periodic sweep. */
  close(): void;
}

/** How often expired nonces are removed. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Opens the nonce store on the sandbox database, loading every unexpired nonce (also those of data dirs
 * written by versions that kept them in the provider store's `oauth_nonces`).
 *
 * @example
 * ```ts
 * const nonces = createSandboxNonces(db, writes, Date.now);
 * await nonces.claim(nonceKey('app', 'token', '1700000000', 'n1'), Date.now() + 600_000); // true
 * ```
 */
export function createSandboxNonces(db: SandboxDatabase, writes: GroupCommit, now: () => number): SandboxNonces {
  const memory = createMemoryNonces({ now }, MAX_NONCES);
  const start = now();
  const load = (sql: string) => {
    for (const row of prepared(db, sql).iterate(start) as Iterable<{ key: string; expires_at: number }>) {
      memory.claim(row.key, row.expires_at);
    }
  };
  load('SELECT key, expires_at FROM x_nonces WHERE expires_at > ? ORDER BY id');
  const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'oauth_nonces'").get();
  if (legacy !== undefined) load('SELECT key, expires_at FROM oauth_nonces WHERE expires_at > ?');
  const append = prepared(db, 'INSERT INTO x_nonces (key, expires_at) VALUES (?, ?)');
  const timer = setInterval(() => {
    writes.run(() => store.sweep()).catch(() => undefined); // a busy database: the next pass tries again
  }, SWEEP_INTERVAL_MS);
  timer.unref?.();
  /** The decision, now; the journal entry joins the next group commit (its failure fails `committed()`). */
  const journal = (key: string, expiresAtMs: number): true => {
    writes.run(() => append.run(key, expiresAtMs)).catch(() => undefined);
    return true;
  };
  const claimNow = (key: string, expiresAtMs: number): boolean => memory.claim(key, expiresAtMs) && journal(key, expiresAtMs);
  // verifyRequest's path: the memory table decides from the pieces (no key to build and parse back); the key
  // is built only for a fresh nonce's journal entry.
  const claim = withSyncClaim(
    async (key: string, expiresAtMs: number): Promise<boolean> => {
      const fresh = claimNow(key, expiresAtMs);
      if (fresh) await writes.committed();
      return fresh;
    },
    {
      claim: claimNow,
      claimParts: (consumerKey, token, timestamp, nonce, expiresAtMs) =>
        memory.claimParts(consumerKey, token, timestamp, nonce, expiresAtMs) &&
        journal(nonceKey(consumerKey, token, timestamp, nonce), expiresAtMs),
    },
  );
  const store: SandboxNonces = {
    claim,
    sweep() {
      const at = now();
      memory.sweep(at, true);
      // Rows are about in expiry order: delete the expired run at the oldest end (reading only that run), up to
      // the first row still valid. An expired row after it waits for a later sweep; none is deleted early.
      const first = prepared(db, 'SELECT id FROM x_nonces WHERE expires_at > ? ORDER BY id LIMIT 1').get(at) as { id: number } | undefined;
      const bound = first?.id ?? Number.MAX_SAFE_INTEGER;
      return prepared(db, 'DELETE FROM x_nonces WHERE id < ?').run(bound).changes;
    },
    close() {
      clearInterval(timer);
    },
  };
  return store;
}
