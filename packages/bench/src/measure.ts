/**
 * Measuring helpers shared by the bench sections and `bench:compare`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
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
 * CPU time of the calling process's main thread in ns (Linux: `/proc/self/task/<pid>/schedstat`, ns
 * resolution), falling back to {@link cpuNs} elsewhere. Background threads (SQLite's checkpoint worker, the
 * collector's helpers) are left out: with two builds in one process, one build's background work would be
 * charged to whichever build is being timed.
 *
 * @example
 * ```ts
 * const start = mainThreadCpuNs(); work(); const ns = mainThreadCpuNs() - start;
 * ```
 */
export function mainThreadCpuNs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]);
  } catch {
    return cpuNs();
  }
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

/**
 * The B/A ratio of a two-build comparison from per-chunk ratios whose order alternated (A first, then B first,
 * ...): whichever build runs second on a chunk inherits the first one's cache state and garbage, so one chunk
 * reads r·w or r/w by its order; each pair of consecutive chunks gives r = √(r·w · r/w). Returns the median of
 * the pairs and their 10th and 90th percentiles.
 *
 * @example
 * ```ts
 * pairedRatio([0.9, 1.1, 0.92, 1.08]); // { ratio: ≈ 0.997, spread: [...] }
 * ```
 */
export function pairedRatio(ratios: readonly number[]): { ratio: number; spread: [number, number] } {
  const paired: number[] = [];
  for (let i = 0; i + 1 < ratios.length; i += 2) paired.push(Math.sqrt((ratios[i] as number) * (ratios[i + 1] as number)));
  const sorted = paired.slice().sort((x, y) => x - y);
  return {
    ratio: median(paired),
    spread: [sorted[Math.floor(sorted.length * 0.1)] as number, sorted[Math.floor(sorted.length * 0.9)] as number],
  };
}
