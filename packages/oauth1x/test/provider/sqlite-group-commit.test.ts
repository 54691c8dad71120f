/**
 * GroupCommit: writes of one event-loop turn share a transaction, each settles after the commit, one failing
 * write is rolled back alone, a failed commit rejects the whole batch, and the store uses it for every write.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createSqliteStore, GroupCommit } from '../../src/provider/stores/sqlite-store.js';

function database(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
  return db;
}

/** Counts the COMMITs the database runs (better-sqlite3 has no hook: a trace of the statements does). */
function commits(db: Database.Database): { count: () => number } {
  let n = 0;
  const original = db.prepare.bind(db);
  // Statements are prepared once in the constructor; wrap COMMIT's run.
  db.prepare = ((source: string) => {
    const statement = original(source);
    if (source === 'COMMIT') {
      const run = statement.run.bind(statement);
      statement.run = ((...args: unknown[]) => {
        n++;
        return run(...(args as []));
      }) as typeof statement.run;
    }
    return statement;
  }) as typeof db.prepare;
  return { count: () => n };
}

describe('GroupCommit', () => {
  it('runs the writes of one turn in one transaction and resolves each after the commit', async () => {
    const db = database();
    const counter = commits(db);
    const writes = new GroupCommit(db);
    const seenInside: boolean[] = [];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        writes.run(() => {
          seenInside.push(db.inTransaction);
          return db.prepare('INSERT INTO t (v) VALUES (?)').run(`v${i}`).changes;
        }),
      ),
    );
    assert.deepEqual(results, Array(50).fill(1));
    assert.ok(seenInside.every(Boolean), 'each write runs inside the batch transaction');
    assert.equal(counter.count(), 1, 'one commit for 50 writes');
    assert.equal(db.inTransaction, false);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n, 50);
    // A write queued later goes into a new batch.
    await writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('later'));
    assert.equal(counter.count(), 2);
  });

  it('rolls back only the write that threw, and rejects only its promise', async () => {
    const db = database();
    const writes = new GroupCommit(db);
    const outcomes = await Promise.allSettled([
      writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('a')),
      writes.run(() => {
        db.prepare('INSERT INTO t (v) VALUES (?)').run('b'); // undone with its savepoint
        db.prepare('INSERT INTO t (v) VALUES (?)').run('a'); // UNIQUE violation
      }),
      writes.run(() => {
        throw new Error('application error');
      }),
      writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('c')),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.match(String((outcomes[2] as PromiseRejectedResult).reason), /application error/);
    const values = (db.prepare('SELECT v FROM t ORDER BY v').all() as Array<{ v: string }>).map((r) => r.v);
    assert.deepEqual(values, ['a', 'c']);
  });

  it('rejects every write of a batch whose transaction cannot start, and keeps working afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth1x-gc-'));
    try {
      const file = join(dir, 'db.sqlite');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 0');
      db.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
      const writes = new GroupCommit(db);
      const outcomes = await Promise.allSettled([
        writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('x')),
        writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('y')),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['rejected', 'rejected'],
      );
      assert.match(String((outcomes[0] as PromiseRejectedResult).reason), /locked|busy/i);
      other.exec('ROLLBACK');
      other.close();
      await writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('z'));
      assert.deepEqual(db.prepare('SELECT v FROM t').pluck().all(), ['z']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('committed() waits for the queued writes (also ones nobody awaits) and fails when their commit failed', async () => {
    const db = database();
    const writes = new GroupCommit(db);
    await writes.committed(); // nothing queued: at once
    writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('unawaited')).catch(() => undefined);
    const visible = () => (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    const barrier = writes.committed();
    assert.equal(db.inTransaction, false);
    await barrier;
    assert.equal(visible(), 1);
    // A write that throws on its own does not fail the barrier; a failed commit does.
    writes
      .run(() => {
        throw new Error('mine alone');
      })
      .catch(() => undefined);
    await writes.committed();
    writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('lost')).catch(() => undefined);
    const failing = writes.committed();
    db.close();
    await assert.rejects(failing, /not open/);
  });

  it('splits a long queue into batches of maxBatch', async () => {
    const db = database();
    const counter = commits(db);
    const writes = new GroupCommit(db, { maxBatch: 10 });
    await Promise.all(Array.from({ length: 35 }, (_, i) => writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run(`v${i}`))));
    assert.equal(counter.count(), 4);
  });

  it('flush() commits at once (before closing), and a closed database rejects', async () => {
    const db = database();
    const writes = new GroupCommit(db);
    const pending = writes.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('now'));
    assert.equal(writes.pending, 1);
    writes.flush();
    assert.equal(writes.pending, 0);
    await pending;
    db.close();
    await assert.rejects(
      writes.run(() => 1),
      /not open/,
    );
  });

  it("the SQLite store's nonce claims share a batch: of 100 concurrent claims of one key exactly one wins", async () => {
    const db = new Database(':memory:');
    const counter = commits(db);
    const writes = new GroupCommit(db);
    const store = createSqliteStore({ database: db, groupCommit: writes, cleanupIntervalMs: 0 });
    const expires = Date.now() + 60_000;
    const results = await Promise.all([
      ...Array.from({ length: 100 }, () => store.claim('same-key', expires)),
      ...Array.from({ length: 100 }, (_, i) => store.claim(`key-${i}`, expires)),
    ]);
    assert.equal(results.slice(0, 100).filter(Boolean).length, 1);
    assert.ok(results.slice(100).every(Boolean));
    assert.equal(counter.count(), 1, 'one commit for 200 claims');
    // groupCommit: false keeps one commit per write, with the same answers.
    const direct = createSqliteStore({ database: new Database(':memory:'), groupCommit: false, cleanupIntervalMs: 0 });
    assert.deepEqual(await Promise.all([direct.claim('k', expires), direct.claim('k', expires)]), [true, false]);
    await store.close();
    await direct.close();
  });
});
