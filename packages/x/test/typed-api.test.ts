import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { OAuthError } from 'oauth1x';
import { XClient, XCredentialError } from '../src/index.js';
import { operationPath, queryStrings, type XItem, type XTypedResponse } from '../src/typed-api.js';
import { X_PAGINATION } from '../src/x-api.generated.js';

// `x.request('METHOD /path', …)` and `x.paginate(…)` typed from X's OpenAPI document: the requests they send are
// checked against the document (specFetch), and the compile-time types are pinned by the assignments and the
// `@ts-expect-error` lines below (the build fails when a type stops catching the mistake).
const user = (id: string) => ({ id, name: `User ${id}`, username: `user${id}` });

describe('typed x.request and x.paginate', () => {
  it('fills path parameters, writes arrays comma-separated, sends the JSON body; answers typed', async () => {
    const { fetch, seen, violations } = specFetch((request, match) => {
      if (match.operationId === 'getUsersFollowers') return { body: { data: [user('2')], meta: { result_count: 1 } } };
      if (match.operationId === 'likePost') return { body: { data: { liked: JSON.parse(request.text).tweet_id === '9' } } };
      return { status: 404, body: {} };
    });
    const x = new XClient({ consumer: { key: 'ck', secret: 'cs' }, token: { key: '42-tk', secret: 'ts' }, fetch });
    const followers = await x.request('GET /2/users/{id}/followers', {
      params: { id: '42' },
      query: { max_results: 100, 'user.fields': ['created_at', 'verified_type'] },
    });
    const first: { username?: string } | undefined = followers.data?.[0];
    assert.equal(first?.username, 'user2');
    assert.equal(followers.meta?.result_count, 1);
    const liked = await x.request('POST /2/users/{id}/likes', { params: { id: '42' }, body: { tweet_id: '9' } });
    const flag: boolean | undefined = liked.data?.liked;
    assert.equal(flag, true);
    assert.deepEqual(violations, []);
    assert.equal(seen[0]?.url.search, '?max_results=100&user.fields=created_at%2Cverified_type');
    assert.deepEqual(
      seen.map((s) => s.operationId),
      ['getUsersFollowers', 'likePost'],
    );
    if (process.env.NEVER_SET_TYPE_CHECKS) {
      // @ts-expect-error the path parameter is required
      await x.request('GET /2/users/{id}/followers', { query: {} });
      // @ts-expect-error a query parameter the operation does not have
      await x.request('GET /2/users/{id}/followers', { params: { id: '1' }, query: { nope: 1 } });
      // @ts-expect-error a field name X does not have
      await x.request('GET /2/users/{id}/followers', { params: { id: '1' }, query: { 'user.fields': ['nope'] } });
      // @ts-expect-error the body's field is tweet_id
      await x.request('POST /2/users/{id}/likes', { params: { id: '1' }, body: { id: '9' } });
      // @ts-expect-error an operation X's document does not have
      await x.request('GET /2/users/{id}/nothing', { params: { id: '1' } });
      // Options may be left out where the operation needs none.
      await x.request('GET /2/users/me');
      const typed: XTypedResponse<'GET /2/tweets/{id}'> = await x.request('GET /2/tweets/{id}', { params: { id: '1' } });
      const text: string | undefined = typed.data?.text;
      void text;
    }
  });

  it('paginate follows meta.next_token with the token parameter each operation takes', async () => {
    const pages: Record<string, { data: unknown[]; meta: Record<string, unknown> }> = {
      '': { data: [user('1'), user('2')], meta: { result_count: 2, next_token: 'page-two-token-0001' } },
      'page-two-token-0001': { data: [user('3')], meta: { result_count: 1 } },
    };
    const { fetch, seen, violations } = specFetch((request, match) => {
      const token = request.url.searchParams.get(X_PAGINATION[`GET ${match.path}` as keyof typeof X_PAGINATION] as string) ?? '';
      return { body: pages[token] ?? { meta: { result_count: 0 } } };
    });
    const x = new XClient({ consumer: { key: 'ck', secret: 'cs' }, token: { key: '42-tk', secret: 'ts' }, fetch });
    const names: string[] = [];
    for await (const u of x.paginate('GET /2/users/{id}/following', {
      params: { id: '42' },
      maxResults: 2,
      query: { 'user.fields': ['id'] },
    }))
      names.push(u.username ?? '');
    assert.deepEqual(names, ['user1', 'user2', 'user3']);
    assert.deepEqual(
      seen.map((s) => s.url.search),
      ['?user.fields=id&max_results=2', '?user.fields=id&max_results=2&pagination_token=page-two-token-0001'],
    );
    // Recent search pages with next_token; its query is required by the type.
    const posts: string[] = [];
    pages[''] = { data: [{ id: '5', text: 'a' }], meta: { result_count: 1, next_token: 'page-two-token-0001' } };
    pages['page-two-token-0001'] = { data: [{ id: '4', text: 'b' }], meta: { result_count: 1 } };
    for await (const post of x.paginate('GET /2/tweets/search/recent', { query: { query: 'from:jack' }, limit: 2 }))
      posts.push(post.text ?? '');
    assert.deepEqual(posts, ['a', 'b']);
    assert.equal(seen.at(-1)?.url.searchParams.get('next_token'), 'page-two-token-0001');
    assert.deepEqual(violations, []);
    if (process.env.NEVER_SET_TYPE_CHECKS) {
      // @ts-expect-error not a paginated operation
      x.paginate('GET /2/users/me');
      // @ts-expect-error search needs its query
      x.paginate('GET /2/tweets/search/recent', {});
      const item: XItem<'GET /2/users/{id}/liked_tweets'> = { id: '1', text: 't' };
      void item;
    }
  });

  it('credentials and arguments are checked before sending', async () => {
    const { fetch, seen } = specFetch(() => ({ body: {} }));
    const app = new XClient({ auth: { kind: 'app', bearer: 'AAAA' }, fetch });
    // Bookmarks take only an OAuth 2.0 user token: an app-only bearer is refused with the operation named.
    await assert.rejects(app.request('GET /2/users/{id}/bookmarks', { params: { id: '1' } }), XCredentialError);
    await assert.rejects(
      app.request('GET /2/users/{id}/followers', { params: { id: '' } }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT' && /path parameter id/.test(e.message),
    );
    assert.equal(seen.length, 0);
    assert.deepEqual(
      operationPath('DELETE /2/users/{source_user_id}/following/{target_user_id}', { source_user_id: '1', target_user_id: 'a/b' }),
      {
        method: 'DELETE',
        path: '/2/users/1/following/a%2Fb',
      },
    );
    assert.throws(() => operationPath('GET', {}), /METHOD \/path/);
    assert.deepEqual(queryStrings({ a: ['x', 'y'], b: 5, c: undefined, d: false }), { a: 'x,y', b: '5', d: 'false' });
    assert.throws(() => queryStrings({ a: { nested: true } }), /query value/);
  });

  it('X_PAGINATION lists every operation of the document with a token parameter', async () => {
    const { readFileSync } = await import('node:fs');
    const spec = JSON.parse(readFileSync(new URL('../../../../spec/x-openapi.json', import.meta.url), 'utf8'));
    const keys = Object.keys(X_PAGINATION);
    assert.ok(keys.includes('GET /2/users/{id}/followers'));
    assert.equal(X_PAGINATION['GET /2/tweets/search/recent'], 'next_token');
    for (const key of keys) {
      const [method = '', path = ''] = key.split(' ');
      assert.ok(spec.paths[path]?.[method.toLowerCase()], key);
    }
  });
});
