/**
 * oauth1x in workerd (Cloudflare's Workers runtime, the `workerd` npm package's binary): the published vectors
 * and HMAC-SHA1 / RSA-SHA256 signed-fetch round trips (test/runtimes/portable-checks.ts) run by `workerd test`
 * in a Worker's `test` handler, the provider called in process (a Worker cannot listen). The entries are
 * loaded at the Worker's global scope, where Workers refuse random values and I/O: an import-time
 * `generateNonce()` once made `oauth1x/provider` fail to load here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, describe, it } from 'node:test';
import { assertReport, bundleChecks, checkInput, ROOT, reportsFrom, runCommand } from './bundle.js';

const WORKER = `import { run } from './checks.mjs';
import input from './input.json';
export default {
  async test() {
    console.log('OAUTH1X-REPORT ' + JSON.stringify(await run(input)));
  },
};
`;

const CONFIG = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .checks) ],
);
const checks :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "checks.mjs", esModule = embed "checks.mjs"),
    (name = "input.json", json = embed "input.json"),
  ],
  compatibilityDate = "2026-11-01",
);
`;

describe('oauth1x in workerd', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(`${tmpdir()}/oauth1x-workerd-`);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('signs the published vectors and verifies its own signed fetches in a Worker', async () => {
    const input = checkInput();
    writeFileSync(`${dir}/checks.mjs`, await bundleChecks('web'));
    writeFileSync(`${dir}/input.json`, JSON.stringify(input));
    writeFileSync(`${dir}/worker.mjs`, WORKER);
    writeFileSync(`${dir}/config.capnp`, CONFIG);
    const run = await runCommand(`${ROOT}node_modules/.bin/workerd`, ['test', `${dir}/config.capnp`], { cwd: dir, timeoutMs: 90_000 });
    assert.equal(run.code, 0, `workerd exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /\[ PASS \] main/);
    const [report, ...more] = reportsFrom(run.stdout);
    assert.ok(report && more.length === 0, 'one report');
    assert.equal(report.runtime.userAgent, 'Cloudflare-Workers');
    assertReport(report, input);
  });
});
