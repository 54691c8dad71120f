import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import { API, bearerGet, codeFor, exchange, pkce, tokenPost } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import type { SandboxContext } from '../src/context.js';
import { createSandbox, type Sandbox } from '../src/index.js';
import { specRouteBuilders } from '../src/spec-routes.js';
import { specOperation } from '../src/x-spec.js';

let sandbox: Sandbox;
let demoId: string;
const APP_REFUSAL = { errors: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }] };
const FORBIDDEN = { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' };

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: { 'GET /2/users/:id': { limit: 2, appOnly: 3 } } });
  demoId = sandbox.credentials.user_id;
});
after(async () => sandbox.close());

function consumerBasic(key = sandbox.credentials.consumer_key, secret = sandbox.credentials.consumer_secret): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(key)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

async function appBearer(): Promise<string> {
  const response = await tokenPost(sandbox, '/oauth2/token', { grant_type: 'client_credentials' }, consumerBasic());
  assert.equal(response.status, 200);
  const body = (await response.json()) as { token_type: string; access_token: string };
  assert.deepEqual(Object.keys(body), ['token_type', 'access_token']);
  assert.equal(body.token_type, 'bearer');
  return body.access_token;
}

async function userToken(scopes: string[]): Promise<string> {
  const { verifier, challenge } = pkce();
  const response = await exchange(sandbox, await codeFor(sandbox, scopes, challenge), verifier);
  return ((await response.json()) as { access_token: string }).access_token;
}

