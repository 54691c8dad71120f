// Runs against a real Redis (scripts/run-tests.js starts one and sets REDIS_URL; these tests fail without it),
// plus a redis-server of its own without persistence for the restart cases.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type OwnedRedis, ownRedis } from '@oauth1x/test-kit/redis-server.js';
import { Redis } from 'ioredis';
import { signRequest } from '../../src/index.js';
import { nonceKey, timestampExpiresAt, verifyRequest } from '../../src/provider/index.js';
import { createRedisStore, FAIL_FAST_REDIS_OPTIONS, type RedisProviderStore } from '../../src/provider/stores/redis-store.js';
import { markInService } from './redis-in-service.js';

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

/** A provider's verifyRequest options over `store`, and a signed request to replay. */
function provider(store: RedisProviderStore) {
  const consumer = { key: 'consumer-key', secret: 'consumer-secret' };
  const token = { key: 'token-key', secret: 'token-secret' };
  const options = {
    lookupConsumer: (k: string) => (k === consumer.key ? { secret: consumer.secret } : null),
    lookupToken: (k: string) => (k === token.key ? { secret: token.secret, kind: 'access' as const, consumerKey: consumer.key } : null),
    nonceStore: store,
  };
  const build = async () => {
    const signed = await signRequest({ method: 'GET', url: 'https://api.test/1.1/account/verify_credentials.json', consumer, token });
    return () => new Request('https://api.test/1.1/account/verify_credentials.json', { headers: { authorization: signed.authorization } });
  };
  return { options, build, consumer };
}

const isNonceUsed = (error: { problem?: string }) => error.problem === 'nonce_used';
const isUnavailable = (error: { problem?: string }) => error.problem === 'temporarily_unavailable';

