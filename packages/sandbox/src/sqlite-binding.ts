/**
 * Loading better-sqlite3 for the sandbox, which keeps its data in SQLite. better-sqlite3 is a native module and
 * an optional dependency of `@oauth1x/sandbox`: it may be absent (an install that skipped it), installed with its
 * install script blocked (no `.node` binding built or downloaded), or built for another Node version. Each case
 * is one {@link SqliteUnavailableError} saying what is missing and the two ways out, instead of a stack trace.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const nodeRequire = createRequire(import.meta.url);

/** What to do about it, for every case. */
export const SQLITE_FIX =
  'either install a C/C++ toolchain (Debian/Ubuntu: apt-get install build-essential python3; macOS: xcode-select --install) ' +
  'and run npm rebuild better-sqlite3, or run npm rebuild better-sqlite3 with install scripts allowed on a Node version ' +
  'and platform for which better-sqlite3 publishes a prebuilt binary (it downloads one)';

/**
 * The sandbox cannot use better-sqlite3. Code `ERR_SANDBOX_SQLITE`; `reason` is `missing`, `unbuilt`,
 * `node-abi` or `load-failed`; the message is one line.
 *
 * @example
 * ```ts
 * import { createSandbox, SqliteUnavailableError } from '@oauth1x/sandbox';
 * try {
 *   await createSandbox({ memory: true });
 * } catch (error) {
 *   if (error instanceof SqliteUnavailableError) console.error(error.message);
 * }
 * ```
 */
export class SqliteUnavailableError extends Error {
  readonly code = 'ERR_SANDBOX_SQLITE';
  readonly reason: 'missing' | 'unbuilt' | 'node-abi' | 'load-failed';

  constructor(reason: SqliteUnavailableError['reason'], what: string, cause: unknown) {
    super(`the sandbox needs better-sqlite3 (SQLite), but ${what}: ${SQLITE_FIX}`, { cause });
    this.name = 'SqliteUnavailableError';
    this.reason = reason;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Which of the known failures `error` (from requiring or opening better-sqlite3) is. */
function classify(error: unknown, stage: 'require' | 'open'): SqliteUnavailableError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (stage === 'require' && (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes("'better-sqlite3'")) {
    return new SqliteUnavailableError('missing', 'it is not installed', error);
  }
  if (/Could not locate the bindings file/.test(message)) {
    return new SqliteUnavailableError(
      'unbuilt',
      'its native binding was never built (installed with install scripts blocked, or its build failed)',
      error,
    );
  }
  if (/NODE_MODULE_VERSION/.test(message)) {
    return new SqliteUnavailableError(
      'node-abi',
      `its native binding was built for another Node version (this is Node ${process.versions.node}, NODE_MODULE_VERSION ${process.versions.modules})`,
      error,
    );
  }
  return new SqliteUnavailableError('load-failed', `it does not load (${firstLine(error)})`, error);
}

let loaded: typeof BetterSqlite3 | undefined;

/**
 * better-sqlite3's `Database` class, checked to open an in-memory database (which loads the native binding);
 * throws {@link SqliteUnavailableError} when it cannot. `load` is for tests (default: Node's `require`; a
 * custom `load` is not cached).
 *
 * @example
 * ```ts
 * const Database = loadBetterSqlite3();
 * const db = new Database(':memory:');
 * ```
 */
export function loadBetterSqlite3(load?: (name: string) => unknown): typeof BetterSqlite3 {
  if (load === undefined && loaded !== undefined) return loaded;
  let Database: typeof BetterSqlite3;
  try {
    Database = (load ?? nodeRequire)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw classify(error, 'require');
  }
  try {
    new Database(':memory:').close();
  } catch (error) {
    throw classify(error, 'open');
  }
  if (load === undefined) loaded = Database;
  return Database;
}
