/**
 * The published entry of `@oauth1x/sandbox` is `dist/bundle/index.js` (`scripts/bundle.js`, issue 19:
 * Node 20 pays ≈ 0.5 ms per ES module it loads). The rest of this suite tests `dist/src` module by module; these
 * tests hold the bundle to it: the same exports; inside, the sandbox's modules plus the two packages it copies in
 * (hono's router, and oauth1x with its Node crypto), every other package an import; and the checkpoint worker
 * found beside it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as bundle from '@oauth1x/sandbox';
import { bundleOrigins } from '@oauth1x/test-kit/bundle-origins.js';
import Database from 'better-sqlite3';
import * as source from '../src/index.js';

const entry = fileURLToPath(import.meta.resolve('@oauth1x/sandbox'));

describe('the @oauth1x/sandbox bundle', () => {
  it('is what the package exports, and exports what src/index.ts does', () => {
    assert.match(entry.replaceAll('\\', '/'), /packages\/sandbox\/dist\/bundle\/index\.js$/);
    assert.deepEqual(Object.keys(bundle).sort(), Object.keys(source).sort());
    for (const name of Object.keys(source)) {
      assert.equal(typeof (bundle as Record<string, unknown>)[name], typeof (source as Record<string, unknown>)[name], name);
    }
  });

  it('holds the sandbox’s own modules, hono’s router and oauth1x: every other package stays an import', () => {
    const text = readFileSync(entry, 'utf8');
    const origins = bundleOrigins(text);
    assert.ok(origins.length > 50, `esbuild names each bundled module (${origins.length} found)`);
    const inlined = ['packages/sandbox/dist/src/', 'node_modules/hono/', 'packages/oauth1x/dist/src/'];
    assert.deepEqual(
      origins.filter((origin) => !inlined.some((prefix) => origin.startsWith(prefix))),
      [],
    );
    assert.ok(origins.includes('node_modules/hono/dist/router/trie-router/router.js'), 'hono is copied in');
    assert.ok(origins.includes('packages/oauth1x/dist/src/provider/verify-request.js'), 'oauth1x is copied in, from its modules');
    // #crypto resolved for Node, where the sandbox runs.
    assert.ok(origins.includes('packages/oauth1x/dist/src/core/crypto-node.js'));
    assert.doesNotMatch(text, /from "(hono|oauth1x|#crypto)[/"]/);
  });

  it('finds its checkpoint worker beside it, which starts and stops on a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-bundle-'));
    try {
      const filename = join(dir, 'sandbox.db');
      const db = new Database(filename);
      db.pragma('journal_mode = WAL');
      const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.resolve('@oauth1x/sandbox')), {
        workerData: { filename, intervalMs: 50 },
      });
      const next = () =>
        new Promise<unknown>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
      assert.equal(await next(), 'ready');
      const stopped = next();
      worker.postMessage('stop');
      assert.equal(await stopped, 'stopped');
      await worker.terminate();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
