import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { OAuthResponseError } from 'oauth1x';
import { all, type SocialSandbox, socialSandbox } from './social-sandbox.js';

// Lists: the X client's methods against the sandbox, every request and answer checked against X's OpenAPI
// document; private lists, owner-only writes, membership, follows and pins.
let s: SocialSandbox;
const rejectsWith = (status: number) => (e: unknown) => e instanceof OAuthResponseError && e.status === status;

describe('XClient lists against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    s = await socialSandbox();
  });
  after(async () => {
    await s?.close();
  });
  afterEach(() => {
    s.checkExchanges();
  });

  it('create, read with fields and owner expansion, update, members, posts, delete', async () => {
    const created = await s.demo.createList({ name: 'friends', description: 'people' });
    assert.equal(created.status, 201);
    const id = created.data.id;
    await s.demo.addListMember(id, s.ids.alice);
    await s.demo.addListMember(id, s.ids.bob);
    const got = await s.demo.getList(id, { 'list.fields': 'member_count,private,description', expansions: 'owner_id' });
    assert.deepEqual(got.data, { id, name: 'friends', description: 'people', member_count: 2, owner_id: s.ids.demo, private: false });
    assert.equal((got.includes?.users?.[0] as { username?: string } | undefined)?.username, 'demo');
    assert.equal((await s.demo.updateList(id, { name: 'close friends' })).data.updated, true);
    assert.equal((await s.demo.getList(id)).data.name, 'close friends');
    const pages = [];
    for await (const page of s.demo.listMembers(id, { maxResults: 1 }).pages()) pages.push(page.data.map((u) => u.username));
    assert.deepEqual(pages, [['bob'], ['alice']]);
    const post = await s.alice.tweet('alice on a list');
    assert.ok((await all(s.bob.listTweets(id))).some((t) => t.id === post.data.id));
    assert.deepEqual(
      (await all(s.alice.listMemberships())).map((l) => l.id),
      [id],
    );
    assert.equal((await s.demo.removeListMember(id, s.ids.bob)).data.is_member, false);
    assert.deepEqual(
      (await all(s.demo.listMembers(id))).map((u) => u.username),
      ['alice'],
    );
    await assert.rejects(s.alice.updateList(id, { name: 'mine now' }), rejectsWith(403));
    await assert.rejects(s.alice.addListMember(id, s.ids.bob), rejectsWith(403));
    assert.equal((await s.demo.deleteList(id)).data.deleted, true);
    await assert.rejects(s.demo.getList(id), rejectsWith(404));
  });

  it('private lists: seen by their owner only', async () => {
    const { data } = await s.demo.createList({ name: 'secret', private: true });
    assert.equal((await s.demo.getList(data.id, { 'list.fields': 'private' })).data.private, true);
    await assert.rejects(s.alice.getList(data.id), rejectsWith(403));
    await assert.rejects(all(s.alice.listMembers(data.id)), rejectsWith(403));
    await assert.rejects(s.alice.followList(data.id), rejectsWith(403));
    assert.deepEqual(
      (await all(s.demo.ownedLists())).map((l) => l.name),
      ['secret'],
    );
    assert.deepEqual(await all(s.alice.ownedLists(s.ids.demo)), []);
    await s.demo.deleteList(data.id);
  });

  it('follow / unfollow, followers, followed lists; pin / unpin, pinned (five at most)', async () => {
    const { data } = await s.bob.createList({ name: 'bobs' });
    assert.equal((await s.alice.followList(data.id)).data.following, true);
    assert.deepEqual(
      (await all(s.alice.followedLists())).map((l) => l.id),
      [data.id],
    );
    assert.deepEqual(
      (await all(s.demo.listFollowers(data.id))).map((u) => u.username),
      ['alice'],
    );
    assert.equal((await s.alice.unfollowList(data.id)).data.following, false);
    assert.deepEqual(await all(s.alice.followedLists()), []);
    const ids = [data.id];
    for (let i = 0; i < 5; i++) ids.push((await s.bob.createList({ name: `l${i}` })).data.id);
    for (const id of ids.slice(0, 5)) assert.equal((await s.alice.pinList(id)).data.pinned, true);
    await assert.rejects(s.alice.pinList(ids[5] as string), rejectsWith(403));
    const pinned = await s.alice.pinnedLists({ expansions: 'owner_id' });
    assert.equal(pinned.data?.length, 5);
    assert.ok(pinned.data?.every((l) => l.owner_id === s.ids.bob));
    assert.deepEqual(
      pinned.includes?.users?.map((u) => (u as { username: string }).username),
      ['bob'],
    );
    assert.equal((await s.alice.unpinList(ids[0] as string)).data.pinned, false);
    assert.equal((await s.alice.pinnedLists()).data?.length, 4);
  });

  it('bad input: an unknown list is 404, bad max_results a 400 the client lets through', async () => {
    await assert.rejects(s.demo.getList('1'), rejectsWith(404));
    await assert.rejects(all(s.demo.listMembers('1')), rejectsWith(404));
  });
});
