/**
 * The sandbox's consumer and access-token lookups answer an unknown key from memory, as they answer a known
 * one, so a made-up key costs no SQLite read that a real one does not (a prober could otherwise tell by timing
 * which keys exist; the bench's credential-timing section measures the cost). These tests count SQLite reads,
 * never time; they also check the lookups stay exact: this process's writes at once, another process's
 * within the recheck delay.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AccessTokenRecord, ProviderStore } from 'oauth1x/provider';
import { createSqliteStore } from 'oauth1x/provider/sqlite';
import { AppIndex } from '../src/app-index.js';
import { Accounts } from '../src/apps-users.js';
import { openSandboxDatabase, type SandboxDatabase } from '../src/db.js';
import { SnowflakeIds } from '../src/ids.js';
import { RECHECK_MS } from '../src/other-commits.js';
import { cacheAccessTokens } from '../src/token-cache.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the reads (`get` / `all`) of statements whose SQL mentions `table`. */
function countReads(db: SandboxDatabase, table: string): { reads: number } {
  const counter = { reads: 0 };
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (!sql.includes(table)) return statement;
    return new Proxy(statement, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (name === 'get' || name === 'all') {
          return (...args: unknown[]) => {
            counter.reads++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }) as typeof db.prepare;
  return counter;
}

/** A store whose getAccessToken calls are counted. */
function counted(store: ProviderStore): { store: ProviderStore; calls: () => number } {
  let calls = 0;
  return {
    store: {
      ...store,
      async getAccessToken(token) {
        calls++;
        return store.getAccessToken(token);
      },
    },
    calls: () => calls,
  };
}

function accessToken(token = `1-${randomUUID()}`): AccessTokenRecord {
  return { token, secret: 's', consumerKey: 'app', userId: '1', createdAt: Date.now(), expiresAt: null, meta: {} };
}

describe('sandbox credential lookups', () => {
  it('an unknown consumer key is answered from the loaded apps: no SQLite read per made-up key', () => {
    const db = openSandboxDatabase(null);
    try {
      const accounts = new Accounts(db, new SnowflakeIds(() => Date.now()), () => Date.now());
      const reads = countReads(db, 'x_apps');
      const app = accounts.createApp({ name: 'Known' });
      assert.equal(accounts.appByKey(app.consumerKey)?.name, 'Known');
      const before = reads.reads;
      for (let i = 0; i < 50; i++) assert.equal(accounts.appByKey(`unknown-${randomUUID()}`), undefined);
      assert.equal(accounts.appByKey(app.consumerKey)?.name, 'Known');
      assert.equal(reads.reads, before);
      // This process's changes are seen at once.
      const second = accounts.createApp({ name: 'Second' });
      assert.equal(accounts.appByKey(second.consumerKey)?.name, 'Second');
      assert.equal(accounts.appById(second.id)?.consumerKey, second.consumerKey);
    } finally {
      db.close();
    }
  });

  it('the app index reloads the whole table once it is older than its age limit, or when cleared', async () => {
    let loads = 0;
    let apps = [{ id: 1, consumerKey: 'a' }];
    const index = new AppIndex(() => {
      loads++;
      return apps as never;
    }, 50);
    assert.equal(index.byKey('a')?.id, 1);
    assert.equal(index.byKey('b'), undefined);
    assert.equal(loads, 1);
    apps = [...apps, { id: 2, consumerKey: 'b' }];
    assert.equal(index.byKey('b'), undefined, 'not before the age limit');
    await sleep(60);
    assert.equal(index.byKey('b')?.id, 2);
    assert.equal(index.byId(2)?.consumerKey, 'b');
    assert.equal(loads, 2);
    index.clear();
    index.byKey('a');
    assert.equal(loads, 3);
  });

  it('an unknown access token is answered from memory: no SQLite read; saved and revoked tokens are exact at once', async () => {
    const db = openSandboxDatabase(null);
    const inner = counted(createSqliteStore({ database: db }));
    const store = cacheAccessTokens(inner.store, db);
    try {
      for (let i = 0; i < 50; i++) assert.equal(await store.getAccessToken(`1-${randomUUID()}`), null);
      assert.equal(inner.calls(), 0);
      const record = accessToken();
      await store.saveAccessToken(record);
      assert.equal((await store.getAccessToken(record.token))?.secret, 's');
      assert.equal((await store.getAccessToken(record.token))?.secret, 's');
      assert.equal(inner.calls(), 1, 'read once, then from memory');
      assert.equal(await store.revokeAccessToken(record.token), true);
      assert.equal(await store.getAccessToken(record.token), null);
      assert.equal(inner.calls(), 1);
    } finally {
      await store.close();
      db.close();
    }
  });

  it('a token another process saves or deletes is seen within the recheck delay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-lookups-'));
    const db = openSandboxDatabase(dir);
    const store = cacheAccessTokens(createSqliteStore({ database: db }), db);
    const other = new Database(join(dir, 'sandbox.db'));
    try {
      const otherStore = createSqliteStore({ database: other });
      const record = accessToken();
      await otherStore.saveAccessToken(record);
      await sleep(RECHECK_MS + 20);
      assert.equal((await store.getAccessToken(record.token))?.token, record.token);
      await otherStore.revokeAccessToken(record.token);
      await sleep(RECHECK_MS + 20);
      assert.equal(await store.getAccessToken(record.token), null);
    } finally {
      other.close();
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
