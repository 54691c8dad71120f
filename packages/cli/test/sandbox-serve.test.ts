/**
 * `oauth1x sandbox --no-rate-limits`: the served sandbox answers past X's limits (for load tests); without
 * the flag X's limits apply (`GET /2/users/me`: 75 per user per 15 minutes).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { signRequest } from 'oauth1x';
import { BIN, runCli } from './spawn-cli.js';

interface Served {
  httpUrl: string;
  credentials: { consumer_key: string; consumer_secret: string; access_token: string; access_token_secret: string };
}

/** Starts `oauth1x sandbox … --json`, runs `body` against it, then stops it (SIGTERM to the child it started). */
async function withServedSandbox(flags: string[], body: (served: Served) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--no-https', '--memory', '--json', ...flags], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no JSON line: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const nl = out.indexOf('\n');
        if (nl !== -1) {
          clearTimeout(timer);
          resolve(out.slice(0, nl));
        }
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
    });
    await body(JSON.parse(line) as Served);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

async function me(served: Served): Promise<Response> {
  const c = served.credentials;
  const signed = await signRequest({
    method: 'GET',
    url: `${served.httpUrl}/2/users/me`,
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    token: { key: c.access_token, secret: c.access_token_secret },
  });
  return fetch(signed.url, { headers: { authorization: signed.authorization } });
}

describe('oauth1x sandbox --no-rate-limits', { timeout: 90_000 }, () => {
  it('answers past the 75 a user gets on GET /2/users/me in 15 minutes; without the flag the 76th is 429', async () => {
    await withServedSandbox(['--no-rate-limits'], async (served) => {
      for (let i = 0; i < 80; i++) {
        const response = await me(served);
        assert.equal(response.status, 200, `request ${i + 1}`);
        await response.body?.cancel();
      }
    });
    await withServedSandbox([], async (served) => {
      const statuses: number[] = [];
      for (let i = 0; i < 76; i++) {
        const response = await me(served);
        statuses.push(response.status);
        await response.body?.cancel();
      }
      assert.deepEqual(statuses.slice(0, 75), Array(75).fill(200));
      assert.equal(statuses[75], 429);
    });
  });

  it('--no-rate-limits takes no value: a usage error (exit 2), nothing started', async () => {
    const run = await runCli(['sandbox', '--memory', '--no-https', '--port', '0', '--no-rate-limits=yes']);
    assert.equal(run.code, 2);
    assert.match(run.err, /no-rate-limits/);
    assert.equal(run.out, '');
  });
});