function post(path: string, token: string, body: unknown): Promise<Response> {
  return sandbox.fetch(
    new Request(`${API}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

describe('sandbox app-only bearer (POST /oauth2/token, /oauth2/invalidate_token)', () => {
  it('answers the same bearer until invalidated, then a new one; the old one is refused', async () => {
    const first = await appBearer();
    assert.equal(await appBearer(), first);
    const tweet = await call(sandbox, 'POST', `${API}/2/tweets`, {
      raw: JSON.stringify({ text: 'app-only readable' }),
      contentType: 'application/json',
      token: demoToken(sandbox),
    });
    const id = ((await tweet.json()) as { data: { id: string } }).data.id;
    assert.equal((await bearerGet(sandbox, `/2/tweets/${id}`, first)).status, 200);
    const invalidated = await tokenPost(sandbox, '/oauth2/invalidate_token', { access_token: first }, consumerBasic());
    assert.equal(invalidated.status, 200);
    assert.deepEqual(await invalidated.json(), { access_token: first });
    const old = await bearerGet(sandbox, `/2/tweets/${id}`, first);
    assert.equal(old.status, 401);
    const second = await appBearer();
    assert.notEqual(second, first);
    const again = await tokenPost(sandbox, '/oauth2/invalidate_token', { access_token: first }, consumerBasic());
    assert.equal(again.status, 403);
    assert.deepEqual(await again.json(), APP_REFUSAL);
  });

  it('refuses bad app credentials and a missing grant_type with X’s 403 code 99', async () => {
    for (const [form, authorization] of [
      [{ grant_type: 'client_credentials' }, consumerBasic(sandbox.credentials.consumer_key, 'wrong')],
      [{ grant_type: 'client_credentials' }, consumerBasic('unknown', sandbox.credentials.consumer_secret)],
      [{}, consumerBasic()],
      [{ grant_type: 'client_credentials' }, null],
    ] as const) {
      const response = await tokenPost(sandbox, '/oauth2/token', { ...form }, authorization);
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), APP_REFUSAL);
    }
  });

  it('reads with app-only where the spec allows BearerToken (GET /2/users/by/username/:username)', async () => {
    const response = await bearerGet(sandbox, '/2/users/by/username/alice', await appBearer());
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { data: { username: string } }).data.username, 'alice');
  });

  it('refuses app-only on user-context routes with X’s 403 unsupported-authentication', async () => {
    const bearer = await appBearer();
    const me = await bearerGet(sandbox, '/2/users/me', bearer);
    assert.equal(me.status, 403);
    assert.deepEqual(await me.json(), {
      title: 'Unsupported Authentication',
      detail:
        'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
      type: 'https://api.x.com/2/problems/unsupported-authentication',
      status: 403,
    });
    assert.equal((await post('/2/tweets', bearer, { text: 'no user' })).status, 403);
    const v1 = await bearerGet(sandbox, '/1.1/account/verify_credentials.json', bearer);
    assert.equal(v1.status, 403);
    assert.deepEqual(await v1.json(), { errors: [{ code: 220, message: 'Your credentials do not allow access to this resource.' }] });
  });

  it('counts app-only calls in their own per-app pool at X’s per-app figure', async () => {
    const bearer = await appBearer();
    // The demo user's OAuth 1.0a calls use the user's window of GET /2/users/:id (limit 2 here).
    for (let i = 0; i < 2; i++)
      assert.equal((await call(sandbox, 'GET', `${API}/2/users/${demoId}`, { token: demoToken(sandbox) })).status, 200);
    assert.equal((await call(sandbox, 'GET', `${API}/2/users/${demoId}`, { token: demoToken(sandbox) })).status, 429);
    // App-only calls: the app's own pool at X's "Per App" figure (3 here).
    const first = await bearerGet(sandbox, `/2/users/${demoId}`, bearer);
    assert.equal(first.status, 200);
    assert.deepEqual([first.headers.get('x-rate-limit-limit'), first.headers.get('x-rate-limit-remaining')], ['3', '2']);
    for (let i = 0; i < 2; i++) assert.equal((await bearerGet(sandbox, `/2/users/${demoId}`, bearer)).status, 200);
    assert.equal((await bearerGet(sandbox, `/2/users/${demoId}`, bearer)).status, 429);
  });
});

describe('sandbox OAuth 2.0 user tokens on v2 routes', () => {
  it('posts with tweet.write as the token’s owner, billed to its client app', async () => {
    const before = sandbox.billing.usage(sandbox.credentials.consumer_key)?.[0]?.calls ?? 0;
    const token = await userToken(['tweet.read', 'tweet.write', 'users.read']);
    const posted = await post('/2/tweets', token, { text: 'posted with an OAuth 2.0 user token' });
    assert.equal(posted.status, 201, await posted.clone().text());
    const id = ((await posted.json()) as { data: { id: string } }).data.id;
    const read = await bearerGet(sandbox, `/2/tweets/${id}?tweet.fields=author_id`, token);
    assert.equal(((await read.json()) as { data: { author_id: string } }).data.author_id, demoId);
    const after = sandbox.billing.usage(sandbox.credentials.consumer_key)?.[0]?.calls ?? 0;
    assert.equal(after, before + 2);
  });

  it('refuses a token without a scope the operation lists with X’s 403', async () => {
    const token = await userToken(['tweet.read', 'users.read']);
    const posted = await post('/2/tweets', token, { text: 'no tweet.write' });
    assert.equal(posted.status, 403);
    assert.deepEqual(await posted.json(), FORBIDDEN);
    const upload = await bearerGet(sandbox, '/2/media/upload?media_id=1', token);
    assert.equal(upload.status, 403);
    const noUsers = await userToken(['tweet.read']);
    assert.deepEqual(await (await bearerGet(sandbox, '/2/users/me', noUsers)).json(), FORBIDDEN);
  });

  it('refuses unknown and malformed bearers with 401, never 5xx', async () => {
    for (const value of [
      'Bearer nope',
      'Bearer AAAAAAAAAAAAAAAAAAAAA1AAAAAAAA' + 'x'.repeat(43),
      'Bearer AAAAAAAAAAAAAAAAAAAAA99999999999999999999AAAAAAAA' + 'x'.repeat(43),
    ]) {
      const response = await sandbox.fetch(new Request(`${API}/2/users/me`, { headers: { authorization: value } }));
      assert.equal(response.status, 401, value);
    }
  });

  it('a route table that disagrees with the spec about app-only access does not build', () => {
    const { r, rb } = specRouteBuilders({} as SandboxContext);
    const answer = () => new Response(null);
    assert.throws(() => r('GET', '/2/tweets/:id', 'GET /2/tweets', answer), /app-only accepted by X's spec/);
    assert.throws(() => rb('GET', '/2/users/me', 'GET /2/users/me', answer), /app-only refused by X's spec/);
    assert.deepEqual(specOperation('POST /2/tweets').security.oauth2Scopes, ['tweet.read', 'tweet.write', 'users.read']);
  });
});
