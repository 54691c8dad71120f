import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, json } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';
import { offsetToken } from '../src/routes-v2-social.js';
import { assertProblem, assertResponse, NO_OPENAPI } from './x-openapi.js';

// The social-graph routes with bad input and the store's edges: what X refuses, as X's shapes.
let sandbox: Sandbox;
const API = 'https://api.x.com';

describe('social graph: bad input and edges', { timeout: 30_000, skip: NO_OPENAPI }, () => {
  before(async () => {
    sandbox = await createSandbox({ memory: true });
  });
  after(async () => {
    await sandbox?.close();
  });

  const id = () => sandbox.credentials.user_id;
  /** A call as the demo user, with a JSON body when given. */
  const api = (method: string, path: string, body?: unknown) =>
    call(sandbox, method, `${API}${path}`, {
      token: demoToken(sandbox),
      ...(body === undefined ? {} : { raw: JSON.stringify(body), contentType: 'application/json' }),
    });
  const alice = () => sandbox.credentials.users.find((u) => u.username === 'alice')?.user_id ?? '';

  it('a page token the sandbox did not issue is a 400; one it issued pages on', async () => {
    const bad = await api('GET', `/2/users/${id()}/followers?pagination_token=not-a-token-of-ours`);
    assert.equal(bad.status, 400);
    assertProblem(await json(bad));
    const far = await api('GET', `/2/users/${id()}/followers?pagination_token=${offsetToken(5000)}`);
    assert.equal(far.status, 200);
    const body = await json(far);
    assert.deepEqual(body.meta, { result_count: 0, previous_token: offsetToken(4900) });
    assertResponse('GET', '/2/users/{id}/followers', body);
  });

  it("writes on another user's behalf are 403; unknown posts are X's partial not-found errors", async () => {
    const other = await api('POST', `/2/users/${alice()}/retweets`, { tweet_id: '20' });
    assert.equal(other.status, 403);
    const unknown = await api('POST', `/2/users/${id()}/retweets`, { tweet_id: '1234567890' });
    assert.equal(unknown.status, 200);
    const body = await json(unknown);
    assert.equal((body.errors as Array<{ type: string }>)[0]?.type, 'https://api.x.com/2/problems/resource-not-found');
    const noBody = await api('POST', `/2/users/${id()}/retweets`, {});
    assert.equal(noBody.status, 400);
    const lookup = await api('GET', `/2/tweets?ids=abc`);
    assert.equal(lookup.status, 400);
    const tooMany = await api('GET', `/2/users?ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`);
    assert.equal(tooMany.status, 400);
  });

  it('follow requests: declined, withdrawn, and dropped when the account is made public again', async () => {
    const social = sandbox.social;
    social.setProtected(alice(), true);
    assert.equal(social.requestFollow(id(), alice()), true);
    assert.equal(social.requestFollow(id(), alice()), false, 'already pending');
    assert.equal(social.answerFollowRequest(alice(), id(), false), true);
    assert.equal(social.canSee(id(), alice()), false, 'declined: still not a follower');
    assert.equal(social.answerFollowRequest(alice(), id(), true), false, 'nothing pending any more');
    social.requestFollow(id(), alice());
    assert.equal(social.cancelFollowRequest(id(), alice()), true);
    social.requestFollow(id(), alice());
    social.setProtected(alice(), false);
    assert.deepEqual(social.pendingFollowers(alice()), []);
    assert.equal(social.canSee(null, alice()), true);
    // Unfollowing a protected account withdraws a pending request too.
    social.setProtected(alice(), true);
    const asked = await api('POST', `/2/users/${id()}/following`, { target_user_id: alice() });
    assert.deepEqual((await json(asked)).data, { following: false, pending_follow: true });
    await api('DELETE', `/2/users/${id()}/following/${alice()}`);
    assert.deepEqual(social.pendingFollowers(alice()), []);
    social.setProtected(alice(), false);
  });
});
