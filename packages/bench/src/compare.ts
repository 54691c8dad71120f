/**
 * `npm run bench:compare -- <git ref> [verify] [app] [sandbox] [--rounds N] [--pairs N]`: measures whether a change
 * helps, by comparing the working tree (B) with a build of `<git ref>` (A) side by side. Separate bench runs
 * of one build differ by 5–20% on a shared 2-vCPU machine, more than most single changes are worth.
 *
 * - `verify` (default): both builds' `verifyRequest` in one process on the very same requests, chunks
 *   alternating (see compare-verify.ts); `--rounds` batches of 10,000 requests (default 6).
 * - `app`: both builds' sandbox handler in one process, no sockets, 2 × `--rounds` pairs of 500-tweet chunks
 *   (see compare-app.ts): the application's CPU per tweet POST, without the load run's noise.
 * - `sandbox`: the sandbox-throughput load run (`runSandbox`, 10 connections, 5 s) of each build in turn,
 *   `--pairs` times (default 6), alternating which goes first; medians of req/s, of server CPU per request and
 *   of the per-pair ratios.
 *
 * The ref is checked out in a temporary git worktree and built with the working tree's `node_modules`.
 *
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareApp } from './compare-app.js';
import { compareVerify } from './compare-verify.js';
import { median } from './measure.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  const value = at === -1 ? fallback : Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench:compare: ${name} expects a positive whole number`);
    process.exit(2);
  }
  return value;
};
const rounds = option('--rounds', 6);
const pairs = option('--pairs', 6);
const words = args.filter((a, i) => !a.startsWith('--') && !['--rounds', '--pairs'].includes(args[i - 1] ?? ''));
const [ref, ...what] = words;
if (ref === undefined || what.some((w) => w !== 'verify' && w !== 'sandbox' && w !== 'app')) {
  console.error('usage: npm run bench:compare -- <git ref> [verify] [app] [sandbox] [--rounds N] [--pairs N]');
  process.exit(2);
}
const sections = what.length === 0 ? ['verify'] : what;
const here = resolve('.');

function buildRef(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oauth1x-compare-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref as string], { stdio: 'ignore' });
  symlinkSync(join(here, 'node_modules'), join(dir, 'node_modules'));
  // The workspace packages of the ref itself (not this tree's, which node_modules links): packages/node_modules
  // comes first in module resolution from packages/*/dist.
  const links = join(dir, 'packages', 'node_modules');
  mkdirSync(join(links, '@oauth1x'), { recursive: true });
  symlinkSync('../oauth1x', join(links, 'oauth1x'));
  for (const name of ['x', 'sandbox', 'cli', 'test-kit', 'bench']) symlinkSync(`../../${name}`, join(links, '@oauth1x', name));
  execFileSync(process.execPath, [join(here, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

/** One sandbox load run of the build at `root`, in a process of its own (paths in the bench are relative). */
function sandboxRun(root: string): { rps: number; cpu: number } {
  const code = `const { runSandbox } = await import('./packages/bench/dist/src/sections/sandbox-throughput.js');
const r = await runSandbox({ connections: 10, durationS: 5, rounds: 1 }, 75000);
console.log(JSON.stringify({ rps: r.reqPerSec, cpu: r.serverCpuUsPerRequest }));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { rps: number; cpu: number };
  } catch {
    throw new Error(`sandbox run in ${root} failed: ${out.stderr.split('\n').slice(0, 3).join(' | ')}`);
  }
}

const base = buildRef();
try {
  console.log(`A = ${ref} (built in ${base}), B = working tree\n`);
  if (sections.includes('verify')) {
    const v = await compareVerify(base, here, rounds);
    console.log(`verify: B/A ${v.ratio.toFixed(3)} (10–90%: ${v.spread[0].toFixed(3)}–${v.spread[1].toFixed(3)}, ${v.chunks} chunks)`);
    console.log(
      `  A ${Math.round(v.ns.a)} ns = ${v.perHmac.a.toFixed(2)}× createHmac, B ${Math.round(v.ns.b)} ns = ${v.perHmac.b.toFixed(2)}×`,
    );
  }
  if (sections.includes('app')) {
    const r = await compareApp(base, here, rounds * 2);
    console.log(`app: B/A ${r.ratio.toFixed(3)} (10–90%: ${r.spread[0].toFixed(3)}–${r.spread[1].toFixed(3)}, ${r.chunks} chunks)`);
    console.log(`  main-thread CPU per tweet POST: A ${r.us.a.toFixed(1)} µs, B ${r.us.b.toFixed(1)} µs`);
    console.log(`  whole process (background threads too): A ${r.processUs.a.toFixed(1)} µs, B ${r.processUs.b.toFixed(1)} µs`);
  }
  if (sections.includes('sandbox')) {
    const a: Array<{ rps: number; cpu: number }> = [];
    const b: Array<{ rps: number; cpu: number }> = [];
    for (let i = 0; i < pairs; i++) {
      if (i % 2 === 0) {
        a.push(sandboxRun(base));
        b.push(sandboxRun(here));
      } else {
        b.push(sandboxRun(here));
        a.push(sandboxRun(base));
      }
    }
    const ratios = a.map((x, i) => (b[i] as { rps: number }).rps / x.rps);
    const fmt = (runs: Array<{ rps: number; cpu: number }>) =>
      `${Math.round(median(runs.map((r) => r.rps)))} req/s (${runs.map((r) => Math.round(r.rps)).join(', ')}), ${Math.round(median(runs.map((r) => r.cpu)))} µs CPU/request`;
    console.log(`sandbox: B/A ${median(ratios).toFixed(3)} (median of ${pairs} pairs)\n  A ${fmt(a)}\n  B ${fmt(b)}`);
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', base], { stdio: 'ignore' });
  rmSync(base, { recursive: true, force: true });
}
