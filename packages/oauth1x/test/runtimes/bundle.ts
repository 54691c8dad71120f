/**
 * Host side of the runtime tests: bundles test/runtimes/portable-checks.ts with the public entries imported by
 * name (test/package/entries.ts) for one runtime, makes the run's input (published vectors, a fresh RSA key
 * pair) and asserts the report the runtime sends back. `web` bundles resolve `#crypto` to the Web Crypto
 * implementation (browsers, Workers); `node` bundles to the `node` condition, as Deno and Bun pick it when
 * they install the package from npm.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { entry } from '../package/entries.js';
import type { CheckInput, CheckReport, Vector } from './portable-checks.js';

export const ROOT = new URL('../../../../../', import.meta.url).pathname;
const CHECKS = new URL('./portable-checks.js', import.meta.url).pathname;

/** Bundles the checks as one ESM module exporting `run(input, listen?)` (or an IIFE setting `globalThis.oauth1xChecks`). */
export async function bundleChecks(flavour: 'web' | 'node', format: 'esm' | 'iife' = 'esm'): Promise<string> {
  const contents = [
    `import * as core from '${entry('oauth1x').specifier}';`,
    `import * as client from '${entry('oauth1x/client').specifier}';`,
    `import * as provider from '${entry('oauth1x/provider').specifier}';`,
    `import { runPortableChecks } from ${JSON.stringify(CHECKS)};`,
    'export function run(input, listen) { return runPortableChecks({ core, client, provider }, input, listen); }',
  ].join('\n');
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    format,
    ...(format === 'iife' ? { globalName: 'oauth1xChecks' } : {}),
    platform: flavour === 'web' ? 'browser' : 'node',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return (result.outputFiles[0] as { text: string }).text;
}

/** The run's input: every published vector and an RSA key pair made now. */
export function checkInput(): CheckInput {
  const vectors = JSON.parse(readFileSync(`${ROOT}packages/test-kit/vectors/published.json`, 'utf8')) as Vector[];
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    vectors,
    rsa: {
      privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  };
}

/** Asserts a runtime's report: every vector's signature as published, the good requests verified, the bad refused. */
export function assertReport(report: CheckReport, input: CheckInput): void {
  assert.equal(Object.keys(report.signatures).length, input.vectors.length, 'every vector was signed');
  for (const v of input.vectors) assert.equal(report.signatures[v.name], v.expected_signature, v.name);
  const byLabel = new Map(report.roundTrips.map((r) => [r.label, r]));
  const ok = (label: string, consumer: string, method: string, params: string[][]): void => {
    const r = byLabel.get(label);
    assert.ok(r, `${label} ran`);
    assert.equal(r.status, 200, `${label}: ${JSON.stringify(r.body)}`);
    assert.deepEqual([r.body.consumer, r.body.method, r.body.params], [consumer, method, params], label);
  };
  ok('hmac-get', 'hmac-consumer', 'HMAC-SHA1', [
    ['count', '2'],
    ['q', 'a b'],
  ]);
  ok('hmac-post', 'hmac-consumer', 'HMAC-SHA1', [['status', 'Hello Ladies + Gentlemen ✓']]);
  ok('rsa-get', 'rsa-consumer', 'RSA-SHA256', [['x', '1']]);
  ok('rsa-post', 'rsa-consumer', 'RSA-SHA256', [['y', '2']]);
  ok('replay-first', 'hmac-consumer', 'HMAC-SHA1', [['z', '3']]);
  const refused = (label: string, problem: string): void => {
    const r = byLabel.get(label);
    assert.ok(r, `${label} ran`);
    assert.equal(r.status, 401, `${label}: ${JSON.stringify(r.body)}`);
    assert.match(JSON.stringify(r.body), new RegExp(problem), label);
  };
  refused('hmac-wrong-secret', 'signature_invalid');
  refused('replay-second', 'nonce_used');
  assert.equal(report.roundTrips.length, 7);
}

/** Runs a command to its end (bounded), collecting output; rejects on a spawn error or the time limit. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${options.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The reports a spawned runtime printed, one `OAUTH1X-REPORT <json>` line each. */
export function reportsFrom(output: string): CheckReport[] {
  const lines = output.split('\n').filter((l) => l.startsWith('OAUTH1X-REPORT '));
  assert.ok(lines.length > 0, `the runtime printed a report; its output:\n${output}`);
  return lines.map((line) => JSON.parse(line.slice('OAUTH1X-REPORT '.length)) as CheckReport);
}

/**
 * Writes a run for a runtime with a command line (Deno, Bun) into `dir`: `checks-web.mjs` and `checks-node.mjs`
 * (the two bundles) and `main.mjs` (the input inlined), which runs both bundles in process and then with the
 * provider on a real socket made by `listenSource` (JS source of a `listen` function, see `Listen`), printing
 * one report line per run.
 */
export async function writeCommandRun(dir: string, listenSource: string): Promise<CheckInput> {
  const input = checkInput();
  writeFileSync(`${dir}/checks-web.mjs`, await bundleChecks('web'));
  writeFileSync(`${dir}/checks-node.mjs`, await bundleChecks('node'));
  const main = [
    "import * as web from './checks-web.mjs';",
    "import * as node from './checks-node.mjs';",
    `const listen = ${listenSource};`,
    `const input = ${JSON.stringify(input)};`,
    'for (const checks of [web, node]) for (const l of [undefined, listen]) {',
    "  console.log('OAUTH1X-REPORT ' + JSON.stringify(await checks.run(input, l)));",
    '}',
  ].join('\n');
  writeFileSync(`${dir}/main.mjs`, main);
  return input;
}
