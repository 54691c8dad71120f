import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nonceKey, SYNC_CLAIM, syncClaimOf, syncClaimPartsOf } from '../../src/provider/nonce-store.js';
import { createMemoryStore } from '../../src/provider/stores/memory-store.js';
import type { ProviderStore } from '../../src/provider/stores/types.js';
import { timestampExpiresAt } from '../../src/provider/timestamp.js';
import { storeContract } from './stores-contract.js';

storeContract('memory', (options) => createMemoryStore(options));

/** A store on a clock the test moves, with its synchronous claims (by pieces and by key). */
function open(maxNonces?: number) {
  const clock = { ms: 1_700_000_000_000, now: () => clock.ms };
  const store: ProviderStore = createMemoryStore({ clock, maxNonces });
  const parts = syncClaimPartsOf(store);
  const byKey = syncClaimOf(store);
  assert.ok(parts !== undefined && byKey !== undefined);
  return { clock, store, parts, byKey };
}

/** A nonce's expiry as `verifyRequest` derives it with the default window of 300 s. */
const expiry = (timestamp: number) => timestampExpiresAt(timestamp, 300);

describe('memory store: nonces bucketed by timestamp', () => {
  test('a claim by pieces and a claim by nonceKey are the same claim, both ways', async () => {
    const { store, parts, byKey } = open();
    assert.equal(parts('ck', 'tk', '1700000000', 'n1', expiry(1_700_000_000)), true);
    assert.equal(byKey(nonceKey('ck', 'tk', '1700000000', 'n1'), expiry(1_700_000_000)), false);
    assert.equal(await store.claim(nonceKey('ck', 'tk', '1700000000', 'n1'), expiry(1_700_000_000)), false);
    assert.equal(await store.claim(nonceKey('ck', 'tk', '1700000000', 'n2'), expiry(1_700_000_000)), true);
    assert.equal(parts('ck', 'tk', '1700000000', 'n2', expiry(1_700_000_000)), false);
    // The store's own claim carries both marks.
    assert.equal(typeof (store.claim as { [SYNC_CLAIM]?: unknown })[SYNC_CLAIM], 'function');
  });

  test('every piece of the scope counts: consumer key, token, timestamp and nonce', () => {
    const { parts } = open();
    const ts = '1700000000';
    const exp = expiry(1_700_000_000);
    assert.equal(parts('ck', 'tk', ts, 'n', exp), true);
    assert.equal(parts('ck', 'tk', '1700000001', 'n', exp + 1000), true);
    assert.equal(parts('ck2', 'tk', ts, 'n', exp), true);
    assert.equal(parts('ck', '', ts, 'n', exp), true);
    assert.equal(parts('ck', 'tk', ts, 'n2', exp), true);
    // Pieces that would run together in a plain concatenation stay apart.
    assert.equal(parts('a', 'bc', ts, 'd', exp), true);
    assert.equal(parts('ab', 'c', ts, 'd', exp), true);
    assert.equal(parts('a', 'b', ts, 'cd', exp), true);
    assert.equal(parts('a', 'bc', ts, 'd', exp), false);
  });

  test('a timestamp with leading zeros is its own scope (its nonceKey differs), and opaque keys still work', async () => {
    const { store, parts } = open();
    assert.equal(parts('ck', 'tk', '1700000000', 'n', expiry(1_700_000_000)), true);
    assert.equal(parts('ck', 'tk', '01700000000', 'n', expiry(1_700_000_000)), true);
    assert.equal(parts('ck', 'tk', '01700000000', 'n', expiry(1_700_000_000)), false);
    assert.equal(await store.claim(nonceKey('ck', 'tk', '01700000000', 'n'), expiry(1_700_000_000)), false);
    // Not in nonceKey form (a non-canonical length prefix is not nonceKey's output either): kept as given.
    assert.equal(await store.claim('opaque', expiry(1_700_000_000)), true);
    assert.equal(await store.claim('opaque', expiry(1_700_000_000)), false);
    assert.equal(await store.claim('02:ck|2:tk|10:1700000000|1:n', expiry(1_700_000_000)), true);
  });

  test('a nonce is kept until its expiry, then its whole bucket is claimed afresh', () => {
    const { clock, parts } = open();
    const exp = expiry(1_700_000_000);
    assert.equal(parts('ck', 'tk', '1700000000', 'a', exp), true);
    assert.equal(parts('ck', 'tk', '1700000000', 'b', exp), true);
    clock.ms = exp - 1;
    assert.equal(parts('ck', 'tk', '1700000000', 'a', exp), false);
    clock.ms = exp;
    // Claimed afresh (here with a later expiry, as a wider window would give), and held again.
    assert.equal(parts('ck', 'tk', '1700000000', 'a', exp + 60_000), true);
    assert.equal(parts('ck', 'tk', '1700000000', 'b', exp + 60_000), true);
    assert.equal(parts('ck', 'tk', '1700000000', 'b', exp + 60_000), false);
    assert.equal(parts('ck', 'tk', '1700000000', 'a', exp + 60_000), false);
  });

  test('a bucket is kept until the latest expiry claimed into it (never less than a nonce asked for)', () => {
    const { clock, parts } = open();
    assert.equal(parts('ck', 'tk', '1700000000', 'short', 1_700_000_100_000), true);
    assert.equal(parts('ck', 'tk', '1700000000', 'long', 1_700_000_600_000), true);
    clock.ms = 1_700_000_100_000;
    assert.equal(parts('ck', 'tk', '1700000000', 'long', 1_700_000_600_000), false);
    assert.equal(parts('ck', 'tk', '1700000000', 'short', 1_700_000_100_000), false);
    clock.ms = 1_700_000_600_000;
    assert.equal(parts('ck', 'tk', '1700000000', 'long', 1_700_000_900_000), true);
  });

  test('cleanup drops expired buckets whole and keeps live ones', async () => {
    const { clock, store, parts } = open();
    for (let i = 0; i < 50; i++) assert.equal(parts('ck', 'tk', '1700000000', `old${i}`, expiry(1_700_000_000)), true);
    for (let i = 0; i < 20; i++) assert.equal(parts('ck', 'tk', '1700000100', `new${i}`, expiry(1_700_000_100)), true);
    assert.equal(await store.claim('opaque', expiry(1_700_000_000)), true);
    clock.ms = expiry(1_700_000_000);
    assert.equal(await store.cleanup(), 51);
    assert.equal(await store.cleanup(), 0);
    assert.equal(parts('ck', 'tk', '1700000100', 'new7', expiry(1_700_000_100)), false);
    assert.equal(parts('ck', 'tk', '1700000000', 'old7', expiry(1_700_000_000)), true);
  });

  test('the periodic sweep drops expired buckets behind live ones without a cleanup call', async () => {
    const { clock, store, parts } = open();
    // A far-future bucket first (a client clock ahead), then one that expires sooner.
    assert.equal(parts('ck', 'tk', '1700000200', 'ahead', expiry(1_700_000_200)), true);
    for (let i = 0; i < 100; i++) assert.equal(parts('ck', 'tk', '1700000000', `n${i}`, expiry(1_700_000_000)), true);
    clock.ms = expiry(1_700_000_000);
    for (let i = 0; i < 1024; i++) assert.equal(parts('ck', 'tk', '1700000250', `m${i}`, expiry(1_700_000_250)), true);
    // The 100 expired nonces are gone already: nothing left for cleanup to remove.
    assert.equal(await store.cleanup(), 0);
    assert.equal(parts('ck', 'tk', '1700000200', 'ahead', expiry(1_700_000_200)), false);
  });

  test('a full store fails closed while every nonce is live, and makes room once buckets expire', () => {
    const { clock, parts } = open(10);
    for (let i = 0; i < 10; i++) assert.equal(parts('ck', 'tk', '1700000000', `n${i}`, expiry(1_700_000_000)), true);
    assert.throws(() => parts('ck', 'tk', '1700000001', 'x', expiry(1_700_000_001)), /full/);
    assert.throws(() => parts('ck', 'tk', '1700000000', 'x', expiry(1_700_000_000)), /full/);
    // A replay is still answered as one when full.
    assert.equal(parts('ck', 'tk', '1700000000', 'n3', expiry(1_700_000_000)), false);
    clock.ms = expiry(1_700_000_000);
    assert.equal(parts('ck', 'tk', '1700000001', 'x', expiry(1_700_000_001)), true);
    for (let i = 0; i < 9; i++) assert.equal(parts('ck', 'tk', '1700000002', `y${i}`, expiry(1_700_000_002)), true);
    assert.throws(() => parts('ck', 'tk', '1700000002', 'z', expiry(1_700_000_002)), /full/);
  });
});

