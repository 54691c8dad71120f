// Runs against a real Redis: scripts/run-tests.js starts one and sets REDIS_URL. Without REDIS_URL, or with an
// unreachable Redis, these tests FAIL on purpose (CI must provide Redis).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../src/provider/stores/redis-store.js';
import { throttleHoldsAcross } from './login-throttle-shared.js';
import { markInService } from './redis-in-service.js';
import { requestToken, storeContract } from './stores-contract.js';

const url = process.env.REDIS_URL;

before(async () => {
  assert.ok(url, 'REDIS_URL is not set: run the tests with scripts/run-tests.js (it starts redis-server) or set REDIS_URL');
  const probe = new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  probe.on('error', () => {});
  try {
    assert.equal(await probe.ping(), 'PONG', `Redis at ${url} is not reachable`);
  } finally {
    probe.disconnect();
  }
});

storeContract('redis', async (options) => {
  const prefix = `t:${randomUUID()}:`;
  await markInService(url as string, prefix);
  return createRedisStore({ ...options, url, prefix });
});

test('redis: two stores (two connections) share nonces and request-token state', async () => {
  const prefix = `t:${randomUUID()}:`;
  const a = createRedisStore({ url, prefix });
  const b = createRedisStore({ url, prefix });
  try {
    const claims = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).claim('same', Date.now() + 60_000)));
    assert.equal(claims.filter(Boolean).length, 1);
    const record = requestToken();
    await a.saveRequestToken(record);
    await b.authorizeRequestToken(record.token, 'u', 'v', Date.now());
    const consumed = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).consumeRequestToken(record.token, Date.now())));
    assert.equal(consumed.filter((r) => r.ok).length, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test('redis: the login throttle holds with attempts split between two connections', async () => {
  const prefix = `t:${randomUUID()}:`;
  const a = createRedisStore({ url, prefix });
  const b = createRedisStore({ url, prefix });
  try {
    await throttleHoldsAcross(a, b);
  } finally {
    await a.close();
    await b.close();
  }
});

test('redis: nonce keys use SET NX PX with a TTL; tokens carry a TTL of expiry plus retention', async () => {
  const prefix = `t:${randomUUID()}:`;
  const store = createRedisStore({ url, prefix, retentionMs: 10_000 });
  const raw = new Redis(url as string);
  try {
    await store.claim('k', Date.now() + 5000);
    const ttl = await raw.pttl(`${prefix}n:k`);
    assert.ok(ttl > 4000 && ttl <= 5000, `nonce TTL ${ttl}`);
    const record = requestToken({ expiresAt: Date.now() + 5000 });
    await store.saveRequestToken(record);
    const rtTtl = await raw.pttl(`${prefix}rt:${record.token}`);
    assert.ok(rtTtl > 14_000 && rtTtl <= 15_000, `request token TTL ${rtTtl}`);
    await store.authorizeRequestToken(record.token, 'u', 'v', Date.now());
    assert.ok((await raw.pttl(`${prefix}rt:${record.token}`)) > 14_000, 'a transition keeps the TTL');
  } finally {
    raw.disconnect();
    await store.close();
  }
});

test('redis: ready() resolves once connected and rejects in time when Redis is unreachable', async () => {
  const live = createRedisStore({ url });
  const dead = createRedisStore({ url: `redis://127.0.0.1:${await freePort()}` });
  try {
    await live.ready();
    const started = Date.now();
    await assert.rejects(dead.ready(300), /not reachable/);
    assert.ok(Date.now() - started < 1500);
  } finally {
    await live.close();
    await dead.close();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(port: number) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const probe = new Redis(port, '127.0.0.1', { retryStrategy: () => 20, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  await probe.ping();
  probe.disconnect();
  return child;
}

test('redis: down → claim rejects fast (fail closed); back up → the same store works again by itself', { timeout: 20_000 }, async () => {
  const port = await freePort();
  let server = await startRedis(port);
  const store = createRedisStore({ url: `redis://127.0.0.1:${port}`, connectWaitMs: 300 });
  try {
    assert.equal(await store.claim('a', Date.now() + 60_000), true);
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      await assert.rejects(store.claim(`down-${i}`, Date.now() + 60_000));
      assert.ok(Date.now() - started < 2500, `rejected after ${Date.now() - started} ms`);
    }
    await assert.rejects(store.consumeRequestToken('x', Date.now()));
    server = await startRedis(port);
    let claimed: boolean | undefined;
    const deadline = Date.now() + 10_000;
    while (claimed === undefined && Date.now() < deadline) {
      claimed = await store.claim('b', Date.now() + 60_000).catch(() => undefined);
      if (claimed === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(claimed, true, 'the store reconnected on its own');
    assert.equal(await store.claim('b', Date.now() + 60_000), false);
  } finally {
    await store.close();
    server.kill('SIGKILL');
  }
});

after(() => {});
