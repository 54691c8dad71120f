/**
 * The `--data` option of `oauth1x sandbox` and `oauth1x demo`: the sandbox's data directory.
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { UsageError } from './args.js';

/**
 * `--data`: a directory, or a path where one can be created; a {@link UsageError} for an existing file.
 *
 * @example
 * ```ts
 * dataOption('/etc/passwd'); // throws: --data /etc/passwd is not a directory
 * ```
 */
export function dataOption(value: string | undefined): void {
  if (value !== undefined && existsSync(value) && !statSync(value).isDirectory()) {
    throw new UsageError(`--data ${value} is not a directory`);
  }
}
