/**
 * The sandbox keeps OAuth 2.0 codes and user tokens by their SHA-256 only: after a code exchange and a refresh,
 * none of the code, access token or refresh token is in any table or in the bytes of the database files, and the
 * tokens' hashes are what `x_oauth2_tokens` holds.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertNotInDatabase } from '@oauth1x/test-kit/sandbox/db-scan.js';
import { bearerGet, codeFor, exchange, pkce, tokenPost } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import Database from 'better-sqlite3';
import { createSandbox } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth1x-oauth2-storage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sandbox OAuth 2.0 storage', () => {
  it('codes, access and refresh tokens are stored as SHA-256 only, in every table and in the file bytes', async () => {
    const sandbox = await createSandbox({ dataDir: dir, onWarning: () => {} });
    const secrets: string[] = [];
    try {
      const { verifier, challenge } = pkce();
      const code = await codeFor(sandbox, ['tweet.read', 'users.read', 'offline.access'], challenge);
      const first = (await (await exchange(sandbox, code, verifier)).json()) as { access_token: string; refresh_token: string };
      const refreshed = await tokenPost(sandbox, '/2/oauth2/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      assert.equal(refreshed.status, 200);
      const second = (await refreshed.json()) as { access_token: string; refresh_token: string };
      assert.equal((await bearerGet(sandbox, '/2/users/me', second.access_token)).status, 200);
      secrets.push(code, first.access_token, first.refresh_token, second.access_token, second.refresh_token);
    } finally {
      await sandbox.close();
    }
    assertNotInDatabase(dir, secrets);
    const db = new Database(join(dir, 'sandbox.db'), { readonly: true });
    try {
      const hashes = new Set(
        (db.prepare('SELECT token_hash FROM x_oauth2_tokens').all() as Array<{ token_hash: string }>).map((r) => r.token_hash),
      );
      for (const token of secrets.slice(1)) assert.ok(hashes.has(sha256(token)), 'the token is kept by its hash');
      const codes = db.prepare('SELECT code_hash FROM x_oauth2_codes').all() as Array<{ code_hash: string }>;
      assert.deepEqual(
        codes.map((r) => r.code_hash),
        [sha256(secrets[0] as string)],
      );
    } finally {
      db.close();
    }
  });
});
