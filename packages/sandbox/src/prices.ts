/**
 * X's pay-per-use prices (`docs/x-api_getting-started_pricing.mdx` of X's documentation, snapshot 2026-08-22),
 * in micro-USD, and which of them each sandbox endpoint is charged at: reads per resource returned, writes
 * per request.
 *
 * Where X's page is silent the sandbox chooses, and says so here:
 * - Only the resources in `data` (v2) or the top-level tweets/users (v1.1) are counted; X does not say
 *   whether expansions (`includes`) are charged.
 * - Deleting a post is "Content: Manage"; unliking and unfollowing are "Interaction: Delete".
 * - Media upload has no line in X's table: recorded as a call, not charged. `POST /2/media/metadata` is
 *   "Media Metadata".
 * - A post with a URL is "Post: Create (with URL)" even when it is also a summoned reply; a reply where the
 *   replied-to author mentioned or quoted the user is "Post: Create (summoned)".
 * - v1.1 endpoints are charged as their v2 equivalents (X's table names resources, not API versions).
 * - Owned Reads ($0.001 when `{id}` is the app owner): sandbox apps have no owner, so they do not apply.
 *
 * @module
 */

import { isRecord } from './x-json.js';

/**
 * X's unit prices in micro-USD ($0.005 = 5000), by the names X's pricing table uses.
 *
 * @example
 * ```ts
 * X_PRICES['Post: Create']; // 15000 ($0.015 per request)
 * ```
 */
export const X_PRICES = {
  'Posts: Read': 5_000,
  'User: Read': 10_000,
  'Post: Create': 15_000,
  'Post: Create (with URL)': 200_000,
  'Post: Create (summoned)': 10_000,
  'User Interaction: Create': 15_000,
  'Interaction: Delete': 10_000,
  'Content: Manage': 5_000,
  'Media Metadata': 5_000,
  'Following/Followers: Read': 10_000,
  'Like: Read': 1_000,
  Bookmark: 5_000,
  'DM Event: Read': 10_000,
  'List: Read': 5_000,
  'Mute: Read': 1_000,
  'Block: Read': 1_000,
  'DM Interaction: Create': 15_000,
  'List: Create': 10_000,
  'List: Manage': 5_000,
  'Mute: Delete': 5_000,
} as const;

/** A line of {@link X_PRICES}. */
export type PriceItem = keyof typeof X_PRICES;

/** How a sandbox endpoint is charged. */
export type PriceRule =
  /** Per resource returned, each resource once per app and UTC day. */
  | { kind: 'read'; resource: 'post' | 'user' | 'list' | 'dm_event' | 'mute' | 'block'; item: PriceItem }
  /** Per request; `POST /2/tweets` and `statuses/update` pick their line per post (see {@link postItem}). */
  | { kind: 'write'; item: PriceItem }
  /** Not in X's table: counted as a call, not charged. */
  | { kind: 'free' };

const POSTS: PriceRule = { kind: 'read', resource: 'post', item: 'Posts: Read' };
const USERS: PriceRule = { kind: 'read', resource: 'user', item: 'User: Read' };
const write = (item: PriceItem): PriceRule => ({ kind: 'write', item });

