import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createSandbox, type Sandbox } from '@oauth1x/sandbox';
import { type CheckedExchange, specCheckedFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { OAuthResponseError } from 'oauth1x';
import { XApiError, XClient } from '../src/index.js';

// The X client against the sandbox's real X-compatible implementation, without ports: the sandbox's fetch
// handler is the injected transport (the URL the client signs is the URL the sandbox verifies). Every v2
// request the client sends and every answer the sandbox gives are checked against X's OpenAPI document
// (test/x/openapi-validate.ts): the sandbox must answer the client as X's document says X does.
let sandbox: Sandbox;
let x: XClient;
const BASE = 'http://sandbox.test';
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const checked = specCheckedFetch((input, init) => sandbox.fetch(new Request(input, init)), { origin: BASE });
const transport = checked.fetch;
/** Requests a test sends outside X's document on purpose (their answers are still checked). */
let expectedBadRequests = 0;

/** Every exchange since the last check: no answer outside the document, and no unexpected bad request. */
function assertExchangesFitTheSpec(): CheckedExchange[] {
  const seen = checked.exchanges.splice(0);
  const label = (e: CheckedExchange) => `${e.method} ${e.url.pathname}${e.url.search} → ${e.status}`;
  for (const e of seen) assert.deepEqual(e.answerProblems, [], `answer to ${label(e)}`);
  const bad = seen.filter((e) => e.requestProblems.length > 0);
  assert.equal(bad.length, expectedBadRequests, bad.map((e) => `${label(e)}: ${e.requestProblems.join('; ')}`).join('\n'));
  expectedBadRequests = 0;
  return seen;
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
  afterEach(() => {
    const seen = assertExchangesFitTheSpec();
    assert.ok(seen.length > 0 || checked.exchanges.length === 0);
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
    // X's document leaves referenced_tweets and author_id out of post.fields (its Tweet schema has them, and
    // X's servers answer them, as the sandbox does): two requests outside the document, on purpose.
    expectedBadRequests = 2;
    const got = await x.getTweet(reply.data.id, { 'post.fields': 'referenced_tweets,author_id' });
    assert.deepEqual(got.data.referenced_tweets, [{ type: 'replied_to', id: first.data.id }]);
    assert.equal(got.data.author_id, me.id);
    const quoted = await x.getTweet(quote.data.id, { 'post.fields': 'referenced_tweets' });
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
    const got = await x.getTweet(posted.data.id, { 'post.fields': 'attachments' });
    assert.equal(got.data.attachments?.media_keys?.length, 2);
  });

  it('uploadMedia with JSON-base64 append and the JSON one-shot, altText, setAltText, mediaStatus; alt text read back', async () => {
    const png = new Uint8Array(Buffer.from(PNG_1X1, 'base64'));
    const sent = () => checked.exchanges.map((e) => `${e.method} ${e.url.pathname.replace(/\d{6,}/, 'ID')}`);
    const chunked = await x.uploadMedia(png, { encoding: 'base64', mode: 'chunked', chunkSize: 16, altText: 'one pixel, in pieces' });
    assert.equal(chunked.altText, 'one pixel, in pieces');
    assert.equal(chunked.size, png.byteLength);
    const appends = Math.ceil(png.byteLength / 16);
    assert.deepEqual(sent(), [
      'POST /2/media/upload/initialize',
      ...Array<string>(appends).fill('POST /2/media/upload/ID/append'),
      'POST /2/media/upload/ID/finalize',
      'POST /2/media/metadata',
    ]);
    checked.exchanges.length = 0;
    const oneShot = await x.uploadMedia(png, { encoding: 'base64', altText: 'one pixel, at once' });
    assert.deepEqual(sent(), ['POST /2/media/upload', 'POST /2/media/metadata']);
    assert.match(oneShot.mediaKey ?? '', new RegExp(`^3_${oneShot.mediaId}$`));
    // Status, with the command the client sends (X's document makes it optional; the sandbox takes both).
    const status = await x.mediaStatus(chunked.mediaId);
    assert.equal(status.data.id, chunked.mediaId);
    assert.equal(status.data.size, png.byteLength);
    assert.equal(status.data.media_key, `3_${chunked.mediaId}`);
    const plain = await x.uploadMedia(png, { encoding: 'base64', mode: 'chunked' });
    assert.equal(plain.altText, undefined);
    const set = await x.setAltText(plain.mediaId, 'alt text set afterwards');
    assert.deepEqual(set.data, { id: plain.mediaId, associated_metadata: { alt_text: { text: 'alt text set afterwards' } } });
    await x.setAltText(oneShot.mediaId, 'one pixel, described again');
    const posted = await x.tweet('three described pixels', { mediaIds: [chunked.mediaId, oneShot.mediaId, plain.mediaId] });
    const read = await x.getTweet(posted.data.id, { expansions: 'attachments.media_keys', 'media.fields': 'alt_text,type' });
    const media = (read.includes as { media?: Array<{ media_key: string; alt_text?: string; type: string }> } | undefined)?.media ?? [];
    assert.deepEqual(
      media.map((m) => [m.media_key, m.type, m.alt_text]),
      [
        [`3_${chunked.mediaId}`, 'photo', 'one pixel, in pieces'],
        [`3_${oneShot.mediaId}`, 'photo', 'one pixel, described again'],
        [`3_${plain.mediaId}`, 'photo', 'alt text set afterwards'],
      ],
    );
    // A media id the sandbox never issued: X's 4xx problem, checked against the document like every answer.
    await assert.rejects(
      x.mediaStatus('1234567890123'),
      (e: unknown) => e instanceof OAuthResponseError && e.status >= 400 && e.status < 500,
    );
    await assert.rejects(
      x.setAltText('1234567890123', 'nobody'),
      (e: unknown) => e instanceof OAuthResponseError && e.status >= 400 && e.status < 500,
    );
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
      (e: unknown) => e instanceof XApiError && e.status === 401 && e.xCode === 32,
    );
    await assert.rejects(x.tweet(''), (e: unknown) => e instanceof OAuthResponseError && e.status === 400);
  });
});
