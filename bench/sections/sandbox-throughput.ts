/**
 * Sandbox throughput: authenticated `POST /1.1/statuses/update.json` (signature verified, nonce stored, tweet
 * persisted in the on-disk SQLite) against the sandbox in its own process, vs a bare `node:http` server
 * answering a constant, with the same pre-signed request pool, the same connection count and the load coming
 * from a second process (autocannon) — interleaved in one run. Target: the sandbox reaches ≥ 60% of the bare
 * server's requests per second.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchContext, BenchRow, BenchSection, BenchTarget } from '../harness.js';
import { runLoadProcess, startServerProcess } from '../load/processes.js';
import type { LoadResult } from '../load/types.js';
import { obtainAccessToken, toDemoCredentials } from '../load/xauth.js';

/** The target of the issue: sandbox req/s ≥ this share of the bare server's. */
export const TARGET_RATIO = 0.6;

/** Settings of one throughput comparison. */
export interface ThroughputOptions {
  connections: number;
  durationS: number;
  rounds: number;
  /** Extra node flags for the sandbox process, e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/prof']`. */
  sandboxNodeArgs?: string[];
}

/** Both sides of one comparison, median of the rounds. */
export interface ThroughputComparison {
  bare: LoadResult[];
  sandbox: Array<LoadResult & { persisted: number }>;
}

async function runBare(options: ThroughputOptions, poolSize: number): Promise<LoadResult> {
  const server = await startServerProcess(['dist/bench/load/constant-server.js']);
  try {
    return await runLoadProcess({
      url: server.info.httpUrl,
      connections: options.connections,
      durationS: options.durationS,
      poolSize,
      consumerKey: 'bench-consumer',
      consumerSecret: 'bench-consumer-secret',
      token: 'bench-token',
      tokenSecret: 'bench-token-secret',
    });
  } finally {
    await server.stop();
  }
}

async function runSandbox(options: ThroughputOptions, poolSize: number): Promise<LoadResult & { persisted: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth1x-bench-sandbox-'));
  try {
    const server = await startServerProcess(['dist/bench/load/sandbox-process.js', '--data', dataDir], {
      nodeArgs: options.sandboxNodeArgs ?? [],
    });
    let result: LoadResult;
    try {
      const tokens = await obtainAccessToken(server.info.httpUrl, toDemoCredentials(server.info.credentials));
      result = await runLoadProcess({
        url: server.info.httpUrl,
        connections: options.connections,
        durationS: options.durationS,
        poolSize,
        ...tokens,
        statusPrefix: 'throughput',
      });
    } finally {
      await server.stop();
    }
    const db = new Database(join(dataDir, 'sandbox.db'), { readonly: true });
    const persisted = (db.prepare("SELECT count(*) AS n FROM x_tweets WHERE text LIKE 'throughput %'").get() as { n: number }).n;
    db.close();
    return { ...result, persisted };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs bare and sandbox alternately (`rounds` times each) and returns every result.
 *
 * @example
 * ```ts
 * const { bare, sandbox } = await compareThroughput({ connections: 10, durationS: 5, rounds: 1 });
 * ```
 */
export async function compareThroughput(options: ThroughputOptions): Promise<ThroughputComparison> {
  // Enough unique requests that the bare server does not run out (it answers ~15-30k req/s on one core).
  const poolSize = Math.max(20_000, Math.round(options.durationS * 25_000));
  const out: ThroughputComparison = { bare: [], sandbox: [] };
  for (let round = 0; round < options.rounds; round++) {
    out.bare.push(await runBare(options, poolSize));
    out.sandbox.push(await runSandbox(options, poolSize));
  }
  return out;
}

function median<T>(items: T[], by: (t: T) => number): T {
  const sorted = [...items].sort((a, b) => by(a) - by(b));
  return sorted[Math.floor(sorted.length / 2)] as T;
}

/**
 * The `sandbox-throughput` section of `npm run bench`.
 *
 * @example
 * ```ts
 * const section = await run({ full: false });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  const options: ThroughputOptions = { connections: 10, durationS: context.full ? 10 : 5, rounds: context.full ? 3 : 2 };
  const { bare: bareRuns, sandbox: sandboxRuns } = await compareThroughput(options);
  const bare = median(bareRuns, (r) => r.reqPerSec);
  const sandbox = median(sandboxRuns, (r) => r.reqPerSec);
  const ratio = sandbox.reqPerSec / bare.reqPerSec;
  const note = (r: LoadResult) => `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.requests} requests`;
  const rows: BenchRow[] = [
    { name: 'bare node:http, constant answer', value: bare.reqPerSec, unit: 'req/s', ratio: 1, note: note(bare) },
    {
      name: 'sandbox POST statuses/update (SQLite on disk)',
      value: sandbox.reqPerSec,
      unit: 'req/s',
      ratio,
      note: `${note(sandbox)}, ${sandbox.persisted} tweets persisted`,
    },
    { name: 'sandbox p99 latency', value: sandbox.latencyMs.p99, unit: 'ms', note: `bare p99 ${bare.latencyMs.p99} ms` },
  ];
  const failures = sandboxRuns.filter((r) => r.non2xx + r.errors > 0 || r.persisted !== r.ok);
  const targets: BenchTarget[] = [
    {
      name: `sandbox ≥ ${TARGET_RATIO * 100}% of bare node:http req/s`,
      pass: ratio >= TARGET_RATIO,
      detail: `${(ratio * 100).toFixed(0)}% (${Math.round(sandbox.reqPerSec)} vs ${Math.round(bare.reqPerSec)} req/s, ${options.connections} connections, ${options.durationS} s × ${options.rounds} rounds, medians)`,
    },
    {
      name: 'every sandbox request accepted and persisted exactly once',
      pass: failures.length === 0,
      detail:
        failures.length === 0
          ? `${sandboxRuns.reduce((a, r) => a + r.ok, 0)} tweets, all 2xx, all in SQLite`
          : failures
              .map((r) => `statuses ${JSON.stringify(r.statuses)}, errors ${r.errors}, 2xx ${r.ok}, persisted ${r.persisted}`)
              .join('; '),
    },
  ];
  return { title: 'Sandbox throughput (authenticated tweet POST vs bare node:http, load from a second process)', rows, targets };
}
