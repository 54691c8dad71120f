import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XClient } from '@oauth1x/x';
import { assertUsage, idAfter, startWorld, type XCommandsWorld } from './x-commands-kit.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let w: XCommandsWorld;

/** The X client of the demo user straight on the sandbox handler, to look at what the commands made. */
function demoClient(): XClient {
  const c = w.sandbox.credentials;
  return new XClient({
    baseUrl: 'https://api.x.com',
    fetch: (input, init) => w.sandbox.fetch(new Request(input, init)),
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    token: { key: c.access_token, secret: c.access_token_secret },
  });
}

describe('oauth1x post / reply / quote / thread / read / search / user / timeline / mentions', { timeout: 60_000 }, () => {
  before(async () => {
    w = await startWorld();
    await writeFile(join(w.dir, 'pixel.png'), PNG);
  });
  after(() => w?.close());

  it('post joins its words; --json prints X answer; a poll and reply settings reach the post', async () => {
    const r = await w.cli(['post', 'Hello', 'world']);
    assert.equal(r.code, 0, r.err);
    const id = idAfter(r.out, /^Posted post (\d+): Hello world\n$/);
    const read = await w.cli(['read', id]);
    assert.equal(read.code, 0, read.err);
    assert.match(read.out, new RegExp(`^${id}  @demo  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  Hello world\\n$`));

    const poll = await w.cli([
      'post',
      'Lunch?',
      '--poll',
      'pizza, sushi',
      '--poll-minutes',
      '60',
      '--reply-settings',
      'following',
      '--json',
    ]);
    assert.equal(poll.code, 0, poll.err);
    const posted = JSON.parse(poll.out) as { data: { id: string; text: string } };
    assert.equal(posted.data.text, 'Lunch?');
    const { data } = await demoClient().getTweet(posted.data.id, { 'tweet.fields': 'reply_settings' });
    assert.equal(data.reply_settings, 'following');
  });

  it('post reads stdin or --file; --media uploads first and attaches', async () => {
    const piped = await w.cli(['post'], { stdin: 'From a pipe\n' });
    assert.equal(piped.code, 0, piped.err);
    assert.match(piped.out, /^Posted post \d+: From a pipe\n$/);
    await writeFile(join(w.dir, 'note.txt'), 'From a file\n');
    const filed = await w.cli(['post', '--file', 'note.txt']);
    assert.match(filed.out, /^Posted post \d+: From a file\n$/);
    const media = await w.cli(['post', 'A pixel', '--media', 'pixel.png', '--alt', 'One white pixel']);
    assert.equal(media.code, 0, media.err);
    assert.match(media.err, /uploaded .*pixel\.png \(\d+ bytes, image\/png\) as media \d+/);
    const id = idAfter(media.out, /^Posted post (\d+): A pixel/);
    const { data } = await demoClient().getTweet(id, { 'tweet.fields': 'attachments' });
    assert.equal(data.attachments?.media_keys?.length, 1);
    const empty = await w.cli(['post'], { stdin: '\n' });
    assertUsage(empty, 'post', /the text is empty/);
  });

  it('reply and quote take an ID or a post URL; a refused quote is X title/detail with exit 1', async () => {
    const first = idAfter((await w.cli(['post', 'Original post'])).out, /post (\d+)/);
    const reply = await w.cli(['reply', `https://x.com/demo/status/${first}`, 'A', 'reply']);
    assert.equal(reply.code, 0, reply.err);
    const replyId = idAfter(reply.out, new RegExp(`^Replied to ${first} with post (\\d+): A reply\\n$`));
    const { data } = await demoClient().getTweet(replyId, { 'tweet.fields': 'referenced_tweets' });
    assert.deepEqual(data.referenced_tweets, [{ type: 'replied_to', id: first }]);

    const refused = await w.cli(['quote', first, 'Worth reading']);
    assert.equal(refused.code, 1);
    assert.equal(refused.out, '');
    assert.match(refused.err, /^oauth1x quote: .*403.*Forbidden: Quoting this post is not allowed/);
    w.sandbox.accounts.setAppPlan(w.sandbox.credentials.consumer_key, 'enterprise');
    try {
      const quote = await w.cli(['quote', `https://twitter.com/demo/status/${first}?s=20`, 'Worth reading', '--json']);
      assert.equal(quote.code, 0, quote.err);
      const quoted = await demoClient().getTweet((JSON.parse(quote.out) as { data: { id: string } }).data.id, {
        'tweet.fields': 'referenced_tweets',
      });
      assert.deepEqual(quoted.data.referenced_tweets, [{ type: 'quoted', id: first }]);
    } finally {
      w.sandbox.accounts.setAppPlan(w.sandbox.credentials.consumer_key, 'pay-per-use');
    }
  });

  it('thread posts a chain from arguments or from stdin split at ---, reporting each post', async () => {
    const r = await w.cli(['thread', 'Thread 1/3', 'Thread 2/3', 'Thread 3/3']);
    assert.equal(r.code, 0, r.err);
    const ids = r.out
      .trim()
      .split('\n')
      .map((line) => line.split('  ')[0] as string);
    assert.equal(ids.length, 3);
    assert.match(r.err, /posted 1\/3: \d+\nposted 2\/3: \d+\nposted 3\/3: \d+\n/);
    const { data } = await demoClient().getTweets(ids, { 'tweet.fields': 'referenced_tweets' });
    assert.deepEqual(data[1]?.referenced_tweets, [{ type: 'replied_to', id: ids[0] }]);
    assert.deepEqual(data[2]?.referenced_tweets, [{ type: 'replied_to', id: ids[1] }]);

    const piped = await w.cli(['thread', '--json'], { stdin: 'Piped one\n---\nPiped\ntwo\n' });
    assert.equal(piped.code, 0, piped.err);
    assert.deepEqual(
      (JSON.parse(piped.out) as { data: Array<{ text: string }> }).data.map((p) => p.text),
      ['Piped one', 'Piped\ntwo'],
    );
  });

  it('thread stops at the post X refuses and names what was posted (exit 1)', async () => {
    const r = await w.cli(['thread', 'Stops 1/3', 'x'.repeat(300), 'Stops 3/3']);
    assert.equal(r.code, 1);
    const first = idAfter(r.err, /posted 1\/3: (\d+)/);
    assert.match(r.err, new RegExp(`oauth1x thread: stopped at post 2/3; posted before it: ${first}\\n`));
    assert.doesNotMatch(r.err, /posted 3\/3/);
    assert.equal(r.out, '');
  });

  it('read shows many posts, names the missing ones and exits 1; --json is X answer', async () => {
    const id = idAfter((await w.cli(['post', 'Readable'])).out, /post (\d+)/);
    const r = await w.cli(['read', id, 'https://x.com/i/web/status/999']);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^${id}  @demo  .*Readable\\n$`));
    assert.match(r.err, /^999: Could not find tweet/);
    const j = await w.cli(['read', id, '--json']);
    const answer = JSON.parse(j.out) as { data: { id: string; author_id: string }; includes: { users: Array<{ username: string }> } };
    assert.equal(answer.data.id, id);
    assert.equal(answer.includes.users[0]?.username, 'demo');
  });

  it('search, user, timeline --home and mentions print lines; --json is one X page per line', async () => {
    await w.cli(['post', 'Searchable needle here']);
    const s = await w.cli(['search', 'needle']);
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /^\d+ {2}@demo {2}\S+ {2}Searchable needle here\n$/);
    const sj = await w.cli(['search', 'needle', '--json']);
    const page = JSON.parse(sj.out.trim()) as { data: Array<{ text: string }>; meta: { result_count: number } };
    assert.equal(page.data[0]?.text, 'Searchable needle here');
    assert.equal(page.meta.result_count, 1);

    const alice = w.user('alice');
    const u = await w.cli(['user', '@alice', w.sandbox.credentials.user_id]);
    assert.equal(u.code, 0, u.err);
    assert.match(u.out, new RegExp(`^Alice @alice \\(id ${alice.user_id}\\)\\n  Sandbox account @alice\\n  joined \\S+\\n  0 followers`));
    assert.match(u.out, /\n\nDemo User @demo \(id \d+\)/);
    const reversed = await w.cli(['user', w.sandbox.credentials.user_id, '@ALICE']);
    assert.match(reversed.out, /^Demo User @demo .*\n[\s\S]*\n\nAlice @alice /);
    const missing = await w.cli(['user', '@alice', '@nobody_at_all']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^nobody_at_all: Could not find user/);
    const uj = await w.cli(['user', '@alice', '--json']);
    assert.equal((JSON.parse(uj.out) as { data: Array<{ id: string }> }).data[0]?.id, alice.user_id);

    const home = await w.cli(['timeline', '--home', '--count', '3']);
    const all = await w.cli(['timeline', '--all']);
    const limited = await w.cli(['timeline', '--limit', '2']);
    assert.equal(limited.out.trim().split('\n').length, 2);
    assert.ok(all.out.trim().split('\n').length > 10, all.out);
    assert.equal(home.code, 0, home.err);
    assert.equal(home.out.trim().split('\n').length, 3);
    assert.match(home.out, /^\d+ {2}\S+ {2}Searchable needle here\n/);

    const mention = await w.cli(['post', 'Hello @demo from alice'], { as: 'alice' });
    assert.equal(mention.code, 0, mention.err);
    const m = await w.cli(['mentions']);
    assert.equal(m.code, 0, m.err);
    assert.match(m.out, /^\d+ {2}@alice {2}\S+ {2}Hello @demo from alice\n$/);
    const none = await w.cli(['mentions', '@bob']);
    assert.deepEqual([none.code, none.out, none.err], [0, '', 'no posts\n']);
  });

  it('bad input is one line and exit 2, before any request', async () => {
    for (const [args, message] of [
      [['post'], /expects the TEXT \(quote it\), --file FILE or text on stdin/],
      [['post', 'a', '--poll', 'only-one'], /--poll expects 2 to 4/],
      [['post', 'a', '--poll', 'a,b', '--poll-minutes', '3'], /--poll-minutes expects a whole number from 5 to 10080/],
      [['post', 'a', '--poll-minutes', '60'], /--poll-minutes goes with --poll/],
      [['post', 'a', '--poll', 'a,b', '--media', 'pixel.png'], /either a poll or media/],
      [['post', 'a', '--reply-settings', 'everyone'], /--reply-settings expects one of following/],
      [['post', 'a', '--file', 'note.txt'], /not both/],
      [['post', '--file', 'missing.txt'], /--file missing.txt: ENOENT/],
      [['reply', 'abc', 'text'], /a post as a numeric ID or a post URL/],
      [['reply'], /expects the ID \(or URL\) of the post to reply to/],
      [['quote', 'https://example.com/a/status/1', 'x'], /post URL/],
      [['thread', '--reply-to', 'x1', 'a', 'b'], /--reply-to as a numeric ID/],
      [['read'], /one or more post IDs/],
      [['search'], /expects a search QUERY/],
      [['search', 'a', '--limit', '0'], /--limit expects a whole number/],
      [['search', 'a', '--all', '--limit', '5'], /--all and --limit/],
      [['user', 'not a user'], /@name or a numeric ID/],
      [['mentions', '@a', '@b'], /at most one user/],
      [['timeline', '--home', '--user', 'alice'], /--home and --user/],
      [['timeline', '--all', '--limit', '3'], /--count, --limit and --all/],
      [['timeline', '--limit', '0'], /--limit must be a whole number/],
    ] as const) {
      const command = args[0] as string;
      assertUsage(await w.cli([...args]), command, message);
    }
  });
});
