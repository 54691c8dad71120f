/**
 * X client methods of blocks, mutes and hidden replies (`XClient.prototype`, see `client-area.ts`), after X's
 * OpenAPI document 2.167: the blocking list, DM blocks, mute / unmute / muting list, hide / unhide a reply. X's
 * document has no account block write any more (only the DM block): `blockDms` is the block X offers.
 *
 * @module
 */
import { CLIENT_HOST, type HasClientHost, seg } from './client-host.js';
import type { PageOptions, Paginator, User, XResponse } from './types.js';

/** The methods this module adds to `XClient`. */
export interface RelationMethods {
  /**
   * The accounts the signed-in user blocks (`GET /2/users/:id/blocking`), following `pagination_token`
   * (`maxResults` 1–1000). Scopes: `block.read`, `tweet.read`, `users.read`.
   * Errors: `XCredentialError` (app-only or a missing scope), `OAuthResponseError` (X's answer).
   *
   * @example
   * ```ts
   * for await (const user of x.blocking({ params: { 'user.fields': 'created_at' } })) console.log(user.username);
   * ```
   */
  blocking(options?: PageOptions): Paginator<User>;
  /**
   * Stops DMs from a user (`POST /2/users/:id/dm/block`). Scopes: `dm.write`, `tweet.read`, `users.read`.
   * Errors: `XCredentialError`, `OAuthResponseError` (400 for oneself).
   *
   * @example
   * ```ts
   * const { data } = await x.blockDms('2244994945'); // { blocked: true }
   * ```
   */
  blockDms(userId: string): Promise<XResponse<{ blocked: boolean }>>;
  /**
   * Lets DMs from a user through again (`POST /2/users/:id/dm/unblock`). Scopes: as {@link blockDms}.
   *
   * @example
   * ```ts
   * await x.unblockDms('2244994945');
   * ```
   */
  unblockDms(userId: string): Promise<XResponse<{ blocked: boolean }>>;
  /**
   * Mutes a user (`POST /2/users/:id/muting`): their posts leave the home timeline. Scopes: `mute.write`,
   * `tweet.read`, `users.read`. Errors: `XCredentialError`, `OAuthResponseError`.
   *
   * @example
   * ```ts
   * await x.mute('2244994945');
   * ```
   */
  mute(userId: string): Promise<XResponse<{ muting: boolean }>>;
  /**
   * Unmutes a user (`DELETE /2/users/:source/muting/:target`). Scopes: as {@link mute}.
   *
   * @example
   * ```ts
   * await x.unmute('2244994945');
   * ```
   */
  unmute(userId: string): Promise<XResponse<{ muting: boolean }>>;
  /**
   * The accounts the signed-in user mutes (`GET /2/users/:id/muting`), following `pagination_token`
   * (`maxResults` 1–1000). Scopes: `mute.read`, `tweet.read`, `users.read`.
   *
   * @example
   * ```ts
   * const muted: string[] = [];
   * for await (const user of x.muting()) muted.push(user.id);
   * ```
   */
  muting(options?: PageOptions): Paginator<User>;
  /**
   * Hides (or with `hidden = false` unhides) a reply to one of the user's conversations
   * (`PUT /2/tweets/:tweet_id/hidden`). Scopes: `tweet.moderate.write`, `tweet.read`, `users.read`.
   * Errors: `OAuthResponseError` 403 when the conversation is not the user's.
   *
   * @example
   * ```ts
   * await x.hideReply('1445880548472328192');
   * await x.hideReply('1445880548472328192', false);
   * ```
   */
  hideReply(tweetId: string, hidden?: boolean): Promise<XResponse<{ hidden: boolean }>>;
}

/** The implementations, attached to `XClient.prototype`. */
export const relationMethods: RelationMethods & ThisType<HasClientHost> = {
  blocking(options = {}) {
    const a = (this as HasClientHost)[CLIENT_HOST];
    return a.list<User>(
      'blocking',
      async () => `/2/users/${seg(await a.myId('blocking', 'GET /2/users/0/blocking'))}/blocking`,
      'pagination_token',
      options,
    );
  },
  blockDms(userId) {
    return (this as HasClientHost)[CLIENT_HOST].call('blockDms', 'POST', `/2/users/${seg(userId)}/dm/block`);
  },
  unblockDms(userId) {
    return (this as HasClientHost)[CLIENT_HOST].call('unblockDms', 'POST', `/2/users/${seg(userId)}/dm/unblock`);
  },
  async mute(userId) {
    const a = (this as HasClientHost)[CLIENT_HOST];
    const me = await a.myId('mute', 'POST /2/users/0/muting');
    return a.call('mute', 'POST', `/2/users/${seg(me)}/muting`, { json: { target_user_id: userId } });
  },
  async unmute(userId) {
    const a = (this as HasClientHost)[CLIENT_HOST];
    const me = await a.myId('unmute', 'DELETE /2/users/0/muting/0');
    return a.call('unmute', 'DELETE', `/2/users/${seg(me)}/muting/${seg(userId)}`);
  },
  muting(options = {}) {
    const a = (this as HasClientHost)[CLIENT_HOST];
    return a.list<User>(
      'muting',
      async () => `/2/users/${seg(await a.myId('muting', 'GET /2/users/0/muting'))}/muting`,
      'pagination_token',
      options,
    );
  },
  hideReply(tweetId, hidden = true) {
    return (this as HasClientHost)[CLIENT_HOST].call('hideReply', 'PUT', `/2/tweets/${seg(tweetId)}/hidden`, { json: { hidden } });
  },
};
