import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthResponseError } from 'oauth1x';
import { sniffMediaType, XApiError, XClient } from '../src/index.js';

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  form?: FormData | undefined;
}

const consumer = { key: 'ck', secret: 'cs' };
const token = { key: '42-tk', secret: 'ts' };
const RATE = { 'x-rate-limit-limit': '300', 'x-rate-limit-remaining': '299', 'x-rate-limit-reset': '1900000000' };

function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...RATE, ...headers } });
}

function fake(handler: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const type = request.headers.get('content-type') ?? '';
    const entry: Seen = { method: request.method, url: new URL(request.url), headers: request.headers, body: '' };
    if (type.startsWith('multipart/form-data')) entry.form = await request.formData();
    else entry.body = await request.text();
    assert.match(request.headers.get('authorization') ?? '', /^OAuth .*oauth_signature="/, 'every call is signed');
    seen.push(entry);
    return handler(entry);
  };
  return { fetch, seen };
}

const ME = { data: { id: '42', name: 'Alice', username: 'alice' } };

describe('XClient', () => {
  it('tweet posts JSON to /2/tweets with reply, quote and media, with rate-limit info', async () => {
    const { fetch, seen } = fake(() => json({ data: { id: '1', text: 'hi' } }, 201));
    const x = new XClient({ consumer, token, baseUrl: 'http://127.0.0.1:9/', fetch });
    const result = await x.tweet('hi', { replyTo: '7', quote: '8', mediaIds: ['9'] });
    assert.deepEqual(result.data, { id: '1', text: 'hi' });
    assert.equal(result.status, 201);
    assert.deepEqual(result.rateLimit, { limit: 300, remaining: 299, reset: 1900000000 });
    assert.equal(seen[0]?.url.href, 'http://127.0.0.1:9/2/tweets');
    assert.equal(seen[0]?.headers.get('content-type'), 'application/json');
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), {
      text: 'hi',
      reply: { in_reply_to_tweet_id: '7' },
      quote_tweet_id: '8',
      media: { media_ids: ['9'] },
    });
  });

  it('deleteTweet, getTweet and me call the v2 endpoints', async () => {
    const { fetch, seen } = fake((s) => {
      if (s.method === 'DELETE') return json({ data: { deleted: true } });
      if (s.url.pathname === '/2/users/me') return json(ME);
      return json({ data: { id: '5', text: 't' }, includes: { users: [ME.data] } });
    });
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    assert.equal((await x.deleteTweet('5')).data.deleted, true);
    const got = await x.getTweet('5', { 'tweet.fields': 'created_at' });
    assert.equal(got.data.id, '5');
    assert.deepEqual(got.includes?.users, [ME.data]);
    assert.equal((await x.me()).data.username, 'alice');
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url.pathname}${s.url.search}`),
      ['DELETE /2/tweets/5', 'GET /2/tweets/5?tweet.fields=created_at', 'GET /2/users/me'],
    );
  });

  it('userTimeline follows pagination_token across pages and honours limit', async () => {
    const { fetch, seen } = fake((s) => {
      if (s.url.pathname === '/2/users/me') return json(ME);
      const token = s.url.searchParams.get('pagination_token');
      if (token === null)
        return json({
          data: [
            { id: '3', text: 'c' },
            { id: '2', text: 'b' },
          ],
          meta: { next_token: 'p2', result_count: 2 },
        });
      if (token === 'p2') return json({ data: [{ id: '1', text: 'a' }], meta: { result_count: 1 } });
      return json({ errors: [{ code: 44, message: 'bad token' }] }, 400);
    });
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    const ids: string[] = [];
    for await (const tweet of x.userTimeline(undefined, { maxResults: 2 })) ids.push(tweet.id);
    assert.deepEqual(ids, ['3', '2', '1']);
    assert.equal(seen.filter((s) => s.url.pathname === '/2/users/me').length, 1);
    assert.equal(seen[1]?.url.pathname, '/2/users/42/tweets');
    assert.equal(seen[1]?.url.searchParams.get('max_results'), '2');
    const limited: string[] = [];
    for await (const tweet of x.userTimeline('42', { limit: 1 })) limited.push(tweet.id);
    assert.deepEqual(limited, ['3']);
    const pages = [];
    for await (const page of x.userTimeline('42').pages()) pages.push(page);
    assert.equal(pages.length, 2);
    assert.equal(pages[0]?.nextToken, 'p2');
    assert.equal(pages[1]?.nextToken, undefined);
    assert.equal(pages[0]?.rateLimit?.remaining, 299);
  });

  it('pagination follows a next_token past empty pages, and stops on a token that repeats or a long run of empty pages', async () => {
    const run = async (page: (token: string | null) => unknown) => {
      const { fetch, seen } = fake((s) => json(page(s.url.searchParams.get('pagination_token'))));
      const ids: string[] = [];
      for await (const tweet of new XClient({ consumer, token, baseUrl: 'http://h', fetch }).userTimeline('42')) ids.push(tweet.id);
      return { ids, requests: seen.length };
    };
    // An empty page with a next_token, then the results.
    const sparse = await run((t) =>
      t === null ? { meta: { result_count: 0, next_token: 'p2' } } : { data: [{ id: '1', text: 'a' }], meta: { result_count: 1 } },
    );
    assert.deepEqual(sparse, { ids: ['1'], requests: 2 });
    // A server that keeps handing out the same token, or fresh tokens over empty pages forever.
    assert.deepEqual(await run(() => ({ data: [{ id: '1', text: 'a' }], meta: { next_token: 'same' } })), { ids: ['1', '1'], requests: 2 });
    let n = 0;
    assert.deepEqual(await run(() => ({ meta: { result_count: 0, next_token: `t${n++}` } })), { ids: [], requests: 10 });
  });

  it('homeTimeline, mentions and searchRecent use their endpoints and token parameters', async () => {
    const { fetch, seen } = fake((s) => {
      if (s.url.pathname === '/2/users/me') return json(ME);
      if (s.url.pathname === '/2/tweets/search/recent' && s.url.searchParams.get('next_token') === null)
        return json({ data: [{ id: '9', text: 'q' }], meta: { next_token: 'n2' } });
      return json({ meta: { result_count: 0 } });
    });
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    for await (const _ of x.homeTimeline()) assert.fail('empty');
    for await (const _ of x.mentions()) assert.fail('empty');
    const found: string[] = [];
    for await (const tweet of x.searchRecent('from:alice has:media')) found.push(tweet.id);
    assert.deepEqual(found, ['9']);
    const paths = seen.map((s) => s.url.pathname);
    assert.ok(paths.includes('/2/users/42/timelines/reverse_chronological'));
    assert.ok(paths.includes('/2/users/42/mentions'));
    const searches = seen.filter((s) => s.url.pathname === '/2/tweets/search/recent');
    assert.equal(searches[0]?.url.searchParams.get('query'), 'from:alice has:media');
    assert.equal(searches[1]?.url.searchParams.get('next_token'), 'n2');
  });

  it('like, unlike, follow and unfollow act as the signed-in user', async () => {
    const { fetch, seen } = fake((s) => {
      if (s.url.pathname === '/2/users/me') return json(ME);
      if (s.url.pathname.includes('likes')) return json({ data: { liked: s.method === 'POST' } });
      return json({ data: { following: s.method === 'POST' } });
    });
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    assert.equal((await x.like('5')).data.liked, true);
    assert.equal((await x.unlike('5')).data.liked, false);
    assert.equal((await x.follow('77')).data.following, true);
    assert.equal((await x.unfollow('77')).data.following, false);
    assert.deepEqual(
      seen.slice(1).map((s) => `${s.method} ${s.url.pathname} ${s.body}`),
      [
        'POST /2/users/42/likes {"tweet_id":"5"}',
        'DELETE /2/users/42/likes/5 ',
        'POST /2/users/42/following {"target_user_id":"77"}',
        'DELETE /2/users/42/following/77 ',
      ],
    );
  });

  it('errors are XApiErrors (OAuthResponseErrors) with status, X code and rate limit', async () => {
    const { fetch } = fake(() => json({ errors: [{ code: 89, message: 'Invalid or expired token.' }] }, 401));
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    await assert.rejects(x.me(), (error: unknown) => {
      assert.ok(error instanceof XApiError && error instanceof OAuthResponseError);
      assert.equal(error.status, 401);
      assert.equal(error.xCode, 89);
      assert.equal(error.rateLimit?.limit, 300);
      return true;
    });
    // The failed me() is not cached: a later call tries again.
    await assert.rejects(x.like('1'), OAuthResponseError);
  });

  it('a v2 answer with only errors (200) becomes a 404 OAuthResponseError', async () => {
    const notFound = {
      errors: [
        {
          detail: 'Could not find tweet with id: [1].',
          title: 'Not Found Error',
          type: 'https://api.x.com/2/problems/resource-not-found',
        },
      ],
    };
    const { fetch } = fake(() => json(notFound));
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    await assert.rejects(
      x.getTweet('1'),
      (e: unknown) => e instanceof XApiError && e.status === 404 && /Could not find tweet/.test(e.message) && e.rateLimit?.limit === 300,
    );
    const { fetch: partial } = fake(() => json({ data: { id: '1', text: 't' }, errors: [{ title: 'Partial' }] }));
    const ok = await new XClient({ consumer, token, baseUrl: 'http://h', fetch: partial }).getTweet('1');
    assert.deepEqual(ok.errors, [{ title: 'Partial' }]);
  });

  it('a 429 throws by default, and waits until reset when opted in', async () => {
    let calls = 0;
    const reset = Math.floor(Date.now() / 1000) + 2;
    const { fetch } = fake(() =>
      ++calls === 1
        ? json({ title: 'Too Many Requests', status: 429 }, 429, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) })
        : json(ME),
    );
    await assert.rejects(
      new XClient({ consumer, token, baseUrl: 'http://h', fetch }).me(),
      (e: unknown) => e instanceof XApiError && e.status === 429 && e.rateLimit?.remaining === 0,
    );
    calls = 0;
    const waits: number[] = [];
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch, waitOnRateLimit: true, sleep: async (ms) => void waits.push(ms) });
    assert.equal((await x.me()).data.id, '42');
    assert.equal(waits.length, 1);
    assert.ok((waits[0] as number) > 0 && (waits[0] as number) <= 3100, String(waits[0]));
    calls = 0;
    const short = new XClient({
      consumer,
      token,
      baseUrl: 'http://h',
      fetch,
      waitOnRateLimit: 100,
      sleep: async () => assert.fail('must not wait past the limit'),
    });
    await assert.rejects(short.me(), (e: unknown) => e instanceof OAuthResponseError && e.status === 429);
  });

  it('request() reaches any endpoint with a signed form body and query', async () => {
    const { fetch, seen } = fake(() => json({ id_str: '1' }));
    const x = new XClient({ consumer, token, baseUrl: 'http://h', fetch });
    const result = await x.request<{ id_str: string }>('POST', '/1.1/statuses/update.json', {
      form: { status: 'a + b' },
      query: { trim_user: 'true' },
    });
    assert.equal(result.data.id_str, '1');
    assert.equal(new URLSearchParams(seen[0]?.body).get('status'), 'a + b');
    assert.equal(seen[0]?.url.search, '?trim_user=true');
    const { fetch: bad } = fake(() => new Response('<html>', { status: 200 }));
    await assert.rejects(new XClient({ consumer, token, baseUrl: 'http://h', fetch: bad }).request('GET', '/x'), /not JSON/);
  });

  it('defaults to the real X hosts and checks URLs', () => {
    const x = new XClient({ consumer, token });
    assert.equal(x.baseUrl, 'https://api.x.com');
    assert.equal(x.uploadBaseUrl, 'https://upload.x.com');
    assert.equal(new XClient({ consumer, token, baseUrl: 'https://api.twitter.com' }).uploadBaseUrl, 'https://upload.twitter.com');
    assert.equal(new XClient({ consumer, token, baseUrl: 'http://127.0.0.1:8787/' }).uploadBaseUrl, 'http://127.0.0.1:8787');
    assert.throws(() => new XClient({ consumer, token, baseUrl: 'ftp://x' }), /baseUrl/);
    assert.equal(sniffMediaType(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), 'image/png');
    assert.equal(sniffMediaType(new TextEncoder().encode('RIFF0000WEBP')), 'image/webp');
  });
});
