/**
 * Interop: oauth1x's client against a provider we did not write — oauthlib's RequestTokenEndpoint,
 * AccessTokenEndpoint, ResourceEndpoint and SignatureOnlyEndpoint (test/fixtures/oauthlib-provider.py).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type OauthlibProvider, startOauthlibProvider } from '@oauth1x/test-kit/fixtures/oauthlib-provider.js';
import { OAuth1Client, OAuthResponseError, parseCallback, xEndpoints } from '../../src/client/index.js';
import { type SignatureMethod, signRequest } from '../../src/index.js';

const HMAC_KEY = 'oauth1xinteropclient0001';
const HMAC_SECRET = 'kd94hf93k423kf44 +secret!*';
const RSA_KEY = 'oauth1xinteroprsaclient1';
const DEVICE_KEY = 'oauth1xinteropdevice0001';
const DEVICE_SECRET = 'device secret/with=odd&chars';
const PASSWORD = 'correct horse battery staple ✓';
const CALLBACK = 'https://app.example/cb';
const METHODS: SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA256', 'PLAINTEXT'];

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let provider: OauthlibProvider;

function client(method: SignatureMethod, extra: Partial<ConstructorParameters<typeof OAuth1Client>[0]> = {}): OAuth1Client {
  const rsa = method.startsWith('RSA-');
  return new OAuth1Client({
    consumer: { key: rsa ? RSA_KEY : HMAC_KEY, secret: rsa ? 'unused-for-rsa' : HMAC_SECRET },
    endpoints: xEndpoints(provider.baseUrl),
    signatureMethod: method,
    privateKey: rsa ? privateKey : undefined,
    ...extra,
  });
}

describe('client interop with oauthlib (test/fixtures/oauthlib-provider.py)', { timeout: 60_000 }, () => {
  before(async () => {
    provider = await startOauthlibProvider({
      clients: {
        [HMAC_KEY]: { secret: HMAC_SECRET, callback_prefixes: [CALLBACK] },
        [RSA_KEY]: { secret: 'unused-for-rsa', rsa_public_key: publicKey, callback_prefixes: [CALLBACK] },
        [DEVICE_KEY]: { secret: DEVICE_SECRET },
      },
      users: { alice: { password: PASSWORD, user_id: '1001' }, bob: { password: 'hunter2!', user_id: '1002' } },
    });
  });
  after(async () => {
    await provider?.stop();
  });

  for (const method of METHODS) {
    it(`3-legged flow with ${method}: request token → authorize → callback → access token → resource`, async () => {
      const c = client(method);
      const pending = await c.requestToken({ callback: CALLBACK });
      assert.equal(pending.params.oauth_callback_confirmed, 'true');
      const { verifier, callback } = await provider.authorize(pending.token.key, 'alice');
      assert.equal(callback, CALLBACK);
      const parsed = parseCallback(
        `${CALLBACK}?oauth_token=${encodeURIComponent(pending.token.key)}&oauth_verifier=${verifier}`,
        pending.token,
      );
      const access = await c.accessToken(pending.token, parsed.verifier);
      assert.equal(access.params.user_id, '1001');
      assert.equal(access.params.screen_name, 'alice');
      assert.equal(access.params.oauth_authorized_realms, 'photos');
      assert.notEqual(access.token.key, pending.token.key);

      const userFetch = c.signedFetch(access.token);
      const get = await userFetch(`${provider.baseUrl}/1.1/account/verify_credentials.json?include_email=true&q=a%20b%2Bc`);
      assert.equal(get.status, 200, await get.clone().text());
      const body = (await get.json()) as { screen_name: string; client: string; params: Record<string, string> };
      assert.equal(body.screen_name, 'alice');
      assert.equal(body.client, method.startsWith('RSA') ? RSA_KEY : HMAC_KEY);
      assert.deepEqual(body.params, { include_email: 'true', q: 'a b+c' });

      const post = await userFetch(`${provider.baseUrl}/1.1/account/verify_credentials.json`, {
        method: 'POST',
        body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen ☃ !*()', empty: '' }),
      });
      assert.equal(post.status, 200, await post.clone().text());
      assert.deepEqual(((await post.json()) as { params: unknown }).params, { status: 'Hello Ladies + Gentlemen ☃ !*()', empty: '' });

      // The request token is spent: a second exchange is refused.
      await assert.rejects(
        c.accessToken(pending.token, parsed.verifier),
        (e: unknown) => e instanceof OAuthResponseError && e.status === 401,
      );
    });
  }

  for (const transport of ['query', 'body'] as const) {
    it(`PIN (oob) flow and resource call with the ${transport} transport`, async () => {
      const c = client('HMAC-SHA1', { transport });
      const pending = await c.requestToken();
      const { verifier, callback } = await provider.authorize(pending.token.key, 'bob');
      assert.equal(callback, 'oob');
      const access = await c.accessToken(pending.token, ` ${verifier}\n`);
      assert.equal(access.params.screen_name, 'bob');
      const response = await c.signedFetch(access.token)(`${provider.baseUrl}/1.1/account/verify_credentials.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&b=x%20y',
      });
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(((await response.json()) as { params: unknown }).params, { a: '1', b: 'x y' });
    });
  }

  it('xAuth: username + password in the signed form body → access token that oauthlib accepts', async () => {
    const c = client('HMAC-SHA1');
    const { token, params } = await c.xauth('alice', PASSWORD);
    assert.deepEqual(
      { user_id: params.user_id, screen_name: params.screen_name, x_auth_expires: params.x_auth_expires },
      {
        user_id: '1001',
        screen_name: 'alice',
        x_auth_expires: '0',
      },
    );
    const response = await c.signedFetch(token)(`${provider.baseUrl}/1.1/account/verify_credentials.json`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { screen_name: string }).screen_name, 'alice');
  });

  it('xAuth with a wrong password: OAuthResponseError with X code 32, password nowhere in it', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const error = await client('HMAC-SHA256')
      .xauth('alice', wrong)
      .then(
        () => assert.fail('xauth should fail'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof OAuthResponseError);
    assert.equal(error.status, 401);
    assert.ok(error.body.kind === 'x-errors' && error.body.errors[0]?.code === 32, JSON.stringify(error.body));
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
      assert.ok(!text.includes(wrong) && !text.includes(encodeURIComponent(wrong)) && !text.includes(HMAC_SECRET), text);
    }
  });

  it('reverse auth: server step 1 header, device exchanges it for a token of the target consumer', async () => {
    const server = client('HMAC-SHA1');
    const device = new OAuth1Client({ consumer: { key: DEVICE_KEY, secret: DEVICE_SECRET }, endpoints: xEndpoints(provider.baseUrl) });
    const deviceToken = (await device.xauth('bob', 'hunter2!')).token;
    const reverse = await server.reverseAuth();
    assert.match(reverse.parameters, /^OAuth /);
    assert.equal(reverse.consumerKey, HMAC_KEY);
    const { token, params } = await device.exchangeReverseAuth(deviceToken, reverse);
    assert.equal(params.screen_name, 'bob');
    const response = await server.signedFetch(token)(`${provider.baseUrl}/1.1/account/verify_credentials.json`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { client: string; screen_name: string };
    assert.deepEqual([body.client, body.screen_name], [HMAC_KEY, 'bob']);
    // The step-1 header is single use.
    await assert.rejects(
      device.exchangeReverseAuth(deviceToken, reverse),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 401,
    );
  });

  it('2-legged: a consumer-only request is accepted by oauthlib (xAuth endpoint) and a forged one is not', async () => {
    const c = client('HMAC-SHA1');
    const appFetch = c.signedFetch();
    const ok = await appFetch(`${provider.baseUrl}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ x_auth_mode: 'client_auth', x_auth_username: 'bob', x_auth_password: 'hunter2!' }),
    });
    assert.equal(ok.status, 200);
    const forged = new OAuth1Client({ consumer: { key: HMAC_KEY, secret: 'wrong' }, endpoints: xEndpoints(provider.baseUrl) });
    await assert.rejects(
      forged.xauth('bob', 'hunter2!'),
      (e: unknown) => e instanceof OAuthResponseError && e.problem === 'signature_invalid',
    );
  });

  it('realm: a requested realm the client may use is granted; another is refused', async () => {
    const ok = await client('HMAC-SHA1', { realm: 'profile' }).requestToken({ callback: CALLBACK });
    assert.ok(ok.token.key.length >= 20);
    await assert.rejects(
      client('HMAC-SHA1', { realm: 'admin' }).requestToken({ callback: CALLBACK }),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 400,
    );
  });

  it('clock skew: oauthlib refuses a timestamp an hour off; the client retries once from Date and keeps the offset', async () => {
    const c = client('HMAC-SHA1', { clock: -3600 });
    const before = (await provider.log()).length;
    const { token } = await c.requestToken({ callback: CALLBACK });
    assert.ok(token.key);
    assert.ok(Math.abs(c.clockOffset) <= 2, `offset ${c.clockOffset}`);
    const statuses = (await provider.log()).slice(before).map((e) => e.status);
    assert.deepEqual(statuses, [400, 200]);
  });

  it('a replayed request (same nonce and timestamp) is refused by oauthlib, so the validator is real', async () => {
    const url = `${provider.baseUrl}/oauth/request_token`;
    const signed = await signRequest({
      method: 'POST',
      url,
      consumer: { key: HMAC_KEY, secret: HMAC_SECRET },
      oauthParams: { oauth_callback: 'oob' },
    });
    const first = await fetch(url, { method: 'POST', headers: { authorization: signed.authorization } });
    assert.equal(first.status, 200);
    const replay = await fetch(url, { method: 'POST', headers: { authorization: signed.authorization } });
    assert.equal(replay.status, 401);
  });

  it('oauthlib accepted every request of the flows with all four signature methods', async () => {
    const log = await provider.log();
    const methods = new Set(log.filter((e) => e.status === 200).map((e) => e.signature_method));
    for (const method of METHODS) assert.ok(methods.has(method), `${method} accepted at least once`);
    const resource = log.filter((e) => e.path === '/1.1/account/verify_credentials.json');
    assert.ok(resource.length >= 12);
    assert.ok(
      resource.every((e) => e.status === 200),
      JSON.stringify(resource),
    );
  });
});
