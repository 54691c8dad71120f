/**
 * User and social-graph methods of the X client: users by id, ids, username(s); likes (like, unlike, liking
 * users, liked posts); bookmarks (add, remove, list); follows (follow, unfollow, followers, following).
 * Attached to `XClient` in x-client.ts.
 *
 * @module
 */
import { OAuthError } from 'oauth1x';
import { CLIENT_HOST, type HasClientHost } from './client-host.js';
import type { PageOptions, Paginator, Tweet, User, XResponse } from './types.js';

type Params = Readonly<Record<string, string>>;

/** The user and social-graph methods of `XClient`. */
export interface SocialMethods {
  /**
   * A user by id (`GET /2/users/:id`). Scopes: `tweet.read users.read` (app-only too). Errors: 404 unknown user.
   *
   * @example
   * ```ts
   * const { data } = await x.getUser('2244994945', { 'user.fields': 'created_at,protected' });
   * ```
   */
  getUser(id: string, params?: Params): Promise<XResponse<User>>;
  /**
   * Up to 100 users by id (`GET /2/users?ids=`); unknown ones come back in `errors`. Scopes as {@link getUser}.
   *
   * @example
   * ```ts
   * const { data, errors } = await x.getUsers(['2244994945', '783214']);
   * ```
   */
  getUsers(ids: readonly string[], params?: Params): Promise<XResponse<User[]>>;
  /**
   * A user by username (`GET /2/users/by/username/:username`). Scopes as {@link getUser}. Errors: 404.
   *
   * @example
   * ```ts
   * const { data } = await x.getUserByUsername('XDevelopers');
   * ```
   */
  getUserByUsername(username: string, params?: Params): Promise<XResponse<User>>;
  /**
   * Up to 100 users by username (`GET /2/users/by?usernames=`); unknown ones come back in `errors`.
   *
   * @example
   * ```ts
   * const { data } = await x.getUsersByUsernames(['XDevelopers', 'X']);
   * ```
   */
  getUsersByUsernames(usernames: readonly string[], params?: Params): Promise<XResponse<User[]>>;
  /**
   * Likes a post as the signed-in user (`POST /2/users/:id/likes`). Scopes: `like.write tweet.read users.read`.
   * Limits: 50 per 15 minutes, 1,000 per 24 hours.
   *
   * @example
   * ```ts
   * await x.like('1445880548472328192');
   * ```
   */
  like(tweetId: string): Promise<XResponse<{ liked: boolean }>>;
  /**
   * Removes a like (`DELETE /2/users/:id/likes/:tweet_id`). Scopes as {@link like}.
   *
   * @example
   * ```ts
   * await x.unlike('1445880548472328192');
   * ```
   */
  unlike(tweetId: string): Promise<XResponse<{ liked: boolean }>>;
  /**
   * Users who liked a post (`GET /2/tweets/:id/liking_users`), following `pagination_token` (page size 1–100).
   * Scopes: `like.read tweet.read users.read`.
   *
   * @example
   * ```ts
   * for await (const user of x.likingUsers(id)) console.log(user.username);
   * ```
   */
  likingUsers(tweetId: string, options?: PageOptions): Paginator<User>;
  /**
   * Posts a user liked (`GET /2/users/:id/liked_tweets`; default the signed-in user), following
   * `pagination_token` (page size 5–100). Scopes: `like.read tweet.read users.read`. Errors: 403 for a
   * protected account the caller does not follow.
   *
   * @example
   * ```ts
   * for await (const post of x.likedTweets(undefined, { limit: 20 })) console.log(post.text);
   * ```
   */
  likedTweets(userId?: string, options?: PageOptions): Paginator<Tweet>;
  /**
   * Bookmarks a post (`POST /2/users/:id/bookmarks`). X takes only an OAuth 2.0 user token here, scopes
   * `bookmark.write tweet.read users.read`: other credentials are an `XCredentialError` before sending.
   *
   * @example
   * ```ts
   * await x.bookmark('1445880548472328192');
   * ```
   */
  bookmark(tweetId: string): Promise<XResponse<{ bookmarked: boolean }>>;
  /**
   * Removes a bookmark (`DELETE /2/users/:id/bookmarks/:tweet_id`). OAuth 2.0 user token only, as {@link bookmark}.
   *
   * @example
   * ```ts
   * await x.unbookmark('1445880548472328192');
   * ```
   */
  unbookmark(tweetId: string): Promise<XResponse<{ bookmarked: boolean }>>;
  /**
   * The signed-in user's bookmarks, newest first (`GET /2/users/:id/bookmarks`), following `pagination_token`
   * (page size 1–100). Scopes: `bookmark.read tweet.read users.read` (OAuth 1.0a user context too).
   *
   * @example
   * ```ts
   * for await (const post of x.bookmarks()) console.log(post.id);
   * ```
   */
  bookmarks(options?: PageOptions): Paginator<Tweet>;
  /**
   * Follows a user (`POST /2/users/:id/following`); a protected account answers `pending_follow: true` until
   * it approves. Scopes: `follows.write tweet.read users.read`. Errors: 400 following oneself.
   *
   * @example
   * ```ts
   * const { data } = await x.follow('2244994945');
   * if (data.pending_follow) console.log('waiting for approval');
   * ```
   */
  follow(userId: string): Promise<XResponse<{ following: boolean; pending_follow?: boolean }>>;
  /**
   * Unfollows a user, or withdraws a pending follow request (`DELETE /2/users/:source/following/:target`).
   *
   * @example
   * ```ts
   * await x.unfollow('2244994945');
   * ```
   */
  unfollow(userId: string): Promise<XResponse<{ following: boolean }>>;
  /**
   * A user's followers, newest first (`GET /2/users/:id/followers`; default the signed-in user), following
   * `pagination_token` (page size 1–1000). Scopes: `follows.read tweet.read users.read` (app-only too).
   * Errors: 403 for a protected account the caller does not follow.
   *
   * @example
   * ```ts
   * for await (const user of x.followers(undefined, { maxResults: 1000 })) console.log(user.username);
   * ```
   */
  followers(userId?: string, options?: PageOptions): Paginator<User>;
  /**
   * Whom a user follows (`GET /2/users/:id/following`; default the signed-in user); as {@link followers}.
   *
   * @example
   * ```ts
   * for await (const user of x.following('2244994945')) console.log(user.username);
   * ```
   */
  following(userId?: string, options?: PageOptions): Paginator<User>;
}

