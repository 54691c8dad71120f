import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PNG_2X3 } from '@oauth1x/test-kit/sandbox/helpers.js';
import { OAuthResponseError } from 'oauth1x';
import { type SocialSandbox, socialSandbox } from './social-sandbox.js';

// What a post carries comes back when read (polls, community, quotes, tagged users, long text as X's note_tweet),
// every request and answer checked against X's document.
let s: SocialSandbox;

/** Text of `n` code points, weighted `n` (ASCII), without repeating a duplicate. */
const ascii = (n: number, seed: string) => `${seed} ${'x'.repeat(n - seed.length - 1)}`;

describe('X client: post fields kept, against the sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    s = await socialSandbox();
  });
  after(async () => {
    await s?.close();
  });

  it('a poll is stored: attachments.poll_ids, expansions=attachments.poll_ids and poll.fields in X shape', async () => {
    const posted = await s.demo.tweet('Tea or coffee?', { poll: { options: ['Tea', 'Coffee', 'Both'], durationMinutes: 60 } });
    const got = await s.demo.getTweet(posted.data.id, {
      'post.fields': 'attachments',
      expansions: 'attachments.poll_ids',
      'poll.fields': 'duration_minutes,end_datetime,voting_status',
    });
    const pollId = got.data.attachments?.poll_ids?.[0];
    assert.match(pollId ?? '', /^[0-9]{1,19}$/);
    const polls = (got.includes as { polls?: Array<Record<string, unknown>> }).polls ?? [];
    assert.equal(polls.length, 1);
    const poll = polls[0] as Record<string, unknown>;
    assert.equal(poll.id, pollId);
    assert.deepEqual(poll.options, [
      { position: 1, label: 'Tea', votes: 0 },
      { position: 2, label: 'Coffee', votes: 0 },
      { position: 3, label: 'Both', votes: 0 },
    ]);
    assert.equal(poll.duration_minutes, 60);
    assert.equal(poll.voting_status, 'open');
    const ends = Date.parse(poll.end_datetime as string);
    assert.ok(ends > Date.now() + 55 * 60_000 && ends <= Date.now() + 60 * 60_000, String(poll.end_datetime));
    // Without the expansion: the id only; without poll.fields: id and options.
    const plain = await s.demo.getTweet(posted.data.id, { expansions: 'attachments.poll_ids' });
    assert.deepEqual(Object.keys(((plain.includes as { polls: object[] }).polls[0] as object) ?? {}).sort(), ['id', 'options']);
    s.checkExchanges();
  });

  it('a poll beside media, or with repeated options, is X’s 400; nothing is posted', async () => {
    const image = await s.demo.uploadMedia(new Blob([PNG_2X3], { type: 'image/png' }));
    for (const options of [
      { poll: { options: ['a', 'b'], durationMinutes: 5 }, mediaIds: [image.mediaId] },
      { poll: { options: ['same', 'same'], durationMinutes: 5 } },
    ]) {
      const refused = await s.demo.tweet('not both', options).catch((e: unknown) => e);
      assert.ok(refused instanceof OAuthResponseError, String(refused));
      assert.equal(refused.status, 400);
    }
    s.checkExchanges();
  });

  it('community_id, media tagged users and a quote come back when read', async () => {
    const image = await s.demo.uploadMedia(new Blob([PNG_2X3], { type: 'image/png' }));
    // Quoting needs an enterprise plan on X (a pay-per-use app gets 403: plan-rules.test.ts).
    s.sandbox.accounts.setAppPlan(s.sandbox.credentials.consumer_key, 'enterprise');
    const first = await s.alice.tweet('quote me');
    const posted = await s.demo.tweet('in a community', {
      communityId: '1146654567674912769',
      mediaIds: [image.mediaId],
      taggedUserIds: [s.ids.alice, s.ids.bob, s.ids.alice],
      quote: first.data.id,
    });
    // The document's post.fields leave referenced_tweets out: the quote is read through its expansion.
    const got = await s.demo.getTweet(posted.data.id, { 'post.fields': 'community_id,attachments', expansions: 'referenced_posts' });
    assert.equal((got.data as { community_id?: string }).community_id, '1146654567674912769');
    assert.equal(got.data.attachments?.media_keys?.length, 1);
    const included = (got.includes as { tweets?: Array<{ id: string; text: string }> }).tweets ?? [];
    assert.deepEqual(
      included.map((t) => [t.id, t.text]),
      [[first.data.id, 'quote me']],
    );
    s.sandbox.accounts.setAppPlan(s.sandbox.credentials.consumer_key, 'pay-per-use');
    // X's v2 document has no field reading tagged users back: the sandbox API shows what was stored.
    assert.deepEqual(s.sandbox.posts.extras(posted.data.id)?.taggedUserIds, [s.ids.alice, s.ids.bob]);
    const unknown = await s.demo.tweet('tag nobody', { mediaIds: [image.mediaId], taggedUserIds: ['999999999'] }).catch((e) => e);
    assert.equal((unknown as OAuthResponseError).status, 400);
    s.checkExchanges();
  });

  it('long text: refused over 280 weighted characters unless the account may post long text; note_tweet when asked', async () => {
    const long = ascii(600, 'long post');
    const refused = await s.demo.tweet(long).catch((e: unknown) => e);
    assert.ok(refused instanceof OAuthResponseError);
    assert.equal(refused.status, 403);
    assert.match(refused.message, /too long/i);
    // X's plain 403 (about:blank) is outside the document's Problem types: the one exchange it flags.
    assert.throws(() => s.checkExchanges(), /POST \/2\/tweets → 403/);
    // Weighted, as twitter-text counts: 141 CJK characters weigh 282.
    const cjk = await s.demo.tweet('漢'.repeat(141)).catch((e: unknown) => e);
    assert.equal((cjk as OAuthResponseError).status, 403);
    assert.throws(() => s.checkExchanges(), /→ 403/);

    s.sandbox.posts.setSubscription(s.ids.demo, 'Premium');
    try {
      const posted = await s.demo.tweet(long);
      assert.equal(posted.data.text, long, 'sent and stored unchanged');
      const got = await s.demo.getTweet(posted.data.id, { 'post.fields': 'note_post,display_text_range' });
      const data = got.data as { text: string; note_tweet?: { text: string }; display_text_range?: number[] };
      assert.equal(data.note_tweet?.text, long);
      assert.ok(data.text.endsWith('…') && long.startsWith(data.text.slice(0, -1)), data.text);
      // 278 ASCII characters and '…' (weighted 2): 280 weighted, 279 code points.
      assert.equal([...data.text].length, 279);
      assert.deepEqual(data.display_text_range, [0, 279]);
      const plain = await s.demo.getTweet(posted.data.id);
      assert.equal((plain.data as { note_tweet?: unknown }).note_tweet, undefined, 'note_tweet only when asked');
      const me = await s.demo.me({ 'user.fields': 'subscription_type,verified_type' });
      assert.equal((me.data as { subscription_type?: string }).subscription_type, 'Premium');
      const tooLong = await s.demo.tweet(ascii(25_001, 'longest')).catch((e: unknown) => e);
      assert.equal((tooLong as OAuthResponseError).status, 403);
      assert.throws(() => s.checkExchanges(), /→ 403/);
      const short = await s.demo.tweet('a short one from a subscriber');
      const read = await s.demo.getTweet(short.data.id, { 'post.fields': 'note_post' });
      assert.equal((read.data as { note_tweet?: unknown }).note_tweet, undefined, 'no note_tweet for 280 or less');
    } finally {
      s.sandbox.posts.setSubscription(s.ids.demo, 'None');
    }
    s.checkExchanges();
  });
});
