/**
 * `XClient`: a typed X API client signed in with OAuth 1.0a user context, an OAuth 2.0 user token or an
 * app-only bearer. X API v2 for posts, users, timelines, likes and follows; v2 media upload (chunked or
 * one-shot, status, alt text).
 *
 * @module
 */

import type { CredentialKind, OAuth2Tokens } from './auth-types.js';
import { CLIENT_HOST, type ClientHost } from './client-host.js';
import { type MediaInput, mediaStatus, setAltText, uploadMedia } from './media-upload.js';
import { type DmMethods, dmMethods } from './methods-dms.js';
import { type ListMethods, listMethods } from './methods-lists.js';
import { type PostMethods, postMethods } from './methods-posts.js';
import { type RelationMethods, relationMethods } from './methods-relations.js';
import { type SocialMethods, socialMethods } from './methods-social.js';
import { checkCredentials } from './operation-auth.js';
import { defaultSleep, validOrigin as origin, paginate } from './paginate.js';
import {
  typedRequest,
  type XItem,
  type XOperationKey,
  type XPaginateArgs,
  type XPaginatedKey,
  type XTypedArgs,
  type XTypedResponse,
} from './typed-api.js';
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
import { X_PAGINATION } from './x-api.generated.js';
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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the method modules' members, declared and attached at the end of this file
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
   * Any API call. Typed by operation: `request('GET /2/users/{id}/followers', { params, query, body })` takes the
   * path parameters, query and JSON body X's OpenAPI document gives that operation and resolves to its success
   * answer (`data`, `includes`, `meta`, `errors` as the document types them; see `typed-api.ts`). Untyped:
   * `request(method, path, options)` with `path` relative to the API origin (or absolute), resolving to the parsed
   * JSON body (`data`, `includes`, `meta` when present, else the whole body as `data`). A path X's document has is
   * checked against the credential kinds (and OAuth 2.0 scopes) X accepts there before it is sent
   * (`XCredentialError` names a missing scope); a missing path parameter is `ERR_INVALID_ARGUMENT`; what X
   * refuses is an `OAuthResponseError`.
   *
   * @example
   * ```ts
   * const { data, meta } = await x.request('GET /2/users/{id}/followers', { params: { id: '2244994945' }, query: { max_results: 100 } });
   * const { data: user } = await x.request<{ id: string }>('GET', '/2/users/by/username/jack');
   * ```
   */
  request<K extends XOperationKey>(operation: K, ...args: XTypedArgs<K>): Promise<XTypedResponse<K>>;
  request<T = unknown>(method: string, path: string, options?: XRequestOptions): Promise<XResponse<T>>;
  async request(first: string, second?: unknown, third: XRequestOptions = {}): Promise<unknown> {
    if (typeof second === 'string') return sendXRequest(this.#context, 'request', first, second, third);
    const typed = typedRequest(first, (second ?? {}) as Parameters<typeof typedRequest>[1]);
    return sendXRequest(this.#context, 'request', typed.method, typed.path, typed.options);
  }

  /**
   * Walks any paginated operation of X's document (one with `pagination_token` or `next_token`), following
   * `meta.next_token` page by page: items with `for await`, or `.pages()` with each page's `meta`, `includes` and
   * rate limit. `maxResults` is the page size, `limit` the most items in all.
   *
   * @example
   * ```ts
   * for await (const user of x.paginate('GET /2/users/{id}/followers', { params: { id }, maxResults: 1000, limit: 5000 })) console.log(user.username);
   * ```
   */
  paginate<K extends XPaginatedKey>(operation: K, ...args: XPaginateArgs<K>): Paginator<XItem<K>> {
    const { params, query, headers, signal, ...page } = (args[0] ?? {}) as {
      params?: object;
      query?: object;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    } & PageOptions;
    const typed = typedRequest(operation, { params, query, headers, signal });
    return paginate<XItem<K>>(
      (path, q) => sendXRequest(this.#context, 'paginate', typed.method, path, { ...typed.options, query: q }),
      async () => typed.path,
      X_PAGINATION[operation],
      { ...page, signal },
      typed.options.query as Record<string, string>,
    );
  }

  /** The internals the method modules (`methods-*.ts`) use. */
  get [CLIENT_HOST](): ClientHost {
    return {
      call: (caller, method, path, options) => this.#call(caller, method, path, options),
      myId: (caller, then) => this.#myId(caller, then),
      list: (caller, path, tokenParam, options, query) => this.#paginate(caller, path, tokenParam, options, query),
    };
  }

  #call<T>(caller: string, method: string, path: string, options: XRequestOptions = {}): Promise<XResponse<T>> {
    return sendXRequest<T>(this.#context, caller, method, path, options);
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

// The method modules (methods-*.ts) declare their members on XClient here and attach them to its prototype.
export interface XClient extends PostMethods, SocialMethods, RelationMethods, ListMethods, DmMethods {}
Object.assign(XClient.prototype, postMethods, socialMethods, relationMethods, listMethods, dmMethods);
