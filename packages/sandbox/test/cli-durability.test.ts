/**
 * The `oauth1x sandbox` command in its own process: the --json startup line, demo-credentials.json, app and
 * user management, usage errors, and durability: tweets acknowledged before a `kill -9` are all there after
 * a restart.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { signRequest } from 'oauth1x';

const BIN = new URL('../../../cli/bin/oauth1x.js', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oauth1x-sandbox-test-'));
  dirs.push(dir);
  return dir;
}

after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  info: {
    httpUrl: string;
    httpsUrl: string | null;
    certPath: string | null;
    fingerprint: string | null;
    credentials: Record<string, string>;
  };
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${err}`)), 20_000);
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code}: ${err}`));
    });
  });
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

async function tweet(info: Started['info'], text: string): Promise<Response> {
  const c = info.credentials;
  const url = `${info.httpUrl}/1.1/statuses/update.json`;
  const signed = await signRequest({
    method: 'POST',
    url,
    body: { status: text },
    consumer: { key: c.consumer_key as string, secret: c.consumer_secret as string },
    token: { key: c.access_token as string, secret: c.access_token_secret as string },
  });
  return fetch(url, {
    method: 'POST',
    headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
    body: signed.body,
  });
}

describe('oauth1x sandbox (CLI process)', { timeout: 90_000 }, () => {
  it('prints one JSON line with URLs, certificate and credentials; writes demo-credentials.json (0600)', async () => {
    const dir = tempDir();
    const { child, info } = await start(['--data', dir, '--port', '0', '--https-port', '0']);
    try {
      assert.match(info.httpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(info.httpsUrl as string, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(info.certPath, join(dir, 'cert.pem'));
      assert.match(info.fingerprint as string, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const file = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')) as Record<string, string>;
      for (const key of ['consumer_key', 'consumer_secret', 'username', 'password']) assert.equal(file[key], info.credentials[key]);
      assert.equal(statSync(join(dir, 'demo-credentials.json')).mode & 0o777, 0o600);
      const console = await fetch(`${info.httpUrl}/console`);
      assert.equal(console.status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const apps = await run(['app', 'create', '--data', dir, '--name', 'Second app', '--callback', 'http://127.0.0.1:3000/cb', '--json']);
    assert.equal(apps.code, 0, apps.stderr);
    const created = JSON.parse(apps.stdout) as { consumer_key: string };
    const listed = await run(['app', 'list', '--data', dir, '--json']);
    assert.ok((JSON.parse(listed.stdout) as Array<{ consumer_key: string }>).some((a) => a.consumer_key === created.consumer_key));
    const user = await run(['user', 'create', '--data', dir, '--username', 'carol', '--password', 'pw-carol', '--json']);
    assert.equal(user.code, 0, user.stderr);
    const users = await run(['user', 'list', '--data', dir]);
    assert.match(users.stdout, /@carol/);
    const taken = await run(['user', 'create', '--data', dir, '--username', 'carol']);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /taken/);
    const bad = await run(['--data', dir, '--memory']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.split('\n').filter(Boolean).length, 1);
  });

  it('keeps every acknowledged tweet across a kill -9', async () => {
    const dir = tempDir();
    const first = await start(['--data', dir, '--port', '0', '--no-https']);
    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const response = await tweet(first.info, `durable ${w}-${i}`);
          if (response.status === 200) acknowledged.push(((await response.json()) as { id_str: string }).id_str);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    // Kill mid-storm once enough writes were acknowledged (bounded wait on a loaded machine).
    for (let waited = 0; acknowledged.length < 40 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((r) => first.child.once('exit', r));
    assert.ok(acknowledged.length > 20, `only ${acknowledged.length} tweets acknowledged`);

    const second = await start(['--data', dir, '--port', '0', '--no-https']);
    try {
      assert.equal(second.info.credentials.consumer_key, first.info.credentials.consumer_key, 'the same data is reused');
      const db = new Database(join(dir, 'sandbox.db'), { readonly: true });
      const stored = new Set((db.prepare('SELECT CAST(id AS TEXT) AS id FROM x_tweets').all() as Array<{ id: string }>).map((r) => r.id));
      db.close();
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged tweets lost`);
      const after = await tweet(second.info, 'after restart');
      assert.equal(after.status, 200);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
