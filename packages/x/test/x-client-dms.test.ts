import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { OAuthResponseError } from 'oauth1x';
import { all, type SocialSandbox, socialSandbox } from './social-sandbox.js';

// Direct messages: the X client's methods against the sandbox, every request and answer checked against X's
// OpenAPI document; who may message whom (follows, replies, blocks, DM blocks), groups, reading and deleting.
let s: SocialSandbox;
const rejectsWith = (status: number) => (e: unknown) => e instanceof OAuthResponseError && e.status === status;

describe('XClient DMs against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    s = await socialSandbox();
  });
  after(async () => {
    await s?.close();
  });
  afterEach(() => {
    s.checkExchanges();
  });

  it('a user who does not follow the sender is refused; once they follow, or have written, messages go', async () => {
    await assert.rejects(s.demo.sendDm(s.ids.alice, 'hello alice'), rejectsWith(403));
    await s.alice.follow(s.ids.demo);
    const sent = await s.demo.sendDm(s.ids.alice, 'hello alice');
    assert.equal(sent.status, 201);
    const low = BigInt(s.ids.demo) < BigInt(s.ids.alice);
    assert.equal(sent.data.dm_conversation_id, low ? `${s.ids.demo}-${s.ids.alice}` : `${s.ids.alice}-${s.ids.demo}`);
    // demo does not follow alice, but wrote to her first: her answer in that conversation goes through.
    const reply = await s.alice.sendDm(s.ids.demo, { text: 'hi demo' });
    assert.equal(reply.data.dm_conversation_id, sent.data.dm_conversation_id);
    const events = await all(s.demo.dmEventsWith(s.ids.alice, { params: { 'dm_event.fields': 'created_at,dm_conversation_id' } }));
    assert.deepEqual(
      events.map((e) => [e.text, e.sender_id]),
      [
        ['hi demo', s.ids.alice],
        ['hello alice', s.ids.demo],
      ],
    );
    assert.ok(events.every((e) => e.dm_conversation_id === sent.data.dm_conversation_id && typeof e.created_at === 'string'));
    const more = await s.demo.sendDmToConversation(sent.data.dm_conversation_id, 'and again');
    assert.equal(more.data.dm_conversation_id, sent.data.dm_conversation_id);
    const one = await s.alice.getDmEvent(more.data.dm_event_id, { expansions: 'sender_id' });
    assert.equal(one.data.text, 'and again');
    assert.equal((one.includes?.users?.[0] as { username?: string } | undefined)?.username, 'demo');
    await assert.rejects(s.bob.getDmEvent(more.data.dm_event_id), rejectsWith(404));
  });

  it('blocks and DM blocks stop messages; unblocking lets them through', async () => {
    await s.bob.follow(s.ids.demo);
    await s.demo.sendDm(s.ids.bob, 'hello bob');
    await s.bob.blockDms(s.ids.demo);
    await assert.rejects(s.demo.sendDm(s.ids.bob, 'blocked?'), rejectsWith(403));
    await s.bob.unblockDms(s.ids.demo);
    await s.demo.sendDm(s.ids.bob, 'unblocked');
    // An account block stops DMs both ways (X's block write is outside its 2.167 document: one request, on purpose).
    await s.bob.request('POST', `/2/users/${s.ids.bob}/blocking`, { json: { target_user_id: s.ids.demo } });
    s.checkExchanges(1);
    await assert.rejects(s.demo.sendDm(s.ids.bob, 'to my blocker'), rejectsWith(403));
    await assert.rejects(s.bob.sendDm(s.ids.demo, 'to the one I block'), rejectsWith(403));
    await s.bob.request('DELETE', `/2/users/${s.ids.bob}/blocking/${s.ids.demo}`);
    s.checkExchanges(1);
    // The block ended bob's follow, as on X: without it demo's messages are refused again until he follows.
    await assert.rejects(s.demo.sendDm(s.ids.bob, 'after the block'), rejectsWith(403));
    await s.bob.follow(s.ids.demo);
    await s.demo.sendDm(s.ids.bob, 'after the block');
    await assert.rejects(s.demo.sendDm(s.ids.demo, 'to myself'), rejectsWith(400));
  });

  it('groups: created with a ParticipantsJoin and the message; participants write; outsiders cannot read', async () => {
    const { data } = await s.demo.createDmGroup([s.ids.alice, s.ids.bob], 'welcome, both');
    await s.bob.sendDmToConversation(data.dm_conversation_id, 'thanks');
    const events = await all(s.alice.dmConversationEvents(data.dm_conversation_id, { params: { expansions: 'participant_ids' } }));
    assert.deepEqual(
      events.map((e) => e.event_type),
      ['MessageCreate', 'MessageCreate', 'ParticipantsJoin'],
    );
    assert.deepEqual(new Set(events[2]?.participant_ids), new Set([s.ids.demo, s.ids.alice, s.ids.bob]));
    const only = await all(s.alice.dmConversationEvents(data.dm_conversation_id, { params: { event_types: 'MessageCreate' } }));
    assert.equal(only.length, 2);
    await assert.rejects(s.demo.createDmGroup([s.ids.alice, s.ids.demo], 'too few'), rejectsWith(400));
  });

  it('dmEvents pages through every conversation; only the sender deletes', async () => {
    const pages = [];
    for await (const page of s.demo.dmEvents({ maxResults: 2 }).pages()) pages.push(page.data.length);
    assert.ok(pages.length > 2 && pages.slice(0, -1).every((n) => n === 2), `pages ${pages.join(',')}`);
    // X's limits (15 reads per 15 minutes, 1,440 sends a day) and prices (DM Event: Read $0.010 per event,
    // DM Interaction: Create $0.015 per send).
    const [first] = await all(s.demo.dmEvents({ limit: 1 }).pages());
    assert.equal(first?.rateLimit?.limit, 15);
    const sentNow = await s.demo.sendDm(s.ids.alice, 'counted');
    assert.equal(sentNow.dailyRateLimit?.user?.limit, 1440);
    const usage = s.sandbox.billing.usage(s.sandbox.credentials.consumer_key)?.[0]?.endpoints ?? [];
    const line = (endpoint: string) => usage.find((e) => e.endpoint === endpoint);
    assert.ok((line('POST /2/dm_conversations')?.cost ?? 0) >= 15_000 * 3);
    assert.equal((line('POST /2/dm_conversations')?.cost ?? 0) % 15_000, 0);
    assert.ok((line('GET /2/dm_events')?.units ?? 0) > 0);
    assert.equal(line('GET /2/dm_events')?.cost, (line('GET /2/dm_events')?.units ?? 0) * 10_000);
    const mine = await s.demo.sendDm(s.ids.alice, 'to delete');
    await assert.rejects(s.alice.deleteDmEvent(mine.data.dm_event_id), rejectsWith(403));
    assert.equal((await s.demo.deleteDmEvent(mine.data.dm_event_id)).data.deleted, true);
    await assert.rejects(s.demo.getDmEvent(mine.data.dm_event_id), rejectsWith(404));
  });
});
