/**
 * twitter-api-v2 (npm), unchanged, against the sandbox's HTTPS listener (its hosts are fixed: an https.Agent
 * connects every request to the sandbox's TLS port while SNI, Host and the signed URL stay X's): block, mute,
 * hide reply, lists and DMs as its users call them. Every JSON answer of an operation X's document has is
 * checked against the document's response schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import { xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { type ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { assertResponse, NO_OPENAPI } from './x-openapi.js';

type Sent = { data: { dm_conversation_id: string; dm_event_id: string } };

let sandbox: Sandbox;
let running: RunningSandbox;
let agent: Agent;
let demo: TwitterApi;
let alice: TwitterApi;
let ids: { demo: string; alice: string; bob: string };
/** Answers of operations in X's document, checked after each call: [method, spec path, status, body]. */
const answers: Array<[string, string, number, unknown]> = [];
/** [method, path pattern, X's path, success status]. */
const SPEC_PATHS: Array<[string, RegExp, string, number?]> = [
  ['GET', /^\/2\/users\/\d+\/blocking$/, '/2/users/{id}/blocking'],
  ['GET', /^\/2\/users\/\d+\/muting$/, '/2/users/{id}/muting'],
  ['POST', /^\/2\/users\/\d+\/muting$/, '/2/users/{id}/muting'],
  ['DELETE', /^\/2\/users\/\d+\/muting\/\d+$/, '/2/users/{source_user_id}/muting/{target_user_id}'],
  ['PUT', /^\/2\/tweets\/\d+\/hidden$/, '/2/tweets/{tweet_id}/hidden'],
  ['POST', /^\/2\/lists$/, '/2/lists', 201],
  ['GET', /^\/2\/lists\/\d+$/, '/2/lists/{id}'],
  ['PUT', /^\/2\/lists\/\d+$/, '/2/lists/{id}'],
  ['DELETE', /^\/2\/lists\/\d+$/, '/2/lists/{id}'],
  ['POST', /^\/2\/lists\/\d+\/members$/, '/2/lists/{id}/members'],
  ['GET', /^\/2\/lists\/\d+\/members$/, '/2/lists/{id}/members'],
  ['GET', /^\/2\/lists\/\d+\/tweets$/, '/2/lists/{id}/tweets'],
  ['GET', /^\/2\/users\/\d+\/owned_lists$/, '/2/users/{id}/owned_lists'],
  ['POST', /^\/2\/users\/\d+\/followed_lists$/, '/2/users/{id}/followed_lists'],
  ['GET', /^\/2\/users\/\d+\/followed_lists$/, '/2/users/{id}/followed_lists'],
  ['POST', /^\/2\/users\/\d+\/pinned_lists$/, '/2/users/{id}/pinned_lists'],
  ['POST', /^\/2\/dm_conversations\/with\/\d+\/messages$/, '/2/dm_conversations/with/{participant_id}/messages', 201],
  ['POST', /^\/2\/dm_conversations\/[\d-]+\/messages$/, '/2/dm_conversations/{dm_conversation_id}/messages', 201],
  ['POST', /^\/2\/dm_conversations$/, '/2/dm_conversations', 201],
  ['GET', /^\/2\/dm_events$/, '/2/dm_events'],
  ['GET', /^\/2\/dm_conversations\/with\/\d+\/dm_events$/, '/2/dm_conversations/with/{participant_id}/dm_events'],
  ['DELETE', /^\/2\/dm_events\/\d+$/, '/2/dm_events/{event_id}'],
];

/** Records every answer the client receives. */
const recorder: ITwitterApiClientPlugin = {
  onAfterRequest({ response, computedParams }) {
    const path = computedParams.url.pathname;
    const spec = SPEC_PATHS.find(([m, re]) => m === computedParams.method && re.test(path));
    if (spec !== undefined) answers.push([spec[0], spec[2], spec[3] ?? 200, response.data]);
  },
};

/** Checks the recorded answers against X's document. */
function checkAnswers(): void {
  for (const [method, path, status, body] of answers.splice(0)) assertResponse(method, path, body, String(status));
}

async function signIn(name: string): Promise<TwitterApi> {
  const c = sandbox.credentials;
  const seeded = (c as unknown as { users: Array<{ username: string; password: string }> }).users.find((u) => u.username === name);
  const answer = new URLSearchParams(await (await xAuth(sandbox, name, seeded?.password as string)).text());
  const token = { accessToken: answer.get('oauth_token') as string, accessSecret: answer.get('oauth_token_secret') as string };
  return new TwitterApi({ appKey: c.consumer_key, appSecret: c.consumer_secret, ...token }, { httpAgent: agent, plugins: [recorder] });
}

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0 });
  const port = Number(new URL(running.httpsUrl as string).port);
  const ca = readFileSync(running.certPath as string, 'utf8');
  agent = new Agent({ keepAlive: false });
  agent.createConnection = (options, callback) => {
    const servername = (options as { servername?: string; host?: string }).servername ?? (options as { host?: string }).host;
    const socket = connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'] });
    void callback;
    return socket;
  };
  demo = await signIn('demo');
  alice = await signIn('alice');
  const users = (sandbox.credentials as unknown as { users: Array<{ username: string; user_id: string }> }).users;
  const id = (name: string) => users.find((u) => u.username === name)?.user_id as string;
  ids = { demo: id('demo'), alice: id('alice'), bob: id('bob') };
});
after(async () => {
  agent?.destroy();
  await running?.close();
  await sandbox?.close();
});

