/**
 * The bundle-size budget (size-budget.json) holds for every browser-capable entry: esbuild + gzip, measured
 * by test/package/bundle-size.ts, which `npm run size` also runs to print the table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable, measureEntry, overBudget, readBudget, type SizeBudget } from './bundle-size.js';
import { BROWSER_ENTRIES } from './entries.js';

describe('bundle size budget (size-budget.json)', () => {
  const budget = readBudget();

  it('has a budget line for every browser entry and no stale one', () => {
    assert.deepEqual(Object.keys(budget).sort(), BROWSER_ENTRIES.map((e) => e.name).sort());
  });

  for (const e of BROWSER_ENTRIES) {
    it(`${e.name} stays within its budget`, async () => {
      const size = await measureEntry(e);
      assert.equal(overBudget(size, budget), null);
      if (size.bundled) assert.ok(size.gzip > 1000 && size.minified > size.gzip, `${e.name}: a real bundle was measured`);
    });
  }

  it('judges sizes against budgets', () => {
    const b: SizeBudget = { a: 100, b: null };
    assert.equal(overBudget({ name: 'a', bundled: true, minified: 300, gzip: 100 }, b), null);
    assert.match(overBudget({ name: 'a', bundled: true, minified: 300, gzip: 101 }, b) ?? '', /over its budget of 100 B/);
    assert.match(overBudget({ name: 'a', bundled: false, reason: 'node:fs' }, b) ?? '', /no longer bundles/);
    assert.equal(overBudget({ name: 'b', bundled: false, reason: 'node:fs' }, b), null);
    assert.match(overBudget({ name: 'b', bundled: true, minified: 3, gzip: 2 }, b) ?? '', /set its budget/);
    assert.match(overBudget({ name: 'c', bundled: true, minified: 3, gzip: 2 }, b) ?? '', /no entry/);
    assert.match(formatTable([{ name: 'b', bundled: false, reason: 'node:fs' }], b), /not browser-capable yet \(node:fs\)/);
  });
});
