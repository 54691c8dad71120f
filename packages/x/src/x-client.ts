/**
 * `XClient`: a typed X API client signed in with OAuth 1.0a user context, an OAuth 2.0 user token or an
 * app-only bearer. X API v2 for posts, users, timelines, likes and follows; v2 media upload (chunked or
 * one-shot, status, alt text).
 *
 * @module
 */

import type { CredentialKind, OAuth2Tokens } from './auth-types.js';
import { type MediaInput, mediaStatus, setAltText, uploadMedia } from './media-upload.js';
import { checkCredentials } from './operation-auth.js';
import { defaultSleep, validOrigin as origin, paginate } from './paginate.js';
import type {
  MediaUploadStatus,
  PageOptions,
  Paginator,
  Tweet,
  UploadedMedia,
  UploadMediaOptions,
  User,
  XClientOptions,
  XResponse,
} from './types.js';
import { sendXRequest, type XRequestContext, type XRequestOptions } from './x-request.js';
import { authOf, createXTransport } from './x-transport.js';

export type { XRequestOptions } from './x-request.js';

/** A whole 15-minute window, with the second the reset is rounded up to and the second of slack added to it. */
const DEFAULT_MAX_WAIT = 15 * 60 * 1000 + 2000;

/**
 * A typed X API client, signed in with any credential kind X accepts: OAuth 1.0a user context, an OAuth 2.0
 * user token (refreshed by itself, new tokens reported to `onTokens`) or an app-only bearer. Each call is
 * checked before sending against the kinds (and OAuth 2.0 scopes) X's OpenAPI document accepts for it: a
 * mismatch is an `XCredentialError`. Every result carries `rateLimit`; every failure X answers is an
 * `XApiError` (an `OAuthResponseError`) with `status`, `xCode` and `rateLimit`.
 *
 * @example
 * ```ts
 * import { XClient } from '@oauth1x/x';
 * const x = new XClient({ auth: { kind: 'oauth1', consumer: { key, secret }, token: { key: t, secret: ts } } });
 * const { data } = await x.tweet('Hello world!');
 * const app = new XClient({ auth: { kind: 'app', bearer } });
 * for await (const tweet of app.searchRecent('from:XDevelopers', { limit: 10 })) console.log(tweet.text);
 * const user = new XClient({
 *   auth: { kind: 'oauth2', clientId, accessToken, refreshToken, expiresAt, onTokens: (tokens) => save(tokens) },
 * });
 * ```
 */
export class XClient {
  readonly baseUrl: string;
  readonly uploadBaseUrl: string;
  readonly #context: XRequestContext;
  #me: Promise<User> | undefined;

