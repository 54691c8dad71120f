/**
 * X API v2 posts, users and social-graph routes beyond routes-v2.ts: batch lookups (`GET /2/tweets?ids=`,
 * `GET /2/users?ids=`, `GET /2/users/by?usernames=`), reposts (repost, undo, reposted by), quotes, liking users
 * and liked posts, bookmarks, followers and following. X's shapes (`data` / `includes` / `meta` with
 * `result_count`, `next_token`, `previous_token`; partial `errors`), a protected account's posts and graph visible
 * only to itself and its approved followers.
 *
 * @module
 */
import type { ApiCall, RouteSpec } from './api.js';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { parseId } from './ids.js';
import type { Slice } from './social.js';
import { specRouteBuilders } from './spec-routes.js';
import type { TweetRecord } from './tweets.js';
import { jsonResponse, v2InvalidRequest, v2NotFound, v2Problem } from './x-errors.js';
import { parseSelection, V2Format } from './x-format-v2.js';
import type { XJsonValue } from './x-json.js';

type AnyCall = ApiCall<UserRecord | null>;

/**
 * X's partial error for a resource the caller may not see (a protected account's post or graph).
 *
 * @example
 * ```ts
 * jsonResponse({ errors: [v2NotAuthorized('tweet', 'id', '123')] });
 * ```
 */
export function v2NotAuthorized(resourceType: 'tweet' | 'user', parameter: string, value: string): XJsonValue {
  return {
    value,
    detail: `Sorry, you are not authorized to see the ${resourceType === 'tweet' ? 'Tweet' : 'user'} with ${parameter}: [${value}].`,
    title: 'Authorization Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: 'https://api.x.com/2/problems/not-authorized-for-resource',
  };
}

/**
 * A list's page token: the offset, 16 characters (X's tokens on these lists are at least 16).
 *
 * @example
 * ```ts
 * offsetToken(100); // 'p00000000000002s'
 * ```
 */
export function offsetToken(offset: number): string {
  return `p${offset.toString(36).padStart(15, '0')}`;
}

