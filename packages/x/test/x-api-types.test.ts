import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// packages/x/src/x-api.generated.ts is what scripts/gen-x-types.js makes of spec/x-openapi.json today: regenerate after
// changing the document or the script (node scripts/gen-x-types.js).
describe('x-api.generated.ts', () => {
  it('is up to date with spec/x-openapi.json and carries no prose of X', { timeout: 60_000 }, async () => {
    const script = new URL('../../../../scripts/gen-x-types.js', import.meta.url).href;
    const { generate, OUT_PATH } = (await import(script)) as { generate: () => Promise<string>; OUT_PATH: string };
    const committed = readFileSync(OUT_PATH, 'utf8');
    assert.ok(committed === (await generate()), 'stale: run node scripts/gen-x-types.js');
    // Only the header's and the table's own comments: openapi-typescript's (examples, formats) are dropped.
    assert.equal(committed.match(/\/\*\*/g)?.length, 1);
    assert.doesNotMatch(committed, /@example|@description|Format:/);
    assert.doesNotMatch(committed, /"\.\.\/event_type"/);
  });
});
