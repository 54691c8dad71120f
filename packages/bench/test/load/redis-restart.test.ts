// Fault (reduced CI form): Redis killed and restarted under load on a provider using the Redis store.
import { test } from 'node:test';
import { runRedisRestart } from '../../src/load/faults/redis-restart.js';
import { FAULT_SETTINGS } from '../../src/sections/faults.js';
import { assertReport } from './assert-report.js';

test('Redis restart under load: fails closed while down, resumes, refuses replays across the outage', { timeout: 30_000 }, async () => {
  assertReport(await runRedisRestart(FAULT_SETTINGS.redisRestart.reduced));
});
