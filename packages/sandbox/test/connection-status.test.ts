import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, json, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';
import { assertResponse, NO_OPENAPI } from './x-openapi.js';

// connection_status in user answers: every relation X's document lists, as the viewer sees it; answers checked
// against the document.
let sandbox: Sandbox;
const API = 'https://api.x.com';
type Token = { key: string; secret: string };

describe('connection_status: following, followed_by, muting, blocking, follow requests', { timeout: 30_000, skip: NO_OPENAPI }, () => {
  let bobToken: Token;
  const id = (name: string) => sandbox.credentials.users.find((u) => u.username === name)?.user_id ?? '';
  const api = (token: Token, method: string, path: string, body?: unknown) =>
    call(sandbox, method, `${API}${path}`, {
      token,
      ...(body === undefined ? {} : { raw: JSON.stringify(body), contentType: 'application/json' }),
    });
  /** `connection_status` of `userId` as the token's user sees it (absent when it looks at itself). */
  const status = async (token: Token, userId: string) => {
    const response = await api(token, 'GET', `/2/users/${userId}?user.fields=connection_status`);
    assert.equal(response.status, 200);
    const body = await json(response);
    assertResponse('GET', '/2/users/{id}', body);
    return (body.data as { connection_status?: string[] }).connection_status;
  };

  before(async () => {
    sandbox = await createSandbox({ memory: true });
    const bob = sandbox.credentials.users.find((u) => u.username === 'bob') as { password: string };
    const answer = new URLSearchParams(await (await xAuth(sandbox, 'bob', bob.password)).text());
    bobToken = { key: answer.get('oauth_token') ?? '', secret: answer.get('oauth_token_secret') ?? '' };
  });
  after(async () => {
    await sandbox?.close();
  });

  it('each relation appears and goes', async () => {
    const me = demoToken(sandbox);
    const [demo, alice, bob] = [sandbox.credentials.user_id, id('alice'), id('bob')];
    assert.deepEqual(await status(me, alice), []);
    await api(me, 'POST', `/2/users/${demo}/following`, { target_user_id: alice });
    assert.deepEqual(await status(me, alice), ['following']);
    await api(me, 'POST', `/2/users/${demo}/muting`, { target_user_id: alice });
    assert.deepEqual(await status(me, alice), ['following', 'muting']);
    await api(bobToken, 'POST', `/2/users/${bob}/following`, { target_user_id: demo });
    assert.deepEqual(await status(me, bob), ['followed_by']);
    await api(me, 'POST', `/2/users/${demo}/blocking`, { target_user_id: bob });
    assert.deepEqual(await status(me, bob), ['blocking'], 'a block ends the follows between the two');
    await api(me, 'DELETE', `/2/users/${demo}/blocking/${bob}`);
    assert.deepEqual(await status(me, bob), []);
    sandbox.social.setProtected(bob, true);
    const asked = await api(me, 'POST', `/2/users/${demo}/following`, { target_user_id: bob });
    assert.deepEqual((await json(asked)).data, { following: false, pending_follow: true });
    assert.deepEqual(await status(me, bob), ['follow_request_sent']);
    assert.deepEqual(await status(bobToken, demo), ['follow_request_received']);
    sandbox.social.answerFollowRequest(bob, demo, true);
    assert.deepEqual(await status(me, bob), ['following']);
    assert.deepEqual(await status(bobToken, demo), ['followed_by']);
    assert.equal(await status(me, demo), undefined, 'not of oneself');
  });
});
