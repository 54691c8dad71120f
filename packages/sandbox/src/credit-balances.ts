/**
 * The credit balances billing checks before every pay-per-use call, kept in memory. The `SELECT` it replaces
 * cost 9–13 µs per tweet under load here (a SQLite read outside a transaction takes and releases the WAL read
 * lock; see token-cache.ts), out of ≈ 200 µs of main-thread time. Like the token cache, it is exact for this
 * process's writes (`set`, and each charge's debit, made inside the charge's transaction and forgotten if that
 * transaction fails) and notices another process's commits to the file (`oauth1x sandbox app update
 * --add-credits` beside a running server) through `watchOtherCommits` (other-commits.ts), by starting over.
 *
 * @module
 */
import { prepared, type SandboxDatabase } from './db.js';
import { watchOtherCommits } from './other-commits.js';

/**
 * Balances by app id, in micro-USD; `null` for an app with none configured (not limited).
 *
 * @example
 * ```ts
 * const balances = new CreditBalances(db);
 * balances.get(app.id); // from SQLite once, then from memory
 * ```
 */
export class CreditBalances {
  readonly #db: SandboxDatabase;
  readonly #cache = new Map<number, number | null>();
  readonly #otherCommits: () => boolean;

  constructor(db: SandboxDatabase) {
    this.#db = db;
    this.#otherCommits = watchOtherCommits(db);
  }

  /** The app's balance, `null` when none is configured. */
  get(appId: number): number | null {
    // Another connection committed since the last look: start over.
    if (this.#otherCommits()) this.#cache.clear();
    const cached = this.#cache.get(appId);
    if (cached !== undefined) return cached;
    const row = prepared(this.#db, 'SELECT balance FROM x_credits WHERE app_id = ?').get(appId) as { balance: number } | undefined;
    const balance = row === undefined ? null : row.balance;
    this.#cache.set(appId, balance);
    return balance;
  }

  /** Records a balance this process just wrote (`null`: removed). */
  set(appId: number, balance: number | null): void {
    this.#cache.set(appId, balance);
  }

  /** Records a debit this process just wrote, in the transaction that wrote it. */
  debit(appId: number, micros: number): void {
    const cached = this.#cache.get(appId);
    if (typeof cached === 'number') this.#cache.set(appId, cached - micros);
  }

  /** Forgets an app's balance (a transaction that debited it failed): read again next time. */
  forget(appId: number): void {
    this.#cache.delete(appId);
  }
}
