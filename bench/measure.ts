/**
 * Measuring helpers shared by the bench sections and `bench:compare`.
 *
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Process CPU time in ns (user + system, all threads): the work done, not the time spent waiting for a CPU.
 *
 * @example
 * ```ts
 * const start = cpuNs(); work(); const ns = cpuNs() - start;
 * ```
 */
export function cpuNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

/**
 * A full collection (the `gc` function V8 exposes on request; a no-op where it cannot be had).
 *
 * @example
 * ```ts
 * collectGarbage();
 * ```
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => {};
})();

/**
 * The median (the upper one of an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
