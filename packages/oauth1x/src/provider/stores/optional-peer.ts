/**
 * Loading an optional peer dependency (better-sqlite3, ioredis) when a store factory first needs it, so that
 * importing `oauth1x/provider/sqlite` or `oauth1x/provider/redis` never fails, and a missing peer is one clear
 * error naming the package and the command that installs it. Node only.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { OAuthError } from '../../core/errors.js';

const nodeRequire = createRequire(import.meta.url);

/** Whether `error` is Node's "cannot find module `name`" (CommonJS or ESM resolution). */
function isMissing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes(`'${name}'`);
}

/**
 * Loads the peer dependency `name` for the entry `entry`; when it is not installed, throws an `OAuthError`
 * with code `ERR_MISSING_PEER` whose message names both and the install command. Other load errors are
 * rethrown as they are. `load` is for tests (default: Node's `require` from this package).
 *
 * @example
 * ```ts
 * const Database = requirePeer<typeof import('better-sqlite3')>('better-sqlite3', 'oauth1x/provider/sqlite');
 * ```
 */
export function requirePeer<T>(name: string, entry: string, load: (name: string) => unknown = nodeRequire): T {
  try {
    return load(name) as T;
  } catch (cause) {
    if (!isMissing(cause, name)) throw cause;
    throw new OAuthError(
      'ERR_MISSING_PEER',
      `${entry} needs the package ${name}, an optional peer dependency that is not installed: run npm install ${name}`,
      { cause },
    );
  }
}
