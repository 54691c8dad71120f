import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomKey } from '../src/apps-users.js';

describe('randomKey', () => {
  it('letters and digits only (as X keys are; never a leading "-"), as long as base64url of the bytes', () => {
    for (const [bytes, length] of [
      [12, 16],
      [18, 24],
      [24, 32],
      [32, 43],
    ] as const) {
      for (let i = 0; i < 200; i++) {
        const key = randomKey(bytes);
        assert.equal(key.length, length);
        assert.match(key, /^[A-Za-z0-9]+$/);
      }
    }
  });

  it('draws every one of the 62 characters about equally often', () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 2000 }, () => randomKey(32)).join('');
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 62);
    const expected = text.length / 62; // ≈ 1,387
    for (const [c, n] of counts) assert.ok(Math.abs(n - expected) < expected * 0.2, `${c}: ${n} (expected ≈ ${Math.round(expected)})`);
  });
});
