/**
 * Post methods of the X client: create (every body field of X's `POST /2/tweets`), delete, read one or many, a
 * thread, reposts (repost, undo, reposted by) and quotes. Attached to `XClient` in x-client.ts.
 *
 * @module
 */
import { OAuthError } from 'oauth1x';
import { CLIENT_HOST, type HasClientHost } from './client-host.js';
import type { XBody } from './typed-api.js';
import type { PageOptions, Paginator, Tweet, User, XResponse } from './types.js';

/** The JSON body of `POST /2/tweets` as X's document types it. */
export type CreatePostBody = XBody<'POST /2/tweets'>;

/** Options of {@link PostMethods.tweet}: X's body fields in camelCase; `body` adds or overrides any field. */
export interface TweetOptions {
  /** Reply to this post (`reply.in_reply_to_tweet_id`). */
  replyTo?: string | undefined;
  /** With `replyTo`: leave these users out of the reply's mentions. */
  excludeReplyUserIds?: string[] | undefined;
  autoPopulateReplyMetadata?: boolean | undefined;
  /** Quote this post (`quote_tweet_id`; an enterprise plan on X). */
  quote?: string | undefined;
  /** Up to 4 uploaded media ids. */
  mediaIds?: string[] | undefined;
  /** Users tagged in the media (up to 10). */
  taggedUserIds?: string[] | undefined;
  /** A poll: 2–4 options of up to 25 characters, open 5–10080 minutes. */
  poll?: { options: string[]; durationMinutes: number; replySettings?: CreatePostBody['reply_settings'] } | undefined;
  /** Who may reply: `following`, `mentionedUsers`, `subscribers`, `verified`. */
  replySettings?: CreatePostBody['reply_settings'] | undefined;
  communityId?: string | undefined;
  shareWithFollowers?: boolean | undefined;
  forSuperFollowersOnly?: boolean | undefined;
  /** A place id (`geo.place_id`). */
  placeId?: string | undefined;
  nullcast?: boolean | undefined;
  madeWithAi?: boolean | undefined;
  paidPartnership?: boolean | undefined;
  cardUri?: string | undefined;
  directMessageDeepLink?: string | undefined;
  /** Edit this earlier post (`edit_options.previous_post_id`). */
  editOf?: string | undefined;
  /** Any other field of X's body, as X names it (wins over the options above). */
  body?: Partial<CreatePostBody> | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The `POST /2/tweets` body for `text` and `options`.
 *
 * @example
 * ```ts
 * tweetBody('Vote!', { poll: { options: ['yes', 'no'], durationMinutes: 60 } });
 * // { text: 'Vote!', poll: { options: ['yes', 'no'], duration_minutes: 60 } }
 * ```
 */
export function tweetBody(text: string, options: TweetOptions = {}): CreatePostBody {
  const o = options;
  const body: CreatePostBody = { text };
  if (o.replyTo !== undefined)
    body.reply = {
      in_reply_to_tweet_id: o.replyTo,
      ...(o.excludeReplyUserIds ? { exclude_reply_user_ids: o.excludeReplyUserIds } : {}),
      ...(o.autoPopulateReplyMetadata !== undefined ? { auto_populate_reply_metadata: o.autoPopulateReplyMetadata } : {}),
    };
  else if (o.excludeReplyUserIds !== undefined || o.autoPopulateReplyMetadata !== undefined)
    throw new OAuthError('ERR_INVALID_ARGUMENT', 'excludeReplyUserIds and autoPopulateReplyMetadata need replyTo');
  if (o.quote !== undefined) body.quote_tweet_id = o.quote;
  if ((o.mediaIds?.length ?? 0) > 0)
    body.media = { media_ids: o.mediaIds as string[], ...(o.taggedUserIds ? { tagged_user_ids: o.taggedUserIds } : {}) };
  else if (o.taggedUserIds !== undefined) throw new OAuthError('ERR_INVALID_ARGUMENT', 'taggedUserIds need mediaIds');
  if (o.poll !== undefined)
    body.poll = {
      options: o.poll.options,
      duration_minutes: o.poll.durationMinutes,
      ...(o.poll.replySettings ? { reply_settings: o.poll.replySettings } : {}),
    };
  if (o.replySettings !== undefined) body.reply_settings = o.replySettings;
  if (o.communityId !== undefined) body.community_id = o.communityId;
  if (o.shareWithFollowers !== undefined) body.share_with_followers = o.shareWithFollowers;
  if (o.forSuperFollowersOnly !== undefined) body.for_super_followers_only = o.forSuperFollowersOnly;
  if (o.placeId !== undefined) body.geo = { place_id: o.placeId };
  if (o.nullcast !== undefined) body.nullcast = o.nullcast;
  if (o.madeWithAi !== undefined) body.made_with_ai = o.madeWithAi;
  if (o.paidPartnership !== undefined) body.paid_partnership = o.paidPartnership;
  if (o.cardUri !== undefined) body.card_uri = o.cardUri;
  if (o.directMessageDeepLink !== undefined) body.direct_message_deep_link = o.directMessageDeepLink;
  if (o.editOf !== undefined) body.edit_options = { previous_post_id: o.editOf };
  return { ...body, ...o.body };
}

/** One post of a thread: its text, or text with {@link TweetOptions} (its `replyTo` is set by the thread). */
export type ThreadPost = string | ({ text: string } & Omit<TweetOptions, 'replyTo' | 'signal'>);

/**
 * A thread stopped at a post X refused: `posted` are the posts made before it (they stay on X), `failedAt` the
 * index of the refused one, `cause` X's error.
 *
 * @example
 * ```ts
 * try { await x.thread(['1/2', '2/2']); } catch (e) { if (e instanceof XThreadError) console.log(e.posted.length, e.failedAt); }
 * ```
 */
export class XThreadError extends OAuthError {
  constructor(
    readonly posted: Array<{ id: string; text: string }>,
    readonly failedAt: number,
    cause: unknown,
  ) {
    super('ERR_X_THREAD', `the thread stopped at post ${failedAt + 1}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'XThreadError';
  }
}

/** The post methods of `XClient`. */
export interface PostMethods {
  /**
   * Creates a post (`POST /2/tweets`) with any field of X's body: reply, quote, media with tagged users, poll,
   * reply settings, community, geo, super-followers only, nullcast, an edit, … Scopes: `tweet.read tweet.write
   * users.read`. Errors: 403 duplicate or too long text, reply / quote not visible, plan rules (quotes need an
   * enterprise plan); 400 invalid body.
   *
   * @example
   * ```ts
   * const { data } = await x.tweet('Which one?', { poll: { options: ['A', 'B'], durationMinutes: 1440 }, replySettings: 'following' });
   * ```
   */
  tweet(text: string, options?: TweetOptions): Promise<XResponse<{ id: string; text: string }>>;
  /**
   * Deletes one of the user's posts (`DELETE /2/tweets/:id`); `deleted: false` when it did not exist. Scopes:
   * `tweet.read tweet.write users.read`. Errors: 403 for another user's post.
   *
   * @example
   * ```ts
   * await x.deleteTweet('1445880548472328192');
   * ```
   */
  deleteTweet(id: string): Promise<XResponse<{ deleted: boolean }>>;
  /**
   * Reads a post (`GET /2/tweets/:id`); `params` adds `tweet.fields`, `expansions`, … Scopes: `tweet.read
   * users.read` (app-only too). Errors: 404 when it does not exist, 403 when not visible (protected author).
   *
   * @example
   * ```ts
   * const { data } = await x.getTweet(id, { 'tweet.fields': 'created_at' });
   * ```
   */
  getTweet(id: string, params?: Readonly<Record<string, string>>): Promise<XResponse<Tweet>>;
  /**
   * Reads up to 100 posts at once (`GET /2/tweets?ids=`); posts that are missing or not visible come back in
   * `errors` beside `data`. Scopes: `tweet.read users.read` (app-only too).
   *
   * @example
   * ```ts
   * const { data, errors } = await x.getTweets(['20', '1445880548472328192']);
   * ```
   */
  getTweets(ids: readonly string[], params?: Readonly<Record<string, string>>): Promise<XResponse<Tweet[]>>;
  /**
   * Posts a thread: each post replies to the one before it (the first may reply to `replyTo`). Stops at the
   * first post X refuses and throws {@link XThreadError} with the posts already made; resolves to all of them.
   * Scopes as {@link tweet}.
   *
   * @example
   * ```ts
   * const { data } = await x.thread(['A thread 1/3', '2/3', { text: '3/3', mediaIds: [media.mediaId] }]);
   * ```
   */
  thread(
    posts: readonly ThreadPost[],
    options?: { replyTo?: string; signal?: AbortSignal },
  ): Promise<{ data: Array<{ id: string; text: string }> }>;
  /**
   * Reposts a post as the signed-in user (`POST /2/users/:id/retweets`). Scopes: `tweet.read tweet.write
   * users.read`. Errors: 403 for a protected account's post; 404 unknown post.
   *
   * @example
   * ```ts
   * await x.repost('1445880548472328192');
   * ```
   */
  repost(tweetId: string): Promise<XResponse<{ id?: string; retweeted: boolean }>>;
  /**
   * Undoes a repost (`DELETE /2/users/:id/retweets/:source_tweet_id`). Scopes as {@link repost}.
   *
   * @example
   * ```ts
   * await x.unrepost('1445880548472328192');
   * ```
   */
  unrepost(tweetId: string): Promise<XResponse<{ retweeted: boolean }>>;
  /**
   * Users who reposted a post (`GET /2/tweets/:id/retweeted_by`), following `pagination_token` (page size
   * 1–100). Scopes: `tweet.read users.read` (app-only too).
   *
   * @example
   * ```ts
   * for await (const user of x.repostedBy(id)) console.log(user.username);
   * ```
   */
  repostedBy(tweetId: string, options?: PageOptions): Paginator<User>;
  /**
   * Posts quoting a post (`GET /2/tweets/:id/quote_tweets`), following `pagination_token` (page size 10–100).
   * Scopes: `tweet.read users.read` (app-only too).
   *
   * @example
   * ```ts
   * for await (const quote of x.quoteTweets(id, { limit: 50 })) console.log(quote.text);
   * ```
   */
  quoteTweets(tweetId: string, options?: PageOptions): Paginator<Tweet>;
}

const e = encodeURIComponent;

/** The implementations of {@link PostMethods}, attached to `XClient.prototype`. */
export const postMethods: PostMethods & ThisType<HasClientHost> = {
  tweet(this: HasClientHost, text, options = {}) {
    return this[CLIENT_HOST].call('tweet', 'POST', '/2/tweets', { json: tweetBody(text, options), signal: options.signal });
  },
  deleteTweet(this: HasClientHost, id) {
    return this[CLIENT_HOST].call('deleteTweet', 'DELETE', `/2/tweets/${e(id)}`);
  },
  getTweet(this: HasClientHost, id, params = {}) {
    return this[CLIENT_HOST].call('getTweet', 'GET', `/2/tweets/${e(id)}`, { query: params });
  },
  getTweets(this: HasClientHost, ids, params = {}) {
    if (ids.length < 1 || ids.length > 100) throw new OAuthError('ERR_INVALID_ARGUMENT', 'getTweets takes 1 to 100 ids');
    return this[CLIENT_HOST].call('getTweets', 'GET', '/2/tweets', { query: { ...params, ids: ids.join(',') } });
  },
  async thread(this: HasClientHost, posts, options = {}) {
    if (posts.length === 0) throw new OAuthError('ERR_INVALID_ARGUMENT', 'a thread needs at least one post');
    const posted: Array<{ id: string; text: string }> = [];
    let replyTo = options.replyTo;
    for (const [index, post] of posts.entries()) {
      const { text, ...rest } = typeof post === 'string' ? { text: post } : post;
      try {
        const { data } = await postMethods.tweet.call(this, text, { ...rest, replyTo, signal: options.signal });
        posted.push(data);
        replyTo = data.id;
      } catch (cause) {
        throw new XThreadError(posted, index, cause);
      }
    }
    return { data: posted };
  },
  async repost(this: HasClientHost, tweetId) {
    const host = this[CLIENT_HOST];
    const id = await host.myId('repost', 'POST /2/users/0/retweets');
    return host.call('repost', 'POST', `/2/users/${e(id)}/retweets`, { json: { tweet_id: tweetId } });
  },
  async unrepost(this: HasClientHost, tweetId) {
    const host = this[CLIENT_HOST];
    const id = await host.myId('unrepost', 'DELETE /2/users/0/retweets/0');
    return host.call('unrepost', 'DELETE', `/2/users/${e(id)}/retweets/${e(tweetId)}`);
  },
  repostedBy(this: HasClientHost, tweetId, options = {}) {
    return this[CLIENT_HOST].list('repostedBy', async () => `/2/tweets/${e(tweetId)}/retweeted_by`, 'pagination_token', options);
  },
  quoteTweets(this: HasClientHost, tweetId, options = {}) {
    return this[CLIENT_HOST].list('quoteTweets', async () => `/2/tweets/${e(tweetId)}/quote_tweets`, 'pagination_token', options);
  },
};
