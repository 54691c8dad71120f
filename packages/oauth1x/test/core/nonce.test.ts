import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentTimestamp, generateNonce } from '../../src/index.js';

describe('generateNonce (§3.3)', () => {
  it('returns 32 lower-case hex characters (128 random bits)', () => {
    for (let i = 0; i < 1000; i++) assert.match(generateNonce(), /^[0-9a-f]{32}$/);
  });

  it('never repeats across many calls, including across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(generateNonce());
    assert.equal(seen.size, 20_000);
  });

  it('uses every hex digit in every position (no stuck bits)', () => {
    const positions = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const nonce = generateNonce();
      for (let p = 0; p < 32; p++) positions[p]?.add(nonce[p] as string);
    }
    for (const digits of positions) assert.equal(digits.size, 16);
  });
});

describe('currentTimestamp (§3.3)', () => {
  it('is whole seconds since the epoch, shifted by the clock offset', () => {
    assert.equal(currentTimestamp(0, 1_318_622_958_999), '1318622958');
    assert.equal(currentTimestamp(-30, 1_318_622_958_000), '1318622928');
    assert.equal(currentTimestamp(1.9, 1_000), '2');
    assert.ok(Math.abs(Number(currentTimestamp()) - Date.now() / 1000) < 2);
  });
});
