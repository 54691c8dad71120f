/**
 * twitter-api-v2 and X's own SDK (`@xdevplatform/xdk`), unchanged, against a listening sandbox for the social
 * calls: repost and undo (retweet / unretweet), followers and following, bookmarks (add, list, remove; writes
 * with an OAuth 2.0 user token, as X requires). Each answer the libraries received is checked against X's
 * OpenAPI document (x-openapi.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import { consent } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { exchangeOAuth2Code, oauth2AuthorizationUrl } from '@oauth1x/x';
import { TwitterApi } from 'twitter-api-v2';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { assertResponse, NO_OPENAPI } from './x-openapi.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let agent: Agent;
let oauth2Token = '';
/** The answers the libraries received, as sent (recorded beside their fetch / https agent). */
const answers: Array<{ method: string; path: string; status: number; body: unknown }> = [];
const realFetch = globalThis.fetch;

/** A sandbox post by the demo user, through the sandbox itself. */
async function post(text: string): Promise<string> {
  const { XClient } = await import('@oauth1x/x');
  const c = sandbox.credentials;
  const x = new XClient({
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    token: { key: c.access_token, secret: c.access_token_secret },
    baseUrl: 'http://sandbox.test',
    fetch: (input, init) => sandbox.fetch(new Request(input, init)),
  });
  return (await x.tweet(text)).data.id;
}

/** Every recorded answer fits the response schema of its operation in X's document. */
function assertAnswersFitTheSpec(templates: Record<string, string>): number {
  let checked = 0;
  for (const a of answers.splice(0)) {
    const template = Object.entries(templates).find(([, re]) => new RegExp(`^${re}$`).test(`${a.method} ${a.path}`))?.[0];
    if (template === undefined) continue;
    const [method, path] = template.split(' ') as [string, string];
    assertResponse(method, path, a.body, String(a.status));
    checked++;
  }
  return checked;
}

const TEMPLATES = {
  'POST /2/users/{id}/retweets': 'POST /2/users/\\d+/retweets',
  'DELETE /2/users/{id}/retweets/{source_tweet_id}': 'DELETE /2/users/\\d+/retweets/\\d+',
  'GET /2/users/{id}/followers': 'GET /2/users/\\d+/followers',
  'GET /2/users/{id}/following': 'GET /2/users/\\d+/following',
  'GET /2/tweets/{id}/retweeted_by': 'GET /2/tweets/\\d+/retweeted_by',
  'POST /2/users/{id}/bookmarks': 'POST /2/users/\\d+/bookmarks',
  'GET /2/users/{id}/bookmarks': 'GET /2/users/\\d+/bookmarks',
  'DELETE /2/users/{id}/bookmarks/{tweet_id}': 'DELETE /2/users/\\d+/bookmarks/\\d+',
};

before(async () => {
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const request = new Request(input, init);
    const body = await response
      .clone()
      .json()
      .catch(() => undefined);
    answers.push({ method: request.method, path: new URL(request.url).pathname, status: response.status, body });
    return response;
  };
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0 });
  const port = Number(new URL(running.httpsUrl as string).port);
  const ca = readFileSync(running.certPath as string, 'utf8');
  agent = new Agent({ keepAlive: false });
  agent.createConnection = (options) => {
    const servername = (options as { servername?: string; host?: string }).servername ?? (options as { host?: string }).host;
    return connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'] });
  };
  // An OAuth 2.0 user token for the demo user (bookmark writes take nothing else on X).
  const c = sandbox.credentials;
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const scopes = ['tweet.read', 'users.read', 'bookmark.read', 'bookmark.write', 'follows.read'];
  const { url, state, codeVerifier } = await oauth2AuthorizationUrl({
    clientId: c.oauth2_client_id,
    redirectUri,
    scopes,
    baseUrl: 'http://sandbox.test',
  });
  const approved = await consent(sandbox.fetch, url.href, c.username, c.password);
  const tokens = await exchangeOAuth2Code({
    clientId: c.oauth2_client_id,
    clientSecret: c.oauth2_client_secret,
    redirectUri,
    callbackUrl: approved.headers.get('location') as string,
    state,
    codeVerifier,
    baseUrl: 'http://sandbox.test',
    fetch: (input, init) => sandbox.fetch(new Request(input, init)),
  });
  oauth2Token = tokens.accessToken;
});
after(async () => {
  globalThis.fetch = realFetch;
  agent?.destroy();
  await running?.close();
  await sandbox?.close();
});

