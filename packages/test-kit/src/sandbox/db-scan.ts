/** Test helper: looks for secrets in every table of a data dir's `sandbox.db` and in the raw database files. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Every text and blob of every table of `sandbox.db`, then the raw bytes of the database files. */
export function assertNotInDatabase(dataDir: string, secrets: string[]): void {
  const db = new Database(join(dataDir, 'sandbox.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    assert.ok(tables.length >= 10, 'every table is scanned');
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) {
          const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
          for (const secret of secrets) assert.ok(!text.includes(secret), `${name}.${column} holds a secret`);
        }
      }
    }
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal']) {
    const file = join(dataDir, `sandbox.db${suffix}`);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const secret of secrets) assert.ok(!bytes.includes(secret), `the bytes of sandbox.db${suffix} hold a secret`);
  }
}
