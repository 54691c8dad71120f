// The X client's OAuth 2.0 and app-only sides end to end against the sandbox's X-compatible endpoints, without
// ports (sandbox.fetch is the transport): PKCE with the consent form posted as a browser would, the code
// exchange, calls with the user token, refresh (before expiry, and after a 401), revocation, the app-only bearer
// minted, used on v2 reads and invalidated, and the wrong kind or a missing scope refused before sending.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type Sandbox } from '@oauth1x/sandbox';
import { consent } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { OAuthError, OAuthResponseError } from 'oauth1x';
import {
  appOnlyToken,
  exchangeOAuth2Code,
  invalidateAppOnlyToken,
  type OAuth2Tokens,
  oauth2AuthorizationUrl,
  refreshOAuth2Token,
  revokeOAuth2Token,
  XClient,
  XCredentialError,
} from '../src/index.js';

const BASE = 'http://sandbox.test';
const REDIRECT = 'http://127.0.0.1:53682/callback';
let sandbox: Sandbox;
let clock = Date.now();
const now = () => clock;
const sent: string[] = [];

function transport(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  sent.push(`${request.method} ${new URL(request.url).pathname}`);
  return sandbox.fetch(request);
}

/** The whole PKCE flow for the demo user: URL, consent form posted, callback, code exchange. */
async function signIn(scopes: string[]): Promise<OAuth2Tokens> {
  const c = sandbox.credentials;
  const { url, state, codeVerifier } = await oauth2AuthorizationUrl({
    clientId: c.oauth2_client_id,
    redirectUri: REDIRECT,
    scopes,
    baseUrl: BASE,
  });
  assert.equal(`${url.origin}${url.pathname}`, `${BASE}/i/oauth2/authorize`);
  const approved = await consent(sandbox.fetch, url.href, c.username, c.password);
  assert.equal(approved.status, 302, await approved.clone().text());
  const callbackUrl = approved.headers.get('location') as string;
  return exchangeOAuth2Code({
    clientId: c.oauth2_client_id,
    clientSecret: c.oauth2_client_secret,
    redirectUri: REDIRECT,
    callbackUrl,
    state,
    codeVerifier,
    baseUrl: BASE,
    fetch: transport,
    now,
  });
}

function userClient(tokens: OAuth2Tokens, saved: OAuth2Tokens[] = []): XClient {
  const c = sandbox.credentials;
  return new XClient({
    auth: {
      kind: 'oauth2',
      clientId: c.oauth2_client_id,
      clientSecret: c.oauth2_client_secret,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
      onTokens: (t) => void saved.push(t),
    },
    baseUrl: BASE,
    fetch: transport,
    now,
  });
}

