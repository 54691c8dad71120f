// XClient with each credential kind X accepts, against a fake X whose API routes check X's OpenAPI `security`:
// the OAuth 2.0 token refreshed before expiry and once on a 401 (one refresh for concurrent calls, onTokens),
// a failed refresh an error and no loop, the wrong kind or a missing scope refused before anything is sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpecAnswer } from '@oauth1x/test-kit/x/spec-fetch.js';
import { OAuthError, OAuthResponseError } from 'oauth1x';
import { type OAuth2Tokens, XClient, XCredentialError } from '../src/index.js';
import { fakeXOAuth2 } from './fake-x-oauth2.js';

const ANSWERS: Record<string, SpecAnswer> = {
  getUsersMe: { body: { data: { id: '42', name: 'Alice', username: 'alice' } } },
  createPosts: { status: 201, body: { data: { id: '7', text: 'hi' } } },
  getPostsById: { body: { data: { id: '7', text: 'hi' } } },
  likePost: { body: { data: { liked: true } } },
  followUser: { body: { data: { following: true, pending_follow: false } } },
};
const ALL = ['tweet.read', 'tweet.write', 'users.read', 'like.write', 'follows.write', 'offline.access'];

function shown(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) parts.push(String(e), e.stack ?? '', JSON.stringify(e));
  return parts.join('\n');
}

/** A fake X, a clock, and an OAuth 2.0 client whose token expires `expiresIn` ms from now. */
function setup(expiresIn = 7200_000, fakeOptions: Parameters<typeof fakeXOAuth2>[0] = {}) {
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const x = fakeXOAuth2({ clientSecret: 'client-secret', now, api: (_, m) => ANSWERS[m.operationId] ?? { body: {} }, ...fakeOptions });
  const granted = x.grant(ALL);
  const saved: OAuth2Tokens[] = [];
  const client = new XClient({
    auth: {
      kind: 'oauth2',
      clientId: x.clientId,
      clientSecret: 'client-secret',
      accessToken: granted.accessToken,
      refreshToken: granted.refreshToken,
      expiresAt: clock + expiresIn,
      scopes: ALL,
      onTokens: (tokens) => void saved.push(tokens),
    },
    fetch: x.fetch,
    now,
  });
  return { x, client, granted, saved, advance: (ms: number) => void (clock += ms), now };
}