/** By the endpoint names the routes give `apiRoute` (also their rate-limit keys). */
const RULES: Record<string, PriceRule> = {
  'GET /2/tweets': POSTS,
  'GET /2/tweets/search/recent': POSTS,
  'GET /2/users/tweets': POSTS,
  'GET /2/users/mentions': POSTS,
  'GET /2/users/timelines': POSTS,
  'GET /2/users/me': USERS,
  'GET /2/users': USERS,
  'GET /2/users/followers': { kind: 'read', resource: 'user', item: 'Following/Followers: Read' },
  'GET /2/users/following': { kind: 'read', resource: 'user', item: 'Following/Followers: Read' },
  'GET /2/tweets/liking_users': { kind: 'read', resource: 'user', item: 'Like: Read' },
  'GET /2/users/liked_tweets': { kind: 'read', resource: 'post', item: 'Like: Read' },
  'GET /2/tweets/retweeted_by': USERS,
  'GET /2/tweets/quote_tweets': POSTS,
  'GET /2/users/bookmarks': POSTS,
  'POST /2/users/bookmarks': write('Bookmark'),
  'DELETE /2/users/bookmarks': write('Bookmark'),
  'POST /2/users/retweets': write('User Interaction: Create'),
  'DELETE /2/users/retweets': write('Interaction: Delete'),
  'POST /2/tweets': write('Post: Create'),
  'DELETE /2/tweets': write('Content: Manage'),
  'POST /2/users/likes': write('User Interaction: Create'),
  'DELETE /2/users/likes': write('Interaction: Delete'),
  'POST /2/users/following': write('User Interaction: Create'),
  'DELETE /2/users/following': write('Interaction: Delete'),
  'POST /2/media/metadata': write('Media Metadata'),
  // Blocks, mutes, hide reply, lists, DMs (issue 18). The sandbox's choices where X's table is silent: muting and
  // DM-blocking are "User Interaction: Create", unmuting "Mute: Delete", DM unblocking "Interaction: Delete",
  // hiding a reply "Content: Manage", list members/follows/pins "List: Manage", a list's members and followers
  // "User: Read", a list's posts "Posts: Read", deleting a DM event "Content: Manage".
  'GET /2/users/blocking': { kind: 'read', resource: 'block', item: 'Block: Read' },
  'GET /2/users/muting': { kind: 'read', resource: 'mute', item: 'Mute: Read' },
  'POST /2/users/blocking': write('User Interaction: Create'),
  'DELETE /2/users/blocking': write('Interaction: Delete'),
  'POST /2/users/dm/block': write('User Interaction: Create'),
  'POST /2/users/dm/unblock': write('Interaction: Delete'),
  'POST /2/users/muting': write('User Interaction: Create'),
  'DELETE /2/users/muting': write('Mute: Delete'),
  'PUT /2/tweets/hidden': write('Content: Manage'),
  'GET /2/lists': { kind: 'read', resource: 'list', item: 'List: Read' },
  'GET /2/users/lists': { kind: 'read', resource: 'list', item: 'List: Read' },
  'GET /2/lists/users': USERS,
  'GET /2/lists/tweets': POSTS,
  'POST /2/lists': write('List: Create'),
  'PUT /2/lists': write('List: Manage'),
  'DELETE /2/lists': write('List: Manage'),
  'POST /2/lists/members': write('List: Manage'),
  'DELETE /2/lists/members': write('List: Manage'),
  'POST /2/users/lists': write('List: Manage'),
  'DELETE /2/users/lists': write('List: Manage'),
  'GET /2/dm_events': { kind: 'read', resource: 'dm_event', item: 'DM Event: Read' },
  'POST /2/dm_conversations': write('DM Interaction: Create'),
  'DELETE /2/dm_events': write('Content: Manage'),
  'GET /1.1/statuses/show': POSTS,
  'GET /1.1/statuses/user_timeline': POSTS,
  'GET /1.1/statuses/home_timeline': POSTS,
  'GET /1.1/statuses/mentions_timeline': POSTS,
  'GET /1.1/search/tweets': POSTS,
  'GET /1.1/account/verify_credentials': USERS,
  'POST /1.1/statuses/update': write('Post: Create'),
  'POST /1.1/statuses/destroy': write('Content: Manage'),
  'POST /1.1/friendships/create': write('User Interaction: Create'),
  'POST /1.1/friendships/destroy': write('Interaction: Delete'),
  'POST /1.1/favorites/create': write('User Interaction: Create'),
  'POST /1.1/favorites/destroy': write('Interaction: Delete'),
};

/**
 * How `endpoint` (as named by the routes, e.g. `GET /2/tweets`) is charged.
 *
 * @example
 * ```ts
 * priceRule('GET /2/users/me'); // { kind: 'read', resource: 'user', item: 'User: Read' }
 * priceRule('POST /2/media/upload'); // { kind: 'free' }
 * ```
 */
export function priceRule(endpoint: string): PriceRule {
  return RULES[endpoint] ?? { kind: 'free' };
}

/**
 * The line a new post is charged at: with a URL, a summoned reply, or a plain post.
 *
 * @example
 * ```ts
 * postItem({ hasUrl: false, summoned: true }); // 'Post: Create (summoned)'
 * ```
 */
export function postItem(post: { hasUrl: boolean; summoned: boolean }): PriceItem {
  if (post.hasUrl) return 'Post: Create (with URL)';
  return post.summoned ? 'Post: Create (summoned)' : 'Post: Create';
}

/**
 * The ids of the resources a successful read answer returned: v2 `data` (one object or a list), v1.1 a list
 * (timelines), `statuses` (search) or one object (show, verify_credentials). Expansions are not counted.
 *
 * @example
 * ```ts
 * resourceIds({ data: [{ id: '1' }, { id: '2' }], includes: { users: [{ id: '9' }] } }); // ['1', '2']
 * ```
 */
export function resourceIds(body: unknown): string[] {
  let items: unknown[] = [];
  if (Array.isArray(body)) items = body;
  else if (isRecord(body)) {
    // A member set to `undefined` (in a recorded value: see responseValueOf) is one the JSON text lacks.
    if (body.data !== undefined) items = Array.isArray(body.data) ? body.data : [body.data];
    else if (Array.isArray(body.statuses)) items = body.statuses;
    else if (body.id_str !== undefined) items = [body];
  }
  const ids: string[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const id = typeof item.id_str === 'string' ? item.id_str : item.id;
    if (typeof id === 'string' && id !== '') ids.push(id);
  }
  return ids;
}
