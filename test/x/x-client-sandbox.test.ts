import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OAuthResponseError } from '../../src/core/errors.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { XClient } from '../../src/x/index.js';

// The X client against the sandbox's real X-compatible implementation, without ports: the sandbox's fetch
// handler is the injected transport (the URL the client signs is the URL the sandbox verifies).
let sandbox: Sandbox;
let x: XClient;
const BASE = 'http://sandbox.test';

function transport(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return sandbox.fetch(new Request(input, init));
}

describe('XClient against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    sandbox = await createSandbox({ memory: true });
    const c = sandbox.credentials;
    x = new XClient({
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
      baseUrl: BASE,
      fetch: transport,
    });
  });
  after(async () => {
    await sandbox?.close();
  });

  it('me, tweet, reply, quote, getTweet, delete', async () => {
    // Quoting needs an enterprise plan on X (a pay-per-use app gets 403: test/sandbox/plan-rules.test.ts).
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'enterprise');
    const { data: me, rateLimit } = await x.me();
    assert.equal(me.username, 'demo');
    assert.ok(rateLimit !== undefined && rateLimit.remaining < rateLimit.limit);
    const first = await x.tweet('first from XClient');
    const reply = await x.tweet('a reply', { replyTo: first.data.id });
    const quote = await x.tweet('a quote', { quote: first.data.id });
    const got = await x.getTweet(reply.data.id, { 'tweet.fields': 'referenced_tweets,author_id' });
    assert.deepEqual(got.data.referenced_tweets, [{ type: 'replied_to', id: first.data.id }]);
    assert.equal(got.data.author_id, me.id);
    const quoted = await x.getTweet(quote.data.id, { 'tweet.fields': 'referenced_tweets' });
    assert.deepEqual(quoted.data.referenced_tweets, [{ type: 'quoted', id: first.data.id }]);
    assert.equal((await x.deleteTweet(quote.data.id)).data.deleted, true);
    await assert.rejects(x.getTweet(quote.data.id), (e: unknown) => e instanceof OAuthResponseError && e.status === 404);
  });

  it('userTimeline follows pagination tokens across pages; searchRecent finds tweets', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await x.tweet(`paged tweet ${i} #oauth1xpaging`)).data.id);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of x.userTimeline(undefined, { maxResults: 5, limit: 12 }).pages()) {
      pages++;
      seen.push(...page.data.map((t) => t.id));
    }
    assert.ok(pages >= 3, `pages: ${pages}`);
    assert.deepEqual(seen, [...ids].reverse());
    const found: string[] = [];
    for await (const tweet of x.searchRecent('#oauth1xpaging', { maxResults: 10 })) found.push(tweet.id);
    assert.deepEqual(new Set(found), new Set(ids));
  });

  it('like, unlike, follow, unfollow, mentions, homeTimeline', async () => {
    const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
    assert.ok(alice);
    const tweet = await x.tweet('like me');
    assert.equal((await x.like(tweet.data.id)).data.liked, true);
    assert.equal((await x.unlike(tweet.data.id)).data.liked, false);
    assert.equal((await x.follow(alice.user_id)).data.following, true);
    assert.equal((await x.unfollow(alice.user_id)).data.following, false);
    const mention = await x.tweet('hello @demo, mentioning myself');
    const mentions: string[] = [];
    for await (const t of x.mentions(undefined, { limit: 5 })) mentions.push(t.id);
    assert.ok(mentions.includes(mention.data.id));
    const home: string[] = [];
    for await (const t of x.homeTimeline({ limit: 3 })) home.push(t.id);
    assert.equal(home[0], mention.data.id);
  });

  it('uploadMedia: an image in several APPEND segments, and a GIF that needs STATUS polling', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const percents: number[] = [];
    const image = await x.uploadMedia(new Uint8Array(png), { chunkSize: 16, onProgress: (p) => percents.push(p.percent) });
    assert.equal(image.mediaType, 'image/png');
    assert.equal(percents.at(-1), 100);
    assert.ok(percents.length >= 6);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const waits: number[] = [];
    const polling = new XClient({
      consumer: { key: sandbox.credentials.consumer_key, secret: sandbox.credentials.consumer_secret },
      token: { key: sandbox.credentials.access_token, secret: sandbox.credentials.access_token_secret },
      baseUrl: BASE,
      fetch: transport,
      sleep: async (ms) => void waits.push(ms),
    });
    const animated = await polling.uploadMedia(new Blob([gif], { type: 'image/gif' }));
    assert.equal(animated.processingInfo?.state, 'succeeded');
    assert.ok(waits.length >= 1, 'polled STATUS at least once');
    const posted = await x.tweet('with media', { mediaIds: [image.mediaId, animated.mediaId] });
    const got = await x.getTweet(posted.data.id, { 'tweet.fields': 'attachments' });
    assert.equal(got.data.attachments?.media_keys?.length, 2);
  });

  it('errors carry status, X code and rate limit', async () => {
    const bad = new XClient({
      consumer: { key: sandbox.credentials.consumer_key, secret: 'wrong-secret' },
      token: { key: sandbox.credentials.access_token, secret: sandbox.credentials.access_token_secret },
      baseUrl: BASE,
      fetch: transport,
    });
    await assert.rejects(
      bad.request('GET', '/1.1/account/verify_credentials.json'),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 401 && e.xCode === 32,
    );
    await assert.rejects(x.tweet(''), (e: unknown) => e instanceof OAuthResponseError && e.status === 400);
  });
});
