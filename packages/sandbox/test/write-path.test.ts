/**
 * The sandbox's request-path writes: nonces decided in memory and journaled before the answer (a replay after
 * a restart is refused), identical tweets posted at once (exactly one stored), one commit for many concurrent
 * tweets, and the in-memory access-token cache (revocations in this process and in another one).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import Database from 'better-sqlite3';
import { signRequest } from 'oauth1x';
import { GroupCommit } from 'oauth1x/provider/sqlite';
import { openSandboxDatabase } from '../src/db.js';
import { createSandbox, type Sandbox } from '../src/index.js';
import { createSandboxNonces } from '../src/nonces.js';
import { RECHECK_MS } from '../src/other-commits.js';

const API = 'https://api.x.com';

async function withDataDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth1x-write-path-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One signed tweet POST as a Request that can be sent again (the same nonce). */
async function signedTweet(sandbox: Sandbox, status: string): Promise<() => Request> {
  const c = sandbox.credentials;
  const signed = await signRequest({
    method: 'POST',
    url: `${API}/1.1/statuses/update.json`,
    body: { status },
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    token: demoToken(sandbox),
  });
  return () =>
    new Request(signed.url, {
      method: 'POST',
      headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
      body: signed.body as string,
    });
}

describe('sandbox write path', { timeout: 60_000 }, () => {
  it('a request replayed after a restart of the sandbox is refused (nonce_used), its nonce was on disk', async () => {
    await withDataDir(async (dir) => {
      const first = await createSandbox({ dataDir: dir, rateLimits: false });
      const request = await signedTweet(first, 'replayed after restart');
      assert.equal((await first.fetch(request())).status, 200);
      const replay = await first.fetch(request());
      assert.equal(replay.status, 401);
      await first.close();
      const second = await createSandbox({ dataDir: dir, rateLimits: false });
      try {
        const again = await second.fetch(request());
        assert.equal(again.status, 401);
        assert.match(await again.text(), /"code":32|nonce/i);
        assert.equal(
          (await call(second, 'POST', `${API}/1.1/statuses/update.json`, { body: { status: 'fresh' }, token: demoToken(second) })).status,
          200,
        );
      } finally {
        await second.close();
      }
    });
  });

  it('of 20 identical tweets posted at once exactly one is stored; the rest get code 187', async () => {
    const sandbox = await createSandbox({ memory: true, rateLimits: false });
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, { body: { status: 'same text at once' }, token: demoToken(sandbox) }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, ...Array(19).fill(403)]);
      const bodies = await Promise.all(responses.filter((r) => r.status === 403).map((r) => r.text()));
      assert.ok(bodies.every((b) => b.includes('"code":187')));
      const timeline = await call(sandbox, 'GET', `${API}/1.1/statuses/user_timeline.json?count=200`, { token: demoToken(sandbox) });
      const stored = ((await timeline.json()) as Array<{ text: string }>).filter((t) => t.text === 'same text at once');
      assert.equal(stored.length, 1);
    } finally {
      await sandbox.close();
    }
  });

  it('concurrent tweets are committed together and each answer comes after its commit', async () => {
    await withDataDir(async (dir) => {
      const sandbox = await createSandbox({ dataDir: dir, rateLimits: false });
      try {
        const requests = await Promise.all(Array.from({ length: 30 }, (_, i) => signedTweet(sandbox, `batch ${i}`)));
        const db = new Database(join(dir, 'sandbox.db'), { readonly: true });
        const count = db.prepare("SELECT COUNT(*) FROM x_tweets WHERE text LIKE 'batch %'").pluck();
        const answers = await Promise.all(
          requests.map(async (request) => {
            const response = await sandbox.fetch(request());
            // Another connection sees the tweet as soon as its answer exists: it was committed.
            const id = ((await response.json()) as { id_str: string }).id_str;
            return { status: response.status, visible: db.prepare('SELECT 1 FROM x_tweets WHERE id = ?').get(BigInt(id)) !== undefined };
          }),
        );
        assert.ok(answers.every((a) => a.status === 200 && a.visible));
        assert.equal(count.get(), 30);
        const nonces = db.prepare('SELECT COUNT(*) FROM x_nonces').pluck().get() as number;
        assert.ok(nonces >= 30, `${nonces} nonces journaled`);
        db.close();
      } finally {
        await sandbox.close();
      }
    });
  });

  it('a token revoked through invalidate_token stops working at once; one deleted by another process within the recheck delay', async () => {
    await withDataDir(async (dir) => {
      const sandbox = await createSandbox({ dataDir: dir, rateLimits: false });
      try {
        const me = () => call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: demoToken(sandbox) });
        assert.equal((await me()).status, 200); // now cached
        const other = new Database(join(dir, 'sandbox.db'));
        other.prepare('DELETE FROM oauth_access_tokens WHERE token = ?').run(sandbox.credentials.access_token);
        other.close();
        await new Promise((resolve) => setTimeout(resolve, RECHECK_MS + 20));
        assert.equal((await me()).status, 401, 'the other process’s delete is noticed');
      } finally {
        await sandbox.close();
      }
    });
    const sandbox = await createSandbox({ memory: true, rateLimits: false });
    try {
      const token = demoToken(sandbox);
      const me = () => call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token });
      assert.equal((await me()).status, 200);
      const invalidate = await call(sandbox, 'POST', `${API}/1.1/oauth/invalidate_token`, { token });
      assert.equal(invalidate.status, 200, await invalidate.clone().text());
      assert.equal((await me()).status, 401);
    } finally {
      await sandbox.close();
    }
  });

  it('the nonce journal: read back at start, swept from the oldest end once expired, never a valid nonce early', async () => {
    const db = openSandboxDatabase(null);
    const writes = new GroupCommit(db);
    let clock = 1_000_000;
    const now = () => clock;
    const nonces = createSandboxNonces(db, writes, now);
    const rows = () =>
      db
        .prepare('SELECT key FROM x_nonces ORDER BY id')
        .all()
        .map((r) => (r as { key: string }).key);
    assert.equal(await nonces.claim('a', clock + 100), true);
    assert.equal(await nonces.claim('b', clock + 500), true); // a later expiry first...
    assert.equal(await nonces.claim('c', clock + 200), true); // ...then an earlier one
    assert.equal(await nonces.claim('a', clock + 100), false);
    assert.deepEqual(rows(), ['a', 'b', 'c']);
    // A second store on the same database (a restart) refuses what the journal holds.
    const restarted = createSandboxNonces(db, writes, now);
    assert.equal(await restarted.claim('b', clock + 500), false);
    clock += 300; // a and c expired, b valid
    assert.equal(nonces.sweep(), 1);
    assert.deepEqual(rows(), ['b', 'c'], 'c waits behind the still valid b');
    assert.equal(await nonces.claim('a', clock + 100), true, 'an expired nonce may be used again');
    clock += 1000;
    nonces.sweep();
    assert.deepEqual(rows(), []);
    nonces.close();
    restarted.close();
    db.close();
  });

  it('one serving sandbox per data dir: a second is refused while the first lives, a dead holder is taken over', async () => {
    await withDataDir(async (dir) => {
      const first = await createSandbox({ dataDir: dir, rateLimits: false });
      const second = await createSandbox({ dataDir: dir, rateLimits: false }); // opening is fine (admin commands)
      try {
        const running = await first.listen({ port: 0, httpsPort: false });
        await assert.rejects(second.listen({ port: 0, httpsPort: false }), /already served by another sandbox in this process/);
        await running.close();
        await first.close(); // releases the lock
        const again = await second.listen({ port: 0, httpsPort: false });
        await again.close();
      } finally {
        await first.close();
        await second.close();
      }
      // A lock left by a process that no longer exists (kill -9) is taken over.
      writeFileSync(join(dir, 'server.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, instance: 'gone' }));
      const third = await createSandbox({ dataDir: dir, rateLimits: false });
      try {
        const running = await third.listen({ port: 0, httpsPort: false });
        await running.close();
      } finally {
        await third.close();
      }
      assert.equal(existsSync(join(dir, 'server.lock')), false, 'released on close');
    });
  });

  it('the checkpoint worker copies the WAL into the database file in the background', async () => {
    await withDataDir(async (dir) => {
      const sandbox = await createSandbox({ dataDir: dir, rateLimits: false });
      try {
        const file = join(dir, 'sandbox.db');
        await new Promise((resolve) => setTimeout(resolve, 400)); // the worker is up and has copied the seed data
        const before = statSync(file).size;
        // ~200 tweets: a few hundred WAL pages, below SQLite's own 1,000-page checkpoint threshold.
        for (let i = 0; i < 200; i++) {
          const response = await call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, {
            body: { status: `checkpointed ${i} ${'x'.repeat(200)}` },
            token: demoToken(sandbox),
          });
          assert.equal(response.status, 200);
        }
        const deadline = Date.now() + 5000;
        while (statSync(file).size <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        assert.ok(statSync(file).size > before, `the database file grew from ${before} bytes: the WAL was checkpointed`);
      } finally {
        await sandbox.close();
      }
    });
  });
});
