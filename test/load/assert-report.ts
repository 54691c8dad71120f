/**
 * Turns a fault report into test assertions: one failing check fails the test with every check's detail.
 *
 * @module
 */
import assert from 'node:assert/strict';
import type { FaultReport } from '../../bench/load/faults/types.js';

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
