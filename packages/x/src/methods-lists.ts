/**
 * X client methods of lists (`XClient.prototype`, see `client-area.ts`), after X's OpenAPI document 2.167:
 * create, update, delete, read one, owned lists, members (add, remove, list), memberships, followers, follow /
 * unfollow, followed lists, pin / unpin, pinned lists, a list's posts. Reads take OAuth 1.0a, an OAuth 2.0 token
 * with `list.read` (+ `tweet.read`, `users.read`) or, except pinned lists, an app-only bearer; writes need user
 * context (`list.write`). Errors: `XCredentialError` before sending, `OAuthResponseError` for X's answers
 * (403 `not-authorized-for-resource` for another's private list or list writes, 404 for an unknown list).
 *
 * @module
 */
import { CLIENT_HOST, type HasClientHost, seg } from './client-host.js';
import type { PageOptions, Paginator, Tweet, User, XResponse } from './types.js';

/** A list as X API v2 returns it; fields beyond `id` and `name` appear when requested (`list.fields`). */
export interface XList {
  id: string;
  name: string;
  created_at?: string;
  description?: string;
  follower_count?: number;
  member_count?: number;
  owner_id?: string;
  private?: boolean;
}

/** What {@link ListMethods.createList} and {@link ListMethods.updateList} take. */
export interface ListInput {
  /** 1–25 characters. */
  name?: string | undefined;
  /** Up to 100 characters. */
  description?: string | undefined;
  private?: boolean | undefined;
}

/** The methods this module adds to `XClient`. */
export interface ListMethods {
  /**
   * Creates a list (`POST /2/lists`). Scopes: `list.write`, `list.read`, `tweet.read`, `users.read`.
   *
   * @example
   * ```ts
   * const { data } = await x.createList({ name: 'friends', private: true });
   * ```
   */
  createList(input: ListInput & { name: string }): Promise<XResponse<{ id: string; name: string }>>;
  /**
   * Changes a list's name, description or privacy (`PUT /2/lists/:id`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.updateList(id, { description: 'people I know' });
   * ```
   */
  updateList(listId: string, input: ListInput): Promise<XResponse<{ updated: boolean }>>;
  /**
   * Deletes a list (`DELETE /2/lists/:id`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.deleteList(id);
   * ```
   */
  deleteList(listId: string): Promise<XResponse<{ deleted: boolean }>>;
  /**
   * One list (`GET /2/lists/:id`); `params` adds `list.fields`, `expansions=owner_id`, `user.fields`.
   *
   * @example
   * ```ts
   * const { data } = await x.getList(id, { 'list.fields': 'member_count,private' });
   * ```
   */
  getList(listId: string, params?: Readonly<Record<string, string>>): Promise<XResponse<XList>>;
  /**
   * Lists a user owns (`GET /2/users/:id/owned_lists`), default the signed-in user; `pagination_token`.
   *
   * @example
   * ```ts
   * for await (const list of x.ownedLists()) console.log(list.name);
   * ```
   */
  ownedLists(userId?: string, options?: PageOptions): Paginator<XList>;
  /**
   * Adds a member (`POST /2/lists/:id/members`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.addListMember(listId, '2244994945');
   * ```
   */
  addListMember(listId: string, userId: string): Promise<XResponse<{ is_member: boolean }>>;
  /**
   * Removes a member (`DELETE /2/lists/:id/members/:user_id`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.removeListMember(listId, '2244994945');
   * ```
   */
  removeListMember(listId: string, userId: string): Promise<XResponse<{ is_member: boolean }>>;
  /**
   * A list's members (`GET /2/lists/:id/members`), `pagination_token`, `maxResults` 1–100.
   *
   * @example
   * ```ts
   * for await (const user of x.listMembers(listId)) console.log(user.username);
   * ```
   */
  listMembers(listId: string, options?: PageOptions): Paginator<User>;
  /**
   * A list's followers (`GET /2/lists/:id/followers`), `pagination_token`.
   *
   * @example
   * ```ts
   * for await (const user of x.listFollowers(listId)) console.log(user.username);
   * ```
   */
  listFollowers(listId: string, options?: PageOptions): Paginator<User>;
  /**
   * Lists a user is a member of (`GET /2/users/:id/list_memberships`), default the signed-in user.
   *
   * @example
   * ```ts
   * for await (const list of x.listMemberships()) console.log(list.id);
   * ```
   */
  listMemberships(userId?: string, options?: PageOptions): Paginator<XList>;
  /**
   * Follows a list (`POST /2/users/:id/followed_lists`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.followList(listId);
   * ```
   */
  followList(listId: string): Promise<XResponse<{ following: boolean }>>;
  /**
   * Unfollows a list (`DELETE /2/users/:id/followed_lists/:list_id`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.unfollowList(listId);
   * ```
   */
  unfollowList(listId: string): Promise<XResponse<{ following: boolean }>>;
  /**
   * Lists a user follows (`GET /2/users/:id/followed_lists`), default the signed-in user.
   *
   * @example
   * ```ts
   * for await (const list of x.followedLists()) console.log(list.name);
   * ```
   */
  followedLists(userId?: string, options?: PageOptions): Paginator<XList>;
  /**
   * Pins a list (`POST /2/users/:id/pinned_lists`; X allows five). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.pinList(listId);
   * ```
   */
  pinList(listId: string): Promise<XResponse<{ pinned: boolean }>>;
  /**
   * Unpins a list (`DELETE /2/users/:id/pinned_lists/:list_id`). Scopes: `list.write`.
   *
   * @example
   * ```ts
   * await x.unpinList(listId);
   * ```
   */
  unpinList(listId: string): Promise<XResponse<{ pinned: boolean }>>;
  /**
   * The signed-in user's pinned lists (`GET /2/users/:id/pinned_lists`; one page, no pagination). Scopes:
   * `list.read`; user context only.
   *
   * @example
   * ```ts
   * const { data = [] } = await x.pinnedLists();
   * ```
   */
  pinnedLists(params?: Readonly<Record<string, string>>): Promise<XResponse<XList[] | undefined>>;
  /**
   * A list's posts, newest first (`GET /2/lists/:id/tweets`), `pagination_token`, `maxResults` 1–100.
   *
   * @example
   * ```ts
   * for await (const post of x.listTweets(listId, { limit: 50 })) console.log(post.text);
   * ```
   */
  listTweets(listId: string, options?: PageOptions): Paginator<Tweet>;
}

