/**
 * The credit balances billing checks before each pay-per-use call, from memory (`credit-balances.ts`): always the
 * database's value after this process's charges, another process's change seen within the recheck delay, a
 * failed charge forgotten; and the ledger reading the value an answer was made from instead of parsing it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import Database from 'better-sqlite3';
import { responseValueOf } from '../src/body-side-channel.js';
import { CreditBalances } from '../src/credit-balances.js';
import { openSandboxDatabase } from '../src/db.js';
import { createSandbox } from '../src/index.js';
import { RECHECK_MS } from '../src/other-commits.js';
import { resourceIds, X_PRICES } from '../src/prices.js';
import { jsonResponse } from '../src/x-errors.js';

const API = 'https://api.x.com';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox credit balances in memory', () => {
  it('equal the database after each charge, and follow another process’s change within the recheck delay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-credits-'));
    try {
      const sandbox = await createSandbox({ dataDir: dir, rateLimits: false });
      const other = new Database(join(dir, 'sandbox.db'));
      try {
        const app = sandbox.accounts.appByKey(sandbox.credentials.consumer_key)?.id as number;
        const stored = () => other.prepare('SELECT balance FROM x_credits WHERE app_id = ?').pluck().get(app) as number;
        const post = (status: string) =>
          call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, { token: demoToken(sandbox), body: { status } });
        sandbox.billing.setCredits(app, 100_000);
        for (let i = 0; i < 3; i++) assert.equal((await post(`paid ${i}`)).status, 200);
        assert.equal(sandbox.billing.balance(app), 100_000 - 3 * X_PRICES['Post: Create']);
        assert.equal(sandbox.billing.balance(app), stored());
        // `oauth1x sandbox app update --credits 0` from another process, beside the running server.
        other.prepare('UPDATE x_credits SET balance = 0 WHERE app_id = ?').run(app);
        await sleep(RECHECK_MS + 20);
        assert.equal((await post('after the other process')).status, 402);
        assert.equal(sandbox.billing.balance(app), 0);
        other.prepare('UPDATE x_credits SET balance = 20000 WHERE app_id = ?').run(app);
        await sleep(RECHECK_MS + 20);
        assert.equal((await post('topped up elsewhere')).status, 200);
        assert.equal(sandbox.billing.balance(app), stored());
      } finally {
        other.close();
        await sandbox.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a debit whose transaction failed is forgotten: the next read is the database’s', () => {
    const db = openSandboxDatabase(null);
    try {
      db.prepare('INSERT INTO x_credits (app_id, balance) VALUES (7, 500)').run();
      const balances = new CreditBalances(db);
      assert.equal(balances.get(7), 500);
      assert.equal(balances.get(8), null, 'no row: not limited');
      balances.debit(7, 120);
      assert.equal(balances.get(7), 380);
      balances.forget(7);
      assert.equal(balances.get(7), 500);
      balances.set(8, 50);
      balances.debit(8, 70);
      assert.equal(balances.get(8), -20, 'a charge may take it below zero, as on X');
    } finally {
      db.close();
    }
  });
});

describe('the ledger reads the value an answer was made from', () => {
  it('jsonResponse records its value; a member left undefined counts as absent, as in the JSON text', () => {
    const body = { data: [{ id: '1' }, { id: '2' }], errors: undefined };
    const response = jsonResponse(body);
    assert.equal(responseValueOf(response)?.value, body);
    assert.equal(responseValueOf(new Response('{"data":{"id":"3"}}')), undefined, 'any other answer is parsed');
    assert.deepEqual(resourceIds(body), ['1', '2']);
    assert.deepEqual(resourceIds({ data: undefined, statuses: [{ id_str: '4', id: 4 }] }), ['4']);
    assert.deepEqual(resourceIds(JSON.parse('{"statuses":[{"id_str":"4","id":4}]}')), ['4']);
  });
});