function slice(call: AnyCall, fallback: number): Slice | Response {
  // max_results was checked against the operation's bounds by withSpec.
  const count = Number(call.params.get('max_results') ?? fallback);
  const token = call.params.get('pagination_token');
  if (token === undefined) return { offset: 0, count };
  if (!/^p[0-9a-z]{15}$/.test(token))
    return v2InvalidRequest('pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`);
  return { offset: Number.parseInt(token.slice(1), 36), count };
}

function meta(page: Slice, shown: number, more: boolean): Record<string, XJsonValue> {
  const out: Record<string, XJsonValue> = { result_count: shown };
  if (more) out.next_token = offsetToken(page.offset + page.count);
  if (page.offset > 0) out.previous_token = offsetToken(Math.max(0, page.offset - page.count));
  return out;
}

/** Answers a page of users (`ids` holds one more than the page when there is a next page). */
function users(call: AnyCall, page: Slice, ids: string[]): Response {
  const format = new V2Format(call.sources, parseSelection(call.url.searchParams, call.user?.id));
  const data = ids
    .slice(0, page.count)
    .map((id) => call.ctx.accounts.userById(id))
    .filter((u): u is UserRecord => u !== undefined)
    .map((u) => format.user(u));
  const m = meta(page, data.length, ids.length > page.count);
  return jsonResponse(data.length === 0 ? { meta: m } : { data, ...format.includes(), meta: m });
}

/** Answers a page of posts, leaving out deleted ones and those the caller may not see. */
function posts(call: AnyCall, page: Slice, ids: string[]): Response {
  const format = new V2Format(call.sources, parseSelection(call.url.searchParams, call.user?.id));
  const data = ids
    .slice(0, page.count)
    .map((id) => call.ctx.tweets.byId(id))
    .filter((t): t is TweetRecord => t !== undefined && call.ctx.social.canSee(call.user?.id ?? null, t.userId))
    .map((t) => format.tweet(t));
  const m = meta(page, data.length, ids.length > page.count);
  return jsonResponse(data.length === 0 ? { meta: m } : { data, ...format.includes(), meta: m });
}

function pathId(call: AnyCall, name: string): string | Response {
  const id = call.path[name] ?? '';
  return parseId(id) === null ? v2InvalidRequest(name, id, `The \`${name}\` query parameter value [${id}] is not valid`) : id;
}

/** The path's post, when it exists and the caller may see it. */
function visibleTweet(call: AnyCall, name: string): TweetRecord | Response {
  const id = pathId(call, name);
  if (id instanceof Response) return id;
  const tweet = call.ctx.tweets.byId(id);
  if (!tweet) return jsonResponse({ errors: [v2NotFound('tweet', name, id)] });
  if (!call.ctx.social.canSee(call.user?.id ?? null, tweet.userId)) return jsonResponse({ errors: [v2NotAuthorized('tweet', name, id)] });
  return tweet;
}

/** The path's user, when it exists and the caller may see its posts and graph. */
function visibleUser(call: AnyCall, name: string): UserRecord | Response {
  const id = pathId(call, name);
  if (id instanceof Response) return id;
  const user = call.ctx.accounts.userById(id);
  if (!user) return jsonResponse({ errors: [v2NotFound('user', name, id)] });
  if (!call.ctx.social.canSee(call.user?.id ?? null, user.id)) return jsonResponse({ errors: [v2NotAuthorized('user', name, id)] });
  return user;
}

/** A write on behalf of the path's user: only the authenticated user may (X answers 403 otherwise). */
function own(call: ApiCall, name = 'id'): Response | null {
  return call.path[name] === call.user.id ? null : v2Problem(403, 'You are not permitted to perform this action.');
}

function bodyTweet(call: ApiCall, field: string): TweetRecord | Response {
  // The body was checked against the operation's schema by withSpec (tweet_id: a numeric string).
  const id = String((call.json as Record<string, unknown>)[field]);
  const tweet = call.ctx.tweets.byId(id);
  if (!tweet) return jsonResponse({ errors: [v2NotFound('tweet', field, id)] });
  if (!call.ctx.social.canSee(call.user.id, tweet.userId)) return jsonResponse({ errors: [v2NotAuthorized('tweet', field, id)] });
  return tweet;
}

/** The comma-separated `name` values, at most 100 (X's bound), or X's 400. */
function batch(call: AnyCall, name: string): Set<string> | Response {
  const values = new Set((call.params.get(name) ?? '').split(','));
  return values.size > 100
    ? v2InvalidRequest(name, call.params.get(name), `The number of values in \`${name}\` is not between 1 and 100`)
    : values;
}

function lookupTweets(call: AnyCall): Response {
  const ids = batch(call, 'ids');
  if (ids instanceof Response) return ids;
  const format = new V2Format(call.sources, parseSelection(call.url.searchParams, call.user?.id));
  const data: XJsonValue[] = [];
  const errors: XJsonValue[] = [];
  for (const id of ids) {
    const tweet = call.ctx.tweets.byId(id);
    if (!tweet) errors.push(v2NotFound('tweet', 'ids', id));
    else if (!call.ctx.social.canSee(call.user?.id ?? null, tweet.userId)) errors.push(v2NotAuthorized('tweet', 'ids', id));
    else data.push(format.tweet(tweet));
  }
  return jsonResponse({ ...(data.length > 0 ? { data, ...format.includes() } : {}), ...(errors.length > 0 ? { errors } : {}) });
}

function lookupUsers(by: 'ids' | 'usernames') {
  return (call: AnyCall): Response => {
    const keys = batch(call, by);
    if (keys instanceof Response) return keys;
    const format = new V2Format(call.sources, parseSelection(call.url.searchParams, call.user?.id));
    const data: XJsonValue[] = [];
    const errors: XJsonValue[] = [];
    for (const key of keys) {
      const user = by === 'ids' ? call.ctx.accounts.userById(key) : call.ctx.accounts.userByScreenName(key);
      if (user) data.push(format.user(user));
      else errors.push(v2NotFound('user', by === 'ids' ? 'ids' : 'usernames', key));
    }
    return jsonResponse({ ...(data.length > 0 ? { data, ...format.includes() } : {}), ...(errors.length > 0 ? { errors } : {}) });
  };
}

function repost(create: boolean) {
  return (call: ApiCall): Response => {
    const denied = own(call);
    if (denied) return denied;
    if (!create) {
      const id = pathId(call, 'source_tweet_id');
      if (id instanceof Response) return id;
      call.ctx.social.unrepost(call.user.id, id);
      return jsonResponse({ data: { retweeted: false } });
    }
    const tweet = bodyTweet(call, 'tweet_id');
    if (tweet instanceof Response) return tweet;
    // X does not let a protected account's posts be reposted, not even by its followers.
    if (call.ctx.social.isProtected(tweet.userId) && tweet.userId !== call.user.id)
      return v2Problem(403, 'You cannot repost a post of a protected account.');
    call.ctx.social.repost(call.user.id, tweet.id);
    // rest_id: the repost's own id on X; the sandbox keeps reposts as a relation, so it is a fresh id each time.
    return jsonResponse({ data: { id: tweet.id, rest_id: call.ctx.ids.next().toString(), retweeted: true } });
  };
}

function bookmark(create: boolean) {
  return (call: ApiCall): Response => {
    const denied = own(call);
    if (denied) return denied;
    if (!create) {
      const id = pathId(call, 'tweet_id');
      if (id instanceof Response) return id;
      call.ctx.social.unbookmark(call.user.id, id);
      return jsonResponse({ data: { bookmarked: false } });
    }
    const tweet = bodyTweet(call, 'tweet_id');
    if (tweet instanceof Response) return tweet;
    call.ctx.social.bookmark(call.user.id, tweet.id);
    return jsonResponse({ data: { bookmarked: true } });
  };
}

/** A list of the path's post or user: `list(id, slice)` gives one more id than the page when there is more. */
function listOf(
  kind: 'tweet' | 'user',
  items: 'posts' | 'users',
  fallback: number,
  list: (ctx: SandboxContext, id: string, page: Slice) => string[],
) {
  return (call: AnyCall): Response => {
    const owner = kind === 'tweet' ? visibleTweet(call, 'id') : visibleUser(call, 'id');
    if (owner instanceof Response) return owner;
    const page = slice(call, fallback);
    if (page instanceof Response) return page;
    const ids = list(call.ctx, owner.id, { offset: page.offset, count: page.count + 1 });
    return items === 'posts' ? posts(call, page, ids) : users(call, page, ids);
  };
}

/**
 * The routes.
 *
 * @example
 * ```ts
 * const routes = v2SocialRoutes(ctx);
 * ```
 */
export function v2SocialRoutes(ctx: SandboxContext): RouteSpec[] {
  const { r, rb } = specRouteBuilders(ctx);
  return [
    rb('GET', '/2/tweets', 'GET /2/tweets', lookupTweets),
    rb('GET', '/2/users', 'GET /2/users', lookupUsers('ids')),
    rb('GET', '/2/users/by', 'GET /2/users', lookupUsers('usernames')),
    r('POST', '/2/users/:id/retweets', 'POST /2/users/retweets', repost(true)),
    r('DELETE', '/2/users/:id/retweets/:source_tweet_id', 'DELETE /2/users/retweets', repost(false)),
    rb(
      'GET',
      '/2/tweets/:id/retweeted_by',
      'GET /2/tweets/retweeted_by',
      listOf('tweet', 'users', 100, (c, id, p) => c.social.repostedBy(id, p)),
    ),
    rb(
      'GET',
      '/2/tweets/:id/quote_tweets',
      'GET /2/tweets/quote_tweets',
      listOf('tweet', 'posts', 10, (c, id, p) => c.social.quotes(id, p)),
    ),
    r(
      'GET',
      '/2/tweets/:id/liking_users',
      'GET /2/tweets/liking_users',
      listOf('tweet', 'users', 100, (c, id, p) => c.social.likingUsers(id, p)),
    ),
    r(
      'GET',
      '/2/users/:id/liked_tweets',
      'GET /2/users/liked_tweets',
      listOf('user', 'posts', 100, (c, id, p) => c.social.likedTweets(id, p)),
    ),
    r('GET', '/2/users/:id/bookmarks', 'GET /2/users/bookmarks', (call) => {
      const denied = own(call);
      if (denied) return denied;
      return listOf('user', 'posts', 100, (c, id, p) => c.social.bookmarks(id, p))(call);
    }),
    r('POST', '/2/users/:id/bookmarks', 'POST /2/users/bookmarks', bookmark(true)),
    r('DELETE', '/2/users/:id/bookmarks/:tweet_id', 'DELETE /2/users/bookmarks', bookmark(false)),
    rb(
      'GET',
      '/2/users/:id/followers',
      'GET /2/users/followers',
      listOf('user', 'users', 100, (c, id, p) => c.social.followers(id, p)),
    ),
    rb(
      'GET',
      '/2/users/:id/following',
      'GET /2/users/following',
      listOf('user', 'users', 100, (c, id, p) => c.social.following(id, p)),
    ),
  ];
}
