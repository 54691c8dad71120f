/**
 * X's rate limits as they are today (docs.x.com rate-limit page, `../shared/x-api/docs/`): per user per 15
 * minutes and per user / per app per 24 hours, with X's two header families, X's 429 bodies, windows that
 * reset on the sandbox clock, and `rateLimits: false` for load tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import type { Credentials } from 'oauth1x';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
const START = Date.UTC(2026, 11, 7, 12, 0, 0);
let shift = 0;
let sandbox: Sandbox;
let alice: Credentials;

async function login(box: Sandbox, username: string): Promise<Credentials> {
  const user = box.credentials.users.find((u) => u.username === username);
  assert.ok(user);
  const response = await call(box, 'POST', `${API}/oauth/access_token`, {
    body: { x_auth_mode: 'client_auth', x_auth_username: user.username, x_auth_password: user.password },
    timestamp: Math.floor((START + shift) / 1000),
  });
  const form = new URLSearchParams(await response.text());
  return { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
}

before(async () => {
  sandbox = await createSandbox({
    memory: true,
    now: () => START + shift,
    rateLimits: {
      'POST /2/tweets': { limit: 3, appDaily: 5 },
      'POST /2/users/:id/likes': { limit: 50, userDaily: 2 },
      'GET /1.1/account/verify_credentials': { limit: 1 },
    },
  });
  alice = await login(sandbox, 'alice');
});
after(async () => sandbox.close());

const tweet = (text: string, token: Credentials) =>
  call(sandbox, 'POST', `${API}/2/tweets`, {
    raw: JSON.stringify({ text }),
    contentType: 'application/json',
    token,
    timestamp: Math.floor((START + shift) / 1000),
  });
const get = (box: Sandbox, path: string, token = demoToken(box), now = Math.floor((START + shift) / 1000)) =>
  call(box, 'GET', `${API}${path}`, { token, timestamp: now });

function figures(response: Response, prefix: string): [string | null, string | null, string | null] {
  return [response.headers.get(`${prefix}-limit`), response.headers.get(`${prefix}-remaining`), response.headers.get(`${prefix}-reset`)];
}

describe('sandbox rate limits (X today)', { timeout: 60_000 }, () => {
  it("X's figures by endpoint, the most literal template first; both header families where X has a daily cap", async () => {
    const box = await createSandbox({ memory: true });
    try {
      const me = await get(box, '/2/users/me', demoToken(box), Math.floor(Date.now() / 1000));
      assert.equal(me.headers.get('x-rate-limit-limit'), '75');
      assert.equal(me.headers.get('x-app-limit-24hour-limit'), null);
      const id = box.credentials.user_id;
      const now = Math.floor(Date.now() / 1000);
      assert.equal((await get(box, `/2/users/${id}`, demoToken(box), now)).headers.get('x-rate-limit-limit'), '900');
      assert.equal((await get(box, `/2/users/${id}/mentions`, demoToken(box), now)).headers.get('x-rate-limit-limit'), '300');
      assert.equal((await get(box, `/2/users/${id}/tweets`, demoToken(box), now)).headers.get('x-rate-limit-limit'), '900');
      const posted = await call(box, 'POST', `${API}/2/tweets`, {
        raw: JSON.stringify({ text: 'figures' }),
        contentType: 'application/json',
        token: demoToken(box),
      });
      assert.equal(posted.status, 201);
      assert.deepEqual(figures(posted, 'x-rate-limit').slice(0, 2), ['100', '99']);
      assert.deepEqual(figures(posted, 'x-app-limit-24hour').slice(0, 2), ['10000', '9999']);
      const reset = Number(posted.headers.get('x-app-limit-24hour-reset'));
      assert.ok(Math.abs(reset - (now + 86_400)) <= 2, String(reset));
      assert.equal(posted.headers.get('x-user-limit-24hour-limit'), null);
      const tweetId = ((await posted.json()) as { data: { id: string } }).data.id;
      const liked = await call(box, 'POST', `${API}/2/users/${id}/likes`, {
        raw: JSON.stringify({ tweet_id: tweetId }),
        contentType: 'application/json',
        token: demoToken(box),
      });
      assert.equal(liked.status, 200, await liked.clone().text());
      assert.deepEqual(figures(liked, 'x-rate-limit').slice(0, 2), ['50', '49']);
      assert.deepEqual(figures(liked, 'x-user-limit-24hour').slice(0, 2), ['1000', '999']);
    } finally {
      await box.close();
    }
  });

  it('the per-app 24-hour cap counts every user of the app; its 429 outlasts the 15-minute reset until the day is over', async () => {
    const demo = demoToken(sandbox);
    for (let i = 0; i < 3; i++) assert.equal((await tweet(`demo ${i}`, demo)).status, 201);
    const fifteen = await tweet('demo 3', demo);
    assert.equal(fifteen.status, 429);
    assert.deepEqual(await fifteen.json(), { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' });
    assert.equal(fifteen.headers.get('x-rate-limit-remaining'), '0');
    assert.equal(fifteen.headers.get('x-app-limit-24hour-remaining'), '2');
    // alice has her own 15-minute window but shares the app's day.
    assert.equal((await tweet('alice 0', alice)).status, 201);
    assert.equal((await tweet('alice 1', alice)).status, 201);
    const capped = await tweet('alice 2', alice);
    assert.equal(capped.status, 429);
    assert.equal(capped.headers.get('x-app-limit-24hour-remaining'), '0');
    assert.equal(capped.headers.get('x-rate-limit-remaining'), '1');
    const dayReset = Number(capped.headers.get('x-app-limit-24hour-reset'));
    assert.equal(dayReset, Math.ceil(START / 1000) + 86_400);
    // 15 minutes later the short window is fresh, the day is not: still 429, and refused calls were not counted.
    shift = 16 * 60_000;
    const later = await tweet('demo 4', demo);
    assert.equal(later.status, 429);
    assert.deepEqual([later.headers.get('x-rate-limit-remaining'), later.headers.get('x-app-limit-24hour-remaining')], ['3', '0']);
    shift = 86_400_000 + 60_000;
    const nextDay = await tweet('demo 5', demo);
    assert.equal(nextDay.status, 201);
    assert.deepEqual([nextDay.headers.get('x-rate-limit-remaining'), nextDay.headers.get('x-app-limit-24hour-remaining')], ['2', '4']);
  });

  it('the per-user 24-hour cap (likes): x-user-limit-24hour-remaining 0 on the 429, other users unaffected', async () => {
    shift = 2 * 86_400_000;
    const id = sandbox.credentials.user_id;
    const like = (tweetId: string, token: Credentials, userId = id) =>
      call(sandbox, 'POST', `${API}/2/users/${userId}/likes`, {
        raw: JSON.stringify({ tweet_id: tweetId }),
        contentType: 'application/json',
        token,
        timestamp: Math.floor((START + shift) / 1000),
      });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await tweet(`to like ${i}`, alice)).json()) as { data: { id: string } }).data.id);
    assert.equal((await like(ids[0] as string, demoToken(sandbox))).status, 200);
    assert.equal((await like(ids[1] as string, demoToken(sandbox))).status, 200);
    const capped = await like(ids[2] as string, demoToken(sandbox));
    assert.equal(capped.status, 429);
    assert.equal(capped.headers.get('x-user-limit-24hour-remaining'), '0');
    assert.equal(capped.headers.get('x-rate-limit-remaining'), '48');
    const aliceId = sandbox.credentials.users.find((u) => u.username === 'alice')?.user_id as string;
    assert.equal((await like(ids[2] as string, alice, aliceId)).status, 200);
  });

  it('v1.1 answers its 429 with code 88 and the 15-minute headers', async () => {
    shift = 3 * 86_400_000;
    assert.equal((await get(sandbox, '/1.1/account/verify_credentials.json')).status, 200);
    const limited = await get(sandbox, '/1.1/account/verify_credentials.json');
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), { errors: [{ code: 88, message: 'Rate limit exceeded' }] });
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
  });

  it('rateLimits: false (oauth1x sandbox --no-rate-limits) never answers 429 and sends no daily headers', async () => {
    const box = await createSandbox({ memory: true, rateLimits: false });
    try {
      const now = Math.floor(Date.now() / 1000);
      for (let i = 0; i < 80; i++) {
        const response = await get(box, '/2/users/me', demoToken(box), now);
        assert.equal(response.status, 200);
      }
      const posted = await call(box, 'POST', `${API}/2/tweets`, {
        raw: JSON.stringify({ text: 'unlimited' }),
        contentType: 'application/json',
        token: demoToken(box),
      });
      assert.equal(posted.status, 201);
      assert.equal(posted.headers.get('x-app-limit-24hour-limit'), null);
      assert.equal(posted.headers.get('x-rate-limit-limit'), '1000000');
    } finally {
      await box.close();
    }
  });
});
