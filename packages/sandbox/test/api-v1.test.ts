import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
const CREATED_AT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$/;
let sandbox: Sandbox;
let alice: { key: string; secret: string };

type Obj = Record<string, unknown>;

before(async () => {
  sandbox = await createSandbox({
    memory: true,
    rateLimits: { 'GET /2/users/me': { limit: 3 }, 'GET /1.1/account/verify_credentials': { limit: 2 } },
  });
  const a = sandbox.credentials.users.find((u) => u.username === 'alice');
  assert.ok(a);
  const form = new URLSearchParams(await (await xAuth(sandbox, a.username, a.password)).text());
  alice = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
});
after(async () => sandbox.close());

const post = (text: string, extra: Record<string, string> = {}, token = demoToken(sandbox)) =>
  call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, { body: { status: text, ...extra }, token });

describe('sandbox v1.1 API', { timeout: 30_000 }, () => {
  it('statuses/update answers the tweet object with id + id_str (exact digits), created_at and the user', async () => {
    const response = await post('Hello #sandbox from @alice https://example.com/x');
    assert.equal(response.status, 200);
    const text = await response.clone().text();
    const tweet = (await response.json()) as Obj;
    assert.match(tweet.id_str as string, /^\d{19}$/);
    assert.ok(text.includes(`"id":${tweet.id_str},"id_str":"${tweet.id_str}"`), 'id is written digit for digit');
    assert.match(tweet.created_at as string, CREATED_AT);
    assert.equal(tweet.text, 'Hello #sandbox from @alice https://example.com/x');
    const entities = tweet.entities as { hashtags: Obj[]; user_mentions: Obj[]; urls: Obj[] };
    assert.deepEqual(entities.hashtags, [{ text: 'sandbox', indices: [6, 14] }]);
    assert.equal(entities.user_mentions[0]?.screen_name, 'alice');
    assert.equal(entities.urls[0]?.expanded_url, 'https://example.com/x');
    const user = tweet.user as Obj;
    assert.equal(user.screen_name, 'demo');
    assert.equal(user.id_str, sandbox.credentials.user_id);
    assert.match(user.created_at as string, CREATED_AT);
    assert.ok(Number(user.statuses_count) >= 1);
  });

  it('counts weighted length with twitter-text: 280 is fine, 281 is 403 code 186, a URL counts 23', async () => {
    const ok = await post(`${'a'.repeat(256)} https://example.com/a/very/long/path/that/is/longer/than/twenty/three`);
    assert.equal(ok.status, 200);
    assert.equal((await post('b'.repeat(280))).status, 200);
    const long = await post('c'.repeat(281));
    assert.equal(long.status, 403);
    assert.deepEqual(await long.json(), { errors: [{ code: 186, message: 'Tweet needs to be a bit shorter.' }] });
    const emoji = await post('😀'.repeat(141));
    assert.equal(emoji.status, 403, 'emoji weigh 2');
  });

  it('refuses a duplicate with 403 code 187', async () => {
    assert.equal((await post('same text twice')).status, 200);
    const dup = await post('same text twice');
    assert.equal(dup.status, 403);
    assert.deepEqual(await dup.json(), { errors: [{ code: 187, message: 'Status is a duplicate.' }] });
  });

  it('shows, replies, destroys (144 afterwards)', async () => {
    // @demo mentions @alice: a pay-per-use app may reply for @alice only where the author summoned her.
    const parent = (await (await post('parent tweet for @alice')).json()) as Obj;
    const reply = (await (await post('@demo a reply', { in_reply_to_status_id: parent.id_str as string }, alice)).json()) as Obj;
    assert.equal(reply.in_reply_to_status_id_str, parent.id_str);
    assert.equal(reply.in_reply_to_screen_name, 'demo');
    const shown = await call(sandbox, 'GET', `${API}/1.1/statuses/show.json?id=${reply.id_str}&tweet_mode=extended&trim_user=true`, {
      token: demoToken(sandbox),
    });
    const shownJson = (await shown.json()) as Obj;
    assert.equal(shownJson.full_text, '@demo a reply');
    assert.equal(shownJson.text, undefined);
    assert.deepEqual(Object.keys(shownJson.user as Obj), ['id', 'id_str']);
    const gone = await call(sandbox, 'POST', `${API}/1.1/statuses/destroy/${reply.id_str}.json`, { token: alice });
    assert.equal(gone.status, 200);
    const missing = await call(sandbox, 'GET', `${API}/1.1/statuses/show/${reply.id_str}.json`, { token: demoToken(sandbox) });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { errors: [{ code: 144, message: 'No status found with that ID.' }] });
  });

  it('timelines: user, home (follows), mentions, with count / since_id / max_id', async () => {
    const first = (await (await post('timeline one')).json()) as Obj;
    const second = (await (await post('timeline two')).json()) as Obj;
    const page = await call(sandbox, 'GET', `${API}/1.1/statuses/user_timeline.json?count=1&max_id=${second.id_str}`, {
      token: demoToken(sandbox),
    });
    const list = (await page.json()) as Obj[];
    assert.equal(list.length, 1);
    assert.equal(list[0]?.id_str, second.id_str);
    const since = (await (
      await call(sandbox, 'GET', `${API}/1.1/statuses/user_timeline.json?since_id=${first.id_str}`, { token: demoToken(sandbox) })
    ).json()) as Obj[];
    assert.deepEqual(
      since.map((t) => t.id_str),
      [second.id_str],
    );
    // alice follows demo: demo's tweets show in alice's home timeline.
    const follow = await call(sandbox, 'POST', `${API}/1.1/friendships/create.json`, { body: { screen_name: 'demo' }, token: alice });
    assert.equal(((await follow.json()) as Obj).screen_name, 'demo');
    const home = (await (await call(sandbox, 'GET', `${API}/1.1/statuses/home_timeline.json`, { token: alice })).json()) as Obj[];
    assert.ok(home.some((t) => t.id_str === second.id_str));
    await post('hey @alice look');
    const mentions = (await (await call(sandbox, 'GET', `${API}/1.1/statuses/mentions_timeline.json`, { token: alice })).json()) as Obj[];
    assert.equal(mentions[0]?.text, 'hey @alice look');
  });

  it('verify_credentials, search/tweets, favorites', async () => {
    const me = (await (
      await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json?skip_status=true`, { token: alice })
    ).json()) as Obj;
    assert.equal(me.screen_name, 'alice');
    assert.equal(me.friends_count, 1, 'alice follows demo (trigger-kept counters)');
    assert.equal(me.favourites_count, 0);
    const found = (await (
      await call(sandbox, 'GET', `${API}/1.1/search/tweets.json?q=${encodeURIComponent('timeline from:demo')}`, { token: alice })
    ).json()) as {
      statuses: Obj[];
      search_metadata: Obj;
    };
    assert.ok(found.statuses.length >= 2);
    assert.ok(found.statuses.every((t) => String(t.text).includes('timeline')));
    assert.equal(found.search_metadata.count, 15);
    const target = found.statuses[0] as Obj;
    const fav = await call(sandbox, 'POST', `${API}/1.1/favorites/create.json`, { body: { id: target.id_str as string }, token: alice });
    assert.equal(((await fav.json()) as Obj).favorited, true);
    const after = (await (await call(sandbox, 'GET', `${API}/2/users/me?user.fields=public_metrics`, { token: alice })).json()) as {
      data: Obj;
    };
    // post_count: X's OpenAPI document (v2.167) requires it in UserPublicMetrics; tweet_count as X's servers send it.
    assert.deepEqual(after.data.public_metrics, {
      followers_count: 0,
      following_count: 1,
      tweet_count: 0,
      post_count: 0,
      listed_count: 0,
      like_count: 1,
    });
    const again = await call(sandbox, 'POST', `${API}/1.1/favorites/create.json`, { body: { id: target.id_str as string }, token: alice });
    assert.equal(again.status, 403);
    assert.equal(((await again.json()) as { errors: Obj[] }).errors[0]?.code, 139);
  });

  it('rate limits: x-rate-limit-* headers on every answer, then 429 code 88', async () => {
    const first = await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: demoToken(sandbox) });
    assert.equal(first.headers.get('x-rate-limit-limit'), '2');
    assert.equal(first.headers.get('x-rate-limit-remaining'), '1');
    assert.ok(Number(first.headers.get('x-rate-limit-reset')) > Date.now() / 1000);
    await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: demoToken(sandbox) });
    const limited = await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: demoToken(sandbox) });
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), { errors: [{ code: 88, message: 'Rate limit exceeded' }] });
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    // Per user: alice still has her own window.
    assert.equal((await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: alice })).status, 200);
  });

  it('unknown paths answer 404 code 34, garbage never answers 5xx', async () => {
    const missing = await call(sandbox, 'GET', `${API}/1.1/nope.json`, { token: demoToken(sandbox) });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] });
    const bad = [
      new Request(`${API}/1.1/statuses/update.json`, {
        method: 'POST',
        headers: { authorization: 'OAuth %%%', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=%E0%A4%A',
      }),
      new Request(`${API}/2/tweets`, {
        method: 'POST',
        headers: { authorization: 'OAuth oauth_consumer_key="a"', 'content-type': 'application/json' },
        body: '{',
      }),
      new Request(`${API}/1.1/statuses/show/%ZZ.json`),
      new Request(`${API}/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'x'.repeat(70_000),
      }),
      new Request(`${API}/oauth/authorize?oauth_token=${'a'.repeat(300)}`),
      new Request(`${API}/2/users/me`, { headers: { authorization: `OAuth ${'x'.repeat(9000)}` } }),
    ];
    for (const request of bad) {
      const response = await sandbox.fetch(request);
      assert.ok(response.status >= 400 && response.status < 500, `${request.method} ${request.url.slice(0, 60)} → ${response.status}`);
    }
  });
});
