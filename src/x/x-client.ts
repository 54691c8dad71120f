/**
 * `XClient`: a typed X API client on top of `createSignedFetch` (OAuth 1.0a user context). X API v2 for
 * posts, users, timelines, likes and follows; v2 media upload (chunked or one-shot, status, alt text).
 *
 * @module
 */

import { createSignedFetch } from '../client/signed-fetch.js';
import type { SignedFetch } from '../client/types.js';
import { type MediaInput, mediaStatus, setAltText, uploadMedia } from './media-upload.js';
import { defaultSleep, validOrigin as origin, paginate } from './paginate.js';
import { rateLimitWait } from './rate-limit-wait.js';
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
import { readXResponse } from './x-response.js';

/** Options of {@link XClient.request}. */
export interface XRequestOptions {
  /** Query parameters, appended to the URL (signed). */
  query?: Readonly<Record<string, string>> | undefined;
  /** A JSON body (not signed, as on X). */
  json?: unknown;
  /** A form body (signed). */
  form?: Readonly<Record<string, string>> | URLSearchParams | undefined;
  /** Any other body (multipart `FormData`, bytes) with its headers. */
  body?: BodyInit | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
  /** Use `uploadBaseUrl` (the retired v1.1 upload host) instead of the API origin. */
  upload?: boolean | undefined;
}

/** A whole 15-minute window, with the second the reset is rounded up to and the second of slack added to it. */
const DEFAULT_MAX_WAIT = 15 * 60 * 1000 + 2000;

/**
 * A typed X API client. Every result carries `rateLimit`; every failure is an `OAuthResponseError` with
 * `status`, `xCode` and `rateLimit`.
 *
 * @example
 * ```ts
 * import { XClient } from 'oauth1x/x';
 * const x = new XClient({ consumer: { key, secret }, token: { key: t, secret: ts } });
 * const { data } = await x.tweet('Hello world!');
 * for await (const tweet of x.userTimeline(undefined, { limit: 10 })) console.log(tweet.text);
 * ```
 */
export class XClient {
  readonly baseUrl: string;
  readonly uploadBaseUrl: string;
  readonly #fetch: SignedFetch;
  readonly #maxWait: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  #me: Promise<User> | undefined;

  constructor(options: XClientOptions) {
    this.baseUrl = origin(options.baseUrl ?? 'https://api.x.com', 'baseUrl');
    const host = new URL(this.baseUrl).hostname;
    const realX = host === 'api.x.com' || host === 'api.twitter.com';
    this.uploadBaseUrl = origin(options.uploadBaseUrl ?? (realX ? `https://upload.${host.slice(4)}` : this.baseUrl), 'uploadBaseUrl');
    this.#fetch = createSignedFetch({ consumer: options.consumer, token: options.token, fetch: options.fetch });
    const wait = options.waitOnRateLimit;
    this.#maxWait = wait === true ? DEFAULT_MAX_WAIT : typeof wait === 'number' ? wait : 0;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Any API call: `path` is relative to the API origin (or absolute). Resolves to the parsed JSON body
   * (`data`, `includes`, `meta` when present, else the whole body as `data`).
   *
   * @example
   * ```ts
   * const { data } = await x.request<{ id: string }>('GET', '/2/users/by/username/jack');
   * ```
   */
  async request<T = unknown>(method: string, path: string, options: XRequestOptions = {}): Promise<XResponse<T>> {
    const base = options.upload ? this.uploadBaseUrl : this.baseUrl;
    const url = new URL(/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.append(name, value);
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...options.headers };
      let body: BodyInit | undefined = options.body;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form !== undefined) {
        body = options.form instanceof URLSearchParams ? options.form : new URLSearchParams(options.form as Record<string, string>);
      }
      const response = await this.#fetch(url, { method, headers, body, signal: options.signal });
      if (response.status === 429) {
        // A used-up 24-hour window throws DailyRateLimitError at once; a 15-minute one may be waited out.
        const waitMs = await rateLimitWait(response, url, attempt < 3 ? this.#maxWait : 0, this.#now());
        if (waitMs !== undefined) {
          await response.body?.cancel();
          await this.#sleep(waitMs, options.signal);
          continue;
        }
      }
      return readXResponse<T>(response, url);
    }
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
    return this.request('POST', '/2/tweets', { json, signal: options.signal });
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
    return this.request('DELETE', `/2/tweets/${encodeURIComponent(id)}`);
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
    return this.request('GET', `/2/tweets/${encodeURIComponent(id)}`, { query: params });
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
    const response = await this.request<User>('GET', '/2/users/me', { query: params });
    this.#me = Promise.resolve(response.data);
    return response;
  }

  async #myId(): Promise<string> {
    this.#me ??= this.request<User>('GET', '/2/users/me').then((r) => r.data);
    try {
      return (await this.#me).id;
    } catch (error) {
      this.#me = undefined;
      throw error;
    }
  }

  #paginate<T>(path: () => Promise<string>, tokenParam: string, options: PageOptions, query: Record<string, string> = {}): Paginator<T> {
    return paginate<T>(
      (resolved, params) => this.request<T[] | undefined>('GET', resolved, { query: params, signal: options.signal }),
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
    return this.#paginate(async () => `/2/users/${encodeURIComponent(userId ?? (await this.#myId()))}/tweets`, 'pagination_token', options);
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
      async () => `/2/users/${encodeURIComponent(await this.#myId())}/timelines/reverse_chronological`,
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
      async () => `/2/users/${encodeURIComponent(userId ?? (await this.#myId()))}/mentions`,
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
    return this.#paginate(async () => '/2/tweets/search/recent', 'next_token', options, { query });
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
    return this.request('POST', `/2/users/${encodeURIComponent(await this.#myId())}/likes`, { json: { tweet_id: tweetId } });
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
    return this.request('DELETE', `/2/users/${encodeURIComponent(await this.#myId())}/likes/${encodeURIComponent(tweetId)}`);
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
    return this.request('POST', `/2/users/${encodeURIComponent(await this.#myId())}/following`, { json: { target_user_id: userId } });
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
    return this.request('DELETE', `/2/users/${encodeURIComponent(await this.#myId())}/following/${encodeURIComponent(userId)}`);
  }

  /**
   * Uploads media with X API v2 on the API origin: one-shot `POST /2/media/upload` for a small image, else
   * initialize, append (multipart, or JSON base64), finalize and status polling; `altText` through
   * `POST /2/media/metadata` (see `media-upload.ts`). Bytes, a `Blob`, or a file path (Node). The retired v1.1
   * upload is no longer used; it stays reachable as `request(…, { upload: true })`.
   *
   * @example
   * ```ts
   * const media = await x.uploadMedia('./cat.png', { altText: 'A cat', onProgress: (p) => console.log(p.percent) });
   * await x.tweet('A cat', { mediaIds: [media.mediaId] });
   * ```
   */
  uploadMedia(input: MediaInput, options: UploadMediaOptions = {}): Promise<UploadedMedia> {
    return uploadMedia((method, path, o) => this.request(method, path, o), input, options, this.#sleep);
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
    return mediaStatus((method, path, o) => this.request(method, path, o), mediaId, options.signal);
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
    return setAltText((method, path, o) => this.request(method, path, o), mediaId, text);
  }
}