describe('twitter-api-v2 block, mute, lists, DMs against the sandbox', { timeout: 90_000, skip: NO_OPENAPI }, () => {
  it('block / userBlockingUsers / unblock; mute / userMutingUsers / unmute; hideReply', async () => {
    assert.deepEqual((await demo.v2.block(ids.demo, ids.bob)).data, { blocking: true });
    const blocking = await demo.v2.userBlockingUsers(ids.demo);
    assert.deepEqual(
      blocking.users.map((u) => u.username),
      ['bob'],
    );
    assert.deepEqual((await demo.v2.unblock(ids.demo, ids.bob)).data, { blocking: false });
    assert.deepEqual((await demo.v2.mute(ids.demo, ids.alice)).data, { muting: true });
    assert.deepEqual(
      (await demo.v2.userMutingUsers(ids.demo)).users.map((u) => u.id),
      [ids.alice],
    );
    assert.deepEqual((await demo.v2.unmute(ids.demo, ids.alice)).data, { muting: false });
    const root = await demo.v2.tweet('@alice a thread to moderate');
    const reply = await alice.v2.reply('@demo a reply', root.data.id);
    assert.deepEqual((await demo.v2.hideReply(reply.data.id, true)).data, { hidden: true });
    checkAnswers();
  });

  it('createList, addListMember, list, listMembers, listTweets, listsOwned, subscribeToList, pinList, removeList', async () => {
    const { data } = await demo.v2.createList({ name: 'compat', private: false });
    await demo.v2.addListMember(data.id, ids.alice);
    const list = await demo.v2.list(data.id, { 'list.fields': ['member_count'] });
    assert.equal(list.data.member_count, 1);
    assert.deepEqual(
      (await demo.v2.listMembers(data.id)).users.map((u) => u.username),
      ['alice'],
    );
    const post = await alice.v2.tweet('alice on the compat list');
    assert.ok((await demo.v2.listTweets(data.id)).tweets.some((t) => t.id === post.data.id));
    assert.deepEqual(
      (await demo.v2.listsOwned(ids.demo)).lists.map((l) => l.id),
      [data.id],
    );
    assert.equal((await alice.v2.subscribeToList(ids.alice, data.id)).data.following, true);
    assert.deepEqual(
      (await alice.v2.listFollowed(ids.alice)).lists.map((l) => l.id),
      [data.id],
    );
    assert.equal((await alice.v2.pinList(ids.alice, data.id)).data.pinned, true);
    assert.equal((await demo.v2.updateList(data.id, { name: 'compat2' })).data.updated, true);
    assert.equal((await demo.v2.removeList(data.id)).data.deleted, true);
    checkAnswers();
  });

  it('sendDmToParticipant, sendDmInConversation, createDmConversation, listDmEvents, deleteDmEvent', async () => {
    await alice.v2.follow(ids.alice, ids.demo);
    // twitter-api-v2 types a send's result as the bare object; X (and the sandbox) answer it under `data`.
    const sent = (await demo.v2.sendDmToParticipant(ids.alice, { text: 'hello from twitter-api-v2' })) as unknown as Sent;
    const again = (await demo.v2.sendDmInConversation(sent.data.dm_conversation_id, { text: 'again' })) as unknown as Sent;
    assert.equal(again.data.dm_conversation_id, sent.data.dm_conversation_id);
    const events = await alice.v2.listDmEventsWithParticipant(ids.demo);
    assert.deepEqual(
      events.events.map((e) => (e as { text?: string }).text),
      ['again', 'hello from twitter-api-v2'],
    );
    const bob = await signIn('bob');
    await bob.v2.follow(ids.bob, ids.demo);
    const group = (await demo.v2.createDmConversation({
      conversation_type: 'Group',
      participant_ids: [ids.alice, ids.bob],
      message: { text: 'a group' },
    })) as unknown as Sent;
    assert.ok(group.data.dm_conversation_id !== sent.data.dm_conversation_id);
    const inGroup = (await alice.v2.sendDmInConversation(group.data.dm_conversation_id, { text: 'hi group' })) as unknown as Sent;
    assert.equal(inGroup.data.dm_conversation_id, group.data.dm_conversation_id);
    assert.equal((await demo.v2.listDmEvents()).events.length, 5);
    // twitter-api-v2 has no method for it: its generic delete.
    assert.deepEqual(await demo.v2.delete(`dm_events/${again.data.dm_event_id}`), { data: { deleted: true } });
    checkAnswers();
  });
});
