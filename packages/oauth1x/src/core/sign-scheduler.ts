/**
 * A bounded-concurrency scheduler for expensive signatures (RSA, RFC 5849 §3.4.3). Web Crypto runs RSA off the main thread,
 * but every `crypto.subtle.sign` call still costs synchronous work to dispatch; a burst of a thousand calls
 * fanned out at once stalls the event loop for ~100 ms. The scheduler keeps a few signatures in flight and
 * yields to the event loop between dispatches, so timers and I/O keep running during a burst. `signRequest`
 * runs its RSA signatures through the process-wide one by default, so users of the core alone get the same
 * protection as the signed fetch.
 *
 * @module
 */
import { parallelism } from '#crypto';

/** Runs tasks with bounded concurrency. */
export interface SignScheduler {
  /** Runs `task` when a slot is free; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks currently running. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

/** Options of {@link createSignScheduler}. */
export interface SignSchedulerOptions {
  /** Tasks in flight at once; default: one less than the CPU count, clamped to 1..8 (3 when unknown). */
  concurrency?: number | undefined;
}

type Yield = (fn: () => void) => void;

function pickYield(): Yield {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  // setImmediate (Node, Bun) runs after I/O and lets the timers phase in between; browsers have no
  // setImmediate, and a MessageChannel task avoids setTimeout's 4 ms clamp.
  if (typeof g.setImmediate === 'function') return (fn) => void g.setImmediate?.(fn);
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const queue: Array<() => void> = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (fn) => {
      queue.push(fn);
      channel.port2.postMessage(0);
    };
  }
  return (fn) => void setTimeout(fn, 0);
}

function defaultConcurrency(): number {
  // One thread stays free for the event loop: signatures in flight on every core (libuv runs Web Crypto jobs on
  // 4 threads) left the main thread waiting for a CPU, delays of 3–5 ms between ticks on a 2-core machine.
  const n = parallelism();
  return n === undefined ? 3 : Math.min(8, Math.max(1, n - 1));
}

/**
 * Creates a scheduler running at most `concurrency` tasks at once. A task never starts synchronously inside
 * `run()` or inside another task's completion: each start is its own macrotask, so a burst of `run()` calls
 * costs the caller almost nothing and the event loop keeps turning. A task must not wait for another task of the
 * same scheduler (it would wait for a slot it holds): give `signRequest` the scheduler instead of wrapping it.
 *
 * @example
 * ```ts
 * import { createSignScheduler, signRequest } from 'oauth1x';
 * const scheduler = createSignScheduler({ concurrency: 4 });
 * const signed = await Promise.all(urls.map((url) => signRequest({ method: 'GET', url, consumer, signatureMethod: 'RSA-SHA256', privateKey, scheduler })));
 * ```
 */
export function createSignScheduler(options: SignSchedulerOptions = {}): SignScheduler {
  const concurrency = options.concurrency ?? defaultConcurrency();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('concurrency must be a positive integer');
  const yieldNow = pickYield();
  const queue: Array<() => void> = [];
  let active = 0;
  let pumping = false;

  const pump = (): void => {
    pumping = false;
    // One start per macrotask: the dispatch cost of a signature never piles up in a single task.
    if (active >= concurrency) return;
    const start = queue.shift();
    if (start === undefined) return;
    active++;
    start();
    schedule();
  };
  const schedule = (): void => {
    if (pumping || queue.length === 0 || active >= concurrency) return;
    pumping = true;
    yieldNow(pump);
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          let result: Promise<T>;
          try {
            result = task();
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(resolve, reject).finally(() => {
            active--;
            schedule();
          });
        });
        schedule();
      });
    },
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
  };
}

let shared: SignScheduler | undefined;

/**
 * The process-wide scheduler `signRequest`, the client and the signed fetch use for RSA signatures unless given
 * their own.
 *
 * @example
 * ```ts
 * import { defaultSignScheduler } from 'oauth1x';
 * defaultSignScheduler().pending; // signatures waiting for a slot
 * ```
 */
export function defaultSignScheduler(): SignScheduler {
  shared ??= createSignScheduler();
  return shared;
}
