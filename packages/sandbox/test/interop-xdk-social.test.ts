/**
 * X's own TypeScript SDK (`@xdevplatform/xdk`), unchanged, with OAuth 1.0a user context against a listening
 * sandbox: blocking and muting, DM blocks, hide reply, lists and direct messages. The JSON the sandbox sent
 * (recorded beside the SDK's fetch) is checked against the response schema X's document gives the operation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import type { Client } from '@xdevplatform/xdk';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { assertResponse, NO_OPENAPI } from './x-openapi.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let demo: Client;
let alice: Client;
let bob: Client;
let ids: { demo: string; alice: string; bob: string };
/** The last answer the SDK received, as sent. */
let last: { status: number; body: unknown } = { status: 0, body: undefined };
const realFetch = globalThis.fetch;

/** Asserts that the last answer fits the spec's response schema for the operation; returns its body. */
function answered(method: string, path: string, status = '200'): Record<string, unknown> {
  assert.equal(String(last.status), status, JSON.stringify(last.body));
  assertResponse(method, path, last.body, status);
  return last.body as Record<string, unknown>;
}

const dataOf = (body: Record<string, unknown>) => body.data as Record<string, unknown>;
const listOf = (body: Record<string, unknown>) => (body.data ?? []) as Array<Record<string, unknown>>;

before(async () => {
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    last = {
      status: response.status,
      body: await response
        .clone()
        .json()
        .catch(() => undefined),
    };
    return response;
  };
  // Imported after the recorder is in place: the SDK binds globalThis.fetch when its module loads.
  const xdk = await import('@xdevplatform/xdk');
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
  const c = sandbox.credentials;
  const users = (c as unknown as { users: Array<{ username: string; password: string; user_id: string }> }).users;
  const clientOf = async (name: string) => {
    const seeded = users.find((u) => u.username === name) as { password: string };
    const answer = new URLSearchParams(await (await xAuth(sandbox, name, seeded.password)).text());
    const oauth1 = new xdk.OAuth1({
      apiKey: c.consumer_key,
      apiSecret: c.consumer_secret,
      callback: 'oob',
      accessToken: answer.get('oauth_token') as string,
      accessTokenSecret: answer.get('oauth_token_secret') as string,
    });
    return new xdk.Client({ baseUrl: running.httpUrl, oauth1 });
  };
  [demo, alice, bob] = [await clientOf('demo'), await clientOf('alice'), await clientOf('bob')];
  const id = (name: string) => users.find((u) => u.username === name)?.user_id as string;
  ids = { demo: id('demo'), alice: id('alice'), bob: id('bob') };
});
after(async () => {
  globalThis.fetch = realFetch;
  await running?.close();
  await sandbox?.close();
});

