import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRequest } from 'oauth1x';
import { apiRoute } from '../src/api.js';
import { createContext, type SandboxContext } from '../src/context.js';
import { jsonResponse } from '../src/x-errors.js';
import type { XSecurity } from '../src/x-spec.js';

let ctx: SandboxContext;
before(async () => {
  ctx = await createContext({ memory: true }, null);
});
after(async () => {
  await ctx.store.close();
  ctx.db.close();
});

describe('apiRoute and an operation’s security', () => {
  it('refuses OAuth 1.0a with X’s 403 where the spec lists no UserToken (as for bookmark writes)', async () => {
    const security: XSecurity = { userToken: false, oauth2Scopes: ['bookmark.write', 'tweet.read', 'users.read'], bearer: false };
    const route = apiRoute(ctx, 'v2', 'POST /2/users/bookmarks', (call) => jsonResponse({ data: { id: call.user.id } }), { security });
    const c = ctx.credentials;
    const signed = await signRequest({
      method: 'POST',
      url: `https://api.x.com/2/users/${c.user_id}/bookmarks`,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
    });
    const response = await route(new Request(signed.url, { method: 'POST', headers: { authorization: signed.authorization } }), {
      id: c.user_id,
    });
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), {
      title: 'Unsupported Authentication',
      detail:
        'Authenticating with OAuth 1.0a User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 User Context].',
      type: 'https://api.x.com/2/problems/unsupported-authentication',
      status: 403,
    });
    // The same route with UserToken in its security answers.
    const open = apiRoute(ctx, 'v2', 'POST /2/users/bookmarks', (call) => jsonResponse({ data: { id: call.user.id } }), {
      security: { ...security, userToken: true },
    });
    const again = await signRequest({
      method: 'POST',
      url: `https://api.x.com/2/users/${c.user_id}/bookmarks`,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
    });
    assert.equal(
      (await open(new Request(again.url, { method: 'POST', headers: { authorization: again.authorization } }), { id: c.user_id })).status,
      200,
    );
  });
});
