import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createSandbox } from '../src/index.js';

describe('sandbox data dirs from before OAuth 2.0', () => {
  it('get client columns, a client for every app, and the demo app’s client in demo-credentials.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oauth1x-oauth2-migration-'));
    try {
      const first = await createSandbox({ dataDir: dir });
      const key = first.credentials.consumer_key;
      await first.close();
      // Make it look like an older data dir: no OAuth 2.0 columns, record and file without the new fields.
      const db = new Database(join(dir, 'sandbox.db'));
      db.exec('DROP INDEX x_apps_oauth2_client');
      for (const column of ['oauth2_client_id', 'oauth2_client_secret', 'oauth2_redirect_uris'])
        db.exec(`ALTER TABLE x_apps DROP COLUMN ${column}`);
      const row = db.prepare("SELECT value FROM sandbox_meta WHERE key = 'demo_credentials'").get() as { value: string };
      const record = JSON.parse(row.value) as Record<string, unknown>;
      for (const field of ['oauth2_client_id', 'oauth2_client_secret', 'oauth2_redirect_uris']) delete record[field];
      db.prepare("UPDATE sandbox_meta SET value = ? WHERE key = 'demo_credentials'").run(JSON.stringify(record));
      db.close();
      const file = join(dir, 'demo-credentials.json');
      const old = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      for (const field of ['oauth2_client_id', 'oauth2_client_secret', 'oauth2_redirect_uris']) delete old[field];
      writeFileSync(file, `${JSON.stringify(old, null, 2)}\n`, { mode: 0o600 });

      const again = await createSandbox({ dataDir: dir });
      try {
        const c = again.credentials;
        assert.equal(c.consumer_key, key);
        assert.match(c.oauth2_client_id, /^[A-Za-z0-9_-]{32}$/);
        assert.ok(c.oauth2_client_secret.length >= 32);
        assert.deepEqual(c.oauth2_redirect_uris, ['http://127.0.0.1/callback', 'http://localhost/callback']);
        const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        assert.equal(written.oauth2_client_id, c.oauth2_client_id);
        assert.equal(again.accounts.appByClientId(c.oauth2_client_id)?.consumerKey, key);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
