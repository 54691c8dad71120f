/**
 * Where the demo credentials' secrets live: `sandbox.db` keeps only the users' scrypt hashes and the record
 * without secrets, the passwords and the RSA private key live in `demo-credentials.json` (0600). Older data
 * dirs are migrated, a deleted or wrong file is repaired with new secrets and a warning, the data dir is 0700.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSandbox, type DemoCredentials, type Sandbox } from '@oauth1x/sandbox';
import { assertNotInDatabase } from '@oauth1x/test-kit/sandbox/db-scan.js';
import { call, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import Database from 'better-sqlite3';
import { run as demo } from '../src/commands/demo.js';
import { run as sandboxCommand } from '../src/commands/sandbox.js';
import { memoryIo } from '../src/io.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oauth1x-demo-creds-'));
  dirs.push(dir);
  return join(dir, 'data');
}

/** Opens the data dir, collecting warnings, and answers the sandbox with them. */
async function open(dataDir: string): Promise<{ sandbox: Sandbox; warnings: string[] }> {
  const warnings: string[] = [];
  const sandbox = await createSandbox({ dataDir, onWarning: (message) => warnings.push(message) });
  return { sandbox, warnings };
}

/** Opens, reads the credentials, closes. */
async function credentialsOf(dataDir: string): Promise<{ credentials: DemoCredentials; warnings: string[] }> {
  const { sandbox, warnings } = await open(dataDir);
  const credentials = structuredClone(sandbox.credentials);
  await sandbox.close();
  return { credentials, warnings };
}

/** The secrets that must never be in the database: every password, the private key's first line of base64. */
function secretsOf(c: DemoCredentials): string[] {
  const keyLine = c.rsa_private_key.split('\n')[1] as string;
  assert.ok(keyLine.length >= 60, 'a PEM body line');
  return ['PRIVATE KEY', keyLine, c.password, ...c.users.map((u) => u.password)];
}

