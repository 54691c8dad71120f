/**
 * A bound on concurrent password checks. Each scrypt check takes tens of milliseconds and 16 MiB on libuv's
 * thread pool (four threads by default, shared with file and DNS work); without a bound, a burst of sign-ins
 * queues without limit there and everything else waits behind it. The gate runs at most `maxActive` checks
 * at once and lets at most `maxQueued` wait; beyond that it refuses at once with {@link PasswordCheckBusy}
 * (answered 503 with `Retry-After`). One gate serves the whole process, as the thread pool does.
 *
 * @module
 */
import { availableParallelism } from 'node:os';

/**
 * Thrown when the gate's queue is full: the caller answers 503 (or 429) with `Retry-After: retryAfterSeconds`.
 *
 * @example
 * ```ts
 * try {
 *   await passwordChecks.run(() => verifyPassword(password, hash));
 * } catch (error) {
 *   if (error instanceof PasswordCheckBusy) return busy(error.retryAfterSeconds);
 *   throw error;
 * }
 * ```
 */
export class PasswordCheckBusy extends Error {
  readonly retryAfterSeconds = 1;
  constructor() {
    super('Too many password checks at once; retry shortly');
    this.name = 'PasswordCheckBusy';
  }
}

/** What a gate has done: checks started, the most running at once, checks refused. */
export interface PasswordGateStats {
  started: number;
  peak: number;
  refused: number;
}

/**
 * A semaphore with a bounded queue.
 *
 * @example
 * ```ts
 * const gate = new PasswordGate(2, 8);
 * const ok = await gate.run(() => verifyPassword(password, hash));
 * ```
 */
export class PasswordGate {
  readonly stats: PasswordGateStats = { started: 0, peak: 0, refused: 0 };
  #active = 0;
  readonly #queue: Array<() => void> = [];

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
  ) {}

  /** Checks running now. */
  get active(): number {
    return this.#active;
  }

  /** Runs `task` when a place is free; rejects with {@link PasswordCheckBusy} when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.maxActive) this.#active++;
    else if (this.#queue.length >= this.maxQueued) {
      this.stats.refused++;
      throw new PasswordCheckBusy();
    } else {
      // The finishing check hands its place over: #active stays as it is.
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
    this.stats.started++;
    this.stats.peak = Math.max(this.stats.peak, this.#active);
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next !== undefined) next();
      else this.#active--;
    }
  }
}

/**
 * The process's gate for sandbox password checks: as many at once as there are cores (at most 4, the thread
 * pool's default size), 32 waiting.
 *
 * @example
 * ```ts
 * const ok = await passwordChecks.run(() => verifyPassword(password, hash));
 * ```
 */
export const passwordChecks = new PasswordGate(Math.max(1, Math.min(4, availableParallelism())), 32);
