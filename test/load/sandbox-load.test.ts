// Load (reduced CI form): pre-signed tweet POSTs from a second process against the sandbox on disk. Checks
// correctness under concurrency (every request accepted, every tweet persisted once), not speed: speed is in
// `npm run bench -- sandbox-throughput`.
import { test } from 'node:test';
import { runSandbox } from '../../bench/sections/sandbox-throughput.js';
import { assertAllPersisted } from './assert-report.js';

test('sandbox under load: every pre-signed tweet POST accepted and persisted exactly once', { timeout: 60_000 }, async () => {
  assertAllPersisted(await runSandbox({ connections: 8, durationS: 3, rounds: 1 }, 1500), 8);
});
