/**
 * `oauth1x/x`: a typed X API client (v2 posts, users, timelines, likes, follows; v2 media upload) signed in
 * with any credential kind X accepts (OAuth 1.0a user context, OAuth 2.0 user token, app-only bearer), and
 * the OAuth 2.0 flows: consent URL with PKCE, code exchange, refresh, revoke, app-only bearer. Web APIs only.
 *
 * @example
 * ```ts
 * import { XClient } from '@oauth1x/x';
 * const x = new XClient({ consumer, token, baseUrl: 'http://127.0.0.1:8787' });
 * const { data, rateLimit } = await x.tweet('Hello world!');
 * ```
 *
 * @module
 */
export { OAuthResponseError } from 'oauth1x';
export { type AppCredentialsOptions, appOnlyToken, type InvalidateAppOnlyTokenOptions, invalidateAppOnlyToken } from './app-only.js';
export type {
  AppAuth,
  CredentialKind,
  OAuth1Auth,
  OAuth2Auth,
  OAuth2ClientOptions,
  OAuth2EndpointOptions,
  OAuth2Tokens,
  XAuth,
} from './auth-types.js';
export type { XErrorCode } from './error-codes.js';
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
export type { DmEvent, DmMessage, DmMethods, DmSent } from './methods-dms.js';
export type { ListInput, ListMethods, XList } from './methods-lists.js';
export { type CreatePostBody, type PostMethods, type ThreadPost, type TweetOptions, tweetBody, XThreadError } from './methods-posts.js';
export type { RelationMethods } from './methods-relations.js';
export type { SocialMethods } from './methods-social.js';
export {
  type ExchangeOAuth2CodeOptions,
  exchangeOAuth2Code,
  type OAuth2AuthorizationUrlOptions,
  oauth2AuthorizationUrl,
  type RefreshOAuth2TokenOptions,
  type RevokeOAuth2TokenOptions,
  refreshOAuth2Token,
  revokeOAuth2Token,
} from './oauth2.js';
export { checkCredentials, type OperationAuth, operationAuth, XCredentialError, type XCredentialErrorInit } from './operation-auth.js';
export { DailyRateLimitError } from './rate-limit-wait.js';
export type {
  components,
  operations,
  paths,
  XAnswer,
  XBody,
  XItem,
  XOperationKey,
  XPaginatedKey,
  XPaginateOptions,
  XPathParams,
  XQuery,
  XTypedOptions,
  XTypedResponse,
} from './typed-api.js';
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
export {
  type DailyRateLimitInfo,
  dailyRateLimitOf,
  type RateLimitInfo,
  rateLimitOf,
  XApiError,
  type XApiErrorInit,
  xApiError,
} from './x-api-error.js';
export { X_AUTH_SPEC_VERSION, X_OAUTH2_SCOPES, X_OPERATION_AUTH } from './x-auth.generated.js';
export { XClient, type XRequestOptions } from './x-client.js';
