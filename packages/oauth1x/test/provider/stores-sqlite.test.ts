import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/provider/stores/sqlite-store.js';
import { throttleHoldsAcross } from './login-throttle-shared.js';
import { requestToken, storeContract } from './stores-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth1x-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite', (options) => createSqliteStore({ ...options, filename: join(dir, `store-${n++}.db`) }));

test('sqlite: WAL journal; data survives reopening; two handles share one file', async () => {
  const filename = join(dir, 'shared.db');
  const a = createSqliteStore({ filename });
  const b = createSqliteStore({ filename });
  const record = requestToken();
  await a.saveRequestToken(record);
  await a.authorizeRequestToken(record.token, 'u', 'v', Date.now());
  const results = await Promise.all([a.consumeRequestToken(record.token, Date.now()), b.consumeRequestToken(record.token, Date.now())]);
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.equal(await a.claim('k', Date.now() + 60_000), true);
  assert.equal(await b.claim('k', Date.now() + 60_000), false);
  await a.close();
  await b.close();
  const db = new Database(filename);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
  const c = createSqliteStore({ filename, synchronous: 'NORMAL' });
  assert.equal((await c.getRequestToken(record.token))?.state, 'used');
  assert.equal(await c.claim('k', Date.now() + 60_000), false);
  await c.close();
});

test('sqlite: an expired nonce row is reclaimed without waiting for cleanup; cleanup counts removed rows', async () => {
  const store = createSqliteStore({ cleanupIntervalMs: 0, retentionMs: 0 });
  assert.equal(await store.claim('old', Date.now() - 1), true);
  assert.equal(await store.claim('old', Date.now() + 60_000), true);
  assert.equal(await store.claim('old', Date.now() + 60_000), false);
  await store.claim('gone', Date.now() + 10);
  await store.saveRequestToken(requestToken({ expiresAt: Date.now() + 10 }));
  assert.equal(await store.cleanup(Date.now() + 1000), 2);
  await store.close();
});

test('sqlite: an existing database handle is used and left open; bad table prefixes are refused', async () => {
  const db = new Database(':memory:');
  const store = createSqliteStore({ database: db, tablePrefix: 'p_' });
  await store.claim('x', Date.now() + 1000);
  await store.close();
  assert.equal((db.prepare('SELECT count(*) AS n FROM p_nonces').get() as { n: number }).n, 1);
  db.close();
  assert.throws(() => createSqliteStore({ tablePrefix: 'x; DROP TABLE y' }), TypeError);
});

test('sqlite: the login throttle holds with attempts split between two handles of one file', async () => {
  const filename = join(dir, 'throttle.db');
  const a = createSqliteStore({ filename });
  const b = createSqliteStore({ filename });
  try {
    await throttleHoldsAcross(a, b);
  } finally {
    await a.close();
    await b.close();
  }
});
