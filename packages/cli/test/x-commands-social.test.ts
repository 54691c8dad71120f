import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorizeUrl, consent, exchange, pkce } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { saveProfiles } from '../src/profiles.js';
import { assertUsage, idAfter, startWorld, type XCommandsWorld } from './x-commands-kit.js';

let w: XCommandsWorld;
let post: string;

/** Stores a profile `demo-oauth2` holding an OAuth 2.0 user token of the demo user with `scopes`. */
async function oauth2Profile(scopes: string[]): Promise<void> {
  const { verifier, challenge } = pkce();
  const c = w.sandbox.credentials;
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const approved = await consent(w.sandbox.fetch, authorizeUrl(w.sandbox, { scopes, challenge, redirectUri }), c.username, c.password);
  const code = new URL(approved.headers.get('location') as string).searchParams.get('code') as string;
  const tokens = (await (await exchange(w.sandbox, code, verifier, redirectUri)).json()) as { access_token: string; scope: string };
  const oauth2 = {
    clientId: c.oauth2_client_id,
    clientSecret: c.oauth2_client_secret,
    accessToken: tokens.access_token,
    scopes: tokens.scope.split(' '),
  };
  await saveProfiles(w.env, { version: 1, profiles: { 'demo-oauth2': { host: w.server.httpUrl, oauth2 } } });
}

