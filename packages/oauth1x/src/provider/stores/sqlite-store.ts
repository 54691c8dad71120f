/**
 * A SQLite {@link ProviderStore} (better-sqlite3 12): one file, WAL journal, prepared statements, every
 * check-and-set one statement (so it is atomic even with several processes on one file), expired rows removed
 * on a timer. Node only: `oauth1x/provider/sqlite`. better-sqlite3 is an optional peer dependency, loaded when the
 * store opens its own database: without it `createSqliteStore` throws `ERR_MISSING_PEER` (`npm install better-sqlite3`).
 *
 * @module
 */
import type Database from 'better-sqlite3';
import { requirePeer } from './optional-peer.js';
import { GroupCommit } from './sqlite-group-commit.js';
import {
  type AccessTokenRecord,
  DEFAULT_RETENTION_MS,
  type ProviderStore,
  type RequestTokenRecord,
  type RequestTokenTransition,
  type StoreOptions,
} from './types.js';

export { GroupCommit, type GroupCommitOptions } from './sqlite-group-commit.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions extends StoreOptions {
  /** Database file path, or `:memory:`. Ignored when `database` is given. */
  filename?: string | undefined;
  /** An open better-sqlite3 database to use (the store creates its tables in it and never closes it). */
  database?: Database.Database | undefined;
  /**
   * `FULL` (default): every committed nonce and token survives a power loss, so a replay is refused even right
   * after a crash. `NORMAL`: faster, survives an application crash but may lose the last commits on power loss.
   */
  synchronous?: 'FULL' | 'NORMAL' | undefined;
  /** Table name prefix. Default `oauth_`. */
  tablePrefix?: string | undefined;
  /** How often expired rows are removed, in milliseconds; 0 disables the timer. Default 60,000. */
  cleanupIntervalMs?: number | undefined;
  /** How long a writer waits for a lock held by another process, in milliseconds. Default 5000. */
  busyTimeoutMs?: number | undefined;
  /**
   * Group commit: writes (nonce claims, tokens, counters) made during one turn of the event loop share one
   * transaction, and each resolves once it is committed. `true` (default) uses a batcher of the store's own;
   * pass a {@link GroupCommit} to share one with the host's writes on the same database (one commit for both);
   * `false` commits each write on its own.
   */
  groupCommit?: boolean | GroupCommit | undefined;
}

interface RequestRow {
  token: string;
  secret: string;
  consumer_key: string;
  callback: string;
  state: string;
  verifier: string | null;
  user_id: string | null;
  created_at: number;
  expires_at: number;
  meta: string;
}

interface AccessRow {
  token: string;
  secret: string;
  consumer_key: string;
  user_id: string;
  created_at: number;
  expires_at: number | null;
  meta: string;
}

function toRequest(row: RequestRow): RequestTokenRecord {
  return {
    token: row.token,
    secret: row.secret,
    consumerKey: row.consumer_key,
    callback: row.callback,
    state: row.state as RequestTokenRecord['state'],
    verifier: row.verifier,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    meta: JSON.parse(row.meta) as Record<string, string>,
  };
}

function toAccess(row: AccessRow): AccessTokenRecord {
  return {
    token: row.token,
    secret: row.secret,
    consumerKey: row.consumer_key,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    meta: JSON.parse(row.meta) as Record<string, string>,
  };
}

