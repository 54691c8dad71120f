/**
 * The X API v2 slice: tweets (create, delete, lookup), users (me, lookup, tweets, mentions, reverse
 * chronological home timeline), recent search with pagination tokens, likes and follows; `data` / `meta` /
 * `errors` / `includes` shapes, `edit_history_tweet_ids`, problem JSON errors.
 *
 * @module
 */
import type { ApiCall, RouteSpec } from './api.js';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { parseId } from './ids.js';
import { forbidden, relationStores } from './routes-v2-kit.js';
import { createTweet, deleteTweet } from './routes-v2-posts.js';
import { v2NotAuthorized } from './routes-v2-social.js';
import { matches, parseQuery } from './search.js';
import { specRouteBuilders } from './spec-routes.js';
import type { Page, TweetRecord } from './tweets.js';
import { jsonResponse, v2InvalidRequest, v2NotFound, v2Problem } from './x-errors.js';
import { parseSelection, V2Format, type V2Selection } from './x-format-v2.js';
import type { XJsonValue } from './x-json.js';

/**
 * Opaque pagination token for "tweets with an id below `id`".
 *
 * @example
 * ```ts
 * encodeToken(1850000000000000000n); // opaque, e.g. '7e1r4...'
 * ```
 */
export function encodeToken(id: bigint): string {
  return `7${id.toString(36)}`;
}

/**
 * Decodes a pagination token; `null` when invalid.
 *
 * @example
 * ```ts
 * decodeToken(encodeToken(42n)); // 42n
 * ```
 */
export function decodeToken(token: string): bigint | null {
  if (!/^7[0-9a-z]{1,13}$/.test(token)) return null;
  let value = 0n;
  for (const c of token.slice(1)) value = value * 36n + BigInt(Number.parseInt(c, 36));
  return value > 0n && value < 2n ** 63n ? value : null;
}

/** A call of a route that app-only bearers may call too (no user then). */
type AnyCall = ApiCall<UserRecord | null>;

type Result = Response | { selection: V2Selection };

function selection(call: AnyCall): Result {
  // The values were checked against X's OpenAPI document by withSpec.
  return { selection: parseSelection(call.url.searchParams, call.user?.id) };
}

/** Reads max_results, pagination and id bounds into a page, or answers 400. */
function listPage(call: AnyCall, min: number, max: number, tokenName: 'pagination_token' | 'next_token'): Page | Response {
  const raw = call.params.get('max_results');
  const n = raw === undefined ? 10 : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    return v2InvalidRequest(
      'max_results',
      raw ?? '',
      `The \`max_results\` query parameter value [${raw}] is not between ${min} and ${max}`,
    );
  }
  let maxId: bigint | null = null;
  const token = call.params.get(tokenName);
  if (token !== undefined) {
    const decoded = decodeToken(token);
    if (decoded === null) return v2InvalidRequest(tokenName, token, `The \`${tokenName}\` query parameter value [${token}] is not valid`);
    maxId = decoded - 1n;
  }
  const bound = (name: string): bigint | null | Response => {
    const value = call.params.get(name);
    if (value === undefined) return null;
    return parseId(value) ?? v2InvalidRequest(name, value, `The \`${name}\` query parameter value [${value}] is not valid`);
  };
  const since = bound('since_id');
  if (since instanceof Response) return since;
  const until = bound('until_id');
  if (until instanceof Response) return until;
  if (until !== null && (maxId === null || until - 1n < maxId)) maxId = until - 1n;
  return { count: n + 1, sinceId: since, maxId };
}

function listAnswer(call: AnyCall, sel: V2Selection, rows: TweetRecord[], n: number): Response {
  const more = rows.length > n;
  const list = rows.slice(0, n);
  const format = new V2Format(call.sources, sel);
  if (list.length === 0) return jsonResponse({ meta: { result_count: 0 } });
  const meta: Record<string, XJsonValue> = {
    newest_id: (list[0] as TweetRecord).id,
    oldest_id: (list[list.length - 1] as TweetRecord).id,
    result_count: list.length,
  };
  if (more) meta.next_token = encodeToken(BigInt((list[list.length - 1] as TweetRecord).id));
  const data = list.map((t) => format.tweet(t));
  return jsonResponse({ data, ...format.includes(), meta });
}

