/**
 * The X API v1.1 slice: statuses (update, destroy, show, user/home/mentions timelines), account
 * verify_credentials, search/tweets, friendships and favorites, in X's exact shapes and error codes.
 *
 * @module
 */
import { type ApiCall, type RouteSpec, routeBuilder } from './api.js';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { parseId } from './ids.js';
import { postTweet } from './post-tweet.js';
import { matches, parseQuery } from './search.js';
import type { Page, TweetRecord } from './tweets.js';
import { jsonResponse, v1Error } from './x-errors.js';
import { V1Format } from './x-format-v1.js';
import { type XJsonValue, xInteger } from './x-json.js';

function stripJson(value: string | undefined): string | undefined {
  return value?.endsWith('.json') ? value.slice(0, -5) : undefined;
}

function count(call: ApiCall, fallback: number, max: number): number {
  const raw = Number(call.params.get('count') ?? fallback);
  return Number.isFinite(raw) ? Math.max(1, Math.min(max, Math.trunc(raw))) : fallback;
}

/** Reads `since_id` / `max_id`; `null` when one is present but not an id. */
function page(call: ApiCall, n: number): Page | null {
  const since = call.params.get('since_id');
  const max = call.params.get('max_id');
  const sinceId = since === undefined ? null : parseId(since);
  const maxId = max === undefined ? null : parseId(max);
  if ((since !== undefined && sinceId === null) || (max !== undefined && maxId === null)) return null;
  return { count: n, sinceId, maxId };
}

function extended(call: ApiCall): boolean {
  return call.params.get('tweet_mode') === 'extended';
}

const TRUE = new Set(['true', 't', '1']);

/** A v1.1 tweet with the request's `tweet_mode`, `trim_user` and `include_entities` applied. */
function render(call: ApiCall, format: V1Format, tweet: TweetRecord): { [key: string]: XJsonValue } {
  const json = format.tweet(tweet, call.user.id, extended(call));
  if (TRUE.has(call.params.get('trim_user') ?? '')) json.user = { id: xInteger(tweet.userId), id_str: tweet.userId };
  if (call.params.get('include_entities') === 'false' || call.params.get('include_entities') === '0') {
    delete json.entities;
    delete json.extended_entities;
  }
  return json;
}

function tweets(call: ApiCall, list: TweetRecord[]): Response {
  const format = new V1Format(call.sources);
  return jsonResponse(list.map((t) => render(call, format, t)));
}

function one(call: ApiCall, tweet: TweetRecord): Response {
  return jsonResponse(render(call, new V1Format(call.sources), tweet));
}

/** The target user of `user_id` / `screen_name`, the caller when both are absent, `null` when not found. */
function targetUser(call: ApiCall, required: boolean): UserRecord | null | undefined {
  const userId = call.params.get('user_id');
  const screenName = call.params.get('screen_name');
  if (userId !== undefined) return parseId(userId) === null ? null : (call.ctx.accounts.userById(userId) ?? null);
  if (screenName !== undefined) return call.ctx.accounts.userByScreenName(screenName.replace(/^@/, '')) ?? null;
  return required ? undefined : call.user;
}

function timeline(kind: 'user' | 'home' | 'mentions') {
  return (call: ApiCall): Response => {
    const target = kind === 'user' ? targetUser(call, false) : call.user;
    if (!target) return v1Error(34);
    const p = page(call, count(call, 20, 200));
    if (p === null) return v1Error(44, 'since_id or max_id parameter is invalid.');
    const list =
      kind === 'user'
        ? call.ctx.tweets.userTimeline(target.id, p)
        : kind === 'home'
          ? call.ctx.tweets.homeTimeline(target.id, p)
          : call.ctx.tweets.mentions(target.id, p);
    return tweets(call, list);
  };
}

async function update(call: ApiCall): Promise<Response> {
  const status = call.params.get('status');
  const mediaIds = call.params.get('media_ids');
  if (status === undefined && mediaIds === undefined) return v1Error(170);
  const attachment = call.params.get('attachment_url');
  const quoteId = attachment === undefined ? undefined : /\/status(?:es)?\/(\d+)/.exec(attachment)?.[1];
  if (attachment !== undefined && quoteId === undefined) return v1Error(44, 'attachment_url parameter is invalid.');
  const replyTo = call.params.get('in_reply_to_status_id');
  const result = await postTweet(
    call.ctx,
    call.user,
    call.app,
    {
      text: status ?? '',
      replyToId: replyTo === undefined || replyTo === '' ? undefined : replyTo,
      quoteId,
      mediaIds: mediaIds === undefined || mediaIds === '' ? [] : mediaIds.split(',').map((s) => s.trim()),
    },
    (tweet) => render(call, new V1Format(call.sources), tweet),
  );
  if ('failure' in result) {
    switch (result.failure) {
      case 'empty':
        return v1Error(170);
      case 'too_long':
        return v1Error(186);
      case 'duplicate':
        return v1Error(187);
      case 'reply_not_found':
        return v1Error(385);
      case 'quote_not_found':
        return v1Error(44, 'attachment_url parameter is invalid.');
      default:
        return v1Error(324);
    }
  }
  return jsonResponse(result.rendered);
}

function show(call: ApiCall): Response {
  const id = stripJson(call.path.file) ?? call.params.get('id');
  const tweet = id === undefined || parseId(id) === null ? undefined : call.ctx.tweets.byId(id);
  return tweet ? one(call, tweet) : v1Error(144);
}

