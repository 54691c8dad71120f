/**
 * Turns a fault report into test assertions (one failing check fails the test with every check's detail), and
 * the check every load run against a tweet-storing server shares.
 *
 * @module
 */
import assert from 'node:assert/strict';
import type { FaultReport } from '../../src/load/faults/types.js';
import type { LoadResult } from '../../src/load/types.js';

/**
 * Asserts that every check of `report` passed.
 *
 * @example
 * ```ts
 * assertReport(await runRedisRestart(FAULT_SETTINGS.redisRestart.reduced));
 * ```
 */
export function assertReport(report: FaultReport): void {
  const lines = report.checks.map((c) => `${c.pass ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`).join('\n');
  assert.ok(report.checks.length > 0, `${report.name}: no checks ran`);
  assert.ok(report.pass && report.checks.every((c) => c.pass), `${report.name}\n${lines}`);
}

/**
 * Asserts that a load run against a server that stores tweets got every request accepted, and that every
 * accepted tweet was persisted once: requests in flight when the run stops are served but not counted by the
 * client, so up to `connections` more may be stored.
 *
 * @example
 * ```ts
 * assertAllPersisted(await runSandbox({ connections: 8, durationS: 3, rounds: 1 }, 1500), 8);
 * ```
 */
export function assertAllPersisted(result: LoadResult & { persisted: number }, connections: number): void {
  assert.equal(result.errors, 0, `connection errors: ${JSON.stringify(result)}`);
  assert.equal(result.non2xx, 0, `non-2xx answers: ${JSON.stringify(result.statuses)}`);
  assert.ok(result.ok > 0, 'no request completed');
  assert.ok(
    result.persisted >= result.ok && result.persisted <= result.ok + connections,
    `persisted ${result.persisted} vs 2xx ${result.ok}`,
  );
}
