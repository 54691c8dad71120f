import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, json, PNG_2X3, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
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

describe('sandbox v2 API', { timeout: 30_000 }, () => {
  const v2post = (body: unknown, token = demoToken(sandbox)) =>
    call(sandbox, 'POST', `${API}/2/tweets`, { raw: JSON.stringify(body), contentType: 'application/json', token });

  it('POST /2/tweets answers 201 {data:{id,text,edit_history_tweet_ids}}; GET and DELETE', async () => {
    const created = await v2post({ text: 'v2 hello world' });
    assert.equal(created.status, 201);
    const body = (await created.json()) as { data: Obj };
    assert.deepEqual(Object.keys(body.data), ['id', 'text', 'edit_history_tweet_ids']);
    assert.deepEqual(body.data.edit_history_tweet_ids, [body.data.id]);
    const id = body.data.id as string;
    const got = (await (
      await call(sandbox, 'GET', `${API}/2/tweets/${id}?tweet.fields=created_at,author_id,public_metrics&expansions=author_id`, {
        token: alice,
      })
    ).json()) as {
      data: Obj;
      includes: { users: Obj[] };
    };
    assert.equal(got.data.author_id, sandbox.credentials.user_id);
    assert.match(got.data.created_at as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(got.includes.users[0], { id: sandbox.credentials.user_id, name: 'Demo User', username: 'demo' });
    const deleted = await call(sandbox, 'DELETE', `${API}/2/tweets/${id}`, { token: demoToken(sandbox) });
    assert.deepEqual(await deleted.json(), { data: { deleted: true } });
    const gone = (await (await call(sandbox, 'GET', `${API}/2/tweets/${id}`, { token: alice })).json()) as { errors: Obj[] };
    assert.equal(gone.errors[0]?.type, 'https://api.x.com/2/problems/resource-not-found');
    assert.equal(gone.errors[0]?.detail, `Could not find tweet with id: [${id}].`);
  });

  it('refuses duplicates and over-long texts with problem JSON', async () => {
    assert.equal((await v2post({ text: 'v2 dup' })).status, 201);
    const dup = await v2post({ text: 'v2 dup' });
    assert.equal(dup.status, 403);
    assert.deepEqual(await dup.json(), {
      title: 'Forbidden',
      type: 'about:blank',
      status: 403,
      detail: 'You are not allowed to create a Tweet with duplicate content.',
    });
    assert.equal((await v2post({ text: 'x'.repeat(281) })).status, 403);
    assert.equal((await v2post({ nope: 1 })).status, 400);
  });

  it('reply and quote', async () => {
    // @demo mentions @alice: a pay-per-use app may reply for @alice only where the author summoned her.
    const parent = ((await (await v2post({ text: 'v2 parent for @alice' })).json()) as { data: Obj }).data;
    const reply = await v2post({ text: 'v2 reply', reply: { in_reply_to_tweet_id: parent.id } }, alice);
    assert.equal(reply.status, 201);
    const replyId = ((await reply.json()) as { data: Obj }).data.id;
    const got = (await (
      await call(sandbox, 'GET', `${API}/2/tweets/${replyId}?tweet.fields=referenced_tweets,in_reply_to_user_id,conversation_id`, {
        token: alice,
      })
    ).json()) as { data: Obj };
    assert.deepEqual(got.data.referenced_tweets, [{ type: 'replied_to', id: parent.id }]);
    assert.equal(got.data.conversation_id, parent.id);
    // Quoting needs an enterprise plan (the demo app is pay-per-use; plan-rules.test.ts has the 403).
    assert.equal((await v2post({ text: 'v2 quote', quote_tweet_id: parent.id })).status, 403);
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'enterprise');
    try {
      assert.equal((await v2post({ text: 'v2 quote', quote_tweet_id: parent.id })).status, 201);
    } finally {
      sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'pay-per-use');
    }
    assert.equal((await v2post({ text: 'v2 bad reply', reply: { in_reply_to_tweet_id: '1' } })).status, 403);
  });

  it('users/me, user tweets and search/recent with pagination tokens', async () => {
    const me = (await (
      await call(sandbox, 'GET', `${API}/2/users/me?user.fields=created_at,public_metrics`, { token: demoToken(sandbox) })
    ).json()) as { data: Obj };
    assert.equal(me.data.username, 'demo');
    assert.ok((me.data.public_metrics as Obj).tweet_count);
    for (let i = 0; i < 12; i++) assert.equal((await v2post({ text: `paging needle ${i}` })).status, 201);
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 3; page++) {
      const url = `${API}/2/tweets/search/recent?query=${encodeURIComponent('needle from:demo')}&max_results=10${token ? `&next_token=${token}` : ''}`;
      const body = (await (await call(sandbox, 'GET', url, { token: alice })).json()) as { data?: Obj[]; meta: Obj };
      seen.push(...(body.data ?? []).map((t) => t.id as string));
      token = body.meta.next_token as string | undefined;
      if (page === 0) {
        assert.equal(body.meta.result_count, 10);
        assert.ok(token);
      }
      if (!token) break;
    }
    assert.equal(seen.length, 12);
    assert.equal(new Set(seen).size, 12);
    const tweets = (await (
      await call(sandbox, 'GET', `${API}/2/users/${sandbox.credentials.user_id}/tweets?max_results=5`, { token: alice })
    ).json()) as { data: Obj[]; meta: Obj };
    assert.equal(tweets.data.length, 5);
    assert.ok(tweets.meta.next_token);
    const bad = await call(sandbox, 'GET', `${API}/2/users/${sandbox.credentials.user_id}/tweets?max_results=1`, { token: alice });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Obj).title, 'Invalid Request');
  });

  it('home timeline, likes and follows', async () => {
    const aliceId = sandbox.credentials.users.find((u) => u.username === 'alice')?.user_id as string;
    const follow = await call(sandbox, 'POST', `${API}/2/users/${sandbox.credentials.user_id}/following`, {
      raw: JSON.stringify({ target_user_id: aliceId }),
      contentType: 'application/json',
      token: demoToken(sandbox),
    });
    assert.deepEqual(await follow.json(), { data: { following: true, pending_follow: false } });
    const aliceTweet = ((await (await v2post({ text: 'from alice for home' }, alice)).json()) as { data: Obj }).data;
    const home = (await (
      await call(sandbox, 'GET', `${API}/2/users/${sandbox.credentials.user_id}/timelines/reverse_chronological`, {
        token: demoToken(sandbox),
      })
    ).json()) as { data: Obj[] };
    assert.equal(home.data[0]?.id, aliceTweet.id);
    const forbidden = await call(sandbox, 'GET', `${API}/2/users/${aliceId}/timelines/reverse_chronological`, {
      token: demoToken(sandbox),
    });
    assert.equal(forbidden.status, 403);
    const liked = await call(sandbox, 'POST', `${API}/2/users/${sandbox.credentials.user_id}/likes`, {
      raw: JSON.stringify({ tweet_id: aliceTweet.id }),
      contentType: 'application/json',
      token: demoToken(sandbox),
    });
    assert.deepEqual(await liked.json(), { data: { liked: true } });
    const unliked = await call(sandbox, 'DELETE', `${API}/2/users/${sandbox.credentials.user_id}/likes/${aliceTweet.id}`, {
      token: demoToken(sandbox),
    });
    assert.deepEqual(await unliked.json(), { data: { liked: false } });
    const unfollow = await call(sandbox, 'DELETE', `${API}/2/users/${sandbox.credentials.user_id}/following/${aliceId}`, {
      token: demoToken(sandbox),
    });
    assert.deepEqual(await unfollow.json(), { data: { following: false } });
  });

  it('rate limit exhausted answers the v2 problem JSON 429', async () => {
    const bob = sandbox.credentials.users.find((u) => u.username === 'bob');
    assert.ok(bob);
    const form = new URLSearchParams(await (await xAuth(sandbox, bob.username, bob.password)).text());
    const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    for (let i = 0; i < 3; i++) assert.equal((await call(sandbox, 'GET', `${API}/2/users/me`, { token })).status, 200);
    const limited = await call(sandbox, 'GET', `${API}/2/users/me`, { token });
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' });
  });
});