describe('redis nonces: a Redis that lost its data', () => {
  before(() => assert.ok(url, 'REDIS_URL is not set: run the tests with scripts/run-tests.js'));

  test('a fresh namespace: what is signed after ready() is claimed; timestamps up to the marker are refused (the trade-off)', async () => {
    const store = createRedisStore({ url, prefix: `t:${randomUUID()}:` });
    try {
      const started = Date.now();
      await store.ready();
      assert.ok(Date.now() - started < 2000, 'ready() waits at most for the next second');
      const t = nowSeconds();
      assert.equal(await store.claim(key(t, 'a'), expiry(t)), true);
      assert.equal(await store.claim(key(t, 'a'), expiry(t)), false);
      // An empty Redis cannot tell "never used" from "flushed": older timestamps inside the window may be replays.
      const old = t - 200;
      assert.equal(await store.claim(key(old, 'b'), expiry(old)), false);
      // Keys that are not nonceKey's form carry no timestamp: plain once-only claims.
      assert.equal(await store.claim('custom-key', Date.now() + 60_000), true);
      assert.equal(await store.claim('custom-key', Date.now() + 60_000), false);
    } finally {
      await store.close();
    }
  });

  test('a namespace in service claims old timestamps inside the window as usual', async () => {
    const prefix = `t:${randomUUID()}:`;
    await markInService(url, prefix);
    const store = createRedisStore({ url, prefix });
    try {
      const t = nowSeconds() - 200;
      assert.equal(await store.claim(key(t, 'a'), expiry(t)), true);
      assert.equal(await store.claim(key(t, 'a'), expiry(t)), false);
    } finally {
      await store.close();
    }
  });

  test('after a loss while connected, a replay of a request claimed before it is refused; requests signed after it are not', async () => {
    const prefix = `t:${randomUUID()}:`;
    await markInService(url, prefix);
    const store = createRedisStore({ url, prefix });
    const other = createRedisStore({ url, prefix });
    try {
      const before = nowSeconds() - 10;
      assert.equal(await store.claim(key(before, 'seen'), expiry(before)), true);
      assert.ok((await forget(prefix)) >= 3, 'the nonce, the marker and lost-at were there');
      // Plain SET NX would take it again: the nonce key is gone.
      assert.equal(await store.claim(key(before, 'seen'), expiry(before)), false);
      // Any request whose timestamp does not postdate the loss could have been seen: refused too, by every store.
      assert.equal(await store.claim(key(before + 5, 'never-seen'), expiry(before + 5)), false);
      assert.equal(await other.claim(key(before, 'seen'), expiry(before)), false);
      // Signed after the loss: claimed once, as usual, by either store.
      const after = nowSeconds() + 1;
      assert.equal(await other.claim(key(after, 'fresh'), expiry(after)), true);
      assert.equal(await store.claim(key(after, 'fresh'), expiry(after)), false);
    } finally {
      await store.close();
      await other.close();
    }
  });

  test('a store that connects after the loss refuses too (it finds no marker), and so does the one that knew', async () => {
    const prefix = `t:${randomUUID()}:`;
    await markInService(url, prefix);
    const knowing = createRedisStore({ url, prefix });
    let late: RedisProviderStore | undefined;
    try {
      const t = nowSeconds() - 10;
      assert.equal(await knowing.claim(key(t, 'one'), expiry(t)), true);
      await forget(prefix);
      late = createRedisStore({ url, prefix });
      assert.equal(await late.claim(key(t, 'two'), expiry(t)), false);
      assert.equal(await knowing.claim(key(t, 'one'), expiry(t)), false);
      assert.equal(await knowing.claim(key(t, 'three'), expiry(t)), false);
      const later = nowSeconds() + 1;
      assert.equal(await late.claim(key(later, 'four'), expiry(later)), true);
      assert.equal(await knowing.claim(key(later, 'four'), expiry(later)), false);
    } finally {
      await knowing.close();
      await late?.close();
    }
  });

  test('Redis flushed while no provider is connected: the next provider refuses the replay and accepts new requests', async () => {
    // FLUSHDB of a database of this test's own: FLUSHALL would wipe the keys of test files running alongside.
    const dbUrl = `${url.replace(/\/\d*$/, '')}/9`;
    const prefix = `t:${randomUUID()}:`;
    await markInService(dbUrl, prefix);
    const first = createRedisStore({ url: dbUrl, prefix });
    let captured: () => Request;
    try {
      await first.ready();
      const p = provider(first);
      captured = await p.build();
      assert.equal((await verifyRequest(captured(), p.options)).consumerKey, p.consumer.key);
      await assert.rejects(verifyRequest(captured(), p.options), isNonceUsed);
    } finally {
      await first.close();
    }
    const raw = new Redis(dbUrl);
    try {
      assert.equal(await raw.flushdb(), 'OK');
    } finally {
      raw.disconnect();
    }
    const next = createRedisStore({ url: dbUrl, prefix });
    try {
      await next.ready();
      const p = provider(next);
      await assert.rejects(verifyRequest(captured(), p.options), isNonceUsed);
      const fresh = await p.build();
      assert.equal((await verifyRequest(fresh(), p.options)).consumerKey, p.consumer.key);
      await assert.rejects(verifyRequest(fresh(), p.options), isNonceUsed);
    } finally {
      await next.close();
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
    const { options, build, consumer } = provider(store);
    try {
      await store.ready(5000);
      const first = await build();
      assert.equal((await verifyRequest(first(), options)).consumerKey, consumer.key);
      await redis.kill();
      // Down (whether or not the client has noticed yet): fail closed, never the replay accepted.
      await assert.rejects(verifyRequest(first(), options), isUnavailable);
      // start() may return before this process has read the old socket's end (it polls with spawnSync): ready()
      // must not trust ioredis's stale `ready` then; it waits for the reconnect and the marker check.
      await redis.start(); // empty: no persistence
      await store.ready(5000);
      await assert.rejects(verifyRequest(first(), options), isNonceUsed);
      const second = await build(); // ready() returned in the second after the loss was recorded
      assert.equal((await verifyRequest(second(), options)).consumerKey, consumer.key);
    } finally {
      await store.close();
    }
  });

  test('restarted while no provider was connected: the next provider refuses the replay', async () => {
    const store = createRedisStore({ url: redis.url });
    let captured: () => Request;
    try {
      await store.ready(5000);
      const p = provider(store);
      captured = await p.build();
      assert.equal((await verifyRequest(captured(), p.options)).consumerKey, p.consumer.key);
    } finally {
      await store.close();
    }
    await redis.kill();
    await redis.start(); // empty: no persistence
    const next = createRedisStore({ url: redis.url });
    try {
      await next.ready(5000);
      const p = provider(next);
      await assert.rejects(verifyRequest(captured(), p.options), isNonceUsed);
      const fresh = await p.build();
      assert.equal((await verifyRequest(fresh(), p.options)).consumerKey, p.consumer.key);
    } finally {
      await next.close();
    }
  });

  test('the moment a connection is lost (ioredis still says ready, its socket has ended): claims fail closed, ready() waits for the reconnect', async () => {
    // Reconnects after a second: a claim in the window cannot be carried by a quick reconnect.
    const client = new Redis(redis.url, { ...FAIL_FAST_REDIS_OPTIONS, retryStrategy: () => 1000 });
    client.on('error', () => {});
    const store = createRedisStore({ client, connectWaitMs: 50 });
    const { options, build, consumer } = provider(store);
    try {
      await store.ready(5000);
      const first = await build();
      assert.equal((await verifyRequest(first(), options)).consumerKey, consumer.key);
      // What a read of EOF does to the socket (allowHalfOpen is false); the 'close' event comes later.
      client.stream.end();
      assert.equal(client.status, 'ready', 'the window: ioredis has not seen the close yet');
      const replay = verifyRequest(first(), options);
      const claim = store.claim(key(nowSeconds(), 'in-the-window'), expiry(nowSeconds()));
      await assert.rejects(replay, isUnavailable);
      await assert.rejects(claim, /Redis not reachable \(connection lost/);
      await store.ready(5000); // the reconnect and the marker check, not the stale `ready`
      assert.equal(client.status, 'ready');
      await assert.rejects(verifyRequest(first(), options), isNonceUsed);
      const second = await build();
      assert.equal((await verifyRequest(second(), options)).consumerKey, consumer.key);
    } finally {
      await store.close();
      client.disconnect();
    }
  });
});
