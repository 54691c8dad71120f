// Runs against a real Redis (scripts/run-tests.js starts one and sets REDIS_URL; these tests fail without it),
// plus a redis-server of its own without persistence for the restart case.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { type OwnedRedis, ownRedis } from '../../bench/load/redis-server.js';
import { signRequest } from '../../src/index.js';
import { nonceKey, timestampExpiresAt, verifyRequest } from '../../src/provider/index.js';
import { createRedisStore, type RedisProviderStore } from '../../src/provider/stores/redis-store.js';

const url = process.env.REDIS_URL as string;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const key = (timestamp: number, nonce: string) => nonceKey('consumer', 'token', String(timestamp), nonce);
const expiry = (timestamp: number) => timestampExpiresAt(timestamp, 300);

/** Deletes every key under `prefix`: what a Redis restarted without persistence has forgotten. */
async function forget(prefix: string): Promise<number> {
  const raw = new Redis(url);
  try {
    const keys = await raw.keys(`${prefix}*`);
    return keys.length === 0 ? 0 : await raw.del(...keys);
  } finally {
    raw.disconnect();
  }
}

describe('redis nonces: a Redis that lost its data', () => {
  before(() => assert.ok(url, 'REDIS_URL is not set: run the tests with scripts/run-tests.js'));

  test('an empty Redis at first use is not a loss: old timestamps inside the window are claimed as usual', async () => {
    const store = createRedisStore({ url, prefix: `t:${randomUUID()}:` });
    try {
      const t = nowSeconds() - 200;
      assert.equal(await store.claim(key(t, 'a'), expiry(t)), true);
      assert.equal(await store.claim(key(t, 'a'), expiry(t)), false);
    } finally {
      await store.close();
    }
  });

  test('after the loss, a replay of a request claimed before it is refused; requests signed after it are not', async () => {
    const prefix = `t:${randomUUID()}:`;
    const store = createRedisStore({ url, prefix });
    const other = createRedisStore({ url, prefix });
    try {
      const before = nowSeconds() - 10;
      assert.equal(await store.claim(key(before, 'seen'), expiry(before)), true);
      assert.ok((await forget(prefix)) >= 2, 'the nonce and the sentinel were there');
      // Plain SET NX would take it again: the nonce key is gone.
      assert.equal(await store.claim(key(before, 'seen'), expiry(before)), false);
      // Any request whose timestamp does not postdate the loss could have been seen: refused too, by every store.
      assert.equal(await store.claim(key(before + 5, 'never-seen'), expiry(before + 5)), false);
      assert.equal(await other.claim(key(before, 'seen'), expiry(before)), false);
      // Signed after the loss: claimed once, as usual, by either store.
      const after = nowSeconds() + 1;
      assert.equal(await other.claim(key(after, 'fresh'), expiry(after)), true);
      assert.equal(await store.claim(key(after, 'fresh'), expiry(after)), false);
      // Keys that are not nonceKey's form carry no timestamp: plain once-only claims.
      assert.equal(await store.claim('custom-key', Date.now() + 60_000), true);
      assert.equal(await store.claim('custom-key', Date.now() + 60_000), false);
    } finally {
      await store.close();
      await other.close();
    }
  });

  test('a store that never saw the old data re-creating the sentinel does not hide the loss from one that did', async () => {
    const prefix = `t:${randomUUID()}:`;
    const knowing = createRedisStore({ url, prefix });
    let fresh: RedisProviderStore | undefined;
    try {
      const t = nowSeconds() - 10;
      assert.equal(await knowing.claim(key(t, 'one'), expiry(t)), true);
      await forget(prefix);
      await new Promise((r) => setTimeout(r, 5)); // the new sentinel is created after the old loss marker, if any
      fresh = createRedisStore({ url, prefix });
      // The fresh store cannot know (its first contact is an empty Redis): it claims.
      assert.equal(await fresh.claim(key(t, 'two'), expiry(t)), true);
      // The store that knew the old epoch notices, records the loss, and both refuse from then on.
      assert.equal(await knowing.claim(key(t, 'one'), expiry(t)), false);
      assert.equal(await fresh.claim(key(t, 'three'), expiry(t)), false);
      const later = nowSeconds() + 1;
      assert.equal(await fresh.claim(key(later, 'four'), expiry(later)), true);
    } finally {
      await knowing.close();
      await fresh?.close();
    }
  });
});

describe('redis nonces: redis-server restarted without persistence, end to end', () => {
  let redis: OwnedRedis;
  before(async () => {
    redis = await ownRedis({ persistent: false });
  });
  after(async () => {
    await redis?.dispose();
  });

  test('verifyRequest refuses the replay of a request accepted before the restart (nonce_used)', async () => {
    const store = createRedisStore({ url: redis.url });
    const consumer = { key: 'consumer-key', secret: 'consumer-secret' };
    const token = { key: 'token-key', secret: 'token-secret' };
    const options = {
      lookupConsumer: (k: string) => (k === consumer.key ? { secret: consumer.secret } : null),
      lookupToken: (k: string) => (k === token.key ? { secret: token.secret, kind: 'access' as const, consumerKey: consumer.key } : null),
      nonceStore: store,
    };
    const build = async () => {
      const signed = await signRequest({ method: 'GET', url: 'https://api.test/1.1/account/verify_credentials.json', consumer, token });
      return () =>
        new Request('https://api.test/1.1/account/verify_credentials.json', { headers: { authorization: signed.authorization } });
    };
    try {
      await store.ready(5000);
      const first = await build();
      assert.equal((await verifyRequest(first(), options)).consumerKey, consumer.key);
      await redis.kill();
      await redis.start(); // empty: no persistence
      await store.ready(5000);
      await assert.rejects(verifyRequest(first(), options), (error: { problem?: string }) => error.problem === 'nonce_used');
      await new Promise((r) => setTimeout(r, 1100)); // the next second: signed after the loss
      const second = await build();
      assert.equal((await verifyRequest(second(), options)).consumerKey, consumer.key);
    } finally {
      await store.close();
    }
  });
});