describe('memory store: what a held nonce keeps alive', () => {
  test('a nonce claimed from pieces of a large header does not keep the header', () => {
    const collect = (() => {
      setFlagsFromString('--expose-gc');
      return runInNewContext('gc') as () => void;
    })();
    const { parts } = open();
    const pad = 'x'.repeat(16_384);
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) {
      // Pieces sliced out of one large string each, as the header scan slices them out of the header.
      const header = `${pad}ck${'c'.repeat(22)}|tk${'t'.repeat(22)}|n${String(i).padStart(23, '0')}|1700000000`;
      const at = pad.length;
      const fresh = parts(
        header.slice(at, at + 24),
        header.slice(at + 25, at + 49),
        header.slice(at + 75, at + 85),
        header.slice(at + 50, at + 74),
        expiry(1_700_000_000),
      );
      assert.equal(fresh, true);
    }
    collect();
    const perNonce = (process.memoryUsage().heapUsed - before) / 2000;
    // About 150 bytes when only the key is held; 16 KB when each header is kept.
    assert.ok(perNonce < 2048, `${Math.round(perNonce)} bytes held per nonce`);
    assert.equal(parts('ck' + 'c'.repeat(22), 'tk' + 't'.repeat(22), '1700000000', `n${'0'.repeat(22)}7`, expiry(1_700_000_000)), false);
  });
});