describe('sandbox media upload', { timeout: 30_000 }, () => {
  const UPLOAD = 'https://upload.x.com/1.1/media/upload.json';
  const multipart = (fields: Record<string, string | Blob>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return form;
  };
  const send = async (url: string, form: FormData, token = demoToken(sandbox)) => {
    const encoded = new Response(form);
    const contentType = encoded.headers.get('content-type') as string;
    return call(sandbox, 'POST', url, { raw: await encoded.arrayBuffer(), contentType, token });
  };

  it('simple upload, then a tweet with media_ids has extended_entities', async () => {
    const up = await send(UPLOAD, multipart({ media: new Blob([PNG_2X3], { type: 'image/png' }) }));
    assert.equal(up.status, 200);
    const media = (await up.json()) as Obj;
    assert.equal(media.media_id_string, String(media.media_id_string));
    assert.deepEqual(media.image, { image_type: 'image/png', w: 2, h: 3 });
    const tweet = (await (
      await call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, {
        body: { status: 'with media', media_ids: media.media_id_string as string },
        token: demoToken(sandbox),
      })
    ).json()) as {
      extended_entities: { media: Obj[] };
    };
    assert.equal(tweet.extended_entities.media[0]?.id_str, media.media_id_string);
    assert.equal(tweet.extended_entities.media[0]?.type, 'photo');
    const bad = await call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, {
      body: { status: 'bad media', media_ids: '123' },
      token: demoToken(sandbox),
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { errors: Obj[] }).errors[0]?.code, 324);
  });

  it('chunked INIT / APPEND / FINALIZE / STATUS (video processing)', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const init = await call(sandbox, 'POST', UPLOAD, {
      body: { command: 'INIT', total_bytes: String(bytes.length), media_type: 'video/mp4' },
      token: demoToken(sandbox),
    });
    assert.equal(init.status, 202);
    const id = ((await init.json()) as Obj).media_id_string as string;
    for (let i = 0; i < 3; i++) {
      const part = bytes.slice(i * 100_000, (i + 1) * 100_000);
      const appended = await send(
        UPLOAD,
        multipart({ command: 'APPEND', media_id: id, segment_index: String(i), media: new Blob([part]) }),
      );
      assert.equal(appended.status, 204);
    }
    const fin = (await (
      await call(sandbox, 'POST', UPLOAD, { body: { command: 'FINALIZE', media_id: id }, token: demoToken(sandbox) })
    ).json()) as Obj;
    assert.deepEqual(fin.processing_info, { state: 'pending', check_after_secs: 1 });
    assert.equal(fin.size, 300_000);
    const status = (await (
      await call(sandbox, 'GET', `${UPLOAD}?command=STATUS&media_id=${id}`, { token: demoToken(sandbox) })
    ).json()) as Obj;
    assert.deepEqual(status.processing_info, { state: 'succeeded', progress_percent: 100 });
    const early = await call(sandbox, 'POST', UPLOAD, {
      body: { command: 'INIT', total_bytes: '10', media_type: 'image/png' },
      token: demoToken(sandbox),
    });
    const earlyId = ((await early.json()) as Obj).media_id_string as string;
    const mismatch = await call(sandbox, 'POST', UPLOAD, { body: { command: 'FINALIZE', media_id: earlyId }, token: demoToken(sandbox) });
    assert.equal(mismatch.status, 400);
  });

  it('v2 initialize / append / finalize and media in POST /2/tweets', async () => {
    const init = await call(sandbox, 'POST', `${API}/2/media/upload/initialize`, {
      raw: JSON.stringify({ media_type: 'image/png', total_bytes: PNG_2X3.length, media_category: 'tweet_image' }),
      contentType: 'application/json',
      token: demoToken(sandbox),
    });
    const data = ((await init.json()) as { data: Obj }).data;
    assert.match(data.media_key as string, /^3_\d+$/);
    const appended = await send(`${API}/2/media/upload/${data.id}/append`, multipart({ segment_index: '0', media: new Blob([PNG_2X3]) }));
    assert.equal(appended.status, 200);
    const fin = (await (
      await call(sandbox, 'POST', `${API}/2/media/upload/${data.id}/finalize`, { token: demoToken(sandbox) })
    ).json()) as { data: Obj };
    assert.equal(fin.data.id, data.id);
    const tweet = await call(sandbox, 'POST', `${API}/2/tweets`, {
      raw: JSON.stringify({ text: 'v2 with media', media: { media_ids: [data.id] } }),
      contentType: 'application/json',
      token: demoToken(sandbox),
    });
    assert.equal(tweet.status, 201);
    const id = ((await tweet.json()) as { data: Obj }).data.id;
    const got = (await (
      await call(
        sandbox,
        'GET',
        `${API}/2/tweets/${id}?tweet.fields=attachments&expansions=attachments.media_keys&media.fields=width,height`,
        { token: demoToken(sandbox) },
      )
    ).json()) as {
      data: Obj;
      includes: { media: Obj[] };
    };
    assert.deepEqual(got.data.attachments, { media_keys: [data.media_key] });
    assert.deepEqual(got.includes.media[0], { media_key: data.media_key, type: 'photo', width: 2, height: 3 });
    assert.ok(json);
  });
});
