import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createMemoryStore } from '../../src/provider/index.js';
import { createSqliteStore } from '../../src/provider/stores/sqlite-store.js';
import { ENDPOINT_HOSTILE_CASES, runEndpointHostile } from './endpoints-hostile-cases.js';

test('the endpoint table has at least 35 distinct cases', () => {
  assert.ok(ENDPOINT_HOSTILE_CASES.length >= 35, String(ENDPOINT_HOSTILE_CASES.length));
  assert.equal(new Set(ENDPOINT_HOSTILE_CASES.map((c) => c.name)).size, ENDPOINT_HOSTILE_CASES.length);
});

runEndpointHostile('memory', () => createMemoryStore());

const dir = mkdtempSync(join(tmpdir(), 'oauth1x-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
runEndpointHostile('sqlite', () => createSqliteStore({ filename: join(dir, `h-${n++}.db`), synchronous: 'NORMAL' }));
