/**
 * Access tokens read on every API request, kept in memory. A SQLite read outside a transaction takes and
 * releases the WAL read lock (measured here: ~6–17 µs per lookup under load, the largest single cost of a
 * tweet POST after the commit); the cache answers from a `Map`. It is exact for this process's own writes
 * (saving or revoking a token updates it) and notices other processes' commits to the file
 * (`watchOtherCommits`: `PRAGMA data_version`, looked at no more than every 100 ms) by starting over.
 *
 * The keys of every stored token are kept too (a `Set`, reloaded when another process committed), so an
 * unknown token is answered from memory like a cached one: sent to SQLite, a made-up token cost ~16 µs more
 * than a real one, which told a prober by timing which tokens exist. A token another process saved is seen
 * within that recheck delay, like one it revoked.
 *
 * @module
 */
import type { AccessTokenRecord, ProviderStore } from 'oauth1x/provider';
import type { SandboxDatabase } from './db.js';
import { watchOtherCommits } from './other-commits.js';

/** The most tokens kept; beyond it the oldest are forgotten. */
const MAX_TOKENS = 10_000;

/**
 * Wraps `store` so that `getAccessToken` answers from memory.
 *
 * @example
 * ```ts
 * const store = cacheAccessTokens(createSqliteStore({ database: db }), db);
 * await store.getAccessToken('token'); // from SQLite once, then from memory
 * ```
 */
export function cacheAccessTokens(store: ProviderStore, db: SandboxDatabase): ProviderStore {
  const tokens = new Map<string, AccessTokenRecord>();
  // Watching from before the keys are read: a commit in between is heard of, not missed.
  const otherCommits = watchOtherCommits(db);
  const allKeys = db.prepare('SELECT token FROM oauth_access_tokens').pluck();
  /** Every token in the table (a superset for a moment after a delete by another process: SQLite decides). */
  let known = new Set(allKeys.all() as string[]);
  /** Starts over when another connection committed since the last look. */
  const fresh = () => {
    if (!otherCommits()) return;
    tokens.clear();
    known = new Set(allKeys.all() as string[]);
  };
  return {
    ...store,
    async getAccessToken(token) {
      fresh();
      const cached = tokens.get(token);
      if (cached !== undefined) return cached;
      if (!known.has(token)) return null;
      const record = await store.getAccessToken(token);
      if (record === null) {
        known.delete(token);
        return null;
      }
      if (tokens.size >= MAX_TOKENS) tokens.delete(tokens.keys().next().value as string);
      tokens.set(token, record);
      return record;
    },
    async saveAccessToken(record) {
      tokens.delete(record.token);
      // Known before the commit resolves: the client learns the token only after it.
      known.add(record.token);
      await store.saveAccessToken(record);
    },
    async revokeAccessToken(token) {
      tokens.delete(token);
      const revoked = await store.revokeAccessToken(token);
      // Again after the commit: a lookup between the two read the row before the delete was committed.
      tokens.delete(token);
      known.delete(token);
      return revoked;
    },
  };
}
