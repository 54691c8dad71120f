import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { BLOCK_MODULES } from '@oauth1x/test-kit/block-modules.js';
import { OAuthError } from '../../src/core/errors.js';
import { requirePeer } from '../../src/provider/stores/optional-peer.js';

function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/x.js`), { code: 'MODULE_NOT_FOUND' });
}

/** Runs `script` (ESM) in a child Node with `name` blocked as missing; resolves to its stdout/stderr. */
function runBlocked(name: string, script: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', BLOCK_MODULES, '--input-type=module', '-e', script],
      { env: { ...process.env, OAUTH1X_TEST_BLOCK: `${name}:missing` }, timeout: 30_000 },
      (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe('optional peer dependencies', () => {
  it('a missing peer is ERR_MISSING_PEER naming the entry, the package and the install command', () => {
    assert.throws(
      () =>
        requirePeer('better-sqlite3', 'oauth1x/provider/sqlite', (name) => {
          throw notFound(name);
        }),
      (error: unknown) =>
        error instanceof OAuthError &&
        error.code === 'ERR_MISSING_PEER' &&
        error.message ===
          'oauth1x/provider/sqlite needs the package better-sqlite3, an optional peer dependency that is not installed: run npm install better-sqlite3',
    );
  });

  it('another module missing inside the peer, or any other load error, is rethrown as it is', () => {
    const inner = notFound('bindings');
    assert.throws(
      () =>
        requirePeer('better-sqlite3', 'oauth1x/provider/sqlite', () => {
          throw inner;
        }),
      (error: unknown) => error === inner,
    );
    const broken = new SyntaxError('Unexpected token');
    assert.throws(
      () =>
        requirePeer('ioredis', 'oauth1x/provider/redis', () => {
          throw broken;
        }),
      (error: unknown) => error === broken,
    );
  });

  it('an installed peer is returned', () => {
    const module = { Redis: class {} };
    assert.equal(
      requirePeer('ioredis', 'oauth1x/provider/redis', () => module),
      module,
    );
  });

  it('oauth1x/provider/sqlite imports without better-sqlite3; createSqliteStore says what to install', async () => {
    const entry = import.meta.resolve('oauth1x/provider/sqlite');
    const { code, out, err } = await runBlocked(
      'better-sqlite3',
      `const { createSqliteStore } = await import(${JSON.stringify(entry)});
       try { createSqliteStore(); console.log('created'); } catch (e) { console.log(e.code + ' ' + e.message); }`,
    );
    assert.equal(code, 0, err);
    assert.equal(
      out.trim(),
      'ERR_MISSING_PEER oauth1x/provider/sqlite needs the package better-sqlite3, an optional peer dependency that is not installed: run npm install better-sqlite3',
    );
  });

  it('oauth1x/provider/redis imports without ioredis; createRedisStore says what to install', async () => {
    const entry = import.meta.resolve('oauth1x/provider/redis');
    const { code, out, err } = await runBlocked(
      'ioredis',
      `const { createRedisStore } = await import(${JSON.stringify(entry)});
       try { createRedisStore(); console.log('created'); } catch (e) { console.log(e.code + ' ' + e.message); }`,
    );
    assert.equal(code, 0, err);
    assert.equal(
      out.trim(),
      'ERR_MISSING_PEER oauth1x/provider/redis needs the package ioredis, an optional peer dependency that is not installed: run npm install ioredis',
    );
  });
});