describe('oauth1x like / repost / bookmark / follow / mute / hide and the listings', { timeout: 60_000 }, () => {
  before(async () => {
    w = await startWorld();
    post = idAfter((await w.cli(['post', 'Alice wrote this'], { as: 'alice' })).out, /post (\d+)/);
  });
  after(() => w?.close());

  it('like and unlike a post by URL or ID; --json is X answer per target', async () => {
    const r = await w.cli(['like', `https://x.com/alice/status/${post}`]);
    assert.deepEqual([r.code, r.out], [0, `Liked https://x.com/alice/status/${post}\n`]);
    const again = await w.cli(['unlike', post, '--json']);
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(JSON.parse(again.out), { data: { liked: false } });
  });

  it('repost and unrepost', async () => {
    assert.equal((await w.cli(['repost', post])).out, `Reposted ${post}\n`);
    assert.deepEqual(w.sandbox.social.repostedBy(post, { offset: 0, count: 10 }), [w.sandbox.credentials.user_id]);
    assert.equal((await w.cli(['unrepost', post])).out, `Undid the repost of ${post}\n`);
  });

  it('bookmarks need an OAuth 2.0 token: with OAuth 1.0a it is one line naming the scopes (exit 2)', async () => {
    const r = await w.cli(['bookmark', post]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^oauth1x bookmark: .*takes an OAuth 2\.0 user token \(oauth2\) with the scopes bookmark\.write tweet\.read users\.read.*--auth oauth2\n$/,
    );
    await oauth2Profile(['tweet.read', 'users.read', 'bookmark.read', 'bookmark.write']);
    const as2 = ['--profile', 'demo-oauth2'];
    const added = await w.cli(['bookmark', post, ...as2]);
    assert.deepEqual([added.code, added.out], [0, `Bookmarked ${post}\n`], added.err);
    const listed = await w.cli(['bookmarks', ...as2]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, new RegExp(`^${post}  @alice  \\S+  Alice wrote this\\n$`));
    assert.equal((await w.cli(['unbookmark', post, ...as2])).out, `Removed the bookmark of ${post}\n`);
    const empty = await w.cli(['bookmarks', '--json', ...as2]);
    assert.deepEqual(JSON.parse(empty.out), { meta: { result_count: 0 } });
    // A token without the scope: the client names the one missing (exit 2, no request).
    await oauth2Profile(['tweet.read', 'users.read']);
    const noScope = await w.cli(['bookmarks', ...as2]);
    assert.equal(noScope.code, 2);
    assert.match(noScope.err, /bookmark\.read/);
  });

  it('follow / followers / following / unfollow, with --limit, --all and progress on a terminal', async () => {
    const r = await w.cli(['follow', '@alice', '@bob']);
    assert.deepEqual([r.code, r.out], [0, 'Following @alice\nFollowing @bob\n'], r.err);
    const following = await w.cli(['following']);
    assert.deepEqual(following.out.split('\n').filter(Boolean).sort(), [
      `@alice  Alice  (id ${w.user('alice').user_id})`,
      `@bob  Bob  (id ${w.user('bob').user_id})`,
    ]);
    const one = await w.cli(['following', '--limit', '1']);
    assert.equal(one.out.trim().split('\n').length, 1);
    const all = await w.cli(['following', '--all'], { tty: true });
    assert.equal(all.out.trim().split('\n').length, 2);
    assert.match(all.err, /\r2 users \(1 page\)…\n$/);
    const followers = await w.cli(['followers', '@alice', '--json']);
    const page = JSON.parse(followers.out.trim()) as { data: Array<{ username: string }>; meta: { result_count: number } };
    assert.deepEqual(
      page.data.map((u) => u.username),
      ['demo'],
    );
    assert.equal((await w.cli(['unfollow', '@bob'])).out, 'Unfollowed @bob\n');
    assert.equal((await w.cli(['following'])).out, `@alice  Alice  (id ${w.user('alice').user_id})\n`);
  });

  it('a protected account gets a follow request', async () => {
    w.sandbox.social.setProtected(w.user('bob').user_id, true);
    try {
      const r = await w.cli(['follow', w.user('bob').user_id]);
      assert.equal(r.out, `Follow request sent to ${w.user('bob').user_id} (pending: the account is protected)\n`, r.err);
    } finally {
      w.sandbox.social.setProtected(w.user('bob').user_id, false);
    }
  });

  it('mute / mutes / unmute: a muted account leaves the home timeline', async () => {
    assert.equal((await w.cli(['mute', '@alice'])).out, 'Muted @alice\n');
    assert.equal((await w.cli(['mutes'])).out, `@alice  Alice  (id ${w.user('alice').user_id})\n`);
    const home = await w.cli(['timeline', '--home']);
    assert.doesNotMatch(home.out, /Alice wrote this/);
    assert.equal((await w.cli(['unmute', '@alice'])).out, 'Unmuted @alice\n');
    const none = await w.cli(['mutes']);
    assert.deepEqual([none.out, none.err], ['', 'no users\n']);
    assert.match((await w.cli(['timeline', '--home'])).out, /Alice wrote this/);
  });

  it("hide / unhide a reply in one's conversation; another's conversation is X 403 (exit 1)", async () => {
    const mine = idAfter((await w.cli(['post', 'Demo asks @alice'])).out, /post (\d+)/);
    const answered = await w.cli(['reply', mine, 'Alice answers'], { as: 'alice' });
    assert.equal(answered.code, 0, answered.err);
    const reply = idAfter(answered.out, /with post (\d+)/);
    assert.equal((await w.cli(['hide', reply])).out, `Hid reply ${reply}\n`);
    assert.equal((await w.cli(['unhide', reply, '--json'])).out, '{"data":{"hidden":false}}\n');
    const refused = await w.cli(['hide', reply], { as: 'bob' });
    assert.equal(refused.code, 1);
    assert.match(refused.err, /^oauth1x hide: .*403.*Conversation owners can only hide replies to their own Tweets/);
  });

  it('an unknown user is X 404 detail with exit 1', async () => {
    const r = await w.cli(['follow', '@nobody_here']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /^oauth1x follow: .*(Not Found|Could not find user)/);
  });

  it('bad input is one line and exit 2', async () => {
    for (const [args, message] of [
      [['like'], /one or more post IDs or URLs/],
      [['repost', 'https://x.com/a/b/1'], /post URL/],
      [['follow'], /one or more users/],
      [['mute', 'a b'], /@name or a numeric ID/],
      [['followers', '@a', '@b'], /at most one user/],
      [['blocks', 'x'], /takes no arguments/],
      [['bookmarks', '--limit', '-3'], /--limit/],
      [['hide', '12x'], /numeric ID or a post URL/],
    ] as const) {
      assertUsage(await w.cli([...args]), args[0], message);
    }
  });
});
