/**
 * Memory sandboxes share their process's demo secrets (RSA key pair, the seeded users' passwords, whose scrypt
 * hashes are computed once in the background) and still have their own app keys and tokens; a data dir has its
 * own secrets, its database only real scrypt hashes. A login right after the first start works (it waits for
 * the hash).
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { call, demoToken, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import Database from 'better-sqlite3';
import { createSandbox, type Sandbox } from '../src/index.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function spki(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
}

function publicKeyOf(sandbox: Sandbox): string | null {
  const app = sandbox.accounts.appByKey(sandbox.credentials.consumer_key);
  return app?.rsaPublicKey ? spki(app.rsaPublicKey) : null;
}

describe('demo seed', () => {
  it('memory sandboxes share the process secrets, not their keys or tokens; logins work at once', async () => {
    // Both at once, as the first of the process: the hashes are still being computed when they answer.
    const [a, b] = await Promise.all([createSandbox({ memory: true }), createSandbox({ memory: true })]);
    try {
      // The process's key may still be in the making (then the apps have none yet); signing with the private key
      // read from the credentials works at once on both.
      assert.equal(publicKeyOf(a), publicKeyOf(b));
      for (const sandbox of [b, a]) {
        const rsa = await call(sandbox, 'GET', 'https://api.x.com/2/users/me', {
          token: demoToken(sandbox),
          extra: { signatureMethod: 'RSA-SHA256', privateKey: sandbox.credentials.rsa_private_key },
        });
        assert.equal(rsa.status, 200, await rsa.text());
      }
      assert.notEqual(a.credentials.consumer_key, b.credentials.consumer_key);
      assert.notEqual(a.credentials.access_token, b.credentials.access_token);
      assert.notEqual(a.credentials.user_id, b.credentials.user_id);
      assert.equal(a.credentials.rsa_private_key, b.credentials.rsa_private_key);
      assert.deepEqual(
        a.credentials.users.map((u) => u.password),
        b.credentials.users.map((u) => u.password),
      );
      assert.equal(new Set(a.credentials.users.map((u) => u.password)).size, 3);
      // Each app's public key is the shared private key's.
      assert.equal(publicKeyOf(a), spki(a.credentials.rsa_private_key));
      assert.equal(publicKeyOf(b), spki(a.credentials.rsa_private_key));
      const logins = await Promise.all(
        [a, b].flatMap((sandbox) => sandbox.credentials.users.map((u) => xAuth(sandbox, u.username, u.password))),
      );
      assert.deepEqual(
        logins.map((r) => r.status),
        [200, 200, 200, 200, 200, 200],
      );
      const wrong = await xAuth(a, 'alice', `${a.credentials.users[1]?.password}x`);
      assert.equal(wrong.status, 401);
      await wrong.arrayBuffer();
      const c = await createSandbox({ memory: true });
      assert.equal(c.credentials.password, a.credentials.password);
      assert.equal(publicKeyOf(c), spki(a.credentials.rsa_private_key));
      assert.equal(JSON.parse(JSON.stringify(c.credentials)).rsa_private_key, a.credentials.rsa_private_key);
      assert.equal((await xAuth(c, 'demo', c.credentials.password)).status, 200);
      await c.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('data dirs each get their own secrets and store real scrypt hashes', async () => {
    const base = mkdtempSync(join(tmpdir(), 'oauth1x-demo-seed-'));
    dirs.push(base);
    const memory = await createSandbox({ memory: true });
    const [one, two] = await Promise.all([createSandbox({ dataDir: join(base, 'one') }), createSandbox({ dataDir: join(base, 'two') })]);
    try {
      for (const disk of [one, two]) {
        assert.notEqual(disk.credentials.rsa_private_key, memory.credentials.rsa_private_key);
        assert.notEqual(disk.credentials.password, memory.credentials.password);
        assert.equal(publicKeyOf(disk), spki(disk.credentials.rsa_private_key));
      }
      assert.notEqual(one.credentials.rsa_private_key, two.credentials.rsa_private_key);
      assert.notEqual(one.credentials.password, two.credentials.password);
      assert.equal((await xAuth(one, 'bob', one.credentials.users[2]?.password ?? '')).status, 200);
    } finally {
      await Promise.all([memory.close(), one.close(), two.close()]);
    }
    const db = new Database(join(base, 'one', 'sandbox.db'), { readonly: true });
    const hashes = db.prepare('SELECT password_hash FROM x_users').pluck().all() as string[];
    db.close();
    assert.equal(hashes.length, 3);
    for (const hash of hashes) assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  });
});
