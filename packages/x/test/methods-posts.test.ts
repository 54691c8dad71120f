import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { OAuthError } from 'oauth1x';
import { tweetBody, XClient } from '../src/index.js';

// tweet() with every body field of POST /2/tweets: the body it sends is checked against X's OpenAPI document
// (specFetch validates the JSON with ajv against the operation's requestBody schema).
describe('tweet options → the POST /2/tweets body', () => {
  it('every field X has, in X names, accepted by the document', async () => {
    const { fetch, seen, violations } = specFetch(() => ({ status: 201, body: { data: { id: '7', text: 'hi' } } }));
    const x = new XClient({ consumer: { key: 'ck', secret: 'cs' }, token: { key: '42-tk', secret: 'ts' }, fetch });
    await x.tweet('all of it', {
      replyTo: '1',
      excludeReplyUserIds: ['5'],
      autoPopulateReplyMetadata: true,
      quote: '2',
      mediaIds: ['3'],
      taggedUserIds: ['6'],
      replySettings: 'mentionedUsers',
      communityId: '8',
      shareWithFollowers: true,
      forSuperFollowersOnly: false,
      placeId: 'df51dec6f4ee2b2c',
      nullcast: false,
      madeWithAi: true,
      paidPartnership: false,
      cardUri: 'card://1',
      directMessageDeepLink: 'https://twitter.com/messages/compose?recipient_id=2244994945',
      editOf: '9',
    });
    await x.tweet('a poll', { poll: { options: ['yes', 'no'], durationMinutes: 60, replySettings: 'following' } });
    await x.tweet('raw field', { body: { made_with_ai: false } });
    assert.deepEqual(violations, []);
    assert.deepEqual(JSON.parse(seen[0]?.text ?? '{}'), {
      text: 'all of it',
      reply: { in_reply_to_tweet_id: '1', exclude_reply_user_ids: ['5'], auto_populate_reply_metadata: true },
      quote_tweet_id: '2',
      media: { media_ids: ['3'], tagged_user_ids: ['6'] },
      reply_settings: 'mentionedUsers',
      community_id: '8',
      share_with_followers: true,
      for_super_followers_only: false,
      geo: { place_id: 'df51dec6f4ee2b2c' },
      nullcast: false,
      made_with_ai: true,
      paid_partnership: false,
      card_uri: 'card://1',
      direct_message_deep_link: 'https://twitter.com/messages/compose?recipient_id=2244994945',
      edit_options: { previous_post_id: '9' },
    });
    assert.deepEqual(JSON.parse(seen[1]?.text ?? '{}').poll, { options: ['yes', 'no'], duration_minutes: 60, reply_settings: 'following' });
    assert.equal(JSON.parse(seen[2]?.text ?? '{}').made_with_ai, false);
    // A poll X's document refuses (one option) is caught by the same check.
    await assert.rejects(x.tweet('bad poll', { poll: { options: ['only'], durationMinutes: 60 } }), /poll\/options/);
  });

  it('options that need another are refused before sending; batch sizes are checked', async () => {
    assert.throws(
      () => tweetBody('x', { taggedUserIds: ['1'] }),
      (e: unknown) => e instanceof OAuthError && /need mediaIds/.test(e.message),
    );
    assert.throws(() => tweetBody('x', { excludeReplyUserIds: ['1'] }), /need replyTo/);
    const { fetch, seen } = specFetch(() => ({ body: {} }));
    const x = new XClient({ consumer: { key: 'ck', secret: 'cs' }, token: { key: '42-tk', secret: 'ts' }, fetch });
    assert.throws(() => x.getTweets([]), /1 to 100/);
    assert.throws(() => x.getUsers(Array.from({ length: 101 }, (_, i) => String(i + 1))), /1 to 100/);
    await assert.rejects(x.thread([]), /at least one post/);
    assert.equal(seen.length, 0);
  });
});
