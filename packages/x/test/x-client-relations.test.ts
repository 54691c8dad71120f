import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { OAuthResponseError } from 'oauth1x';
import { XClient, XCredentialError } from '../src/index.js';
import { all, BASE, type SocialSandbox, socialSandbox } from './social-sandbox.js';

// Blocks, mutes, DM blocks and hidden replies: the X client's methods against the sandbox, every request and
// answer checked against X's OpenAPI document; the relations they imply (timelines, search, follows).
let s: SocialSandbox;
const rejectsWith = (status: number) => (e: unknown) => e instanceof OAuthResponseError && e.status === status;

describe('XClient blocks, mutes, hide reply against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    s = await socialSandbox();
  });
  after(async () => {
    await s?.close();
  });
  afterEach(() => {
    s.checkExchanges();
  });

  it('mute, muting (paginated), unmute; a muted account leaves the home timeline only', async () => {
    await s.demo.follow(s.ids.alice);
    await s.demo.follow(s.ids.bob);
    const post = await s.alice.tweet('alice says hello to the muters');
    assert.equal((await s.demo.mute(s.ids.alice)).data.muting, true);
    assert.equal((await s.demo.mute(s.ids.bob)).data.muting, true);
    const pages = [];
    for await (const page of s.demo.muting({ maxResults: 1 }).pages()) pages.push(page);
    assert.deepEqual(
      pages.map((p) => p.data.map((u) => u.username)),
      [['bob'], ['alice']],
    );
    assert.equal(pages[0]?.nextToken !== undefined && pages[1]?.nextToken === undefined, true);
    // The second page's previous_token leads back to the first; a token the sandbox did not make is a 400.
    const back = pages[1]?.meta?.previous_token as string;
    const again = await all(s.demo.muting({ maxResults: 1, paginationToken: back, limit: 1 }));
    assert.deepEqual(
      again.map((u) => u.username),
      ['bob'],
    );
    await assert.rejects(all(s.demo.muting({ paginationToken: 'not-a-token-of-ours' })), rejectsWith(400));
    const home = await all(s.demo.homeTimeline());
    assert.ok(!home.some((t) => t.id === post.data.id), 'muted: not in the home timeline');
    const timeline = await all(s.demo.userTimeline(s.ids.alice));
    assert.ok(
      timeline.some((t) => t.id === post.data.id),
      'muted: still in the author timeline',
    );
    assert.equal((await s.demo.unmute(s.ids.alice)).data.muting, false);
    assert.ok(
      (await all(s.demo.homeTimeline())).some((t) => t.id === post.data.id),
      'unmuted: back',
    );
    assert.deepEqual(
      (await all(s.demo.muting())).map((u) => u.id),
      [s.ids.bob],
    );
    await s.demo.unmute(s.ids.bob);
    await assert.rejects(s.demo.mute(s.ids.demo), rejectsWith(400));
  });

  it('another user id in the path is refused (403); an unknown target is a partial error', async () => {
    await assert.rejects(
      s.demo.request('GET', `/2/users/${s.ids.alice}/muting`),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 403,
    );
    // A 200 with only X's not-found partial error: the client reports it as an error.
    await assert.rejects(
      s.demo.request('POST', `/2/users/${s.ids.demo}/muting`, { json: { target_user_id: '42' } }),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 404 && /Could not find user/.test(e.message),
    );
  });

  it('blocking lists blocks; a block hides posts both ways from timelines and search and stops follows', async () => {
    const post = await s.bob.tweet('bob posts a searchable blockword');
    // X's document has no block write any more: the sandbox keeps X's last one for twitter-api-v2 (one
    // request outside the document, on purpose).
    const answer = await s.demo.request<{ blocking: boolean }>('POST', `/2/users/${s.ids.demo}/blocking`, {
      json: { target_user_id: s.ids.bob },
    });
    s.checkExchanges(1);
    assert.equal(answer.data.blocking, true);
    assert.deepEqual(
      (await all(s.demo.blocking())).map((u) => u.username),
      ['bob'],
    );
    assert.ok(!(await all(s.demo.searchRecent('blockword'))).some((t) => t.id === post.data.id), 'not in search');
    assert.ok(!(await all(s.demo.userTimeline(s.ids.bob))).some((t) => t.id === post.data.id), 'not in the timeline');
    assert.ok(
      (await all(s.alice.searchRecent('blockword'))).some((t) => t.id === post.data.id),
      'others still see it',
    );
    await assert.rejects(s.bob.follow(s.ids.demo), rejectsWith(403));
    await assert.rejects(s.demo.follow(s.ids.bob), rejectsWith(403));
    const mine = await s.demo.tweet('demo posts another blockword');
    assert.ok(!(await all(s.bob.searchRecent('blockword'))).some((t) => t.id === mine.data.id), 'the blocked do not see it');
    await s.demo.request('DELETE', `/2/users/${s.ids.demo}/blocking/${s.ids.bob}`);
    s.checkExchanges(1);
    assert.deepEqual(await all(s.demo.blocking()), []);
    assert.ok(
      (await all(s.demo.searchRecent('blockword'))).some((t) => t.id === post.data.id),
      'unblocked: back',
    );
  });

  it('blockDms / unblockDms', async () => {
    assert.deepEqual((await s.demo.blockDms(s.ids.alice)).data, { blocked: true });
    assert.deepEqual((await s.demo.unblockDms(s.ids.alice)).data, { blocked: false });
    await assert.rejects(s.demo.blockDms(s.ids.demo), rejectsWith(400));
  });

  it("hideReply: only the conversation owner, only others' replies", async () => {
    const root = await s.demo.tweet('@alice a conversation to moderate');
    const reply = await s.alice.tweet('@demo a reply to hide', { replyTo: root.data.id });
    assert.deepEqual((await s.demo.hideReply(reply.data.id)).data, { hidden: true });
    assert.deepEqual((await s.demo.hideReply(reply.data.id, false)).data, { hidden: false });
    await assert.rejects(s.alice.hideReply(reply.data.id), rejectsWith(403));
    await assert.rejects(s.demo.hideReply(root.data.id), rejectsWith(403));
  });

  it('the client names what is missing before sending: app-only and OAuth 2.0 scopes', async () => {
    const app = new XClient({ auth: { kind: 'app', bearer: 'AAAA' }, baseUrl: BASE, fetch: () => Promise.reject(new Error('sent')) });
    await assert.rejects(app.mute('1'), XCredentialError);
    await assert.rejects(all(app.blocking()), XCredentialError);
    const user = new XClient({
      auth: { kind: 'oauth2', clientId: 'c', accessToken: 't', scopes: ['tweet.read', 'users.read'] },
      baseUrl: BASE,
      fetch: () => Promise.reject(new Error('sent')),
    });
    await assert.rejects(user.hideReply('1'), (e: unknown) => e instanceof XCredentialError && /tweet\.moderate\.write/.test(e.message));
    await assert.rejects(all(user.muting()), (e: unknown) => e instanceof XCredentialError && /mute\.read/.test(e.message));
  });
});
