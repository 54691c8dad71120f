/**
 * X's rate limits for the endpoints the sandbox serves, from X's rate-limit page (docs.x.com
 * `x-api/fundamentals/rate-limits`, snapshot 2026-08-22, `../shared/x-api/docs/`): per user per 15 minutes and,
 * where X sets them, per user and per app per 24 hours. The page's 15-minute "Per App" figures apply to
 * app-only (bearer) calls and are listed as `appOnly` (their own pool per app); its 24-hour "Per App" figures
 * cap all of an app's calls together. v1.1 endpoints are no
 * longer on X's page: their figures are the last X published for v1.1.
 *
 * @module
 */

/** One endpoint's limits. */
export interface RateLimitRule {
  /** Requests per user per window (X's "Per User" 15-minute figure). */
  limit: number;
  /** Window length in seconds. Default 900 (15 minutes). */
  windowSeconds?: number | undefined;
  /** Requests per user per 24 hours, where X sets such a cap (`x-user-limit-24hour-*`). */
  userDaily?: number | undefined;
  /**
   * Requests per 15 minutes of an app's app-only bearer (X's "Per App" figure: "Apply with Bearer Token"), where
   * the endpoint takes one; app-only calls count in their own pool.
   */
  appOnly?: number | undefined;
  /** Requests per app (all its users together) per 24 hours, where X sets such a cap (`x-app-limit-24hour-*`). */
  appDaily?: number | undefined;
}

/**
 * X's limits by `METHOD /path`, v2 paths as templates (`:id` matches one segment; the most literal template
 * wins, so `/2/users/me` is not `/2/users/:id`), v1.1 by the sandbox's endpoint key; `default` applies to
 * endpoints without a rule.
 *
 * @example
 * ```ts
 * X_RATE_LIMITS['POST /2/tweets']; // { limit: 100, appDaily: 10_000 }
 * ```
 */