  constructor(options: XClientOptions) {
    const baseUrl = origin(options.baseUrl ?? 'https://api.x.com', 'baseUrl');
    const host = new URL(baseUrl).hostname;
    const realX = host === 'api.x.com' || host === 'api.twitter.com';
    this.baseUrl = baseUrl;
    this.uploadBaseUrl = origin(options.uploadBaseUrl ?? (realX ? `https://upload.${host.slice(4)}` : baseUrl), 'uploadBaseUrl');
    const wait = options.waitOnRateLimit;
    const now = options.now ?? Date.now;
    this.#context = {
      baseUrl,
      uploadBaseUrl: this.uploadBaseUrl,
      transport: createXTransport(authOf(options), { baseUrl, fetch: options.fetch, now }),
      maxWait: wait === true ? DEFAULT_MAX_WAIT : typeof wait === 'number' ? wait : 0,
      now,
      sleep: options.sleep ?? defaultSleep,
    };
  }

  /**
   * The credential kind this client signs in with: `oauth1`, `oauth2` or `app`.
   *
   * @example
   * ```ts
   * if (x.authKind === 'app') console.log('read-only, no user');
   * ```
   */
  get authKind(): CredentialKind {
    return this.#context.transport.kind;
  }

  /**
   * The OAuth 2.0 tokens in use (after any refresh), for an `oauth2` client; `undefined` otherwise.
   *
   * @example
   * ```ts
   * console.log(x.oauth2Tokens?.scopes.join(' '));
   * ```
   */
  get oauth2Tokens(): OAuth2Tokens | undefined {
    return this.#context.transport.tokens;
  }

  /**
   * Any API call: `path` is relative to the API origin (or absolute). Resolves to the parsed JSON body
   * (`data`, `includes`, `meta` when present, else the whole body as `data`). A path X's OpenAPI document has
   * is checked against the credential kinds X accepts there before it is sent (`XCredentialError`).
   *
   * @example
   * ```ts
   * const { data } = await x.request<{ id: string }>('GET', '/2/users/by/username/jack');
   * ```
   */
  request<T = unknown>(method: string, path: string, options: XRequestOptions = {}): Promise<XResponse<T>> {
    return sendXRequest<T>(this.#context, 'request', method, path, options);
  }

  #call<T>(caller: string, method: string, path: string, options: XRequestOptions = {}): Promise<XResponse<T>> {
    return sendXRequest<T>(this.#context, caller, method, path, options);
  }

  /**
   * Posts a tweet (`POST /2/tweets`), optionally replying, quoting, or with media.
   *
   * @example
   * ```ts
   * const { data } = await x.tweet('Hello world!', { mediaIds: [media.mediaId] });
   * ```
   */
  tweet(
    text: string,
    options: { replyTo?: string; quote?: string; mediaIds?: string[]; signal?: AbortSignal } = {},
  ): Promise<XResponse<{ id: string; text: string }>> {
    const json: Record<string, unknown> = { text };
    if (options.replyTo !== undefined) json.reply = { in_reply_to_tweet_id: options.replyTo };
    if (options.quote !== undefined) json.quote_tweet_id = options.quote;
    if (options.mediaIds !== undefined && options.mediaIds.length > 0) json.media = { media_ids: options.mediaIds };
    return this.#call('tweet', 'POST', '/2/tweets', { json, signal: options.signal });
  }

  /**
   * Deletes one of the user's tweets (`DELETE /2/tweets/:id`).
   *
   * @example
   * ```ts
   * await x.deleteTweet('1445880548472328192');
   * ```
   */
  deleteTweet(id: string): Promise<XResponse<{ deleted: boolean }>> {
    return this.#call('deleteTweet', 'DELETE', `/2/tweets/${encodeURIComponent(id)}`);
  }

  /**
   * Reads a tweet (`GET /2/tweets/:id`); `params` adds `tweet.fields`, `expansions`, ...
   *
   * @example
   * ```ts
   * const { data } = await x.getTweet(id, { 'tweet.fields': 'created_at' });
   * ```
   */
  getTweet(id: string, params: Readonly<Record<string, string>> = {}): Promise<XResponse<Tweet>> {
    return this.#call('getTweet', 'GET', `/2/tweets/${encodeURIComponent(id)}`, { query: params });
  }

  /**
   * The signed-in user (`GET /2/users/me`).
   *
   * @example
   * ```ts
   * const { data: user } = await x.me();
   * console.log(user.username);
   * ```
   */
  async me(params: Readonly<Record<string, string>> = {}): Promise<XResponse<User>> {
    const response = await this.#call<User>('me', 'GET', '/2/users/me', { query: params });
    this.#me = Promise.resolve(response.data);
    return response;
  }

  /**
   * The signed-in user's id, looked up once. `then` is the call it is for (`METHOD /path`): checked first, so
   * that credentials X refuses there are named for that call rather than for the lookup.
   */
  async #myId(caller: string, then?: string): Promise<string> {
    if (then !== undefined) {
      const [method = '', path = ''] = then.split(' ');
      checkCredentials(caller, method, path, this.#context.transport.kind, this.#context.transport.scopes);
    }
    const me = (this.#me ??= this.#call<User>(caller, 'GET', '/2/users/me').then((r) => r.data));
    try {
      return (await me).id;
    } catch (error) {
      if (this.#me === me) this.#me = undefined;
      throw error;
    }
  }

  #paginate<T>(
    caller: string,
    path: () => Promise<string>,
    tokenParam: string,
    options: PageOptions,
    query: Record<string, string> = {},
  ): Paginator<T> {
    return paginate<T>(
      (resolved, params) => this.#call<T[] | undefined>(caller, 'GET', resolved, { query: params, signal: options.signal }),
      path,
      tokenParam,
      options,
      query,
    );
  }

  /**
   * A user's tweets, newest first (`GET /2/users/:id/tweets`), following `pagination_token`. Default the
   * signed-in user.
   *
   * @example
   * ```ts
   * for await (const tweet of x.userTimeline(undefined, { limit: 50 })) console.log(tweet.id);
   * ```
   */
  userTimeline(userId?: string, options: PageOptions = {}): Paginator<Tweet> {
    return this.#paginate(
      'userTimeline',
      async () => `/2/users/${encodeURIComponent(userId ?? (await this.#myId('userTimeline', 'GET /2/users/0/tweets')))}/tweets`,
      'pagination_token',
      options,
    );
  }

  /**
   * The signed-in user's home timeline (`GET /2/users/:id/timelines/reverse_chronological`).
   *
   * @example
   * ```ts
   * for await (const page of x.homeTimeline({ maxResults: 20 }).pages()) console.log(page.rateLimit);
   * ```
   */
  homeTimeline(options: PageOptions = {}): Paginator<Tweet> {
    return this.#paginate(
      'homeTimeline',
      async () =>
        `/2/users/${encodeURIComponent(await this.#myId('homeTimeline', 'GET /2/users/0/timelines/reverse_chronological'))}/timelines/reverse_chronological`,
      'pagination_token',
      options,
    );
  }

  /**
   * Tweets mentioning a user (`GET /2/users/:id/mentions`); default the signed-in user.
   *
   * @example
   * ```ts
   * for await (const tweet of x.mentions()) console.log(tweet.text);
   * ```
   */
  mentions(userId?: string, options: PageOptions = {}): Paginator<Tweet> {
    return this.#paginate(
      'mentions',
      async () => `/2/users/${encodeURIComponent(userId ?? (await this.#myId('mentions', 'GET /2/users/0/mentions')))}/mentions`,
      'pagination_token',
      options,
    );
  }

  /**
   * Recent search (`GET /2/tweets/search/recent?query=`), following `next_token`.
   *
   * @example
   * ```ts
   * for await (const tweet of x.searchRecent('from:jack', { limit: 100 })) console.log(tweet.text);
   * ```
   */
  searchRecent(query: string, options: PageOptions = {}): Paginator<Tweet> {
    return this.#paginate('searchRecent', async () => '/2/tweets/search/recent', 'next_token', options, { query });
  }

  /**
   * Likes a tweet as the signed-in user (`POST /2/users/:id/likes`).
   *
   * @example
   * ```ts
   * await x.like('1445880548472328192');
   * ```
   */
  async like(tweetId: string): Promise<XResponse<{ liked: boolean }>> {
    const id = await this.#myId('like', 'POST /2/users/0/likes');
    return this.#call('like', 'POST', `/2/users/${encodeURIComponent(id)}/likes`, { json: { tweet_id: tweetId } });
  }

  /**
   * Removes a like (`DELETE /2/users/:id/likes/:tweet_id`).
   *
   * @example
   * ```ts
   * await x.unlike('1445880548472328192');
   * ```
   */
  async unlike(tweetId: string): Promise<XResponse<{ liked: boolean }>> {
    const id = await this.#myId('unlike', 'DELETE /2/users/0/likes/0');
    return this.#call('unlike', 'DELETE', `/2/users/${encodeURIComponent(id)}/likes/${encodeURIComponent(tweetId)}`);
  }

  /**
   * Follows a user (`POST /2/users/:id/following`).
   *
   * @example
   * ```ts
   * await x.follow('2244994945');
   * ```
   */
  async follow(userId: string): Promise<XResponse<{ following: boolean; pending_follow?: boolean }>> {
    const id = await this.#myId('follow', 'POST /2/users/0/following');
    return this.#call('follow', 'POST', `/2/users/${encodeURIComponent(id)}/following`, { json: { target_user_id: userId } });
  }

  /**
   * Unfollows a user (`DELETE /2/users/:source/following/:target`).
   *
   * @example
   * ```ts
   * await x.unfollow('2244994945');
   * ```
   */
  async unfollow(userId: string): Promise<XResponse<{ following: boolean }>> {
    const id = await this.#myId('unfollow', 'DELETE /2/users/0/following/0');
    return this.#call('unfollow', 'DELETE', `/2/users/${encodeURIComponent(id)}/following/${encodeURIComponent(userId)}`);
  }

  /**
   * Uploads media with X API v2 on the API origin: one-shot `POST /2/media/upload` for a small image, else
   * initialize, append (multipart, or JSON base64), finalize and status polling; `altText` through
   * `POST /2/media/metadata` (see `media-upload.ts`). Bytes or a `Blob`; a file on disk through `readMediaFile`
   * from `@oauth1x/x/node`. The retired v1.1 upload is no longer used; it stays reachable as `request(…, { upload: true })`.
   *
   * @example
   * ```ts
   * import { readMediaFile } from '@oauth1x/x/node';
   * const media = await x.uploadMedia(await readMediaFile('./cat.png'), { altText: 'A cat', onProgress: (p) => console.log(p.percent) });
   * await x.tweet('A cat', { mediaIds: [media.mediaId] });
   * ```
   */
  uploadMedia(input: MediaInput, options: UploadMediaOptions = {}): Promise<UploadedMedia> {
    return uploadMedia((method, path, o) => this.#call('uploadMedia', method, path, o), input, options, this.#context.sleep);
  }

  /**
   * A media upload's status (`GET /2/media/upload?media_id=…&command=STATUS`): `processing_info`, size, key.
   *
   * @example
   * ```ts
   * const { data } = await x.mediaStatus('1880028106020515840');
   * console.log(data.processing_info?.state);
   * ```
   */
  mediaStatus(mediaId: string, options: { signal?: AbortSignal } = {}): Promise<XResponse<MediaUploadStatus>> {
    return mediaStatus((method, path, o) => this.#call('mediaStatus', method, path, o), mediaId, options.signal);
  }

  /**
   * Sets alt text (1–1000 characters) on uploaded media (`POST /2/media/metadata`).
   *
   * @example
   * ```ts
   * await x.setAltText(media.mediaId, 'A black cat asleep on a keyboard');
   * ```
   */
  setAltText(mediaId: string, text: string): Promise<XResponse<{ id: string; associated_metadata?: Record<string, unknown> }>> {
    return setAltText((method, path, o) => this.#call('setAltText', method, path, o), mediaId, text);
  }
}