const area = (self: unknown) => (self as HasClientHost)[CLIENT_HOST];

function userListing<T>(self: unknown, caller: string, what: string, userId: string | undefined, options: PageOptions): Paginator<T> {
  const a = area(self);
  return a.list<T>(
    caller,
    async () => `/2/users/${seg(userId ?? (await a.myId(caller, `GET /2/users/0/${what}`)))}/${what}`,
    'pagination_token',
    options,
  );
}

async function mine<T>(
  self: unknown,
  caller: string,
  method: string,
  template: string,
  path: (me: string) => string,
  json?: unknown,
): Promise<XResponse<T>> {
  const a = area(self);
  const me = await a.myId(caller, `${method} ${template}`);
  return a.call<T>(caller, method, path(seg(me)), json === undefined ? {} : { json });
}

/** The implementations, attached to `XClient.prototype`. */
export const listMethods: ListMethods = {
  createList(input) {
    return area(this).call('createList', 'POST', '/2/lists', { json: { ...input } });
  },
  updateList(listId, input) {
    return area(this).call('updateList', 'PUT', `/2/lists/${seg(listId)}`, { json: { ...input } });
  },
  deleteList(listId) {
    return area(this).call('deleteList', 'DELETE', `/2/lists/${seg(listId)}`);
  },
  getList(listId, params = {}) {
    return area(this).call('getList', 'GET', `/2/lists/${seg(listId)}`, { query: params });
  },
  ownedLists(userId, options = {}) {
    return userListing(this, 'ownedLists', 'owned_lists', userId, options);
  },
  addListMember(listId, userId) {
    return area(this).call('addListMember', 'POST', `/2/lists/${seg(listId)}/members`, { json: { user_id: userId } });
  },
  removeListMember(listId, userId) {
    return area(this).call('removeListMember', 'DELETE', `/2/lists/${seg(listId)}/members/${seg(userId)}`);
  },
  listMembers(listId, options = {}) {
    return area(this).list('listMembers', async () => `/2/lists/${seg(listId)}/members`, 'pagination_token', options);
  },
  listFollowers(listId, options = {}) {
    return area(this).list('listFollowers', async () => `/2/lists/${seg(listId)}/followers`, 'pagination_token', options);
  },
  listMemberships(userId, options = {}) {
    return userListing(this, 'listMemberships', 'list_memberships', userId, options);
  },
  followList(listId) {
    return mine(this, 'followList', 'POST', '/2/users/0/followed_lists', (me) => `/2/users/${me}/followed_lists`, { list_id: listId });
  },
  unfollowList(listId) {
    return mine(this, 'unfollowList', 'DELETE', '/2/users/0/followed_lists/0', (me) => `/2/users/${me}/followed_lists/${seg(listId)}`);
  },
  followedLists(userId, options = {}) {
    return userListing(this, 'followedLists', 'followed_lists', userId, options);
  },
  pinList(listId) {
    return mine(this, 'pinList', 'POST', '/2/users/0/pinned_lists', (me) => `/2/users/${me}/pinned_lists`, { list_id: listId });
  },
  unpinList(listId) {
    return mine(this, 'unpinList', 'DELETE', '/2/users/0/pinned_lists/0', (me) => `/2/users/${me}/pinned_lists/${seg(listId)}`);
  },
  async pinnedLists(params = {}) {
    const a = area(this);
    const me = await a.myId('pinnedLists', 'GET /2/users/0/pinned_lists');
    return a.call('pinnedLists', 'GET', `/2/users/${seg(me)}/pinned_lists`, { query: params });
  },
  listTweets(listId, options = {}) {
    return area(this).list('listTweets', async () => `/2/lists/${seg(listId)}/tweets`, 'pagination_token', options);
  },
};
