/**
 * What the client needs to know about the runtime, Web version (browsers, Deno, Bun, workers), selected
 * through the `#runtime` import condition `default`.
 *
 * @module
 */

/**
 * How many threads can run at once: `navigator.hardwareConcurrency`, or `undefined` when the runtime does not
 * say.
 *
 * @example
 * ```ts
 * parallelism(); // 8
 * ```
 */
export function parallelism(): number | undefined {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n > 0 ? n : undefined;
}
