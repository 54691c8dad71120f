/**
 * Bench section `sandbox-startup`: what a test suite pays for an emulated X, per test file (a fresh process) and
 * per test (a warm one), beside the in-process mocks test authors otherwise reach for (msw 3 `setupServer` and
 * nock 15, one intercepted route each) and a floor (the sandbox's own stack doing the least: hono and
 * better-sqlite3 imported, one route, an in-memory schema). Every figure comes from fresh processes
 * (`bench/load/startup-probe.ts`), spawned interleaved (sandbox, floor, msw, nock, sandbox, …) so machine noise hits each alike; each figure is the
 * median over the processes (a warm figure: the median of each process's medians of 15).
 *
 * Targets (issue 19): `createSandbox({ memory: true })` median ≤ 15 ms warm; the first one ≤ 100 ms including
 * the import; `listen()` with HTTPS ≤ 30 ms (warm: the process's certificate made; the first listen of a process
 * makes it, shown beside).
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import type { BenchContext, BenchRow, BenchSection } from '../harness.js';
import { median } from '../measure.js';

const PROBE = new URL('../load/startup-probe.js', import.meta.url).pathname;
type Figures = Record<string, number>;

function probe(mode: string): Figures {
  const result = spawnSync(process.execPath, [PROBE, mode], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`startup-probe ${mode} exited ${result.status}: ${result.stderr.split('\n')[0]}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Figures;
}

function medianOf(runs: Figures[], key: string | ((f: Figures) => number)): number {
  return median(runs.map((f) => (typeof key === 'string' ? (f[key] as number) : key(f))));
}

const ms = (value: number) => Number(value.toFixed(value < 10 ? 2 : 1));

/**
 * Runs the section.
 *
 * @example
 * ```ts
 * const section = await run({ full: false });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  // Nine processes at least: this machine has minutes-long spells 20–30% slower (the floor moves with them), and
  // the median of five fell on them when two of five did.
  const n = context.full ? 15 : 9;
  probe('sandbox'); // warm the file cache
  const runs: Record<'sandbox' | 'floor' | 'msw' | 'nock', Figures[]> = { sandbox: [], floor: [], msw: [], nock: [] };
  for (let i = 0; i < n; i++) for (const mode of ['sandbox', 'floor', 'msw', 'nock'] as const) runs[mode].push(probe(mode));
  const s = runs.sandbox;
  const total = (f: Figures) => (f.importMs as number) + (f.firstMs as number);
  const mswTotal = medianOf(runs.msw, total);
  const nockTotal = medianOf(runs.nock, total);
  const floorTotal = medianOf(runs.floor, total);
  const first = medianOf(s, total);
  const warm = medianOf(s, 'warmCreateMs');
  const httpsWarm = medianOf(s, 'warmListenHttpsMs');
  const row = (name: string, value: number, note?: string, ratio?: number): BenchRow => ({
    name,
    value: ms(value),
    unit: 'ms',
    ratio: ratio === undefined ? undefined : Number(ratio.toFixed(2)),
    note,
  });
  const rows: BenchRow[] = [
    row("sandbox: import('oauth1x/sandbox')", medianOf(s, 'importMs'), 'fresh process'),
    row('sandbox: first createSandbox({ memory: true })', medianOf(s, 'firstMs')),
    row('sandbox: import + first createSandbox', first, 'ratio: to the floor (hono + better-sqlite3, one route)', first / floorTotal),
    row('sandbox: first signed GET /2/users/me answered', medianOf(s, 'firstAnswerMs'), 'sandbox.fetch, no socket'),
    row('sandbox: createSandbox, warm (median)', warm, 'ratio: to msw setup, warm', warm / medianOf(runs.msw, 'warmCreateMs')),
    row('sandbox: listen() HTTP only, first', medianOf(s, 'listenHttpFirstMs')),
    row('sandbox: listen() HTTP + HTTPS, first', medianOf(s, 'listenHttpsFirstMs'), "makes the process's certificate"),
    row('sandbox: listen() HTTP only, warm', medianOf(s, 'warmListenHttpMs')),
    row('sandbox: listen() HTTP + HTTPS, warm', httpsWarm),
  ];
  rows.push(
    row('floor: import hono + better-sqlite3', medianOf(runs.floor, 'importMs'), 'fresh process'),
    row('floor: one route + in-memory schema, first', medianOf(runs.floor, 'firstMs')),
    row('floor: import + first set-up', floorTotal),
    row('floor: first answer (app.fetch)', medianOf(runs.floor, 'firstAnswerMs'), "loads Node's Fetch, as every first answer does"),
    row('floor: set-up, warm (median)', medianOf(runs.floor, 'warmCreateMs')),
  );
  for (const [name, peer] of [
    ['msw', runs.msw],
    ['nock', runs.nock],
  ] as const) {
    rows.push(
      row(`${name}: import`, medianOf(peer, 'importMs'), 'fresh process'),
      row(`${name}: one route set up, first`, medianOf(peer, 'firstMs')),
      row(
        `${name}: import + first set-up`,
        medianOf(peer, total),
        'ratio: sandbox import + first create to this',
        first / medianOf(peer, total),
      ),
      row(`${name}: first fetch answered`, medianOf(peer, 'firstAnswerMs'), 'global fetch, intercepted'),
      row(`${name}: one route set up, warm (median)`, medianOf(peer, 'warmCreateMs')),
    );
  }
  const every = (key: string) => s.map((f) => ms(f[key] as number)).join(', ');
  return {
    title: `Sandbox start-up beside a floor, msw and nock (${n} fresh processes each, interleaved; median)`,
    rows,
    targets: [
      {
        name: 'createSandbox({ memory: true }) warm median ≤ 15 ms',
        pass: warm <= 15,
        detail: `${ms(warm)} ms (per process: ${every('warmCreateMs')})`,
      },
      {
        name: "first createSandbox incl. import('oauth1x/sandbox') ≤ 100 ms",
        pass: first <= 100,
        detail: `${ms(first)} ms (floor ${ms(floorTotal)} ms, msw ${ms(mswTotal)} ms, nock ${ms(nockTotal)} ms; per process: ${s.map((f) => ms(total(f))).join(', ')})`,
      },
      {
        name: 'listen() with HTTPS ≤ 30 ms (certificate made)',
        pass: httpsWarm <= 30,
        detail: `${ms(httpsWarm)} ms warm; the first of a process, making the certificate: ${ms(medianOf(s, 'listenHttpsFirstMs'))} ms`,
      },
    ],
  };
}
