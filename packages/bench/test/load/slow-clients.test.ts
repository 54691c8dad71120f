// Fault (reduced CI form): slowloris, never-finished bodies, 1 MB headers and oversized bodies against the sandbox.
import { test } from 'node:test';
import { runSlowClients } from '../../src/load/faults/slow-clients.js';
import { FAULT_SETTINGS } from '../../src/sections/faults.js';
import { assertReport } from './assert-report.js';

test('slow and broken clients are bounded while a normal client is served', { timeout: 60_000 }, async () => {
  assertReport(await runSlowClients(FAULT_SETTINGS.slowClients.reduced));
});
