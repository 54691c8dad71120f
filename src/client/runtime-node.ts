/**
 * What the client needs to know about the runtime, Node.js version, selected through the `#runtime` import
 * condition `node` (Node 20 has no `navigator`).
 *
 * @module
 */
import { availableParallelism } from 'node:os';

/**
 * How many threads can run at once: `os.availableParallelism()`.
 *
 * @example
 * ```ts
 * parallelism(); // 2
 * ```
 */
export function parallelism(): number | undefined {
  return availableParallelism();
}
