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
  /** Settles when the queued writes' transactions commit (or one fails): see {@link committed}. */
  #outcome: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;
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
      if (this.#outcome === null) {
        let settle!: { resolve: () => void; reject: (error: unknown) => void };
        const promise = new Promise<void>((resolve, reject) => {
          settle = { resolve, reject };
        });
        promise.catch(() => undefined); // observed through committed() only when someone asks
        this.#outcome = { promise, ...settle };
      }
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Resolves once every write queued so far is committed; rejects when a transaction holding one of them
   * failed to commit (a write that threw on its own is that write's caller's business). Resolves at once
   * when nothing is queued. A request that queued a write without waiting for it (a nonce journaled beside
   * an in-memory decision) waits here before answering.
   *
   * @example
   * ```ts
   * writes.run(() => journal.run(key)).catch(() => undefined);
   * await writes.committed(); // the journal entry is on disk (or this throws)
   * ```
   */
  committed(): Promise<void> {
    return this.#outcome?.promise ?? Promise.resolve();
  }

  /** Number of writes waiting for the next batch. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Commits what is queued now (normally called by the scheduler; call it before closing the database).
   * Writes queued by the work of this flush go to the next one.
   */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    const outcome = this.#outcome;
    this.#queue = [];
    this.#outcome = null;
    let failure: { error: unknown } | undefined;
    for (let at = 0; at < queue.length; at += this.#maxBatch) {
      const failed = this.#commit(at === 0 && queue.length <= this.#maxBatch ? queue : queue.slice(at, at + this.#maxBatch));
      failure ??= failed;
    }
    if (failure === undefined) outcome?.resolve();
    else outcome?.reject(failure.error);
  }

  /** Runs and commits one batch; returns the commit's failure, if it failed. */
  #commit(batch: Pending[]): { error: unknown } | undefined {
    const s = this.#statements;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    if (!this.#db.open) {
      const error = new Error('The database connection is not open');
      for (const item of batch) item.reject(error);
      return { error };
    }
    // flush() called by hand inside the caller's own transaction: the writes join it (and are committed with it).
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
      return { error };
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    return undefined;
  }
}