describe('@xdevplatform/xdk (X’s SDK) blocks, mutes, lists, DMs against the sandbox', { timeout: 60_000, skip: NO_OPENAPI }, () => {
  it('users.muteUser / getMuting / unmuteUser, blockDms / unblockDms, getBlocking; posts.hideReply', async () => {
    await demo.users.muteUser(ids.demo, { targetUserId: ids.alice } as never);
    assert.deepEqual(dataOf(answered('POST', '/2/users/{id}/muting')), { muting: true });
    await demo.users.getMuting(ids.demo, { maxResults: 5 });
    assert.deepEqual(
      listOf(answered('GET', '/2/users/{id}/muting')).map((u) => u.username),
      ['alice'],
    );
    await demo.users.unmuteUser(ids.demo, ids.alice);
    assert.deepEqual(dataOf(answered('DELETE', '/2/users/{source_user_id}/muting/{target_user_id}')), { muting: false });
    await demo.users.blockDms(ids.bob);
    assert.deepEqual(dataOf(answered('POST', '/2/users/{id}/dm/block')), { blocked: true });
    await demo.users.unblockDms(ids.bob);
    assert.deepEqual(dataOf(answered('POST', '/2/users/{id}/dm/unblock')), { blocked: false });
    await demo.users.getBlocking(ids.demo);
    assert.deepEqual(answered('GET', '/2/users/{id}/blocking'), { meta: { result_count: 0 } });
    const root = await demo.posts.create({ text: '@alice what do you think?' });
    const reply = await alice.posts.create({ text: '@demo this', reply: { inReplyToTweetId: root.data?.id as string } });
    await demo.posts.hideReply(reply.data?.id as string, { hidden: true });
    assert.deepEqual(dataOf(answered('PUT', '/2/tweets/{tweet_id}/hidden')), { hidden: true });
  });

  it('lists.create / addMember / getById / getMembers / getPosts / update / delete; users.followList / pinList / getOwnedLists', async () => {
    await demo.lists.create({ name: 'xdk list', description: 'made by the SDK' });
    const id = dataOf(answered('POST', '/2/lists', '201')).id as string;
    await demo.lists.addMember(id, { userId: ids.bob } as never);
    assert.deepEqual(dataOf(answered('POST', '/2/lists/{id}/members')), { is_member: true });
    await demo.lists.getById(id, { listFields: ['member_count', 'description'] } as never);
    assert.deepEqual(dataOf(answered('GET', '/2/lists/{id}')), { id, name: 'xdk list', member_count: 1, description: 'made by the SDK' });
    await demo.lists.getMembers(id);
    assert.deepEqual(
      listOf(answered('GET', '/2/lists/{id}/members')).map((u) => u.username),
      ['bob'],
    );
    await bob.posts.create({ text: 'bob on the xdk list' });
    await alice.lists.getPosts(id);
    assert.deepEqual(
      listOf(answered('GET', '/2/lists/{id}/tweets')).map((t) => t.text),
      ['bob on the xdk list'],
    );
    await alice.users.followList(ids.alice, { listId: id } as never);
    assert.deepEqual(dataOf(answered('POST', '/2/users/{id}/followed_lists')), { following: true });
    await alice.users.getFollowedLists(ids.alice);
    assert.deepEqual(
      listOf(answered('GET', '/2/users/{id}/followed_lists')).map((l) => l.id),
      [id],
    );
    await alice.users.pinList(ids.alice, { listId: id } as never);
    assert.deepEqual(dataOf(answered('POST', '/2/users/{id}/pinned_lists')), { pinned: true });
    await alice.users.getPinnedLists(ids.alice);
    assert.equal(listOf(answered('GET', '/2/users/{id}/pinned_lists')).length, 1);
    await alice.users.getOwnedLists(ids.demo);
    assert.deepEqual(
      listOf(answered('GET', '/2/users/{id}/owned_lists')).map((l) => l.id),
      [id],
    );
    await demo.lists.update(id, { private: true });
    assert.deepEqual(dataOf(answered('PUT', '/2/lists/{id}')), { updated: true });
    await demo.lists.delete(id);
    assert.deepEqual(dataOf(answered('DELETE', '/2/lists/{id}')), { deleted: true });
  });

  it('directMessages.createByParticipantId / createByConversationId / createConversation / getEvents* / deleteEvents', async () => {
    await alice.users.followUser(ids.alice, { targetUserId: ids.demo } as never);
    await bob.users.followUser(ids.bob, { targetUserId: ids.demo } as never);
    await demo.directMessages.createByParticipantId(ids.alice, { text: 'hello from the SDK' });
    const sent = dataOf(answered('POST', '/2/dm_conversations/with/{participant_id}/messages', '201'));
    await alice.directMessages.createByConversationId(sent.dm_conversation_id as string, { text: 'hello back' });
    answered('POST', '/2/dm_conversations/{dm_conversation_id}/messages', '201');
    await demo.directMessages.createConversation({
      conversationType: 'Group',
      participantIds: [ids.alice, ids.bob],
      message: { text: 'a group from the SDK' },
    } as never);
    const group = dataOf(answered('POST', '/2/dm_conversations', '201'));
    await demo.directMessages.getEventsByParticipantId(ids.alice);
    assert.deepEqual(
      listOf(answered('GET', '/2/dm_conversations/with/{participant_id}/dm_events')).map((e) => e.text),
      ['hello back', 'hello from the SDK'],
    );
    await bob.directMessages.getEventsByConversationId(group.dm_conversation_id as string, { eventTypes: ['MessageCreate'] } as never);
    assert.deepEqual(
      listOf(answered('GET', '/2/dm_conversations/{id}/dm_events')).map((e) => e.text),
      ['a group from the SDK'],
    );
    await demo.directMessages.getEvents({ maxResults: 2 } as never);
    const page = answered('GET', '/2/dm_events');
    assert.equal(listOf(page).length, 2);
    assert.equal(typeof (page.meta as { next_token?: string }).next_token, 'string');
    await demo.directMessages.getEventsById(sent.dm_event_id as string);
    assert.equal(dataOf(answered('GET', '/2/dm_events/{event_id}')).text, 'hello from the SDK');
    await demo.directMessages.deleteEvents(sent.dm_event_id as string);
    assert.deepEqual(dataOf(answered('DELETE', '/2/dm_events/{event_id}')), { deleted: true });
  });
});
