import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMAND_GROUPS, COMMANDS } from '../src/commands.js';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';
import { assertUsage, idAfter, startWorld, type XCommandsWorld } from './x-commands-kit.js';

let w: XCommandsWorld;

describe('oauth1x dm / block / lists, the grouped help and completion', { timeout: 60_000 }, () => {
  before(async () => {
    w = await startWorld();
  });
  after(() => w?.close());

  it('dm send is refused until the recipient follows; then send, list all / with a user / a conversation', async () => {
    const refused = await w.cli(['dm', 'send', '@alice', 'Hi Alice']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /^oauth1x dm: .*403.*You cannot send messages to this user\.\n/);
    assert.equal((await w.cli(['follow', '@demo'], { as: 'alice' })).code, 0);
    const sent = await w.cli(['dm', 'send', '@alice', 'Hi', 'Alice']);
    assert.equal(sent.code, 0, sent.err);
    const conversation = idAfter(sent.out, /^Sent DM \d+ in conversation (\d+-\d+)\n$/);
    const intoConversation = await w.cli(['dm', 'send', conversation, 'Second message', '--json']);
    const answer = JSON.parse(intoConversation.out) as { data: { dm_conversation_id: string; dm_event_id: string } };
    assert.equal(answer.data.dm_conversation_id, conversation);

    const all = await w.cli(['dm', 'list']);
    assert.equal(all.code, 0, all.err);
    assert.match(all.out, /^\d+ {2}\S+ {2}@demo {2}Second message\n\d+ {2}\S+ {2}@demo {2}Hi Alice\n$/);
    const withAlice = await w.cli(['dm', 'list', '@alice', '--limit', '1']);
    assert.match(withAlice.out, /^\d+ {2}\S+ {2}@demo {2}Second message\n$/);
    const ofConversation = await w.cli(['dm', 'list', conversation, '--json'], { as: 'alice' });
    const page = JSON.parse(ofConversation.out.trim()) as { data: Array<{ text: string }>; meta: { result_count: number } };
    assert.deepEqual(
      page.data.map((e) => e.text),
      ['Second message', 'Hi Alice'],
    );
  });

  it('block stops DMs from a user (X DM block); unblock lets them through', async () => {
    assert.equal((await w.cli(['follow', '@alice'])).code, 0);
    assert.equal((await w.cli(['block', '@alice'])).out, 'Blocked DMs from @alice\n');
    const refused = await w.cli(['dm', 'send', '@demo', 'Are you there?'], { as: 'alice' });
    assert.equal(refused.code, 1);
    assert.match(refused.err, /You cannot send messages to this user/);
    assert.equal((await w.cli(['unblock', '@alice', '--json'])).out, '{"data":{"blocked":false}}\n');
    assert.equal((await w.cli(['dm', 'send', '@demo', 'Are you there?'], { as: 'alice' })).code, 0);
    const blocks = await w.cli(['blocks']);
    assert.deepEqual([blocks.code, blocks.out, blocks.err], [0, '', 'no users\n']);
  });

  it('lists: create, owned, show, add, members, tweets, remove, follow, pin, unpin, unfollow, delete', async () => {
    const created = await w.cli(['lists', 'create', 'Friends', '--description', 'People I read', '--private']);
    assert.equal(created.code, 0, created.err);
    const list = idAfter(created.out, /^Created list (\d+): Friends\n$/);
    assert.equal((await w.cli(['lists'])).out, `${list}  Friends  (private, 0 members)  People I read\n`);
    assert.equal((await w.cli(['lists', 'owned', '@demo'])).out, `${list}  Friends  (private, 0 members)  People I read\n`);
    assert.equal((await w.cli(['lists', 'add', list, '@alice'])).out, `Added @alice to list ${list}\n`);
    assert.equal((await w.cli(['lists', 'show', list])).out, `${list}  Friends  (private, 1 members)  People I read\n`);
    assert.equal((await w.cli(['lists', 'members', list])).out, `@alice  Alice  (id ${w.user('alice').user_id})\n`);
    await w.cli(['post', 'Listed post'], { as: 'alice' });
    assert.match((await w.cli(['lists', 'tweets', list])).out, /^\d+ {2}@alice {2}\S+ {2}Listed post\n$/);
    const shown = JSON.parse((await w.cli(['lists', 'show', list, '--json'])).out) as { data: { id: string; private: boolean } };
    assert.deepEqual([shown.data.id, shown.data.private], [list, true]);
    assert.equal(
      (await w.cli(['lists', 'remove', list, w.user('alice').user_id])).out,
      `Removed ${w.user('alice').user_id} from list ${list}\n`,
    );
    // Alice can neither see nor follow a private list of demo's: X's 403/404 detail, exit 1.
    const hidden = await w.cli(['lists', 'follow', list], { as: 'alice' });
    assert.equal(hidden.code, 1);
    assert.match(hidden.err, /^oauth1x lists: /);
    for (const [sub, line] of [
      ['pin', 'Pinned list'],
      ['unpin', 'Unpinned list'],
      ['follow', 'Following list'],
      ['unfollow', 'Unfollowed list'],
      ['delete', 'Deleted list'],
    ] as const) {
      const r = await w.cli(['lists', sub, list]);
      assert.deepEqual([r.code, r.out], [0, `${line} ${list}\n`], r.err);
    }
    const gone = await w.cli(['lists']);
    assert.deepEqual([gone.out, gone.err], ['', 'no lists\n']);
  });

  it('bad input is one line and exit 2', async () => {
    for (const [args, message] of [
      [['dm'], /expects send or list/],
      [['dm', 'sned'], /unknown subcommand "sned"/],
      [['dm', 'send', '@alice'], /the TEXT is empty/],
      [['dm', 'send', 'alice', 'hi'], /@NAME or a conversation ID/],
      [['dm', 'send', '@alice', 'hi', '--all'], /no --limit or --all/],
      [['dm', 'list', '@a', '@b'], /at most one/],
      [['lists', 'create'], /wrong number of arguments/],
      [['lists', 'create', 'x'.repeat(26)], /1 to 25 characters/],
      [['lists', 'show', 'abc'], /numeric LIST_ID/],
      [['lists', 'add', '1'], /wrong number of arguments/],
      [['lists', 'pin', '1', '--private'], /go with lists create/],
      [['lists', 'delete', '1', '--limit', '3'], /no --limit or --all/],
    ] as const) {
      assertUsage(await w.cli([...args]), args[0], message);
    }
  });

  it('the top-level help groups the commands; completion offers every command, its flags and subcommands', async () => {
    const io = memoryIo();
    assert.equal(await main(['--help'], io), 0);
    for (const group of COMMAND_GROUPS) assert.match(io.out(), new RegExp(`\\n${group}:\\n {2}\\w`));
    assert.ok(io.out().indexOf('\nPosts:\n') < io.out().indexOf('\n  thread '));
    for (const shell of ['bash', 'zsh']) {
      const c = memoryIo();
      assert.equal(await main(['completion', shell], c), 0);
      for (const name of Object.keys(COMMANDS)) assert.match(c.out(), new RegExp(`\\b${name}\\b`), `${shell}: ${name}`);
      const post = /\n {4}post\) opts=\(?"?([^")\n]*)/.exec(c.out())?.[1] ?? '';
      for (const flag of ['--poll', '--poll-minutes', '--reply-settings', '--media', '--alt', '--file', '--json'])
        assert.ok(post.split(' ').includes(flag), `${shell} post ${flag}`);
      const lists = /\n {4}lists\) opts=\(?"?([^")\n]*)/.exec(c.out())?.[1] ?? '';
      for (const sub of ['create', 'add', 'remove', 'members', 'pin', 'unpin', '--private'])
        assert.ok(lists.split(' ').includes(sub), `${shell} lists ${sub}`);
      const dm = /\n {4}dm\) opts=\(?"?([^")\n]*)/.exec(c.out())?.[1] ?? '';
      assert.ok(dm.split(' ').includes('send') && dm.split(' ').includes('list'), `${shell} dm`);
    }
  });
});