describe('XClient with an OAuth 2.0 user token', () => {
  it('sends Authorization: Bearer; every method passes X’s OpenAPI security for OAuth2UserToken with the scopes', async () => {
    const { x, client } = setup();
    await client.me();
    await client.tweet('hi');
    await client.getTweet('7');
    await client.like('7');
    await client.follow('2244994945');
    assert.deepEqual(x.violations, []);
    assert.deepEqual(
      x.seen.map((s) => s.operationId),
      ['getUsersMe', 'createPosts', 'getPostsById', 'likePost', 'followUser'],
    );
    assert.ok(x.seen.every((s) => /^Bearer \S+$/.test(s.headers.get('authorization') ?? '')));
    assert.equal(client.authKind, 'oauth2');
  });

  it('refreshes shortly before expiry, before the call, and hands the rotated tokens to onTokens', async () => {
    const { x, client, granted, saved, advance, now } = setup();
    advance(7200_000 - 30_000); // 30 s left: inside the refresh margin
    await client.me();
    assert.deepEqual(x.calls, ['POST /2/oauth2/token', 'GET /2/users/me']);
    assert.equal(saved.length, 1);
    const tokens = saved[0] as OAuth2Tokens;
    assert.notEqual(tokens.accessToken, granted.accessToken);
    assert.ok(tokens.refreshToken !== undefined && tokens.refreshToken !== granted.refreshToken, 'rotated refresh token');
    assert.equal(tokens.expiresAt, now() + 7200_000);
    assert.deepEqual(client.oauth2Tokens, tokens);
    assert.equal(x.isActive(granted.refreshToken ?? ''), false, 'the old refresh token is dead on X');
    await client.me();
    assert.equal(x.calls.filter((c) => c === 'POST /2/oauth2/token').length, 1, 'no second refresh');
  });

  it('on a 401 refreshes once and sends the request again, once', async () => {
    const { x, client, granted, saved } = setup();
    x.expire(granted.accessToken); // X forgot the token early; the client's expiresAt still says 2 hours
    const { data } = await client.me();
    assert.equal(data.id, '42');
    assert.deepEqual(x.calls, ['GET /2/users/me', 'POST /2/oauth2/token', 'GET /2/users/me']);
    assert.equal(saved.length, 1);
  });

  it('a 401 after the refresh is thrown: one refresh, two tries, no loop', async () => {
    const { x, client } = setup(7200_000, { tokenDelayMs: 0 });
    // X answers 401 to every token: the retried request fails too.
    const original = x.fetch;
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.startsWith('/2/users')) {
        x.calls.push(`GET ${url.pathname}`);
        return new Response('{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}', {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        });
      }
      return original(input, init);
    };
    const granted = x.grant(ALL);
    const c = new XClient({ auth: { kind: 'oauth2', clientId: x.clientId, clientSecret: 'client-secret', ...granted }, fetch });
    await assert.rejects(c.me(), (e: unknown) => e instanceof OAuthResponseError && e.status === 401);
    assert.deepEqual(x.calls, ['GET /2/users/me', 'POST /2/oauth2/token', 'GET /2/users/me']);
    void client;
  });

  it('10 concurrent calls near expiry share exactly one refresh', async () => {
    const { x, client, saved, advance } = setup(7200_000, { tokenDelayMs: 20 });
    advance(7200_000 - 10_000);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.getTweet(String(i + 1))));
    assert.equal(results.length, 10);
    assert.equal(x.calls.filter((c) => c === 'POST /2/oauth2/token').length, 1);
    assert.equal(x.calls.filter((c) => c.startsWith('GET /2/tweets/')).length, 10, 'each call sent once');
    assert.equal(saved.length, 1);
    assert.deepEqual(x.violations, []);
  });

  it('10 concurrent 401s share one refresh too', async () => {
    const { x, client, granted } = setup(7200_000, { tokenDelayMs: 20 });
    x.expire(granted.accessToken);
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.getTweet(String(i + 1))));
    assert.equal(x.calls.filter((c) => c === 'POST /2/oauth2/token').length, 1);
    assert.equal(x.calls.filter((c) => c.startsWith('GET /2/tweets/')).length, 20, 'each call: the 401, then the retry');
  });

  it('a 401 that arrives after another call already refreshed retries with the new token, no second refresh', async () => {
    let slowOnce = true;
    const { x, client, granted, saved } = setup(7200_000, {
      apiDelayMs: (url) => {
        if (url.pathname !== '/2/tweets/2' || !slowOnce) return 0;
        slowOnce = false;
        return 50;
      },
    });
    x.expire(granted.accessToken);
    await Promise.all([client.getTweet('2'), client.getTweet('1')]);
    assert.equal(x.calls.filter((c) => c === 'POST /2/oauth2/token').length, 1);
    assert.equal(saved.length, 1);
  });

  it('a refresh X refuses is a clear error, shared by concurrent calls and final: no loop, no token in it', async () => {
    const { x, client, granted, saved, advance } = setup(7200_000, { tokenDelayMs: 5 });
    x.revokeAllRefresh();
    advance(7200_000);
    const errors = await Promise.all(Array.from({ length: 5 }, () => client.me().catch((e: unknown) => e)));
    for (const error of errors) {
      assert.ok(error instanceof OAuthError && error.code === 'ERR_OAUTH2_REFRESH', String(error));
      assert.match(error.message, /Could not refresh the OAuth 2\.0 token: .*400/);
      const text = shown(error);
      for (const secret of [granted.accessToken, granted.refreshToken ?? '?', 'client-secret'])
        assert.ok(!text.includes(secret), 'no secret shown');
    }
    await assert.rejects(client.me(), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_OAUTH2_REFRESH');
    assert.deepEqual(x.calls, ['POST /2/oauth2/token'], 'one refresh attempt, no API call with the dead token');
    assert.equal(saved.length, 0);
  });

  it('without a refresh token a 401 is thrown as is, and the access token is not in it', async () => {
    const x = fakeXOAuth2();
    const granted = x.grant(['tweet.read', 'users.read']);
    const client = new XClient({ auth: { kind: 'oauth2', clientId: x.clientId, accessToken: granted.accessToken }, fetch: x.fetch });
    x.expire(granted.accessToken);
    const error = await client.me().catch((e: unknown) => e);
    assert.ok(error instanceof OAuthResponseError && error.status === 401);
    assert.ok(!shown(error).includes(granted.accessToken));
    assert.deepEqual(x.calls, ['GET /2/users/me']);
  });

  it('an onTokens that throws is reported; the new tokens stay in use', async () => {
    const x = fakeXOAuth2();
    const granted = x.grant(ALL);
    let clock = 0;
    const client = new XClient({
      auth: {
        kind: 'oauth2',
        clientId: x.clientId,
        ...granted,
        expiresAt: 1000,
        onTokens: () => {
          throw new Error('disk full');
        },
      },
      fetch: x.fetch,
      now: () => clock,
    });
    clock = 999;
    await assert.rejects(client.me(), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_OAUTH2_ON_TOKENS');
    await client.me();
    assert.equal(x.calls.filter((c) => c === 'POST /2/oauth2/token').length, 1);
  });
});

