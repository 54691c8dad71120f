import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpecAnswer } from '@oauth1x/test-kit/x/spec-fetch.js';
import { specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { XClient } from '../src/index.js';

// The X client's other v2 requests, also checked against X's OpenAPI document: the tweet with media that
// follows an upload, and the calls around it (a regression guard for the rest of the client's surface).
const ANSWERS: Record<string, SpecAnswer> = {
  getUsersMe: { body: { data: { id: '42', name: 'Alice', username: 'alice' } } },
  createPosts: { status: 201, body: { data: { id: '7', text: 'hi' } } },
  deletePosts: { body: { data: { deleted: true } } },
  getPostsById: { body: { data: { id: '7', text: 'hi', edit_history_tweet_ids: ['7'] } } },
  getUsersPosts: { body: { data: [], meta: { result_count: 0 } } },
  getUsersTimeline: { body: { data: [], meta: { result_count: 0 } } },
  getUsersMentions: { body: { data: [], meta: { result_count: 0 } } },
  searchPostsRecent: { body: { data: [], meta: { result_count: 0 } } },
  likePost: { body: { data: { liked: true } } },
  unlikePost: { body: { data: { liked: false } } },
  followUser: { body: { data: { following: true, pending_follow: false } } },
  unfollowUser: { body: { data: { following: false } } },
};

describe("XClient's v2 requests are operations of X's OpenAPI document", () => {
  it('tweet (text, reply, quote, media), delete, get, me, timelines, search, likes, follows', async () => {
    const { fetch, seen, violations } = specFetch((_, match) => ANSWERS[match.operationId] ?? { status: 404, body: {} });
    const x = new XClient({ consumer: { key: 'ck', secret: 'cs' }, token: { key: '42-tk', secret: 'ts' }, fetch });
    await x.me({ 'user.fields': 'verified_type,subscription_type' });
    await x.tweet('hi', { replyTo: '1', quote: '2', mediaIds: ['3', '4'] });
    await x.deleteTweet('7');
    await x.getTweet('7', { 'post.fields': 'created_at,public_metrics', expansions: 'attachments.media_keys', 'media.fields': 'variants' });
    for await (const _ of x.userTimeline(undefined, { maxResults: 5, limit: 1 }));
    for await (const _ of x.homeTimeline({ maxResults: 5, limit: 1 }));
    for await (const _ of x.mentions('42', { maxResults: 5, limit: 1 }));
    for await (const _ of x.searchRecent('from:jack', { maxResults: 10, limit: 1 }));
    await x.like('7');
    await x.unlike('7');
    await x.follow('2244994945');
    await x.unfollow('2244994945');
    assert.deepEqual(violations, []);
    assert.deepEqual(
      seen.map((s) => s.operationId),
      [
        'getUsersMe',
        'createPosts',
        'deletePosts',
        'getPostsById',
        'getUsersPosts',
        'getUsersTimeline',
        'getUsersMentions',
        'searchPostsRecent',
        'likePost',
        'unlikePost',
        'followUser',
        'unfollowUser',
      ],
    );
    // A field list X does not have is caught too (user.fields values are the spec's enum).
    await assert.rejects(x.me({ 'user.fields': 'not_a_field' }), /query parameter user\.fields.*allowed values/);
  });
});