function destroy(call: ApiCall): Response {
  const id = stripJson(call.path.file);
  const tweet = id === undefined || parseId(id) === null ? undefined : call.ctx.tweets.byId(id);
  if (!tweet) return v1Error(144);
  if (tweet.userId !== call.user.id) return v1Error(179, "You may not delete another user's status.");
  const body = new V1Format(call.sources).tweet(tweet, call.user.id, extended(call));
  call.ctx.tweets.delete(tweet.id);
  return jsonResponse(body);
}

function verifyCredentials(call: ApiCall): Response {
  const format = new V1Format(call.sources);
  const body = format.user(call.user);
  if (call.params.get('include_email') === 'true' && call.user.email !== null) body.email = call.user.email;
  if (call.params.get('skip_status') !== 'true' && call.params.get('skip_status') !== '1') {
    const latest = call.ctx.tweets.userTimeline(call.user.id, { count: 1 })[0];
    if (latest) {
      const status = format.tweet(latest, call.user.id, extended(call));
      delete status.user;
      body.status = status;
    }
  }
  return jsonResponse(body);
}

function search(call: ApiCall): Response {
  const q = call.params.get('q') ?? '';
  const query = parseQuery(q);
  if (query === null) return v1Error(44, 'q parameter is missing.');
  const n = count(call, 15, 100);
  const p = page(call, 1000);
  if (p === null) return v1Error(44, 'since_id or max_id parameter is invalid.');
  const found = call.ctx.tweets
    .recent(p)
    .filter((t) => matches(query, t, call.ctx.accounts))
    .slice(0, n);
  const format = new V1Format(call.sources);
  const last = found[found.length - 1];
  const first = found[0];
  const params = (extra: Record<string, string>) => `?${new URLSearchParams({ ...extra, q, count: String(n), include_entities: '1' })}`;
  return jsonResponse({
    statuses: found.map((t) => format.tweet(t, call.user.id, extended(call))),
    search_metadata: {
      completed_in: 0.001,
      max_id: first ? xInteger(first.id) : 0,
      max_id_str: first ? first.id : '0',
      ...(last && found.length === n ? { next_results: params({ max_id: (BigInt(last.id) - 1n).toString() }) } : {}),
      query: encodeURIComponent(q),
      refresh_url: params({ since_id: first?.id ?? '0' }),
      count: n,
      since_id: p.sinceId ?? 0,
      since_id_str: (p.sinceId ?? 0).toString(),
    },
  });
}

function friendship(create: boolean) {
  return (call: ApiCall): Response => {
    const target = targetUser(call, true);
    if (target === undefined) return v1Error(38, 'user_id or screen_name parameter is missing.');
    if (target === null) return v1Error(50);
    if (target.id === call.user.id) return v1Error(158);
    if (create) call.ctx.tweets.follow(call.user.id, target.id);
    else call.ctx.tweets.unfollow(call.user.id, target.id);
    const body = new V1Format(call.sources).user(target);
    body.following = create;
    return jsonResponse(body);
  };
}

function favorite(create: boolean) {
  return (call: ApiCall): Response => {
    const id = call.params.get('id');
    const tweet = id === undefined || parseId(id) === null ? undefined : call.ctx.tweets.byId(id);
    if (!tweet) return v1Error(144);
    if (create && !call.ctx.tweets.like(call.user.id, tweet.id)) return v1Error(139);
    if (!create && !call.ctx.tweets.unlike(call.user.id, tweet.id)) return v1Error(144);
    return one(call, tweet);
  };
}

function echo(call: ApiCall): Response {
  return jsonResponse({
    user_id: call.user.id,
    screen_name: call.user.screenName,
    consumer_key: call.app.consumerKey,
    params: call.params.list.map(([k, v]) => [k, v]),
  });
}

/**
 * The v1.1 routes.
 *
 * @example
 * ```ts
 * for (const route of v1Routes(ctx)) app.on(route.method, route.path, (c) => route.handler(c.req.raw, c.req.param()));
 * ```
 */
export function v1Routes(ctx: SandboxContext): RouteSpec[] {
  const r = routeBuilder(ctx, 'v1');
  return [
    r('POST', '/1.1/statuses/update.json', 'POST /1.1/statuses/update', update),
    r('POST', '/1.1/statuses/destroy/:file', 'POST /1.1/statuses/destroy', destroy),
    r('GET', '/1.1/statuses/show.json', 'GET /1.1/statuses/show', show),
    r('GET', '/1.1/statuses/show/:file', 'GET /1.1/statuses/show', show),
    r('GET', '/1.1/statuses/user_timeline.json', 'GET /1.1/statuses/user_timeline', timeline('user')),
    r('GET', '/1.1/statuses/home_timeline.json', 'GET /1.1/statuses/home_timeline', timeline('home')),
    r('GET', '/1.1/statuses/mentions_timeline.json', 'GET /1.1/statuses/mentions_timeline', timeline('mentions')),
    r('GET', '/1.1/account/verify_credentials.json', 'GET /1.1/account/verify_credentials', verifyCredentials),
    r('GET', '/1.1/search/tweets.json', 'GET /1.1/search/tweets', search),
    r('POST', '/1.1/friendships/create.json', 'POST /1.1/friendships/create', friendship(true)),
    r('POST', '/1.1/friendships/destroy.json', 'POST /1.1/friendships/destroy', friendship(false)),
    r('POST', '/1.1/favorites/create.json', 'POST /1.1/favorites/create', favorite(true)),
    r('POST', '/1.1/favorites/destroy.json', 'POST /1.1/favorites/destroy', favorite(false)),
    // Sandbox extra (not an X endpoint): echoes who a signed GET or POST authenticated as.
    r('GET', '/sandbox/echo', 'GET /sandbox/echo', echo),
    r('POST', '/sandbox/echo', 'GET /sandbox/echo', echo),
  ];
}
