/**
 * Snowflake-style ids like X's: 41 bits of milliseconds since X's epoch, a 10-bit worker and a 12-bit sequence,
 * so ids sort by creation time and exceed 2^53 (clients must use `id_str`, exactly as with the real API). Each
 * generator of a process has its own worker number, so two sandboxes of one process (a test suite's) never hand
 * out the same id in the same millisecond.
 *
 * @module
 */

/**
 * X's snowflake epoch, 2010-11-04T01:42:54.657Z.
 *
 * @example
 * ```ts
 * const ms = (BigInt(id) >> 22n) + X_EPOCH_MS;
 * ```
 */
export const X_EPOCH_MS = 1288834974657n;

/** The worker number of the next generator (10 bits, from a random start: processes differ too). */
let nextWorker = Math.floor(Math.random() * 1024);

/**
 * Generates strictly increasing snowflake ids, never below `floor` (the highest id already stored), so ids
 * keep increasing across restarts even when the sandbox clock is shifted backwards.
 *
 * @example
 * ```ts
 * const ids = new SnowflakeIds(() => Date.now());
 * ids.next(); // 1850000000000000000n (for example)
 * ```
 */
export class SnowflakeIds {
  #last: bigint;
  readonly #now: () => number;
  readonly #worker: bigint;

  constructor(now: () => number, floor = 0n) {
    this.#now = now;
    this.#last = floor;
    this.#worker = BigInt(nextWorker) << 12n;
    nextWorker = (nextWorker + 1) & 1023;
  }

  /** Raises the floor (ids already taken). */
  observe(id: bigint): void {
    if (id > this.#last) this.#last = id;
  }

  /** The next id. */
  next(): bigint {
    const ms = BigInt(Math.max(0, Math.floor(this.#now()))) - X_EPOCH_MS;
    let id = ((ms > 0n ? ms : 0n) << 22n) | this.#worker;
    if (id <= this.#last) id = this.#last + 1n;
    this.#last = id;
    return id;
  }
}

/**
 * Parses a decimal id (`id_str`) into a bigint, or `null` when it is not a positive 63-bit integer.
 *
 * @example
 * ```ts
 * parseId('1850000000000000000'); // 1850000000000000000n
 * parseId('abc'); // null
 * ```
 */
export function parseId(value: string | null | undefined): bigint | null {
  if (typeof value !== 'string' || !/^[0-9]{1,19}$/.test(value)) return null;
  const id = BigInt(value);
  return id > 0n && id < 2n ** 63n ? id : null;
}
