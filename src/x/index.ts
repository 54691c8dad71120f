/**
 * `oauth1x/x`: a typed X API client (v2 posts, users, timelines, likes, follows; chunked media upload) on top
 * of the OAuth 1.0a signed fetch.
 *
 * @example
 * ```ts
 * import { XClient } from 'oauth1x/x';
 * const x = new XClient({ consumer, token, baseUrl: 'http://127.0.0.1:8787' });
 * const { data, rateLimit } = await x.tweet('Hello world!');
 * ```
 *
 * @module
 */
export { type DailyRateLimitInfo, OAuthResponseError, type RateLimitInfo } from '../core/index.js';
export { type MediaInput, sniffMediaType } from './media-upload.js';
export { DailyRateLimitError } from './rate-limit-wait.js';
export type {
  PageOptions,
  Paginator,
  Tweet,
  UploadedMedia,
  UploadMediaOptions,
  UploadProgress,
  User,
  XClientOptions,
  XPage,
  XResponse,
} from './types.js';
export { XClient, type XRequestOptions } from './x-client.js';
