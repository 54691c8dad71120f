/**
 * oauth1x in Deno (the `deno` npm package's binary): the published vectors and HMAC-SHA1 / RSA-SHA256
 * signed-fetch round trips (test/runtimes/portable-checks.ts), with the Web Crypto and the `node` builds of
 * `#crypto`, the provider called in process and served by `Deno.serve` on loopback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, describe, it } from 'node:test';
import { assertReport, ROOT, reportsFrom, runCommand, writeCommandRun } from './bundle.js';

const LISTEN = `async (handler) => {
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, handler);
  return { url: 'http://127.0.0.1:' + server.addr.port, close: () => server.shutdown() };
}`;

describe('oauth1x in Deno', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(`${tmpdir()}/oauth1x-deno-`);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('signs the published vectors and verifies its own signed fetches, in process and over a socket', async () => {
    const input = await writeCommandRun(dir, LISTEN);
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: `${dir}/deno-dir`, NO_COLOR: '1' };
    const run = await runCommand(`${ROOT}node_modules/.bin/deno`, ['run', '--no-prompt', '--allow-net=127.0.0.1', `${dir}/main.mjs`], {
      cwd: dir,
      env,
      timeoutMs: 90_000,
    });
    assert.equal(run.code, 0, `deno exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    const reports = reportsFrom(run.stdout);
    assert.equal(reports.length, 4);
    for (const report of reports) {
      assert.equal(report.runtime.deno, true);
      assertReport(report, input);
    }
  });
});
