/**
 * Server processes started by the load and fault tests end with their parent: when the test process dies
 * (killed by a timeout, a crash) the server must not live on as an orphan holding a port and a data dir.
 *
 * @module
 */

/**
 * Exits this process once its parent is gone (`process.ppid` is fixed at start on Node 20, so the parent is
 * probed with signal 0, which throws `ESRCH` when the process no longer exists).
 *
 * @example
 * ```ts
 * exitWithParent();
 * ```
 */
export function exitWithParent(intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') process.exit(0);
    }
  }, intervalMs);
  timer.unref();
}
