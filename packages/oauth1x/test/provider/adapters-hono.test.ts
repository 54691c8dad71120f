import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { signRequest } from '../../src/index.js';
import { type OAuthVariables, oauthEndpoints, oauthVerify } from '../../src/provider/adapters/hono.js';
import { toNodeHandler } from '../../src/provider/adapters/node.js';
import { createMemoryStore, storeTokenLookup } from '../../src/provider/index.js';
import { APP, CONSUMERS, form, OTHER_APP, problemOf, setup } from './endpoints-fixtures.js';

async function appWithToken() {
  const s = setup();
  const store = s.store;
  await store.saveAccessToken({
    token: 'at-1',
    secret: 'at secret',
    consumerKey: APP.key,
    userId: '1001',
    createdAt: Date.now(),
    expiresAt: null,
    meta: {},
  });
  const app = new Hono<{ Variables: OAuthVariables }>();
  app.use('/oauth/*', oauthEndpoints(s.handler));
  app.use(
    '/api/*',
    oauthVerify({
      lookupConsumer: (key) => CONSUMERS.get(key) ?? null,
      lookupToken: storeTokenLookup(store),
      nonceStore: store,
      realm: 'api',
    }),
  );
  app.get('/api/me', (c) => c.json({ consumer: c.get('oauth').consumerKey, token: c.get('oauth').tokenKey }));
  app.post('/api/echo', async (c) => {
    const body = await c.req.parseBody();
    return c.json({ status: body.status, verified: c.get('oauth').params });
  });
  return { app, s, token: { key: 'at-1', secret: 'at secret' } };
}

describe('hono adapter', () => {
  test('oauthVerify puts the verified request on the context; rejected requests never reach the route', async () => {
    const { app, token } = await appWithToken();
    const ok = await signRequest({ method: 'GET', url: 'http://localhost/api/me', consumer: APP, token });
    const response = await app.request(ok.url, { headers: { authorization: ok.authorization } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { consumer: APP.key, token: 'at-1' });
    const replay = await app.request(ok.url, { headers: { authorization: ok.authorization } });
    assert.equal(replay.status, 401);
    assert.equal(await problemOf(replay), 'nonce_used');
    assert.match(replay.headers.get('www-authenticate') ?? '', /realm="api"/);
    const foreign = await signRequest({ method: 'GET', url: 'http://localhost/api/me', consumer: OTHER_APP, token });
    const rejected = await app.request(foreign.url, { headers: { authorization: foreign.authorization } });
    assert.equal(await problemOf(rejected), 'token_rejected');
    assert.equal((await app.request('http://localhost/api/me')).status, 400);
  });

  test('the route can still read the form body after verification', async () => {
    const { app, token } = await appWithToken();
    const signed = await signRequest({
      method: 'POST',
      url: 'http://localhost/api/echo',
      consumer: APP,
      token,
      body: { status: 'hi there' },
    });
    const response = await app.request(signed.url, {
      method: 'POST',
      headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
      body: signed.body,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'hi there', verified: [['status', 'hi there']] });
  });

  test('formatError and per-request options', async () => {
    const store = createMemoryStore();
    const app = new Hono();
    let optionsCalls = 0;
    app.use(
      '*',
      oauthVerify(
        () => {
          optionsCalls++;
          return { lookupConsumer: () => null, nonceStore: store, expectToken: 'none' };
        },
        { formatError: (error) => Response.json({ errors: [{ code: 32, problem: error.problem }] }, { status: error.status }) },
      ),
    );
    app.get('/x', (c) => c.text('never'));
    const signed = await signRequest({ method: 'GET', url: 'http://localhost/x', consumer: APP });
    const response = await app.request(signed.url, { headers: { authorization: signed.authorization } });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { errors: [{ code: 32, problem: 'consumer_key_unknown' }] });
    assert.equal(optionsCalls, 1);
  });

  test('token endpoints and a verified route in one Hono app, over a real socket', { timeout: 10_000 }, async () => {
    const { app, s } = await appWithToken();
    const server = createServer(toNodeHandler(app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const rt = await signRequest({
        method: 'POST',
        url: `${base}/oauth/request_token`,
        consumer: APP,
        oauthParams: { oauth_callback: 'oob' },
      });
      const first = await fetch(rt.url, { method: 'POST', headers: { authorization: rt.authorization } });
      assert.equal(first.status, 200);
      const issued = await form(first);
      const { verifier } = await s.handler.approve(issued.oauth_token as string, '1002');
      const token = { key: issued.oauth_token as string, secret: issued.oauth_token_secret as string };
      const at = await signRequest({
        method: 'POST',
        url: `${base}/oauth/access_token`,
        consumer: APP,
        token,
        oauthParams: { oauth_verifier: verifier },
      });
      const access = await form(await fetch(at.url, { method: 'POST', headers: { authorization: at.authorization } }));
      const me = await signRequest({
        method: 'GET',
        url: `${base}/api/me`,
        consumer: APP,
        token: { key: access.oauth_token as string, secret: access.oauth_token_secret as string },
      });
      const response = await fetch(me.url, { headers: { authorization: me.authorization } });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { consumer: APP.key, token: access.oauth_token });
      assert.equal((await fetch(`${base}/elsewhere`)).status, 404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
