/**
 * `oauth1x/x`: a typed X API client (v2 posts, users, timelines, likes, follows; v2 media upload) on top
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
export {
  ALT_TEXT_MAX,
  checkAltText,
  checkMediaCategory,
  checkMediaId,
  MEDIA_CATEGORIES,
  MEDIA_TYPES,
  type MediaCategory,
  type MediaInput,
  sniffMediaType,
} from './media-input.js';
export { DailyRateLimitError } from './rate-limit-wait.js';
export type {
  MediaUploadStatus,
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
