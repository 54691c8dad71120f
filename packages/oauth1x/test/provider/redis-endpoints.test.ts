// Token endpoints over Redis, for real: scripts/run-tests.js starts redis-server and sets REDIS_URL. Without
// REDIS_URL, or with an unreachable Redis, these tests FAIL on purpose.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { signRequest } from '../../src/index.js';
import { type ProviderStore, storeTokenLookup, verifyRequest } from '../../src/provider/index.js';
import { createRedisStore, type RedisProviderStore } from '../../src/provider/stores/redis-store.js';
import { APP, BASE, CONSUMERS, form, problemOf, setup } from './endpoints-fixtures.js';
import { runEndpointHostile } from './endpoints-hostile-cases.js';
import { markInService } from './redis-in-service.js';

const url = process.env.REDIS_URL;

before(async () => {
  assert.ok(url, 'REDIS_URL is not set: run the tests with scripts/run-tests.js (it starts redis-server) or set REDIS_URL');
  const probe = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  probe.on('error', () => {});
  try {
    assert.equal(await probe.ping(), 'PONG', `Redis at ${url} is not reachable`);
  } finally {
    probe.disconnect();
  }
});

const opened: ProviderStore[] = [];
after(async () => {
  for (const store of opened) await store.close();
});
/** A store on a namespace in service (see redis-in-service.ts). */
async function redisStore(prefix: string): Promise<RedisProviderStore> {
  await markInService(url as string, prefix);
  const store = createRedisStore({ url, prefix });
  opened.push(store);
  return store;
}

describe('concurrency acceptance: two instances, one Redis', { timeout: 60_000 }, () => {
  test('1,000 copies of one signed request_token request at two handlers → exactly 1 accepted, 999 nonce_used', async () => {
    const prefix = `acc:${randomUUID()}:`;
    const [storeA, storeB] = [await redisStore(prefix), await redisStore(prefix)];
    // Both instances are connected before the traffic arrives, as a deployed provider would be.
    await Promise.all([storeA.ready(), storeB.ready()]);
    const a = setup({}, storeA);
    const b = setup({}, storeB);
    const signed = await signRequest({
      method: 'POST',
      url: `${BASE}/oauth/request_token`,
      consumer: APP,
      oauthParams: { oauth_callback: 'oob' },
      body: { x_auth_access_type: 'read' },
    });
    const headers = { authorization: signed.authorization, 'content-type': signed.contentType as string };
    const copies = Array.from({ length: 1000 }, () => new Request(signed.url, { method: 'POST', headers, body: signed.body }));
    const responses = await Promise.all(copies.map((request, i) => (i % 2 === 0 ? a : b).handler.fetch(request)));
    const accepted = responses.filter((r) => r.status === 200);
    const histogram: Record<number, number> = {};
    for (const r of responses) histogram[r.status] = (histogram[r.status] ?? 0) + 1;
    assert.equal(accepted.length, 1, JSON.stringify(histogram));
    const problems = await Promise.all(responses.filter((r) => r.status !== 200).map((r) => problemOf(r)));
    assert.equal(problems.length, 999);
    assert.deepEqual(new Set(problems), new Set(['nonce_used']));
    assert.ok(responses.every((r) => r.status === 200 || r.status === 401));
    // The one token issued by either instance is visible to both.
    const token = (await form(accepted[0] as Response)).oauth_token as string;
    assert.equal((await a.store.getRequestToken(token))?.consumerKey, APP.key);
    assert.equal((await b.store.getRequestToken(token))?.consumerKey, APP.key);
  });

  test('1,000 copies of one signed API request at two verifyRequest instances → exactly 1 accepted', async () => {
    const prefix = `acc:${randomUUID()}:`;
    const stores = [await redisStore(prefix), await redisStore(prefix)];
    const token = { key: 'at-shared', secret: 'shared secret' };
    await stores[0]?.saveAccessToken({
      ...token,
      token: token.key,
      consumerKey: APP.key,
      userId: '1',
      createdAt: Date.now(),
      expiresAt: null,
      meta: {},
    });
    const verifiers = stores.map(
      (store) => (request: Request) =>
        verifyRequest(request, {
          lookupConsumer: (key) => CONSUMERS.get(key) ?? null,
          lookupToken: storeTokenLookup(store),
          nonceStore: store,
        }),
    );
    await Promise.all(stores.map((store) => store.ready()));
    const signed = await signRequest({ method: 'GET', url: 'https://api.test/1.1/account/verify_credentials.json', consumer: APP, token });
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        (verifiers[i % 2] as (r: Request) => Promise<unknown>)(
          new Request(signed.url, { headers: { authorization: signed.authorization } }),
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { problem: string }).problem] : []));
    assert.equal(reasons.length, 999);
    assert.deepEqual(new Set(reasons), new Set(['nonce_used']));
  });

  test('a request token approved on one instance is exchanged exactly once across both', async () => {
    const prefix = `acc:${randomUUID()}:`;
    const a = setup({}, await redisStore(prefix));
    const b = setup({}, await redisStore(prefix));
    const issued = await form(
      await a.handler.fetch(
        new Request(
          (
            await signRequest({
              method: 'GET',
              url: `${BASE}/oauth/request_token`,
              consumer: APP,
              oauthParams: { oauth_callback: 'oob' },
              transport: 'query',
            })
          ).url,
        ),
      ),
    );
    const token = { key: issued.oauth_token as string, secret: issued.oauth_token_secret as string };
    const { verifier } = await b.handler.approve(token.key, '1001');
    const requests = await Promise.all(
      Array.from({ length: 40 }, () =>
        signRequest({ method: 'POST', url: `${BASE}/oauth/access_token`, consumer: APP, token, oauthParams: { oauth_verifier: verifier } }),
      ),
    );
    const responses = await Promise.all(
      requests.map((r, i) =>
        (i % 2 ? a : b).handler.fetch(new Request(r.url, { method: 'POST', headers: { authorization: r.authorization } })),
      ),
    );
    assert.equal(responses.filter((r) => r.status === 200).length, 1);
    // Attempts past maxVerifierAttempts (5, counted in Redis across both instances) are refused uncompared.
    for (const r of responses) if (r.status !== 200) assert.match((await problemOf(r)) as string, /^token_(used|rejected)$/);
  });
});

runEndpointHostile('redis', () => redisStore(`hostile:${randomUUID()}:`));
