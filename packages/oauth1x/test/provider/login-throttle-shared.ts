// The login throttle over two handles of one store (two connections, two processes' worth): every limit holds
// when concurrent attempts are split between them. Used by the SQLite and Redis store tests.
import assert from 'node:assert/strict';
import { createLoginThrottle, type ProviderStore } from '../../src/provider/index.js';

export async function throttleHoldsAcross(a: ProviderStore, b: ProviderStore): Promise<void> {
  const options = {
    prefix: `t${Math.random()}`,
    maxFailures: 3,
    maxAttemptsPerClient: 10,
    maxFailuresPerUsername: 2,
    slowIntervalSeconds: 60,
  };
  const both = [createLoginThrottle({ ...options, store: a }), createLoginThrottle({ ...options, store: b })] as const;
  const admit = (i: number, username: string, client: string) => both[i % 2]?.admit({ username, client });
  const strict = await Promise.all(Array.from({ length: 30 }, (_, i) => admit(i, 'bob', 'x')));
  assert.equal(strict.filter((r) => r?.ok).length, 3, 'per username and client');
  const source = await Promise.all(Array.from({ length: 30 }, (_, i) => admit(i, `user-${i}`, 'y')));
  assert.equal(source.filter((r) => r?.ok).length, 10, 'per client');
  for (let i = 0; i < 2; i++) {
    const r = await admit(i, 'carol', `z${i}`);
    assert.ok(r?.ok);
    await r.settle(false);
  }
  const slowed = await Promise.all(Array.from({ length: 30 }, (_, i) => admit(i, 'carol', `c${i}`)));
  assert.equal(slowed.filter((r) => r?.ok).length, 1, 'one attempt per interval once slowed');
}
