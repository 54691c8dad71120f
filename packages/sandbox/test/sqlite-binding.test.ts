import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBetterSqlite3, SQLITE_FIX, SqliteUnavailableError } from '../src/sqlite-binding.js';

function failingClass(error: Error): unknown {
  return class {
    constructor() {
      throw error;
    }
  };
}

function expectReason(reason: SqliteUnavailableError['reason'], what: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof SqliteUnavailableError, String(error));
    assert.equal(error.code, 'ERR_SANDBOX_SQLITE');
    assert.equal(error.reason, reason);
    assert.match(error.message, what);
    assert.ok(error.message.endsWith(SQLITE_FIX), error.message);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.match(error.message, /C\/C\+\+ toolchain .* npm rebuild better-sqlite3/);
    return true;
  };
}

describe('better-sqlite3 for the sandbox', () => {
  it('not installed', () => {
    const missing = Object.assign(new Error("Cannot find module 'better-sqlite3'\nRequire stack:\n- /x"), { code: 'MODULE_NOT_FOUND' });
    assert.throws(
      () =>
        loadBetterSqlite3(() => {
          throw missing;
        }),
      expectReason('missing', /^the sandbox needs better-sqlite3 \(SQLite\), but it is not installed: /),
    );
  });

  it('installed with its install script blocked: no binding', () => {
    const load = () => failingClass(new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node'));
    assert.throws(() => loadBetterSqlite3(load), expectReason('unbuilt', /its native binding was never built/));
  });

  it('a binding for another Node version', () => {
    const abi = Object.assign(
      new Error("The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 127."),
      {
        code: 'ERR_DLOPEN_FAILED',
      },
    );
    assert.throws(
      () => loadBetterSqlite3(() => failingClass(abi)),
      expectReason('node-abi', new RegExp(`built for another Node version \\(this is Node ${process.versions.node.replace(/\./g, '\\.')}`)),
    );
  });

  it('any other failure keeps its first line', () => {
    assert.throws(
      () => loadBetterSqlite3(() => failingClass(new Error('libc.so.6: version GLIBC_2.38 not found\nmore'))),
      expectReason('load-failed', /it does not load \(libc\.so\.6: version GLIBC_2\.38 not found\)/),
    );
  });

  it('the installed one loads and opens a database', () => {
    const Database = loadBetterSqlite3();
    const db = new Database(':memory:');
    assert.equal((db.prepare('SELECT 1 + 1 AS two').get() as { two: number }).two, 2);
    db.close();
    assert.equal(loadBetterSqlite3(), Database);
  });
});