function userParam(call: AnyCall, name: string): UserRecord | Response {
  const id = call.path[name] ?? '';
  if (parseId(id) === null) return v2InvalidRequest(name, id, `The \`${name}\` query parameter value [${id}] is not valid`);
  return call.ctx.accounts.userById(id) ?? jsonResponse({ errors: [v2NotFound('user', 'id', id)] });
}

function ownUser(call: ApiCall, name: string): Response | null {
  const id = call.path[name];
  if (id !== call.user.id) return v2Problem(403, 'You are not permitted to perform this action.');
  return null;
}

function getTweet(call: AnyCall): Response {
  const sel = selection(call);
  if (sel instanceof Response) return sel;
  const id = call.path.id ?? '';
  if (parseId(id) === null) return v2InvalidRequest('id', id, `The \`id\` query parameter value [${id}] is not valid`);
  const tweet = call.ctx.tweets.byId(id);
  if (!tweet) return jsonResponse({ errors: [v2NotFound('tweet', 'id', id)] });
  if (!call.ctx.social.canSee(call.user?.id ?? null, tweet.userId)) return jsonResponse({ errors: [v2NotAuthorized('tweet', 'id', id)] });
  const format = new V2Format(call.sources, sel.selection);
  return jsonResponse({ data: format.tweet(tweet), ...format.includes() });
}

function userAnswer(call: AnyCall, user: UserRecord | undefined, by: string, value: string): Response {
  const sel = selection(call);
  if (sel instanceof Response) return sel;
  if (!user) return jsonResponse({ errors: [v2NotFound('user', by, value)] });
  return jsonResponse({ data: new V2Format(call.sources, sel.selection).user(user) });
}

function timeline(kind: 'tweets' | 'mentions' | 'home') {
  return (call: AnyCall): Response => {
    const sel = selection(call);
    if (sel instanceof Response) return sel;
    const user = userParam(call, 'id');
    if (user instanceof Response) return user;
    if (kind === 'home' && user.id !== call.user?.id) return v2Problem(403, 'You are not permitted to perform this action.');
    // A protected account's posts: only itself and its approved followers (mentions are filtered by author).
    if (kind === 'tweets' && !call.ctx.social.canSee(call.user?.id ?? null, user.id))
      return jsonResponse({ errors: [v2NotAuthorized('user', 'id', user.id)] });
    const p = listPage(call, kind === 'home' ? 1 : 5, 100, 'pagination_token');
    if (p instanceof Response) return p;
    const rows =
      kind === 'tweets'
        ? call.ctx.tweets.userTimeline(user.id, p)
        : kind === 'home'
          ? call.ctx.tweets.homeTimeline(user.id, p)
          : call.ctx.tweets.mentions(user.id, p).filter((t) => call.ctx.social.canSee(call.user?.id ?? null, t.userId));
    // Blocks hide posts either way, mutes hide from the home timeline (relations.ts).
    return listAnswer(call, sel.selection, relationStores(call.ctx).relations.visible(call.user?.id, rows, kind === 'home'), p.count - 1);
  };
}

function searchRecent(call: AnyCall): Response {
  const sel = selection(call);
  if (sel instanceof Response) return sel;
  const q = call.params.get('query');
  const query = q === undefined ? null : parseQuery(q);
  if (query === null) return v2InvalidRequest('query', q ?? '', 'The `query` parameter can not be empty');
  const p = listPage(call, 10, 100, 'next_token');
  if (p instanceof Response) return p;
  const rows = call.ctx.tweets
    .recent({ count: 2000, sinceId: p.sinceId ?? null, maxId: p.maxId ?? null })
    .filter((t) => matches(query, t, call.ctx.accounts) && call.ctx.social.canSee(call.user?.id ?? null, t.userId))
    .filter((t) => call.user === null || !relationStores(call.ctx).relations.eitherBlocks(call.user.id, t.userId))
    .slice(0, p.count);
  return listAnswer(call, sel.selection, rows, p.count - 1);
}

