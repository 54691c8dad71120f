/**
 * Types of the X client (`oauth1x/x`): X API v2 objects, responses with rate-limit figures, options.
 *
 * @module
 */

import type { Credentials } from 'oauth1x';
import type { FetchLike } from 'oauth1x/client';
import type { XAuth } from './auth-types.js';
import type { DailyRateLimitInfo, RateLimitInfo } from './x-api-error.js';

/** A post (tweet) as X API v2 returns it; fields beyond `id` and `text` appear when requested. */
export interface Tweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }>;
  attachments?: { media_keys?: string[]; poll_ids?: string[] };
  edit_history_tweet_ids?: string[];
  /** A long post (over 280 weighted characters): its whole text; `text` then holds the first 280. */
  note_tweet?: { text: string; entities?: Record<string, unknown[]> };
  community_id?: string;
  [field: string]: unknown;
}

/** A user as X API v2 returns it. */
export interface User {
  id: string;
  name: string;
  username: string;
  [field: string]: unknown;
}

/** Every successful call's result: the `data`, X's `includes` / `meta`, and the rate-limit figures. */
export interface XResponse<T> {
  data: T;
  includes?: Record<string, unknown[]> | undefined;
  meta?: Record<string, unknown> | undefined;
  /** Partial errors X reports next to `data` (e.g. an expansion that could not be resolved). */
  errors?: Array<Record<string, unknown>> | undefined;
  /** From `x-rate-limit-*` (the 15-minute window), when the server sent them. */
  rateLimit?: RateLimitInfo | undefined;
  /** From `x-user-limit-24hour-*` / `x-app-limit-24hour-*`, where the endpoint has a daily cap. */
  dailyRateLimit?: DailyRateLimitInfo | undefined;
  status: number;
}

/** One page of a paginated listing. */
export interface XPage<T> extends XResponse<T[]> {
  /** The token for the next page, or `undefined` on the last one. */
  nextToken?: string | undefined;
}

/** Options of the paginated listings. */
export interface PageOptions {
  /** Page size (`max_results`). */
  maxResults?: number | undefined;
  /** Stop after this many items in total. */
  limit?: number | undefined;
  /** Start from this pagination token. */
  paginationToken?: string | undefined;
  /** Extra query parameters (`tweet.fields`, `expansions`, `since_id`, ...). */
  params?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
}

/** An async iterable of items that can also be walked page by page. */
export interface Paginator<T> extends AsyncIterable<T> {
  /** The pages, each with its `meta`, `nextToken` and rate-limit figures. */
  pages(): AsyncIterable<XPage<T>>;
}

/** Progress of {@link XClient.uploadMedia}. */
export interface UploadProgress {
  phase: 'upload' | 'processing';
  /** Bytes sent so far (upload phase). */
  bytesSent: number;
  totalBytes: number;
  /** 0–100: bytes sent while uploading, X's `progress_percent` while processing. */
  percent: number;
}

/** Options of {@link XClient.uploadMedia}. */
export interface UploadMediaOptions {
  /**
   * MIME type, one of X's (`image/png`, `video/mp4`, … see `MEDIA_TYPES`); default from a Blob's type or the
   * content's magic bytes (PNG, JPEG, GIF, WebP, MP4, MOV).
   */
  mediaType?: string | undefined;
  /** `tweet_image`, `tweet_gif`, `tweet_video`, `amplify_video`, `dm_*`, `subtitles`; default chosen by X from the type. */
  mediaCategory?: string | undefined;
  /** Alt text (1–1000 characters), set through `POST /2/media/metadata` once the media is ready. */
  altText?: string | undefined;
  /**
   * `auto` (default): the one-shot `POST /2/media/upload` for an image other than a GIF that fits in one
   * chunk, the chunked initialize / append / finalize otherwise; `chunked` or `one-shot` to choose.
   */
  mode?: 'auto' | 'chunked' | 'one-shot' | undefined;
  /** How media bytes travel: `multipart` (default, a `media` file part) or `base64` (a JSON body). */
  encoding?: 'multipart' | 'base64' | undefined;
  /** Append segment size in bytes; default 1 MiB, at most 5 MiB (and at most 1000 segments). */
  chunkSize?: number | undefined;
  /** Called as bytes are sent (`phase: 'upload'`) and while X processes the media (`'processing'`). */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Longest time to wait for processing, ms; default 10 minutes. */
  maxProcessingMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What {@link XClient.uploadMedia} resolves to. */
export interface UploadedMedia {
  mediaId: string;
  mediaKey?: string | undefined;
  size: number;
  mediaType: string;
  /** Final processing state for videos / GIFs. */
  processingInfo?: { state: string; progress_percent?: number | undefined } | undefined;
  /** Seconds until X forgets the upload unless a post uses it (`expires_after_secs`). */
  expiresAfterSecs?: number | undefined;
  /** The alt text set, when `altText` was given. */
  altText?: string | undefined;
  rateLimit?: RateLimitInfo | undefined;
}

/** X's upload status of a media id (`GetMediaUploadStatusResponseData`). */
export interface MediaUploadStatus {
  id: string;
  media_key?: string;
  size?: number;
  expires_after_secs?: number;
  processing_info?: { state?: string; check_after_secs?: number; progress_percent?: number };
  image?: { image_type?: string; w?: number; h?: number };
  video?: { video_type?: string };
}

/**
 * Options of {@link XClient}: the credentials as `auth` (any kind X accepts), or, as before, `consumer` and
 * `token` for OAuth 1.0a user context (one or the other; the constructor says so otherwise).
 */
export interface XClientOptions {
  auth?: XAuth | undefined;
  /** OAuth 1.0a consumer, with `token` (same as `auth: { kind: 'oauth1', consumer, token }`). */
  consumer?: Credentials | undefined;
  token?: Credentials | undefined;
  /** API origin; default `https://api.x.com`. A sandbox URL (`http://127.0.0.1:8787`) works. */
  baseUrl?: string | undefined;
  /**
   * Origin of `request(…, { upload: true })`, for the retired v1.1 `/1.1/media/upload.json`; default
   * `https://upload.x.com` for the real X, else `baseUrl`. `uploadMedia` no longer uses it: v2 media upload
   * is on `baseUrl`.
   */
  uploadBaseUrl?: string | undefined;
  /** The transport (under the OAuth 1.0a signer; also for OAuth 2.0 token refreshes); default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /**
   * On 429, wait until `x-rate-limit-reset` and retry (at most 3 times) instead of throwing. `true` waits up
   * to a whole 15-minute window (15 min + 2 s); a number is the longest wait in ms. Default `false`. A used-up 24-hour window is never
   * waited for: it throws `DailyRateLimitError` with its reset at once.
   */
  waitOnRateLimit?: boolean | number | undefined;
  /** Clock (epoch ms) that rate-limit waits are reckoned against; default `Date.now`. */
  now?: (() => number) | undefined;
  /** Timer used for rate-limit and processing waits (tests pass a fake). */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}