/**
 * Opens (creating when needed) a SQLite store.
 *
 * @example
 * ```ts
 * import { createSqliteStore } from 'oauth1x/provider/sqlite';
 * const store = createSqliteStore({ filename: './data/oauth.db' });
 * // ... createProviderHandler({ store, ... })
 * await store.close();
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): ProviderStore {
  const retention = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const clock = options.clock ?? { now: () => Date.now() };
  const prefix = options.tablePrefix ?? 'oauth_';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new TypeError('tablePrefix must be letters, digits and underscores');
  const owned = options.database === undefined;
  // better-sqlite3 is an optional peer: loaded here, so a missing one is a clear error (ERR_MISSING_PEER).
  const db =
    options.database ?? new (requirePeer<typeof Database>('better-sqlite3', 'oauth1x/provider/sqlite'))(options.filename ?? ':memory:');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  const n = `${prefix}nonces`;
  const rt = `${prefix}request_tokens`;
  const at = `${prefix}access_tokens`;
  const ct = `${prefix}counters`;
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${n} (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${n}_expires ON ${n} (expires_at);
    CREATE TABLE IF NOT EXISTS ${rt} (
      token TEXT PRIMARY KEY, secret TEXT NOT NULL, consumer_key TEXT NOT NULL, callback TEXT NOT NULL,
      state TEXT NOT NULL, verifier TEXT, user_id TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
      meta TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS ${rt}_expires ON ${rt} (expires_at);
    CREATE TABLE IF NOT EXISTS ${at} (
      token TEXT PRIMARY KEY, secret TEXT NOT NULL, consumer_key TEXT NOT NULL, user_id TEXT NOT NULL,
      created_at INTEGER NOT NULL, expires_at INTEGER, meta TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS ${at}_user ON ${at} (consumer_key, user_id, created_at);
    CREATE INDEX IF NOT EXISTS ${at}_expires ON ${at} (expires_at);
    CREATE TABLE IF NOT EXISTS ${ct} (key TEXT PRIMARY KEY, count INTEGER NOT NULL, reset_at INTEGER NOT NULL) WITHOUT ROWID;
  `);

  const claimNonce = db.prepare<[string, number, number]>(
    `INSERT INTO ${n} (key, expires_at) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE ${n}.expires_at <= ?`,
  );
  const insertRequest = db.prepare(
    `INSERT INTO ${rt} (token, secret, consumer_key, callback, state, verifier, user_id, created_at, expires_at, meta)
     VALUES (@token, @secret, @consumerKey, @callback, @state, @verifier, @userId, @createdAt, @expiresAt, @meta)`,
  );
  const selectRequest = db.prepare<[string], RequestRow>(`SELECT * FROM ${rt} WHERE token = ?`);
  const authorize = db.prepare<[string, string, string, number], RequestRow>(
    `UPDATE ${rt} SET state = 'authorized', user_id = ?, verifier = ? WHERE token = ? AND state = 'pending' AND expires_at > ? RETURNING *`,
  );
  const consume = db.prepare<[string, number], RequestRow>(
    `UPDATE ${rt} SET state = 'used' WHERE token = ? AND state = 'authorized' AND expires_at > ? RETURNING *`,
  );
  const deleteRequest = db.prepare<[string]>(`DELETE FROM ${rt} WHERE token = ?`);
  const insertAccess = db.prepare(
    `INSERT INTO ${at} (token, secret, consumer_key, user_id, created_at, expires_at, meta)
     VALUES (@token, @secret, @consumerKey, @userId, @createdAt, @expiresAt, @meta)`,
  );
  const selectAccess = db.prepare<[string], AccessRow>(`SELECT * FROM ${at} WHERE token = ?`);
  const findAccess = db.prepare<[string, string], AccessRow>(
    `SELECT * FROM ${at} WHERE consumer_key = ? AND user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const deleteAccess = db.prepare<[string]>(`DELETE FROM ${at} WHERE token = ?`);
  const hitCounter = db.prepare<[string, number, number, number, number], { count: number }>(
    `INSERT INTO ${ct} (key, count, reset_at) VALUES (?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN reset_at <= ? THEN 1 ELSE count + 1 END,
       reset_at = CASE WHEN reset_at <= ? THEN ? ELSE reset_at END
     RETURNING count`,
  );
  const selectCounter = db.prepare<[string, number], { count: number }>(`SELECT count FROM ${ct} WHERE key = ? AND reset_at > ?`);
  const deleteCounter = db.prepare<[string]>(`DELETE FROM ${ct} WHERE key = ?`);
  const sweepStatements = [
    db.prepare<[number]>(`DELETE FROM ${n} WHERE expires_at <= ?`),
    db.prepare<[number]>(`DELETE FROM ${rt} WHERE expires_at <= ?`),
    db.prepare<[number]>(`DELETE FROM ${at} WHERE expires_at IS NOT NULL AND expires_at <= ?`),
    db.prepare<[number]>(`DELETE FROM ${ct} WHERE reset_at <= ?`),
  ] as const;
  const sweep = db.transaction((now: number) => {
    let removed = sweepStatements[0].run(now).changes;
    removed += sweepStatements[1].run(now - retention).changes;
    removed += sweepStatements[2].run(now - retention).changes;
    removed += sweepStatements[3].run(now).changes;
    return removed;
  });

  function transition(token: string, now: number, row: RequestRow | undefined, from: 'pending' | 'authorized'): RequestTokenTransition {
    if (row !== undefined) return { ok: true, record: toRequest(row) };
    const current = selectRequest.get(token);
    if (current === undefined) return { ok: false, reason: 'unknown' };
    if (current.state === 'used') return { ok: false, reason: 'used' };
    if (current.expires_at <= now) return { ok: false, reason: 'expired' };
    return { ok: false, reason: from === 'pending' ? 'not_pending' : 'not_authorized' };
  }

  const intervalMs = options.cleanupIntervalMs ?? 60_000;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (intervalMs > 0) {
    timer = setInterval(() => {
      try {
        sweep(clock.now());
      } catch {
        // A busy database: the next tick tries again.
      }
    }, intervalMs);
    timer.unref?.();
  }
  let closed = false;
  const batcher =
    options.groupCommit instanceof GroupCommit ? options.groupCommit : options.groupCommit === false ? null : new GroupCommit(db);
  /** Runs a write in the next group commit, or at once without one. */
  const write = <T>(work: () => T): Promise<T> => (batcher === null ? new Promise<T>((resolve) => resolve(work())) : batcher.run(work));

  return {
    claim(key, expiresAtMs) {
      return write(() => claimNonce.run(key, expiresAtMs, clock.now()).changes === 1);
    },
    saveRequestToken(record) {
      return write(() => {
        insertRequest.run({ ...record, meta: JSON.stringify(record.meta ?? {}) });
      });
    },
    async getRequestToken(token) {
      const row = selectRequest.get(token);
      return row === undefined ? null : toRequest(row);
    },
    authorizeRequestToken(token, userId, verifier, now) {
      return write(() => transition(token, now, authorize.get(userId, verifier, token, now), 'pending'));
    },
    consumeRequestToken(token, now) {
      return write(() => transition(token, now, consume.get(token, now), 'authorized'));
    },
    deleteRequestToken(token) {
      return write(() => deleteRequest.run(token).changes === 1);
    },
    saveAccessToken(record) {
      return write(() => {
        insertAccess.run({ ...record, meta: JSON.stringify(record.meta ?? {}) });
      });
    },
    async getAccessToken(token) {
      const row = selectAccess.get(token);
      return row === undefined ? null : toAccess(row);
    },
    async findAccessToken(consumerKey, userId) {
      const row = findAccess.get(consumerKey, userId);
      return row === undefined ? null : toAccess(row);
    },
    revokeAccessToken(token) {
      return write(() => deleteAccess.run(token).changes === 1);
    },
    hit(key, windowMs) {
      return write(() => {
        const now = clock.now();
        return (hitCounter.get(key, now + windowMs, now, now, now + windowMs) as { count: number }).count;
      });
    },
    async count(key) {
      return selectCounter.get(key, clock.now())?.count ?? 0;
    },
    resetCount(key) {
      return write(() => {
        deleteCounter.run(key);
      });
    },
    cleanup(now = clock.now()) {
      return write(() => sweep(now));
    },
    async close() {
      if (timer !== undefined) clearInterval(timer);
      if (owned && !closed) {
        batcher?.flush();
        db.close();
      }
      closed = true;
    },
  };
}
