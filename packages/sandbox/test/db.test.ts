/**
 * The sandbox database's schema: what the hot path's queries rely on (the duplicate check reads one covering
 * index, no table row per tweet), and data dirs made by older versions opened with the current schema.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openSandboxDatabase } from '../src/db.js';
import { SnowflakeIds } from '../src/ids.js';
import { Tweets } from '../src/tweets.js';

const DUPLICATE_CHECK = 'SELECT 1 FROM (SELECT text FROM x_tweets WHERE user_id = ? ORDER BY id DESC LIMIT 20) WHERE text = ?';

function indexesOf(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'x_tweets' AND sql IS NOT NULL").all() as Array<{
      name: string;
    }>
  )
    .map((r) => r.name)
    .sort();
}

describe('sandbox database', () => {
  it('sandbox.db and its -wal and -shm are owner-only (they hold consumer and token secrets); older files are tightened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-db-mode-'));
    try {
      const mode = (name: string) => statSync(join(dir, name)).mode & 0o777;
      const db = openSandboxDatabase(dir);
      db.prepare("INSERT INTO sandbox_meta (key, value) VALUES ('k', 'v')").run();
      for (const name of ['sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm']) assert.equal(mode(name), 0o600, name);
      db.close();
      chmodSync(join(dir, 'sandbox.db'), 0o644);
      writeFileSync(join(dir, 'sandbox.db-wal'), '', { mode: 0o644 });
      openSandboxDatabase(dir).close();
      assert.equal(mode('sandbox.db'), 0o600);
      // A file where the data dir should be is named in the error.
      assert.throws(() => openSandboxDatabase(join(dir, 'sandbox.db')), /sandbox\.db is not a directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the duplicate check reads only the (user_id, id, text) index: no table row per tweet', () => {
    const db = openSandboxDatabase(null);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${DUPLICATE_CHECK}`).all(1n, 'x') as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');
    assert.match(plan, /USING COVERING INDEX x_tweets_user_text/, plan);
    db.close();
  });

  it("a duplicate is one of the user's last 20 texts: the 21st back may be posted again, another user's never counts", () => {
    const db = openSandboxDatabase(null);
    let clock = 1_700_000_000_000;
    const tweets = new Tweets(
      db,
      new SnowflakeIds(() => clock++),
      () => clock,
      () => undefined,
    );
    for (let i = 0; i < 21; i++) tweets.create({ userId: '1', text: `text ${i}` });
    tweets.create({ userId: '2', text: 'shared' });
    assert.equal(tweets.isDuplicate('1', 'text 20'), true);
    assert.equal(tweets.isDuplicate('1', 'text 1'), true, 'the 20th back');
    assert.equal(tweets.isDuplicate('1', 'text 0'), false, 'the 21st back');
    assert.equal(tweets.isDuplicate('1', 'shared'), false);
    assert.equal(tweets.isDuplicate('2', 'shared'), true);
    assert.equal(tweets.isDuplicate('1', 'Text 20'), false, 'exact text only');
    db.close();
  });

  it('a data dir from before the covering index is opened with it, its old index gone and its tweets kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-db-'));
    try {
      const first = openSandboxDatabase(dir);
      first.exec('DROP INDEX x_tweets_user_text; CREATE INDEX x_tweets_user ON x_tweets (user_id, id);');
      first.prepare("INSERT INTO x_tweets (id, user_id, text, created_at) VALUES (1, 7, 'old', 0)").run();
      first.close();
      const before = new Database(join(dir, 'sandbox.db'));
      assert.deepEqual(indexesOf(before), ['x_tweets_quote', 'x_tweets_reply', 'x_tweets_user']);
      before.close();
      const reopened = openSandboxDatabase(dir);
      assert.deepEqual(indexesOf(reopened), ['x_tweets_quote', 'x_tweets_reply', 'x_tweets_user_text']);
      assert.equal(reopened.prepare(DUPLICATE_CHECK).get(7n, 'old') !== undefined, true);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a data dir from before plans gets the plan column; its apps are pay-per-use, kept, with no balance', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-db-plan-'));
    try {
      const first = openSandboxDatabase(dir);
      first.exec('ALTER TABLE x_apps DROP COLUMN plan');
      first
        .prepare(
          "INSERT INTO x_apps (name, consumer_key, consumer_secret, signature_methods, created_at) VALUES ('old', 'ck', 'cs', 'HMAC-SHA1', 0)",
        )
        .run();
      first.close();
      const reopened = openSandboxDatabase(dir);
      assert.deepEqual(reopened.prepare('SELECT name, plan FROM x_apps').all(), [{ name: 'old', plan: 'pay-per-use' }]);
      assert.deepEqual(reopened.prepare('SELECT COUNT(*) AS n FROM x_credits').get(), { n: 0 });
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
