// Fault (reduced CI form): kill -9 of the sandbox CLI process mid tweet storm, restart on the same data dir.
import { test } from 'node:test';
import { runKillNine } from '../../src/load/faults/kill-nine.js';
import { FAULT_SETTINGS } from '../../src/sections/faults.js';
import { assertReport } from './assert-report.js';

test('kill -9 mid-storm: every acknowledged tweet survives, none duplicated', { timeout: 60_000 }, async () => {
  assertReport(await runKillNine(FAULT_SETTINGS.killNine.reduced));
});
