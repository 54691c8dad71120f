// Load (reduced CI form): pre-signed tweet POSTs from a second process against the sandbox on disk. Checks
// correctness under concurrency (every request accepted, every tweet persisted once), not speed: speed is in
// `npm run bench -- sandbox-throughput`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSandbox } from '../../src/sections/sandbox-throughput.js';
import { assertAllPersisted } from './assert-report.js';

test('sandbox under load: every pre-signed tweet POST accepted and persisted exactly once', { timeout: 60_000 }, async () => {
  const result = await runSandbox({ connections: 8, durationS: 3, rounds: 1 }, 1500);
  assertAllPersisted(result, 8);
  // The CPU figures the bench prints beside the rate: measured (not NaN), and the main thread's within the process's
  // (give or take the two 10 ms clock ticks of reading the two counters at slightly different moments).
  const { serverCpuUsPerRequest: all, mainThreadCpuUsPerRequest: main, loadCpuUsPerRequest: load } = result;
  const tick = 20_000 / result.requests;
  assert.ok(main > 0 && all + tick >= main, `server CPU per request ${all} µs, main thread ${main} µs`);
  assert.ok(load > 0 && Number.isFinite(load), `load generator CPU per request ${load} µs`);
});
