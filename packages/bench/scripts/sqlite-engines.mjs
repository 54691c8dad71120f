// better-sqlite3 against Node's built-in node:sqlite on the sandbox's kind of work (docs/sandbox.md, "Choosing
// SQLite"): one write transaction per row in WAL mode, point reads by id, 20-row timeline pages, opening an
// in-memory database with a schema, and the import. Rounds alternate the two engines; compare paired figures.
// node:sqlite needs Node >= 22.5 and better-sqlite3 built for that Node, so this is run by hand, not by the suite:
//   PATH=<node 22 bin>:$PATH node --no-warnings packages/bench/scripts/sqlite-engines.mjs <dir holding better-sqlite3>

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(process.argv[2] + '/');
const now = () => performance.now();
let t = now();
const Better = require('better-sqlite3');
const importBetter = now() - t;
t = now();
const { DatabaseSync } = await import('node:sqlite');
const importNode = now() - t;
const SCHEMA = `CREATE TABLE t (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX t_user ON t (user_id, id);`;
function run(name, open) {
  const dir = mkdtempSync(join(tmpdir(), 'sq-'));
  const db = open(join(dir, 'db.sqlite'));
  db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;');
  db.exec(SCHEMA);
  const ins = db.prepare('INSERT INTO t (id, user_id, text, created_at) VALUES (?, ?, ?, ?)');
  const get = db.prepare('SELECT id, user_id, text, created_at FROM t WHERE id = ?');
  const page = db.prepare('SELECT id, text FROM t WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT 20');
  const N = 20000;
  let s = now();
  for (let i = 1; i <= N; i++) {
    db.exec('BEGIN');
    ins.run(i, i % 50, 'hello world ' + i, Date.now());
    db.exec('COMMIT');
  }
  const insertUs = ((now() - s) * 1000) / N;
  s = now();
  for (let i = 1; i <= N; i++) get.get(((i * 7919) % N) + 1);
  const getUs = ((now() - s) * 1000) / N;
  s = now();
  for (let i = 1; i <= 5000; i++) page.all(i % 50, N);
  const pageUs = ((now() - s) * 1000) / 5000;
  db.close();
  rmSync(dir, { recursive: true });
  s = now();
  for (let i = 0; i < 50; i++) {
    const m = open(':memory:');
    m.exec(SCHEMA);
    m.close();
  }
  const openUs = ((now() - s) * 1000) / 50;
  return {
    name,
    insertTxUs: +insertUs.toFixed(2),
    pointGetUs: +getUs.toFixed(2),
    page20Us: +pageUs.toFixed(2),
    openMemSchemaUs: +openUs.toFixed(1),
  };
}
const rows = [];
for (let r = 0; r < 5; r++) {
  rows.push(run('better-sqlite3', (p) => new Better(p)));
  rows.push(run('node:sqlite', (p) => new DatabaseSync(p)));
}
console.log(process.version, 'import ms: better', importBetter.toFixed(1), 'node:sqlite', importNode.toFixed(1));
console.table(rows);