describe('XClient with OAuth 2.0 and app-only against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    sandbox = await createSandbox({ memory: true, now });
  });
  after(async () => {
    await sandbox?.close();
  });

  it('PKCE sign-in through the consent form, then me, tweet and read back with the user token', async () => {
    const tokens = await signIn(['tweet.read', 'tweet.write', 'users.read', 'offline.access']);
    assert.deepEqual([...tokens.scopes].sort(), ['offline.access', 'tweet.read', 'tweet.write', 'users.read']);
    assert.ok(tokens.refreshToken);
    assert.equal(tokens.expiresAt, clock + 7200_000, 'X’s 2 hours');
    const x = userClient(tokens);
    const { data: me } = await x.me();
    assert.equal(me.username, sandbox.credentials.username);
    const posted = await x.tweet('posted with an OAuth 2.0 user token');
    const { data } = await x.getTweet(posted.data.id, { 'tweet.fields': 'author_id' });
    assert.equal(data.author_id, me.id);
  });

  it('refreshes before expiry (rotation: the old refresh token is dead) and after a 401, once', async () => {
    const tokens = await signIn(['tweet.read', 'users.read', 'offline.access']);
    const saved: OAuth2Tokens[] = [];
    const x = userClient(tokens, saved);
    clock += 7200_000 - 20_000; // 20 s left
    sent.length = 0;
    await x.me();
    assert.deepEqual(sent, ['POST /2/oauth2/token', 'GET /2/users/me']);
    assert.equal(saved.length, 1);
    assert.notEqual(saved[0]?.refreshToken, tokens.refreshToken);
    const c = sandbox.credentials;
    const client = { clientId: c.oauth2_client_id, clientSecret: c.oauth2_client_secret, baseUrl: BASE, fetch: transport };
    await assert.rejects(refreshOAuth2Token({ ...client, refreshToken: tokens.refreshToken ?? '' }), OAuthResponseError);

    // A client that does not know when its token expires: X's 401, one refresh, the call again.
    const fresh = await signIn(['tweet.read', 'users.read', 'offline.access']);
    const unaware = userClient({ ...fresh, expiresAt: undefined });
    clock += 7200_000 + 1000;
    sent.length = 0;
    await unaware.me();
    assert.deepEqual(sent, ['GET /2/users/me', 'POST /2/oauth2/token', 'GET /2/users/me']);
  });

  it('revoke: the access token then gets 401; a refresh token revoked ends the refreshes with a clear error', async () => {
    const tokens = await signIn(['tweet.read', 'users.read', 'offline.access']);
    const c = sandbox.credentials;
    const client = { clientId: c.oauth2_client_id, clientSecret: c.oauth2_client_secret, baseUrl: BASE, fetch: transport };
    await revokeOAuth2Token({ ...client, token: tokens.accessToken, tokenTypeHint: 'access_token' });
    const noRefresh = userClient({ ...tokens, refreshToken: undefined });
    await assert.rejects(noRefresh.me(), (e: unknown) => e instanceof OAuthResponseError && e.status === 401);
    await revokeOAuth2Token({ ...client, token: tokens.refreshToken ?? '', tokenTypeHint: 'refresh_token' });
    const x = userClient(tokens);
    sent.length = 0;
    const error = await x.me().catch((e: unknown) => e);
    assert.ok(error instanceof OAuthError && error.code === 'ERR_OAUTH2_REFRESH', String(error));
    assert.ok(!String(error).includes(tokens.refreshToken ?? '?') && !String(error).includes(c.oauth2_client_secret));
    await assert.rejects(x.me(), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_OAUTH2_REFRESH');
    assert.deepEqual(sent, ['GET /2/users/me', 'POST /2/oauth2/token'], 'one refresh, then no more requests');
  });

  it('app-only bearer: minted from the consumer key, reads v2 routes, refused before sending where X wants a user', async () => {
    const c = sandbox.credentials;
    const creds = { consumerKey: c.consumer_key, consumerSecret: c.consumer_secret, baseUrl: BASE, fetch: transport };
    const bearer = await appOnlyToken(creds);
    const app = new XClient({ auth: { kind: 'app', bearer }, baseUrl: BASE, fetch: transport });
    const user = await new XClient({
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
      baseUrl: BASE,
      fetch: transport,
    }).me();
    const posted = await userClient(await signIn(['tweet.read', 'tweet.write', 'users.read'])).tweet('for the app to read');
    assert.equal((await app.getTweet(posted.data.id)).data.id, posted.data.id);
    let n = 0;
    for await (const _ of app.userTimeline(user.data.id, { limit: 1 })) n++;
    assert.equal(n, 1);
    sent.length = 0;
    await assert.rejects(app.tweet('no user here'), (e: unknown) => e instanceof XCredentialError && e.kind === 'app');
    await assert.rejects(app.me(), XCredentialError);
    assert.deepEqual(sent, [], 'refused before sending');
    // The sandbox agrees: the same call sent anyway is X's 403.
    const raw = await transport(`${BASE}/2/tweets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    assert.equal(raw.status, 403);
    await invalidateAppOnlyToken({ ...creds, token: bearer });
    await assert.rejects(app.getTweet(posted.data.id), (e: unknown) => e instanceof OAuthResponseError && e.status === 401);
  });

  it('a token without tweet.write: tweet refused before sending, naming the missing scope; the sandbox agrees', async () => {
    const tokens = await signIn(['tweet.read', 'users.read']);
    const x = userClient(tokens);
    sent.length = 0;
    const error = await x.tweet('no').catch((e: unknown) => e);
    assert.ok(error instanceof XCredentialError && error.code === 'ERR_X_OAUTH2_SCOPE', String(error));
    assert.deepEqual(error.scopesMissing, ['tweet.write']);
    assert.deepEqual(sent, []);
    const raw = await transport(`${BASE}/2/tweets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    assert.equal(raw.status, 403);
  });
});
