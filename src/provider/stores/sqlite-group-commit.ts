/**
 * Group commit for better-sqlite3: writes queued during one turn of the event loop run together in one
 * transaction, and each caller's promise settles only after that transaction committed. With WAL every commit
 * writes its pages to the log (and, with `synchronous = FULL`, fsyncs it), so under concurrent load one commit
 * per batch instead of one per write is most of a write's cost; each write still sees an atomic, isolated
 * database (a savepoint of its own: one write that throws is rolled back alone and rejects alone).
 *
 * @module
 */
import type Database from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most writes in one transaction; more wait for the next one. Default 256. */
  maxBatch?: number;
}

/**
 * Queues synchronous writes and commits them in batches.
 *
 * @example
 * ```ts
 * const writes = new GroupCommit(db);
 * const id = await writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('x').lastInsertRowid);
 * // committed (durable per the database's `synchronous`) when the promise resolves
 * ```
 */
export class GroupCommit {
  readonly #db: Database.Database;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #scheduled = false;
  readonly #statements: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;

  constructor(db: Database.Database, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxBatch = Math.max(1, Math.trunc(options.maxBatch ?? 256));
    this.#statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT oauth1x_group_write'),
      release: db.prepare('RELEASE oauth1x_group_write'),
      rollbackTo: db.prepare('ROLLBACK TO oauth1x_group_write'),
    };
  }

  /**
   * Runs `work` (synchronous database writes and reads) in the next batch; resolves with its result once the
   * batch committed, rejects with its error (its writes rolled back) or with the commit's error.
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Number of writes waiting for the next batch. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Commits what is queued now (normally called by the scheduler; call it before closing the database). */
  flush(): void {
    this.#scheduled = false;
    while (this.#queue.length > 0) {
      const batch = this.#queue.length <= this.#maxBatch ? this.#queue : this.#queue.slice(0, this.#maxBatch);
      this.#queue = batch === this.#queue ? [] : this.#queue.slice(this.#maxBatch);
      this.#commit(batch);
    }
  }

  #commit(batch: Pending[]): void {
    const s = this.#statements;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    if (!this.#db.open) {
      for (const item of batch) item.reject(new Error('The database connection is not open'));
      return;
    }
    // A write queued from inside someone else's open transaction (not ours) still runs, inside that one.
    const outer = !this.#db.inTransaction;
    try {
      if (outer) s.begin.run();
      for (const item of batch) {
        s.savepoint.run();
        try {
          const value = item.work();
          s.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          s.rollbackTo.run();
          s.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      if (outer) s.commit.run();
    } catch (error) {
      if (outer && this.#db.inTransaction) {
        try {
          s.rollback.run();
        } catch {
          // Nothing more to undo.
        }
      }
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
