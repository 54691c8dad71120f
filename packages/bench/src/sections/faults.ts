/**
 * Faults summary of `npm run bench`: kill -9 of the sandbox mid-storm, Redis restarted under load, slow and
 * broken clients. The default run uses the reduced form CI runs (test/load); `--full` the long form.
 *
 * @module
 */
import type { BenchContext, BenchRow, BenchSection } from '../harness.js';
import { runKillNine } from '../load/faults/kill-nine.js';
import { runRedisRestart } from '../load/faults/redis-restart.js';
import { runSlowClients } from '../load/faults/slow-clients.js';
import type { FaultReport } from '../load/faults/types.js';

/** The reduced (CI) and full forms of every fault scenario. */
export const FAULT_SETTINGS = {
  killNine: {
    reduced: { total: 250, concurrency: 8, killAfterAcked: 80 },
    full: { total: 6000, concurrency: 32, killAfterAcked: 2500, launcher: 'fixture' },
  },
  redisRestart: {
    reduced: { concurrency: 4, beforeMs: 1000, outageMs: 1500, afterMs: 1500 },
    full: { concurrency: 16, beforeMs: 5000, outageMs: 5000, afterMs: 5000 },
  },
  slowClients: {
    // CI: shorter server timeouts so the test ends in ~15 s; full: the sandbox's own defaults (10 s / 60 s).
    reduced: {
      slowloris: 50,
      stalledBodies: 20,
      oversized: 3,
      waves: 1,
      giveUpMs: 20_000,
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 8_000,
    },
    full: { slowloris: 500, stalledBodies: 200, oversized: 20, waves: 3, giveUpMs: 75_000 },
  },
} as const;

async function guarded(name: string, fn: () => Promise<FaultReport>): Promise<FaultReport> {
  try {
    return await fn();
  } catch (error) {
    return {
      name,
      pass: false,
      checks: [{ name: 'scenario ran', pass: false, detail: String((error as Error).message ?? error).split('\n')[0] ?? '' }],
      metrics: {},
    };
  }
}

/**
 * The `faults` section of `npm run bench`.
 *
 * @example
 * ```ts
 * const section = await run({ full: true });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  const form = context.full ? 'full' : 'reduced';
  const started = performance.now();
  const reports = [
    await guarded('kill -9 of the sandbox mid-storm', () => runKillNine(FAULT_SETTINGS.killNine[form])),
    await guarded('Redis restarted under load', () => runRedisRestart(FAULT_SETTINGS.redisRestart[form])),
    await guarded('slow and broken clients', () => runSlowClients(FAULT_SETTINGS.slowClients[form])),
  ];
  const rows: BenchRow[] = [];
  if (context.full) {
    // Not a target of the code but of the deployment: the same fault against a Redis without persistence.
    const volatile = await guarded('Redis without persistence', () =>
      runRedisRestart({ ...FAULT_SETTINGS.redisRestart.reduced, persistent: false }),
    );
    const replay = volatile.checks.find((c) => c.name === 'replay across the outage refused');
    rows.push({
      name: 'Redis WITHOUT persistence restarted: replay refused',
      value: replay?.pass ? 1 : 0,
      unit: 'yes=1',
      note: `${replay?.detail ?? 'did not run'} (run Redis with appendonly yes, appendfsync always)`,
    });
  }
  for (const report of reports) {
    for (const [key, value] of Object.entries(report.metrics)) {
      const unit = /Ms$/.test(key) ? 'ms' : /^rss/.test(key) ? 'MB' : 'count';
      rows.push({ name: `${report.name}: ${key}`, value: unit === 'MB' ? value / 2 ** 20 : value, unit });
    }
  }
  const targets = reports.flatMap((r) => r.checks.map((c) => ({ name: `${r.name} — ${c.name}`, pass: c.pass, detail: c.detail })));
  return {
    title: `Faults (${form} form, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    rows,
    targets,
  };
}