function like(create: boolean) {
  return (call: ApiCall): Response => {
    const denied = ownUser(call, 'id');
    if (denied) return denied;
    const tweetId = create ? (call.json as { tweet_id?: unknown } | undefined)?.tweet_id : call.path.tweet_id;
    if (typeof tweetId !== 'string' || parseId(tweetId) === null) return v2InvalidRequest('tweet_id', tweetId, 'tweet_id is invalid');
    if (!call.ctx.tweets.byId(tweetId)) return jsonResponse({ errors: [v2NotFound('tweet', 'tweet_id', tweetId)] });
    if (create) call.ctx.tweets.like(call.user.id, tweetId);
    else call.ctx.tweets.unlike(call.user.id, tweetId);
    return jsonResponse({ data: { liked: create } });
  };
}

function follow(create: boolean) {
  return (call: ApiCall): Response => {
    const denied = ownUser(call, create ? 'id' : 'source_user_id');
    if (denied) return denied;
    const target = create ? (call.json as { target_user_id?: unknown } | undefined)?.target_user_id : call.path.target_user_id;
    if (typeof target !== 'string' || parseId(target) === null)
      return v2InvalidRequest('target_user_id', target, 'target_user_id is invalid');
    if (!call.ctx.accounts.userById(target)) return jsonResponse({ errors: [v2NotFound('user', 'target_user_id', target)] });
    if (target === call.user.id) return v2Problem(400, 'You cannot follow yourself.');
    if (create && relationStores(call.ctx).relations.eitherBlocks(call.user.id, target))
      return forbidden('user', target, 'You have been blocked from following this account at the request of the user.');
    if (create) {
      // A protected account approves its followers: the follow waits as a request (X's pending_follow).
      if (call.ctx.social.isProtected(target) && !call.ctx.tweets.isFollowing(call.user.id, target)) {
        call.ctx.social.requestFollow(call.user.id, target);
        return jsonResponse({ data: { following: false, pending_follow: true } });
      }
      call.ctx.tweets.follow(call.user.id, target);
      return jsonResponse({ data: { following: true, pending_follow: false } });
    }
    call.ctx.social.cancelFollowRequest(call.user.id, target);
    call.ctx.tweets.unfollow(call.user.id, target);
    return jsonResponse({ data: { following: false } });
  };
}

/**
 * The v2 routes.
 *
 * @example
 * ```ts
 * const routes = v2Routes(ctx);
 * ```
 */
export function v2Routes(ctx: SandboxContext): RouteSpec[] {
  const { r, rb } = specRouteBuilders(ctx);
  return [
    r('POST', '/2/tweets', 'POST /2/tweets', createTweet),
    rb('GET', '/2/tweets/search/recent', 'GET /2/tweets/search/recent', searchRecent),
    r('DELETE', '/2/tweets/:id', 'DELETE /2/tweets', deleteTweet),
    rb('GET', '/2/tweets/:id', 'GET /2/tweets', getTweet),
    r('GET', '/2/users/me', 'GET /2/users/me', (call) => userAnswer(call, call.user, 'id', call.user.id)),
    rb('GET', '/2/users/by/username/:username', 'GET /2/users', (call) =>
      userAnswer(call, call.ctx.accounts.userByScreenName(call.path.username ?? ''), 'username', call.path.username ?? ''),
    ),
    rb('GET', '/2/users/:id/tweets', 'GET /2/users/tweets', timeline('tweets')),
    rb('GET', '/2/users/:id/mentions', 'GET /2/users/mentions', timeline('mentions')),
    r('GET', '/2/users/:id/timelines/reverse_chronological', 'GET /2/users/timelines', timeline('home')),
    r('POST', '/2/users/:id/likes', 'POST /2/users/likes', like(true)),
    r('DELETE', '/2/users/:id/likes/:tweet_id', 'DELETE /2/users/likes', like(false)),
    r('POST', '/2/users/:id/following', 'POST /2/users/following', follow(true)),
    r('DELETE', '/2/users/:source_user_id/following/:target_user_id', 'DELETE /2/users/following', follow(false)),
    rb('GET', '/2/users/:id', 'GET /2/users', (call) => {
      const id = call.path.id ?? '';
      // As GET /2/tweets/:id and X: an id that is not one is a 400, an unknown one a partial error.
      if (parseId(id) === null) return v2InvalidRequest('id', id, `The \`id\` query parameter value [${id}] is not valid`);
      return userAnswer(call, call.ctx.accounts.userById(id), 'id', id);
    }),
  ];
}