export const X_RATE_LIMITS: Readonly<Record<string, RateLimitRule>> = {
  default: { limit: 900 },
  // Posts
  'POST /2/tweets': { limit: 100, appDaily: 10_000 },
  'DELETE /2/tweets/:id': { limit: 50 },
  'GET /2/tweets': { limit: 5000, appOnly: 3500 },
  'GET /2/tweets/:id': { limit: 900, appOnly: 450 },
  'GET /2/tweets/search/recent': { limit: 300, appOnly: 450 },
  'GET /2/users/:id/tweets': { limit: 900, appOnly: 10_000 },
  'GET /2/users/:id/mentions': { limit: 300, appOnly: 450 },
  'GET /2/users/:id/timelines/reverse_chronological': { limit: 180 },
  'POST /2/users/:id/likes': { limit: 50, userDaily: 1000 },
  'DELETE /2/users/:id/likes/:tweet_id': { limit: 50, userDaily: 1000 },
  'POST /2/users/:id/retweets': { limit: 50 },
  'DELETE /2/users/:id/retweets/:tweet_id': { limit: 50 },
  'GET /2/tweets/:id/retweeted_by': { limit: 75, appOnly: 75 },
  'GET /2/tweets/:id/quote_tweets': { limit: 75, appOnly: 75 },
  'GET /2/tweets/:id/liking_users': { limit: 75, appOnly: 75 },
  'GET /2/users/:id/liked_tweets': { limit: 75, appOnly: 75 },
  'GET /2/users/:id/bookmarks': { limit: 180 },
  'POST /2/users/:id/bookmarks': { limit: 50 },
  'DELETE /2/users/:id/bookmarks/:tweet_id': { limit: 50 },
  // Users
  'GET /2/users': { limit: 900, appOnly: 300 },
  'GET /2/users/:id': { limit: 900, appOnly: 300 },
  'GET /2/users/by': { limit: 900, appOnly: 300 },
  'GET /2/users/by/username/:username': { limit: 900, appOnly: 300 },
  'GET /2/users/me': { limit: 75 },
  'GET /2/users/:id/followers': { limit: 300, appOnly: 300 },
  'GET /2/users/:id/following': { limit: 300, appOnly: 300 },
  'POST /2/users/:id/following': { limit: 50 },
  'DELETE /2/users/:source_user_id/following/:target_user_id': { limit: 50 },
  // Media
  'POST /2/media/upload': { limit: 500, appDaily: 50_000 },
  'GET /2/media/upload': { limit: 1000, appDaily: 100_000 },
  'POST /2/media/upload/initialize': { limit: 1875, appDaily: 180_000 },
  'POST /2/media/upload/:id/append': { limit: 1875, appDaily: 180_000 },
  'POST /2/media/upload/:id/finalize': { limit: 1875, appDaily: 180_000 },
  'POST /2/media/metadata': { limit: 500, appDaily: 50_000 },
  // Blocks, mutes, hide reply (issue 18); the account block writes are X's last published figures
  'GET /2/users/:id/blocking': { limit: 15 },
  'POST /2/users/:id/blocking': { limit: 50 },
  'DELETE /2/users/:source_user_id/blocking/:target_user_id': { limit: 50 },
  'POST /2/users/:id/dm/block': { limit: 10, userDaily: 400, appDaily: 1000 },
  'POST /2/users/:id/dm/unblock': { limit: 10, userDaily: 400, appDaily: 1000 },
  'GET /2/users/:id/muting': { limit: 15 },
  'POST /2/users/:id/muting': { limit: 50 },
  'DELETE /2/users/:source_user_id/muting/:target_user_id': { limit: 50 },
  'PUT /2/tweets/:tweet_id/hidden': { limit: 50 },
  // Lists
  'GET /2/lists/:id': { limit: 75, appOnly: 75 },
  'GET /2/users/:id/owned_lists': { limit: 15, appOnly: 15 },
  'GET /2/lists/:id/tweets': { limit: 900, appOnly: 900 },
  'GET /2/lists/:id/members': { limit: 900, appOnly: 900 },
  'GET /2/users/:id/list_memberships': { limit: 75, appOnly: 75 },
  'POST /2/lists': { limit: 300 },
  'DELETE /2/lists/:id': { limit: 300 },
  'PUT /2/lists/:id': { limit: 300 },
  'POST /2/lists/:id/members': { limit: 300 },
  'DELETE /2/lists/:id/members/:user_id': { limit: 300 },
  'POST /2/users/:id/followed_lists': { limit: 50 },
  'DELETE /2/users/:id/followed_lists/:list_id': { limit: 50 },
  'GET /2/users/:id/pinned_lists': { limit: 15 },
  'POST /2/users/:id/pinned_lists': { limit: 50 },
  'DELETE /2/users/:id/pinned_lists/:list_id': { limit: 50 },
  // Direct messages
  'GET /2/dm_events': { limit: 15 },
  'GET /2/dm_events/:id': { limit: 15 },
  'GET /2/dm_conversations/:id/dm_events': { limit: 15 },
  'GET /2/dm_conversations/with/:participant_id/dm_events': { limit: 15 },
  'POST /2/dm_conversations': { limit: 15, userDaily: 1440, appDaily: 1440 },
  'POST /2/dm_conversations/with/:participant_id/messages': { limit: 15, userDaily: 1440, appDaily: 1440 },
  'POST /2/dm_conversations/:id/messages': { limit: 15, userDaily: 1440, appDaily: 1440 },
  'DELETE /2/dm_events/:id': { limit: 300, userDaily: 1500, appDaily: 4000 },
  // v1.1 (X's last published figures)
  'POST /1.1/statuses/update': { limit: 300, windowSeconds: 10800 },
  'POST /1.1/statuses/destroy': { limit: 300, windowSeconds: 10800 },
  'GET /1.1/statuses/show': { limit: 900 },
  'GET /1.1/statuses/user_timeline': { limit: 900 },
  'GET /1.1/statuses/home_timeline': { limit: 15 },
  'GET /1.1/statuses/mentions_timeline': { limit: 75 },
  'GET /1.1/account/verify_credentials': { limit: 75 },
  'GET /1.1/search/tweets': { limit: 180 },
  'POST /1.1/friendships/create': { limit: 400, windowSeconds: 86400 },
  'POST /1.1/friendships/destroy': { limit: 400, windowSeconds: 86400 },
  'POST /1.1/favorites/create': { limit: 1000, windowSeconds: 86400 },
  'POST /1.1/favorites/destroy': { limit: 1000, windowSeconds: 86400 },
  'POST /1.1/media/upload': { limit: 615 },
  'GET /1.1/media/upload': { limit: 615 },
};

interface Template {
  key: string;
  method: string;
  /** Segments; `null` matches any one segment. */
  segments: Array<string | null>;
  literals: number;
}

/**
 * Finds the template key (`'GET /2/users/:id/tweets'`) for a request's method and path among `keys`, the most
 * literal match first; `undefined` when none matches.
 *
 * @example
 * ```ts
 * const match = templateMatcher(Object.keys(X_RATE_LIMITS));
 * match('GET', '/2/users/123/tweets'); // 'GET /2/users/:id/tweets'
 * match('GET', '/2/users/me'); // 'GET /2/users/me'
 * ```
 */
export function templateMatcher(keys: Iterable<string>): (method: string, path: string) => string | undefined {
  // By method, then by segment count: the candidates, most literal first.
  const byMethod = new Map<string, Template[][]>();
  for (const key of keys) {
    const space = key.indexOf(' ');
    if (space === -1) continue;
    const method = key.slice(0, space);
    const segments = key
      .slice(space + 1)
      .split('/')
      .map((segment) => (segment.startsWith(':') ? null : segment));
    const template = { key, method, segments, literals: segments.filter((s) => s !== null).length };
    const lengths = byMethod.get(method) ?? [];
    const list = (lengths[segments.length] ??= []);
    list.push(template);
    list.sort((a, b) => b.literals - a.literals);
    byMethod.set(method, lengths);
  }
  return (method, path) => {
    const lengths = byMethod.get(method);
    if (lengths === undefined) return undefined;
    const parts = path.split('/');
    const candidates = lengths[parts.length];
    if (candidates === undefined) return undefined;
    outer: for (const template of candidates) {
      for (let i = 0; i < parts.length; i++) {
        const want = template.segments[i];
        if (want === null ? parts[i] === '' : want !== parts[i]) continue outer;
      }
      return template.key;
    }
    return undefined;
  };
}