describe('twitter-api-v2: retweet, followers, bookmarks against the sandbox', { timeout: 60_000 }, () => {
  it('retweet / unretweet, retweetedBy, followers / following (OAuth 1.0a); bookmarks (OAuth 2.0)', async () => {
    const c = sandbox.credentials;
    const user = new TwitterApi(
      { appKey: c.consumer_key, appSecret: c.consumer_secret, accessToken: c.access_token, accessSecret: c.access_token_secret },
      { httpAgent: agent },
    );
    const id = await post('repost me (twitter-api-v2)');
    assert.equal((await user.v2.retweet(c.user_id, id)).data.retweeted, true);
    const by = await user.v2.tweetRetweetedBy(id);
    assert.deepEqual(
      by.data.map((u) => u.username),
      ['demo'],
    );
    assert.equal((await user.v2.unretweet(c.user_id, id)).data.retweeted, false);
    const alice = c.users.find((u) => u.username === 'alice');
    assert.ok(alice);
    await user.v2.follow(c.user_id, alice.user_id);
    const following = await user.v2.following(c.user_id, { asPaginator: true, max_results: 1 });
    assert.ok(following.users.some((u) => u.id === alice.user_id) || !following.done);
    await following.fetchLast(10);
    assert.ok(following.users.some((u) => u.id === alice.user_id));
    const followers = await user.v2.followers(alice.user_id);
    assert.deepEqual(
      followers.data.map((u) => u.id),
      [c.user_id],
    );
    const oauth2 = new TwitterApi(oauth2Token, { httpAgent: agent });
    assert.equal((await oauth2.v2.bookmark(id)).data.bookmarked, true);
    const marks = await oauth2.v2.bookmarks();
    assert.deepEqual(
      marks.tweets.map((t) => t.id),
      [id],
    );
    assert.equal((await oauth2.v2.deleteBookmark(id)).data.bookmarked, false);
    await user.v2.unfollow(c.user_id, alice.user_id);
  });
});

describe('@xdevplatform/xdk: reposts, followers, bookmarks against the sandbox', { timeout: 60_000, skip: NO_OPENAPI }, () => {
  it('posts.repostPost / unrepostPost, users.getFollowers / getFollowing, bookmarks with an OAuth 2.0 token', async () => {
    const xdk = await import('@xdevplatform/xdk');
    const c = sandbox.credentials;
    const oauth1 = new xdk.OAuth1({
      apiKey: c.consumer_key,
      apiSecret: c.consumer_secret,
      callback: 'oob',
      accessToken: c.access_token,
      accessTokenSecret: c.access_token_secret,
    });
    const client = new xdk.Client({ baseUrl: running.httpUrl, oauth1 });
    const id = await post('repost me (xdk)');
    answers.length = 0;
    const reposted = await client.users.repostPost(c.user_id, { tweetId: id });
    assert.equal(reposted.data?.retweeted, true);
    const by = await client.posts.getRepostedBy(id);
    assert.deepEqual(
      by.data?.map((u) => u.username),
      ['demo'],
    );
    assert.equal((await client.users.unrepostPost(c.user_id, id)).data?.retweeted, false);
    const bob = c.users.find((u) => u.username !== 'demo' && u.username !== 'alice') ?? c.users.find((u) => u.username === 'alice');
    assert.ok(bob);
    await client.users.followUser(c.user_id, { targetUserId: bob.user_id });
    const following = await client.users.getFollowing(c.user_id, { maxResults: 10 });
    assert.ok(following.data?.some((u) => u.id === bob.user_id));
    const followers = await client.users.getFollowers(bob.user_id);
    assert.deepEqual(
      followers.data?.map((u) => u.id),
      [c.user_id],
    );
    const oauth2 = new xdk.Client({ baseUrl: running.httpUrl, accessToken: oauth2Token });
    assert.equal((await oauth2.users.createBookmark(c.user_id, { tweetId: id })).data?.bookmarked, true);
    const marks = await oauth2.users.getBookmarks(c.user_id);
    assert.deepEqual(
      marks.data?.map((t) => t.id),
      [id],
    );
    assert.equal((await oauth2.users.deleteBookmark(c.user_id, id)).data?.bookmarked, false);
    // repost, reposted by, undo, following, followers, bookmark, bookmarks, remove (the follow is not in TEMPLATES).
    assert.equal(assertAnswersFitTheSpec(TEMPLATES), 8);
  });
});
