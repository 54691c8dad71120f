import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createSandbox, priceRule, type Sandbox } from '@oauth1x/sandbox';
import { xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { consent } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { type CheckedExchange, specCheckedFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { OAuthResponseError } from 'oauth1x';
import {
  appOnlyToken,
  exchangeOAuth2Code,
  type OAuth2Tokens,
  oauth2AuthorizationUrl,
  XClient,
  XCredentialError,
  XThreadError,
} from '../src/index.js';

// The posts, users and social-graph methods against the sandbox, without ports; every request and answer checked
// against X's OpenAPI document (specCheckedFetch), as in x-client-sandbox.test.ts.
let sandbox: Sandbox;
let x: XClient;
let app: XClient;
const BASE = 'http://sandbox.test';
const checked = specCheckedFetch((input, init) => sandbox.fetch(new Request(input, init)), { origin: BASE });
/**
 * Answers a test expects outside the document on purpose: X's plain 403 (`type: about:blank`, as X sends for a
 * duplicate post or another user's resource), which X's document leaves out of its Problem types.
 */
let expectedPlain403 = 0;

function assertExchangesFitTheSpec(): CheckedExchange[] {
  const seen = checked.exchanges.splice(0);
  const label = (e: CheckedExchange) => `${e.method} ${e.url.pathname}${e.url.search} → ${e.status}`;
  const plain = seen.filter((e) => e.status === 403 && e.answerProblems.length > 0);
  assert.equal(plain.length, expectedPlain403, plain.map(label).join('\n'));
  expectedPlain403 = 0;
  for (const e of seen) if (!plain.includes(e)) assert.deepEqual(e.answerProblems, [], `answer to ${label(e)}`);
  const bad = seen.filter((e) => e.requestProblems.length > 0);
  assert.deepEqual(
    bad.map((e) => `${label(e)}: ${e.requestProblems.join('; ')}`),
    [],
  );
  return seen;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function userId(name: string): string {
  const user = sandbox.credentials.users.find((u) => u.username === name);
  assert.ok(user, name);
  return user.user_id;
}

async function oauth2Client(scopes: string[]): Promise<XClient> {
  const c = sandbox.credentials;
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const { url, state, codeVerifier } = await oauth2AuthorizationUrl({ clientId: c.oauth2_client_id, redirectUri, scopes, baseUrl: BASE });
  const approved = await consent(sandbox.fetch, url.href, c.username, c.password);
  const tokens: OAuth2Tokens = await exchangeOAuth2Code({
    clientId: c.oauth2_client_id,
    clientSecret: c.oauth2_client_secret,
    redirectUri,
    callbackUrl: approved.headers.get('location') as string,
    state,
    codeVerifier,
    baseUrl: BASE,
    // The token endpoint is not an API v2 operation of X's document: sent past the checks.
    fetch: (input, init) => sandbox.fetch(new Request(input, init)),
  });
  return new XClient({
    auth: { kind: 'oauth2', clientId: c.oauth2_client_id, accessToken: tokens.accessToken, scopes: tokens.scopes },
    baseUrl: BASE,
    fetch: checked.fetch,
  });
}

describe('XClient posts, users and social graph against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    sandbox = await createSandbox({ memory: true });
    const c = sandbox.credentials;
    x = new XClient({
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
      baseUrl: BASE,
      fetch: checked.fetch,
    });
    const bearer = await appOnlyToken({
      consumerKey: c.consumer_key,
      consumerSecret: c.consumer_secret,
      baseUrl: BASE,
      fetch: checked.fetch,
    });
    app = new XClient({ auth: { kind: 'app', bearer }, baseUrl: BASE, fetch: checked.fetch });
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(() => {
    assertExchangesFitTheSpec();
  });

  it('users by id, ids, username, usernames; unknown ones as partial errors', async () => {
    const alice = userId('alice');
    const { data: me } = await x.me();
    assert.equal((await x.getUser(alice)).data.username, 'alice');
    assert.equal((await app.getUserByUsername('alice')).data.id, alice);
    const many = await x.getUsers([alice, me.id, '1234567890']);
    assert.deepEqual(
      many.data.map((u) => u.username),
      ['alice', 'demo'],
    );
    assert.equal(many.errors?.length, 1);
    const named = await app.getUsersByUsernames(['alice', 'nobody_here']);
    assert.deepEqual(
      named.data.map((u) => u.id),
      [alice],
    );
    assert.match(String(named.errors?.[0]?.detail), /nobody_here/);
    await assert.rejects(x.getUser('1234567890'), (e: unknown) => e instanceof OAuthResponseError && e.status === 404);
  });

  it('posts: many at once, a thread that stops at the first refusal, reposts, quotes, likes', async () => {
    const alice = userId('alice');
    const { data: thread } = await x.thread(['thread 1/3', 'thread 2/3', { text: 'thread 3/3', replySettings: 'following' }]);
    assert.equal(thread.length, 3);
    const posts = await x.getTweets([...thread.map((t) => t.id), '1234567890'], { 'post.fields': 'conversation_id' });
    assert.deepEqual(
      posts.data.map((t) => t.text),
      ['thread 1/3', 'thread 2/3', 'thread 3/3'],
    );
    assert.equal(posts.errors?.length, 1);
    // The second post repeats a recent text: X refuses duplicates, so the thread stops there, one post made.
    expectedPlain403 = 1;
    await assert.rejects(x.thread(['a fresh start', 'thread 2/3', 'never sent']), (e: unknown) => {
      assert.ok(e instanceof XThreadError);
      assert.equal(e.failedAt, 1);
      assert.deepEqual(
        e.posted.map((p) => p.text),
        ['a fresh start'],
      );
      assert.ok(e.cause instanceof OAuthResponseError && e.cause.status === 403);
      return true;
    });
    const [first] = thread;
    assert.ok(first);
    assert.equal((await x.repost(first.id)).data.retweeted, true);
    assert.deepEqual(
      (await collect(app.repostedBy(first.id))).map((u) => u.username),
      ['demo'],
    );
    assert.equal((await x.unrepost(first.id)).data.retweeted, false);
    assert.deepEqual(await collect(x.repostedBy(first.id)), []);
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'enterprise');
    const quote = await x.tweet('quoting the thread', { quote: first.id });
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'pay-per-use');
    assert.deepEqual(
      (await collect(app.quoteTweets(first.id))).map((t) => t.id),
      [quote.data.id],
    );
    await x.like(first.id);
    await x.like(quote.data.id);
    assert.deepEqual(
      (await collect(x.likingUsers(first.id))).map((u) => u.username),
      ['demo'],
    );
    const liked = await collect(x.likedTweets(undefined, { maxResults: 5 }));
    assert.deepEqual(new Set(liked.map((t) => t.id)), new Set([first.id, quote.data.id]));
    assert.ok(alice);
  });

  it('followers and following page by pagination_token; a protected account approves its followers', async () => {
    const { data: me } = await x.me();
    const others = sandbox.credentials.users.filter((u) => u.user_id !== me.id);
    assert.ok(others.length >= 2);
    for (const other of others) assert.equal((await x.follow(other.user_id)).data.following, true);
    const pages = await collect(x.following(undefined, { maxResults: 1 }).pages());
    assert.equal(pages.length, others.length);
    assert.match(pages[0]?.nextToken ?? '', /^.{16,}$/);
    assert.deepEqual(new Set(pages.flatMap((p) => p.data.map((u) => u.id))), new Set(others.map((o) => o.user_id)));
    const [alice] = others;
    assert.ok(alice);
    assert.deepEqual(
      (await collect(app.followers(alice.user_id))).map((u) => u.id),
      [me.id],
    );
    // Alice protects her account: new followers wait for her approval, and only followers see her posts.
    await x.unfollow(alice.user_id);
    sandbox.social.setProtected(alice.user_id, true);
    const asked = await x.follow(alice.user_id);
    assert.deepEqual(asked.data, { following: false, pending_follow: true });
    assert.deepEqual(sandbox.social.pendingFollowers(alice.user_id), [me.id]);
    await assert.rejects(collect(x.followers(alice.user_id)), (e: unknown) => e instanceof OAuthResponseError && e.status === 403);
    assert.equal(sandbox.social.answerFollowRequest(alice.user_id, me.id, true), true);
    assert.deepEqual(
      (await collect(x.followers(alice.user_id))).map((u) => u.id),
      [me.id],
    );
    const profile = await x.getUser(alice.user_id, { 'user.fields': 'protected' });
    assert.equal(profile.data.protected, true);
    // App-only callers are nobody's followers: a protected account's graph and timeline stay hidden.
    await assert.rejects(collect(app.followers(alice.user_id)), (e: unknown) => e instanceof OAuthResponseError && e.status === 403);
    await assert.rejects(collect(app.userTimeline(alice.user_id)), (e: unknown) => e instanceof OAuthResponseError && e.status === 403);
    await x.unfollow(alice.user_id);
    sandbox.social.setProtected(alice.user_id, false);
  });

  it("a protected account's posts: hidden from lookups, search and reposts of non-followers", async () => {
    const { data: me } = await x.me();
    const secret = await x.tweet('a protected post #e1protected');
    sandbox.social.setProtected(me.id, true);
    try {
      await assert.rejects(app.getTweet(secret.data.id), (e: unknown) => e instanceof OAuthResponseError && e.status === 403);
      assert.equal((await x.getTweet(secret.data.id)).data.id, secret.data.id, 'the author sees it');
      const lookup = await app.getTweets([secret.data.id]).catch((e: unknown) => e);
      assert.ok(lookup instanceof OAuthResponseError && lookup.status === 403);
      assert.deepEqual(await collect(app.searchRecent('#e1protected')), []);
      assert.deepEqual(
        (await collect(x.searchRecent('#e1protected'))).map((t) => t.id),
        [secret.data.id],
      );
      // Even an approved follower may not repost a protected account's post.
      const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
      assert.ok(alice);
      const token = new URLSearchParams(await (await xAuth(sandbox, alice.username, alice.password)).text());
      const asAlice = new XClient({
        consumer: { key: sandbox.credentials.consumer_key, secret: sandbox.credentials.consumer_secret },
        token: { key: token.get('oauth_token') ?? '', secret: token.get('oauth_token_secret') ?? '' },
        baseUrl: BASE,
        fetch: checked.fetch,
      });
      assert.equal((await asAlice.follow(me.id)).data.pending_follow, true);
      sandbox.social.answerFollowRequest(me.id, alice.user_id, true);
      assert.equal((await asAlice.getTweet(secret.data.id)).data.id, secret.data.id, 'an approved follower sees it');
      expectedPlain403 = 1;
      await assert.rejects(asAlice.repost(secret.data.id), (e: unknown) => e instanceof OAuthResponseError && e.status === 403);
    } finally {
      sandbox.social.setProtected(me.id, false);
    }
  });

  it('reply_settings: stored, read back, and who may reply enforced', async () => {
    const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
    assert.ok(alice);
    const token = new URLSearchParams(await (await xAuth(sandbox, alice.username, alice.password)).text());
    const asAlice = new XClient({
      consumer: { key: sandbox.credentials.consumer_key, secret: sandbox.credentials.consumer_secret },
      token: { key: token.get('oauth_token') ?? '', secret: token.get('oauth_token_secret') ?? '' },
      baseUrl: BASE,
      fetch: checked.fetch,
    });
    // An enterprise app: X's self-serve rule (replies only where the author mentioned you) would hide the settings.
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'enterprise');
    const closed = await x.tweet('only those I mention may reply', { replySettings: 'mentionedUsers' });
    const read = await x.getTweet(closed.data.id, { 'post.fields': 'reply_settings' });
    assert.equal(read.data.reply_settings, 'mentionedUsers');
    expectedPlain403 = 1;
    await assert.rejects(
      asAlice.tweet('may I?', { replyTo: closed.data.id }),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 403,
    );
    const open = await x.tweet('@alice you may reply', { replySettings: 'mentionedUsers' });
    assert.ok((await asAlice.tweet('thanks', { replyTo: open.data.id })).data.id);
    assert.ok((await x.tweet('the author always may', { replyTo: closed.data.id })).data.id);
    const following = await x.tweet('those I follow may reply', { replySettings: 'following' });
    expectedPlain403 = 2;
    await assert.rejects(
      asAlice.tweet('not yet', { replyTo: following.data.id }),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 403,
    );
    await x.follow(alice.user_id);
    assert.ok((await asAlice.tweet('now I may', { replyTo: following.data.id })).data.id);
    const everyone = await x.tweet('anyone may reply');
    assert.ok((await asAlice.tweet('anyone indeed', { replyTo: everyone.data.id })).data.id);
    await x.unfollow(alice.user_id);
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'pay-per-use');
  });

  it('bookmarks: writes with an OAuth 2.0 user token only, the list with OAuth 1.0a too', async () => {
    const post = await x.tweet('bookmark me');
    await assert.rejects(x.bookmark(post.data.id), (e: unknown) => e instanceof XCredentialError);
    const user = await oauth2Client(['tweet.read', 'users.read', 'bookmark.read', 'bookmark.write']);
    assert.equal((await user.bookmark(post.data.id)).data.bookmarked, true);
    assert.deepEqual(
      (await collect(x.bookmarks())).map((t) => t.id),
      [post.data.id],
    );
    assert.deepEqual(
      (await collect(user.bookmarks())).map((t) => t.id),
      [post.data.id],
    );
    assert.equal((await user.unbookmark(post.data.id)).data.bookmarked, false);
    assert.deepEqual(await collect(user.bookmarks()), []);
    // Another user's bookmarks are not readable (X: 403).
    expectedPlain403 = 1;
    const alice = userId('alice');
    await assert.rejects(
      x.request('GET /2/users/{id}/bookmarks', { params: { id: alice } }),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 403,
    );
    // Without bookmark.write the client names the missing scope before sending.
    const reader = await oauth2Client(['tweet.read', 'users.read', 'bookmark.read']);
    await assert.rejects(reader.bookmark(post.data.id), (e: unknown) => e instanceof XCredentialError && /bookmark\.write/.test(e.message));
  });

  it('rate limits and prices of the new routes', async () => {
    const alice = userId('alice');
    const page = await x.followers(alice).pages()[Symbol.asyncIterator]().next();
    assert.equal(page.value?.rateLimit?.limit, 300);
    const liked = (await x.tweet('limits')).data.id;
    await x.like(liked);
    const liking = await x.request('GET /2/tweets/{id}/liking_users', { params: { id: liked } });
    assert.equal(liking.rateLimit?.limit, 75);
    // X's pay-per-use lines: Following/Followers: Read $0.010 and Like: Read $0.001 per resource, Bookmark $0.005 a request.
    // (Reads are charged per resource once a UTC day, so the users read earlier cost nothing here: the rules say it.)
    assert.deepEqual(priceRule('GET /2/users/followers'), { kind: 'read', resource: 'user', item: 'Following/Followers: Read' });
    assert.deepEqual(priceRule('GET /2/tweets/liking_users'), { kind: 'read', resource: 'user', item: 'Like: Read' });
    assert.deepEqual(priceRule('GET /2/users/liked_tweets'), { kind: 'read', resource: 'post', item: 'Like: Read' });
    const usage = sandbox.billing.usage(sandbox.credentials.consumer_key)?.[0]?.endpoints ?? [];
    const cost = (endpoint: string) => usage.find((e) => e.endpoint === endpoint);
    assert.equal(cost('POST /2/users/bookmarks')?.cost, 5_000);
    assert.equal(cost('DELETE /2/users/bookmarks')?.cost, 5_000);
    assert.equal(cost('POST /2/users/retweets')?.cost, 15_000);
    assert.equal(cost('DELETE /2/users/retweets')?.cost, 10_000);
  });
});
