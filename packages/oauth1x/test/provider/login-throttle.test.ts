import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalUsername, createLoginThrottle, createMemoryStore, type LoginThrottleOptions } from '../../src/provider/index.js';
import { fakeClock } from './endpoints-fixtures.js';

function throttle(overrides: Partial<LoginThrottleOptions> = {}) {
  const clock = fakeClock();
  const store = overrides.store ?? createMemoryStore({ clock });
  return { clock, store, throttle: createLoginThrottle({ store, clock, maxFailures: 3, windowSeconds: 60, ...overrides }) };
}

describe('canonicalUsername', () => {
  test('a leading @, compatibility forms and case are folded; nothing else changes', () => {
    for (const form of ['alice', '@alice', 'ALICE', '@Alice', 'ａｌｉｃｅ', '＠ＡＬＩＣＥ'])
      assert.equal(canonicalUsername(form), 'alice', form);
    assert.equal(canonicalUsername('Straße'), canonicalUsername('STRASSE'));
    assert.equal(canonicalUsername('@@alice'), '@alice', 'only one @');
    assert.equal(canonicalUsername('al ice'), 'al ice');
  });
});

describe('createLoginThrottle', () => {
  test('per username and client: concurrent attempts get distinct counts, exactly maxFailures pass', async () => {
    const { throttle: t } = throttle();
    const admissions = await Promise.all(Array.from({ length: 40 }, () => t.admit({ username: 'bob', client: 'a' })));
    assert.equal(admissions.filter((a) => a.ok).length, 3);
    const refused = admissions.find((a) => !a.ok);
    assert.deepEqual(refused, { ok: false, limit: 'client', retryAfterSeconds: 60 });
    assert.equal((await t.admit({ username: 'bob', client: 'b' })).ok, true, 'another client has its own count');
    assert.equal((await t.admit({ username: 'bob', client: 'a', app: 'other-app' })).ok, true, 'and so has another app');
  });

  test('per client, all usernames: at most maxAttemptsPerClient checks, even concurrently, successes included', async () => {
    const { throttle: t } = throttle({ maxAttemptsPerClient: 10 });
    const admissions = await Promise.all(Array.from({ length: 50 }, (_, i) => t.admit({ username: `user-${i}`, client: 'flood' })));
    assert.equal(admissions.filter((a) => a.ok).length, 10);
    assert.ok(admissions.some((a) => !a.ok && a.limit === 'source'));
    for (const a of admissions) if (a.ok) await a.settle(true);
    assert.equal((await t.admit({ username: 'user-0', client: 'flood' })).ok, false, 'successes do not refund the source');
    assert.equal((await t.admit({ username: 'user-0', client: 'other' })).ok, true);
  });

  test('per username: past the cap one attempt per interval, atomically; refused clients cannot take the slot', async () => {
    const { throttle: t, clock } = throttle({ maxFailuresPerUsername: 4, slowIntervalSeconds: 10 });
    for (const client of ['x1', 'x2']) {
      for (let i = 0; i < 2; i++) {
        const a = await t.admit({ username: 'bob', client });
        assert.ok(a.ok);
        await a.settle(false);
      }
    }
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => t.admit({ username: 'bob', client: `c${i}` })));
    assert.equal(burst.filter((a) => a.ok).length, 1, 'one attempt in the interval');
    const waits = burst.flatMap((a) => (a.ok ? [] : [a.retryAfterSeconds]));
    assert.ok(
      waits.every((w) => w >= 1 && w <= 10 && w === waits[0]),
      String(waits),
    );
    clock.advance(10_000);
    // x1 has one attempt left; spend it, then it is refused by its own count without taking the slot.
    assert.ok((await t.admit({ username: 'bob', client: 'x1' })).ok);
    clock.advance(10_000);
    const exhausted = await t.admit({ username: 'bob', client: 'x1' });
    assert.deepEqual(exhausted, { ok: false, limit: 'client', retryAfterSeconds: 60 });
    assert.ok((await t.admit({ username: 'bob', client: 'user' })).ok, 'the slot is still free for the user');
    assert.ok((await t.admit({ username: 'alice', client: 'c0' })).ok, 'other usernames are not slowed');
  });

  test('a trusted attempt is held to its own count only', async () => {
    const { throttle: t } = throttle({ maxAttemptsPerClient: 2, maxFailuresPerUsername: 1 });
    const a = await t.admit({ username: 'bob', client: 'x' });
    assert.ok(a.ok);
    await a.settle(false);
    assert.equal((await t.admit({ username: 'bob', client: 'y' })).ok, true, 'the interval slot');
    assert.equal((await t.admit({ username: 'bob', client: 'z' })).ok, false, 'slowed');
    for (let i = 0; i < 3; i++) assert.ok((await t.admit({ username: 'bob', client: 'device:1', trusted: true })).ok);
    assert.equal((await t.admit({ username: 'bob', client: 'device:1', trusted: true })).ok, false, 'its own count holds');
  });

  test('without a client: one count per username (the simple mode), a success resets it', async () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 2; i++) {
      const a = await t.admit({ username: 'bob', client: '' });
      assert.ok(a.ok);
      await a.settle(false);
    }
    const third = await t.admit({ username: 'bob', client: '' });
    assert.ok(third.ok);
    await third.settle(true);
    assert.ok((await t.admit({ username: 'bob', client: '' })).ok, 'reset by the success');
  });
});