describe('XClient refuses the wrong credential kind before sending (X’s OpenAPI security)', () => {
  function counting() {
    const sent: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      sent.push(String(input instanceof Request ? input.url : input));
      return new Response('{}', { status: 500 });
    };
    return { sent, fetch };
  }

  it('app-only bearer: tweet, like, me, home timeline are user context; the error names method, kinds and scopes', async () => {
    const { sent, fetch } = counting();
    const app = new XClient({ auth: { kind: 'app', bearer: 'AAAA-bearer' }, fetch });
    const error = await app.tweet('hi').catch((e: unknown) => e);
    assert.ok(error instanceof XCredentialError && error.code === 'ERR_X_CREDENTIAL_KIND', String(error));
    assert.equal(error.method, 'tweet');
    assert.equal(error.operation, 'POST /2/tweets');
    assert.equal(error.operationId, 'createPosts');
    assert.equal(error.kind, 'app');
    assert.deepEqual(error.accepted, ['oauth1', 'oauth2']);
    assert.deepEqual(error.scopesNeeded, ['tweet.read', 'tweet.write', 'users.read']);
    assert.ok(!error.message.includes('AAAA-bearer'));
    for (const call of [
      () => app.like('1'),
      () => app.me(),
      () => app.homeTimeline().pages()[Symbol.asyncIterator]().next(),
      () => app.unfollow('2'),
    ])
      await assert.rejects(call(), (e: unknown) => e instanceof XCredentialError && e.kind === 'app');
    const like = await app.like('1').catch((e: unknown) => e);
    assert.ok(like instanceof XCredentialError && like.operationId === 'likePost', 'named for the like, not the user lookup');
    assert.deepEqual(sent, [], 'no request was made');
  });

  it('OAuth 1.0a and OAuth 2.0 on an app-only route; OAuth 1.0a on a bookmark write; a missing scope', async () => {
    const { sent, fetch } = counting();
    const oauth1 = new XClient({ consumer: { key: 'ck', secret: 'cs' }, token: { key: 't', secret: 'ts' }, fetch });
    const oauth2 = new XClient({
      auth: { kind: 'oauth2', clientId: 'c', accessToken: 'tok-123', scopes: ['tweet.read', 'users.read'] },
      fetch,
    });
    for (const client of [oauth1, oauth2])
      await assert.rejects(
        client.request('GET', '/2/tweets/search/all', { query: { query: 'x' } }),
        (e: unknown) => e instanceof XCredentialError && e.operationId === 'searchPostsAll' && e.accepted.join() === 'app',
      );
    await assert.rejects(
      oauth1.request('POST', '/2/users/1/bookmarks', { json: { tweet_id: '2' } }),
      (e: unknown) => e instanceof XCredentialError && e.accepted.join() === 'oauth2' && e.method === 'request',
    );
    const scope = await oauth2.tweet('hi').catch((e: unknown) => e);
    assert.ok(scope instanceof XCredentialError && scope.code === 'ERR_X_OAUTH2_SCOPE', String(scope));
    assert.deepEqual(scope.scopesMissing, ['tweet.write']);
    assert.deepEqual(scope.scopesGranted, ['tweet.read', 'users.read']);
    assert.match(scope.message, /XClient\.tweet .*tweet\.read tweet\.write users\.read.*missing tweet\.write/);
    assert.deepEqual(sent, []);
  });

  it('unknown scopes are not guessed; paths outside the document pass; a bad auth is refused', async () => {
    const { sent, fetch } = counting();
    const oauth2 = new XClient({ auth: { kind: 'oauth2', clientId: 'c', accessToken: 'tok' }, fetch });
    await assert.rejects(oauth2.tweet('hi'), (e: unknown) => e instanceof OAuthResponseError && e.status === 500);
    await assert.rejects(oauth2.request('GET', '/2/not/in/the/document'), OAuthResponseError);
    assert.equal(sent.length, 2);
    assert.throws(() => new XClient({ auth: { kind: 'nope' } as never }), /auth\.kind/);
    assert.throws(() => new XClient({} as never), /XClient needs auth/);
    assert.throws(() => new XClient({ auth: { kind: 'app', bearer: '' } }), /auth\.bearer/);
  });
});

describe('XClient with an app-only bearer', () => {
  it('reads with Authorization: Bearer, passing X’s OpenAPI security for BearerToken', async () => {
    const x = fakeXOAuth2({
      api: (_, match) =>
        match.operationId === 'getPostsById'
          ? { body: { data: { id: '7', text: 'hi' } } }
          : { body: { data: [], meta: { result_count: 0 } } },
    });
    const bearer = (await import('../src/index.js')).appOnlyToken({
      consumerKey: x.consumerKey,
      consumerSecret: x.consumerSecret,
      fetch: x.fetch,
    });
    const app = new XClient({ auth: { kind: 'app', bearer: await bearer }, fetch: x.fetch });
    await app.getTweet('7');
    for await (const _ of app.userTimeline('42', { limit: 1 }));
    for await (const _ of app.mentions('42', { limit: 1 }));
    for await (const _ of app.searchRecent('from:jack', { limit: 1 }));
    assert.deepEqual(x.violations, []);
    assert.deepEqual(
      x.seen.map((s) => s.operationId),
      ['getPostsById', 'getUsersPosts', 'getUsersMentions', 'searchPostsRecent'],
    );
    assert.equal(app.authKind, 'app');
    assert.equal(app.oauth2Tokens, undefined);
  });
});