function fileOf(dataDir: string): DemoCredentials {
  const file = join(dataDir, 'demo-credentials.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
}

/** The credentials work: each user signs in with xAuth, the app's RSA key signs, `oauth1x demo` runs. */
async function assertWorking(dataDir: string, c: DemoCredentials): Promise<void> {
  const { sandbox, warnings } = await open(dataDir);
  try {
    for (const user of c.users) assert.equal((await xAuth(sandbox, user.username, user.password)).status, 200, `@${user.username}`);
    const token = { key: c.access_token, secret: c.access_token_secret };
    const rsa = await call(sandbox, 'GET', 'https://api.x.com/2/users/me', {
      token,
      extra: { signatureMethod: 'RSA-SHA1', privateKey: c.rsa_private_key },
    });
    assert.equal(rsa.status, 200);
    assert.deepEqual(warnings, []);
  } finally {
    await sandbox.close();
  }
  const io = memoryIo();
  assert.equal(await demo(['--data', dataDir, '--text', `Still works ${randomUUID()}`], io), 0, io.err());
  assert.match(io.out(), /Done: signed in as .+ \(@demo\) with xAuth, tweeted, and read it back/);
  assert.equal(io.err(), '');
}

describe('sandbox demo credentials at rest', { timeout: 120_000 }, () => {
  it('after a start sandbox.db holds no seeded password and no private key (every table, and the raw file bytes)', async () => {
    const dataDir = tempDir();
    const { credentials, warnings } = await credentialsOf(dataDir);
    assert.deepEqual(warnings, []);
    assert.ok(credentials.rsa_private_key.includes('PRIVATE KEY'));
    assert.equal(credentials.users.length, 3);
    assertNotInDatabase(dataDir, secretsOf(credentials));
    // The secrets are in the file, and a restart reads them back unchanged.
    assert.deepEqual(fileOf(dataDir), credentials);
    const again = await credentialsOf(dataDir);
    assert.deepEqual(again, { credentials, warnings: [] });
    assertNotInDatabase(dataDir, secretsOf(credentials));
    await assertWorking(dataDir, credentials);
  });

  it('memory mode: the credentials are complete (secrets in memory only)', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const c = sandbox.credentials;
      assert.equal(c.users.length, 3);
      assert.ok(c.users.every((u) => u.password.length === 16));
      assert.equal(c.password, c.users[0]?.password);
      assert.equal((await xAuth(sandbox, c.username, c.password)).status, 200);
    } finally {
      await sandbox.close();
    }
  });

  for (const withFile of [true, false]) {
    it(`a data dir of an older version (secrets in the meta row${withFile ? '' : ', no file'}) is migrated on open`, async () => {
      const dataDir = tempDir();
      const { credentials } = await credentialsOf(dataDir);
      // What older versions stored: the whole credentials object in sandbox_meta.
      const db = new Database(join(dataDir, 'sandbox.db'));
      db.prepare("UPDATE sandbox_meta SET value = ? WHERE key = 'demo_credentials'").run(JSON.stringify(credentials));
      db.close();
      if (!withFile) rmSync(join(dataDir, 'demo-credentials.json'));
      const migrated = await credentialsOf(dataDir);
      // The same credentials, no warning: the row still held them, and the file has them now.
      assert.deepEqual(migrated, { credentials, warnings: [] });
      assert.deepEqual(fileOf(dataDir), credentials);
      assertNotInDatabase(dataDir, secretsOf(credentials));
      await assertWorking(dataDir, credentials);
    });
  }

  it('a deleted demo-credentials.json: new passwords and a new RSA key pair, written again, with a warning; never a crash', async () => {
    const dataDir = tempDir();
    const { credentials: before } = await credentialsOf(dataDir);
    rmSync(join(dataDir, 'demo-credentials.json'));
    const { credentials: after, warnings } = await credentialsOf(dataDir);
    assert.equal(warnings.length, 1);
    const warning = warnings[0] as string;
    assert.match(warning, /demo-credentials\.json was missing/);
    assert.match(warning, /@demo's password, @alice's password, @bob's password, the demo app's RSA key pair/);
    for (const secret of [...secretsOf(before), ...secretsOf(after)]) assert.ok(!warning.includes(secret), 'no secret in the warning');
    // What the database keeps is the same; every secret is new.
    assert.equal(after.consumer_key, before.consumer_key);
    assert.equal(after.access_token, before.access_token);
    assert.deepEqual(
      after.users.map((u) => u.user_id),
      before.users.map((u) => u.user_id),
    );
    for (const [i, user] of after.users.entries()) assert.notEqual(user.password, before.users[i]?.password);
    assert.notEqual(after.rsa_private_key, before.rsa_private_key);
    assert.deepEqual(fileOf(dataDir), after);
    assertNotInDatabase(dataDir, [...secretsOf(before), ...secretsOf(after)]);
    // The old password is refused, the new ones work, and the next start changes nothing.
    const { sandbox } = await open(dataDir);
    try {
      assert.equal((await xAuth(sandbox, 'alice', before.users[1]?.password as string)).status, 401);
    } finally {
      await sandbox.close();
    }
    await assertWorking(dataDir, after);
    assert.deepEqual(await credentialsOf(dataDir), { credentials: after, warnings: [] });
    // The CLI says so on stderr, in one line, and goes on.
    rmSync(join(dataDir, 'demo-credentials.json'));
    const io = memoryIo();
    assert.equal(await sandboxCommand(['user', 'list', '--data', dataDir], io), 0);
    assert.match(io.err(), /^oauth1x sandbox: .*demo-credentials\.json was missing: .* new ones were made and written to .*\n$/);
    assert.match(io.out(), /@alice/);
    const rewritten = fileOf(dataDir);
    for (const secret of secretsOf(rewritten)) assert.ok(!io.err().includes(secret) && !io.out().includes(secret));
    await assertWorking(dataDir, rewritten);
  });

  it('a file whose password or key does not match the database: only what is wrong is replaced, with a warning', async () => {
    const dataDir = tempDir();
    const { credentials: before } = await credentialsOf(dataDir);
    const edited = structuredClone(before);
    (edited.users[1] as { password: string }).password = 'edited-by-hand';
    writeFileSync(join(dataDir, 'demo-credentials.json'), JSON.stringify(edited));
    const { credentials: after, warnings } = await credentialsOf(dataDir);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /did not match the database: @alice's password cannot be recovered/);
    assert.equal(after.users[0]?.password, before.users[0]?.password);
    assert.equal(after.users[2]?.password, before.users[2]?.password);
    assert.equal(after.rsa_private_key, before.rsa_private_key);
    assert.notEqual(after.users[1]?.password, 'edited-by-hand');
    assert.deepEqual(fileOf(dataDir), after);
    await assertWorking(dataDir, after);
    // A file of another data dir's demo app: nothing of it is used.
    const other = tempDir();
    const { credentials: foreign } = await credentialsOf(other);
    writeFileSync(join(dataDir, 'demo-credentials.json'), JSON.stringify(foreign), { mode: 0o600 });
    const replaced = await credentialsOf(dataDir);
    assert.match(replaced.warnings[0] as string, /belonged to another data dir's demo app/);
    assert.equal(replaced.credentials.consumer_key, before.consumer_key);
    await assertWorking(dataDir, replaced.credentials);
  });

  it('the data dir is created 0700, and an existing 0755 one is restricted to 0700', async () => {
    const created = tempDir();
    await credentialsOf(created);
    assert.equal(statSync(created).mode & 0o777, 0o700);
    const existing = tempDir();
    mkdirSync(existing, { mode: 0o755 });
    chmodSync(existing, 0o755);
    await credentialsOf(existing);
    assert.equal(statSync(existing).mode & 0o777, 0o700);
    // Restricted again on the next open, after someone loosened it.
    chmodSync(existing, 0o755);
    await credentialsOf(existing);
    assert.equal(statSync(existing).mode & 0o777, 0o700);
  });
});