const e = encodeURIComponent;

function batch(what: string, values: readonly string[]): string {
  if (values.length < 1 || values.length > 100) throw new OAuthError('ERR_INVALID_ARGUMENT', `${what} takes 1 to 100 values`);
  return values.join(',');
}

/** A write on the signed-in user's own resource: `/2/users/<me>/<rest>`. */
async function mine(host: HasClientHost, caller: string, template: string, rest: (me: string) => string): Promise<string> {
  const me = await host[CLIENT_HOST].myId(caller, template);
  return `/2/users/${e(me)}/${rest(me)}`;
}

function userList<T>(
  host: HasClientHost,
  caller: string,
  template: string,
  suffix: string,
  userId: string | undefined,
  options: PageOptions,
): Paginator<T> {
  const h = host[CLIENT_HOST];
  return h.list<T>(caller, async () => `/2/users/${e(userId ?? (await h.myId(caller, template)))}/${suffix}`, 'pagination_token', options);
}

/** The implementations of {@link SocialMethods}, attached to `XClient.prototype`. */
export const socialMethods: SocialMethods & ThisType<HasClientHost> = {
  getUser(this: HasClientHost, id, params = {}) {
    return this[CLIENT_HOST].call('getUser', 'GET', `/2/users/${e(id)}`, { query: params });
  },
  getUsers(this: HasClientHost, ids, params = {}) {
    return this[CLIENT_HOST].call('getUsers', 'GET', '/2/users', { query: { ...params, ids: batch('getUsers', ids) } });
  },
  getUserByUsername(this: HasClientHost, username, params = {}) {
    return this[CLIENT_HOST].call('getUserByUsername', 'GET', `/2/users/by/username/${e(username)}`, { query: params });
  },
  getUsersByUsernames(this: HasClientHost, usernames, params = {}) {
    return this[CLIENT_HOST].call('getUsersByUsernames', 'GET', '/2/users/by', {
      query: { ...params, usernames: batch('getUsersByUsernames', usernames) },
    });
  },
  async like(this: HasClientHost, tweetId) {
    const path = await mine(this, 'like', 'POST /2/users/0/likes', () => 'likes');
    return this[CLIENT_HOST].call('like', 'POST', path, { json: { tweet_id: tweetId } });
  },
  async unlike(this: HasClientHost, tweetId) {
    const path = await mine(this, 'unlike', 'DELETE /2/users/0/likes/0', () => `likes/${e(tweetId)}`);
    return this[CLIENT_HOST].call('unlike', 'DELETE', path);
  },
  likingUsers(this: HasClientHost, tweetId, options = {}) {
    return this[CLIENT_HOST].list('likingUsers', async () => `/2/tweets/${e(tweetId)}/liking_users`, 'pagination_token', options);
  },
  likedTweets(this: HasClientHost, userId, options = {}) {
    return userList(this, 'likedTweets', 'GET /2/users/0/liked_tweets', 'liked_tweets', userId, options);
  },
  async bookmark(this: HasClientHost, tweetId) {
    const path = await mine(this, 'bookmark', 'POST /2/users/0/bookmarks', () => 'bookmarks');
    return this[CLIENT_HOST].call('bookmark', 'POST', path, { json: { tweet_id: tweetId } });
  },
  async unbookmark(this: HasClientHost, tweetId) {
    const path = await mine(this, 'unbookmark', 'DELETE /2/users/0/bookmarks/0', () => `bookmarks/${e(tweetId)}`);
    return this[CLIENT_HOST].call('unbookmark', 'DELETE', path);
  },
  bookmarks(this: HasClientHost, options = {}) {
    return userList(this, 'bookmarks', 'GET /2/users/0/bookmarks', 'bookmarks', undefined, options);
  },
  async follow(this: HasClientHost, userId) {
    const path = await mine(this, 'follow', 'POST /2/users/0/following', () => 'following');
    return this[CLIENT_HOST].call('follow', 'POST', path, { json: { target_user_id: userId } });
  },
  async unfollow(this: HasClientHost, userId) {
    const path = await mine(this, 'unfollow', 'DELETE /2/users/0/following/0', () => `following/${e(userId)}`);
    return this[CLIENT_HOST].call('unfollow', 'DELETE', path);
  },
  followers(this: HasClientHost, userId, options = {}) {
    return userList(this, 'followers', 'GET /2/users/0/followers', 'followers', userId, options);
  },
  following(this: HasClientHost, userId, options = {}) {
    return userList(this, 'following', 'GET /2/users/0/following', 'following', userId, options);
  },
};
