// Packaging acceptance (issue 17): the four public packages packed with `npm pack`, installed from the tarballs
// into fresh projects as a user would. (a) `oauth1x` alone, with no C/C++ compiler on the PATH and scripts
// blocked: only oauth1x lands in node_modules, and signing (HMAC + RSA), verification and the client against the
// provider handler work. (b) All four with scripts blocked (third-party dependencies from the registry):
// `npx oauth1x demo` fails with the one-line better-sqlite3 message, exit 1. (c) All four with better-sqlite3's
// install script allowed and a compiler present: the demo posts its tweet. Prints tarball sizes and install times.
// Needs the npm registry; OAUTH1X_SKIP_PACKAGING=1 skips it (say so when you do).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CONSUMER = fileURLToPath(new URL('../../test/packaged-consumer.mjs', import.meta.url));
const PUBLIC = ['oauth1x', 'x', 'sandbox', 'cli'];
const skip = process.env.OAUTH1X_SKIP_PACKAGING === '1' ? 'OAUTH1X_SKIP_PACKAGING=1' : false;

interface Run {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/**
 * Runs `command` in a process group of its own; past `timeout` the whole group is killed (npm's children too:
 * node-gyp and the compiler), and the run reports code 124 and how long it ran.
 */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 240_000): Promise<Run> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeout);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      resolve({
        code: timedOut ? 124 : (code ?? 1),
        out,
        err: timedOut ? `${err}\n(timed out after ${(ms / 1000).toFixed(0)} s)` : err,
        ms,
      });
    });
  });
}

// Timeouts are generous: compiling better-sqlite3 takes ~75 s on an idle machine and many minutes on a loaded one.
describe('packaging: the packed tarballs in fresh projects', { skip, timeout: 2_400_000 }, () => {
  let work = '';
  const tarballs: Record<string, string> = {};
  let env: NodeJS.ProcessEnv = {};
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

  function project(name: string, extra: Record<string, unknown> = {}): string {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module', ...extra }, null, 2));
    return dir;
  }

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'oauth1x-packaging-'));
    // One npm cache for the whole test: the third-party packages are downloaded once.
    env = {
      ...process.env,
      npm_config_cache: join(work, 'npm-cache'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    for (const key of Object.keys(env)) if (key.startsWith('npm_package_') || key === 'npm_config_workspace') delete env[key];
    const packs = join(work, 'tarballs');
    mkdirSync(packs);
    for (const name of PUBLIC) {
      const dir = join(ROOT, 'packages', name);
      const packed = await run(npm, ['pack', '--json', '--pack-destination', packs], dir, env);
      assert.equal(packed.code, 0, packed.err);
      const [info] = JSON.parse(packed.out) as Array<{
        filename: string;
        size: number;
        unpackedSize: number;
        files: Array<{ path: string }>;
      }>;
      assert.ok(info, packed.out);
      tarballs[name] = join(packs, info.filename);
      const paths = info.files.map((f) => f.path);
      assert.ok(
        !paths.some((p) => p.startsWith('src/') || p.endsWith('.map') || p.startsWith('dist/test/')),
        `${name} ships ${paths.join(', ')}`,
      );
      assert.ok(paths.includes('LICENSE') && paths.includes('README.md') && paths.includes('package.json'), `${name}: ${paths.join(', ')}`);
      console.log(
        `packaging: ${info.filename} ${(info.size / 1024).toFixed(1)} KB packed, ${(info.unpackedSize / 1024).toFixed(1)} KB unpacked, ${paths.length} files`,
      );
    }
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('(a) oauth1x alone, no compiler, scripts blocked: only oauth1x installed; sign, verify and the client work', async () => {
    // A PATH holding node and npm only: no cc, gcc, make or python.
    const bin = join(work, 'bin-node-only');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim(), join(bin, 'npm'));
    const dir = project('only-oauth1x');
    const plainEnv = { ...env, PATH: bin };
    const installed = await run(join(bin, 'npm'), ['install', '--ignore-scripts', tarballs.oauth1x as string], dir, plainEnv);
    assert.equal(installed.code, 0, installed.err);
    console.log(`packaging: (a) npm install oauth1x: ${(installed.ms / 1000).toFixed(1)} s`);
    assert.deepEqual(
      readdirSync(join(dir, 'node_modules')).filter((n) => !n.startsWith('.')),
      ['oauth1x'],
    );
    copyFileSync(CONSUMER, join(dir, 'consumer.mjs'));
    const used = await run(join(bin, 'node'), ['consumer.mjs'], dir, plainEnv, 60_000);
    assert.equal(used.code, 0, used.err + used.out);
    assert.deepEqual(JSON.parse(used.out.trim()), { hmac: 'app-key', rsa: 'rsa-app', requestToken: true, authorizeUrl: true });
  });

  it('(b) all four, scripts blocked: `npx oauth1x demo` says better-sqlite3 is unbuilt, one line, exit 1', async () => {
    const dir = project('all-no-scripts');
    const installed = await run(npm, ['install', '--ignore-scripts', ...PUBLIC.map((n) => tarballs[n] as string)], dir, env);
    assert.equal(installed.code, 0, installed.err);
    console.log(`packaging: (b) npm install --ignore-scripts of the four tarballs: ${(installed.ms / 1000).toFixed(1)} s`);
    const demo = await run(npm, ['exec', '--no', '--', 'oauth1x', 'demo'], dir, env, 60_000);
    assert.equal(demo.code, 1, demo.out + demo.err);
    const lines = demo.err
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('npm '));
    assert.equal(lines.length, 1, demo.err);
    assert.match(lines[0] as string, /^oauth1x demo: the sandbox needs better-sqlite3 \(SQLite\), but its native binding was never built/);
    assert.match(lines[0] as string, /npm rebuild better-sqlite3/);
  });

  it('(c) all four with better-sqlite3 allowed to build: `npx oauth1x demo` posts its tweet', async () => {
    const dir = project('all-with-scripts', { allowScripts: { 'better-sqlite3': true, 'core-js': false } });
    const installed = await run(npm, ['install', ...PUBLIC.map((n) => tarballs[n] as string)], dir, env, 1_500_000);
    assert.equal(installed.code, 0, installed.err);
    console.log(`packaging: (c) npm install of the four tarballs, better-sqlite3 built: ${(installed.ms / 1000).toFixed(1)} s`);
    const binding = join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    assert.ok(existsSync(binding) && statSync(binding).size > 0, 'better-sqlite3 binding built');
    const demo = await run(npm, ['exec', '--no', '--', 'oauth1x', 'demo'], dir, env, 120_000);
    assert.equal(demo.code, 0, demo.out + demo.err);
    assert.match(demo.out, /^Done: signed in as .* tweeted, and read it back.$/m, demo.out);
    assert.ok(readFileSync(join(dirname(binding), '..', '..', 'package.json'), 'utf8').includes('"better-sqlite3"'));
  });
});
