// The verification engineer's hostile table (hostile-cases.ts) against a Hono route protected by oauthVerify
// with store-backed lookups (storeTokenLookup over the memory and SQLite stores): the middleware answers every
// case with the expected status and oauth_problem, never a 5xx, and never reaches the route.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTILE_CASES, type HostileContext, problemOf, signFor } from '@oauth1x/test-kit/hostile/hostile-cases.js';
import { Hono } from 'hono';
import { oauthVerify } from '../../src/provider/adapters/hono.js';
import { createMemoryStore, type ProviderStore, storeTokenLookup } from '../../src/provider/index.js';
import { createSqliteStore } from '../../src/provider/stores/sqlite-store.js';

const CONSUMER = { key: 'hono-consumer', secret: 'hono secret' };
const OTHER = { key: 'hono-other', secret: 'other secret' };
const ACCESS = { key: 'hono-access', secret: 'access secret' };
const OTHER_ACCESS = { key: 'hono-other-access', secret: 'other access secret' };
const REQUEST = { key: 'hono-request', secret: 'request secret' };

async function seed(store: ProviderStore) {
  const now = Date.now();
  const access = (t: { key: string; secret: string }, consumerKey: string) =>
    store.saveAccessToken({ token: t.key, secret: t.secret, consumerKey, userId: 'u', createdAt: now, expiresAt: null, meta: {} });
  await access(ACCESS, CONSUMER.key);
  await access(OTHER_ACCESS, OTHER.key);
  await store.saveRequestToken({
    token: REQUEST.key,
    secret: REQUEST.secret,
    consumerKey: CONSUMER.key,
    callback: 'oob',
    state: 'pending',
    verifier: null,
    userId: null,
    createdAt: now,
    expiresAt: now + 3_600_000,
    meta: {},
  });
}

function app(store: ProviderStore) {
  const consumers = new Map([
    [CONSUMER.key, { secret: CONSUMER.secret }],
    [OTHER.key, { secret: OTHER.secret }],
  ]);
  const hono = new Hono();
  let reached = 0;
  hono.use(
    '*',
    oauthVerify({ lookupConsumer: (key) => consumers.get(key) ?? null, lookupToken: storeTokenLookup(store), nonceStore: store }),
  );
  hono.all('*', (c) => {
    reached++;
    return c.text('ok');
  });
  return { fetch: (request: Request) => hono.fetch(request), reached: () => reached };
}

for (const [name, open] of [
  ['memory', () => createMemoryStore()],
  ['sqlite', () => createSqliteStore({ synchronous: 'NORMAL', cleanupIntervalMs: 0 })],
] as const) {
  describe(`oauthVerify + ${name} store: hostile table`, () => {
    for (const baseUrl of ['http://api.example.test/1.1/statuses/home_timeline.json?count=5', 'https://api.example.test/r']) {
      const ctx: HostileContext = { baseUrl, consumer: CONSUMER, token: ACCESS, otherConsumerToken: OTHER_ACCESS, requestToken: REQUEST };
      it(`${baseUrl}: control accepted, then every case rejected as stated`, async () => {
        const store = open();
        await seed(store);
        const server = app(store);
        const good = await signFor(ctx);
        assert.equal((await server.fetch(new Request(good.url, { headers: { authorization: good.authorization } }))).status, 200);
        let checked = 0;
        for (const c of HOSTILE_CASES) {
          if (c.applies !== undefined && !c.applies(ctx)) continue;
          let response: Response | undefined;
          let before = 0;
          for (const request of await c.build(ctx)) {
            before = server.reached();
            response = await server.fetch(request);
            assert.ok(response.status < 500, `5xx from ${c.name}`);
          }
          const last = response as Response;
          assert.equal(await problemOf(last.clone()), c.problem, c.name);
          assert.equal(last.status, c.status, c.name);
          assert.equal(server.reached(), before, `${c.name}: the rejected request never reached the route`);
          checked++;
        }
        assert.ok(checked >= 30, String(checked));
        await store.close();
      });
    }
  });
}
