/**
 * Types of the X client (`oauth1x/x`): X API v2 objects, responses with rate-limit figures, options.
 *
 * @module
 */
import type { FetchLike } from '../client/types.js';
import type { Credentials, DailyRateLimitInfo, RateLimitInfo } from '../core/index.js';

/** A post (tweet) as X API v2 returns it; fields beyond `id` and `text` appear when requested. */
export interface Tweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }>;
  attachments?: { media_keys?: string[] };
  edit_history_tweet_ids?: string[];
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
  /** MIME type; default from a Blob's type or the file's magic bytes (PNG, JPEG, GIF, WebP, MP4). */
  mediaType?: string | undefined;
  /** `tweet_image`, `tweet_gif`, `tweet_video`, ...; default chosen by X from the type. */
  mediaCategory?: string | undefined;
  /** APPEND segment size in bytes; default 1 MiB, at most 5 MiB. */
  chunkSize?: number | undefined;
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
  processingInfo?: { state: string; progress_percent?: number } | undefined;
  rateLimit?: RateLimitInfo | undefined;
}

/** Options of {@link XClient}. */
export interface XClientOptions {
  consumer: Credentials;
  token: Credentials;
  /** API origin; default `https://api.x.com`. A sandbox URL (`http://127.0.0.1:8787`) works. */
  baseUrl?: string | undefined;
  /** Media upload origin; default `https://upload.x.com` for the real X, else `baseUrl`. */
  uploadBaseUrl?: string | undefined;
  /** The transport under the signer; default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /**
   * On 429, wait until `x-rate-limit-reset` and retry (at most 3 times) instead of throwing. `true` waits up
   * to 15 minutes; a number is the longest wait in ms. Default `false`. A used-up 24-hour window is never
   * waited for: it throws `DailyRateLimitError` with its reset at once.
   */
  waitOnRateLimit?: boolean | number | undefined;
  /** Clock (epoch ms) that rate-limit waits are reckoned against; default `Date.now`. */
  now?: (() => number) | undefined;
  /** Timer used for rate-limit and processing waits (tests pass a fake). */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}
