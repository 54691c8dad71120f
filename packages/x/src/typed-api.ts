/**
 * Types of `XClient.request` / `XClient.paginate` by operation: `'GET /2/users/{id}/followers'` names one operation
 * of X's OpenAPI document, and its path parameters, query, JSON body and success answer are the generated types of
 * `x-api.generated.ts` (scripts/gen-x-types.js). Also the run-time part: the path filled in, the query written
 * as X reads it (arrays comma-separated, style `form` with `explode: false`).
 *
 * @module
 */

import { OAuthError, type WebBodyInit } from 'oauth1x';
import type { PageOptions } from './types.js';
import type { paths, X_PAGINATION } from './x-api.generated.js';
import type { DailyRateLimitInfo, RateLimitInfo } from './x-api-error.js';
import type { XRequestOptions } from './x-request.js';

export type { components, operations, paths } from './x-api.generated.js';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Defined<T> = Exclude<T, undefined>;
type IsNever<T> = [T] extends [never] ? true : false;

/** Every operation of X's document as `METHOD /path`, e.g. `'GET /2/users/{id}/followers'`. */
export type XOperationKey = {
  [P in keyof paths & string]: {
    [M in HttpMethod]: IsNever<Defined<paths[P][M]>> extends true ? never : `${Uppercase<M>} ${P}`;
  }[HttpMethod];
}[keyof paths & string];

/** The generated operation type of `K`. */
export type XOperation<K extends XOperationKey> = K extends `${infer M} ${infer P}`
  ? P extends keyof paths
    ? Lowercase<M> extends keyof paths[P]
      ? Defined<paths[P][Lowercase<M>]>
      : never
    : never
  : never;

type ParametersOf<Op> = Op extends { parameters: infer T } ? T : never;
/** The path parameters of `K` (`never` when its path has none). */
export type XPathParams<K extends XOperationKey> = Defined<ParametersOf<XOperation<K>> extends { path?: infer T } ? T : never>;
/** The query parameters of `K` (`never` when it takes none). */
export type XQuery<K extends XOperationKey> = Defined<ParametersOf<XOperation<K>> extends { query?: infer T } ? T : never>;
type QueryRequired<K extends XOperationKey> =
  ParametersOf<XOperation<K>> extends { query: infer T } ? (undefined extends T ? false : true) : false;
/** The JSON request body of `K` (`never` when it takes none). */
export type XBody<K extends XOperationKey> =
  Defined<XOperation<K> extends { requestBody?: infer B } ? B : never> extends { content: infer C }
    ? C extends { 'application/json': infer J }
      ? J
      : never
    : never;
type BodyRequired<K extends XOperationKey> = XOperation<K> extends { requestBody: { content: unknown } } ? true : false;

type SuccessStatus = 200 | 201 | 202 | 204;
/** The JSON body X answers `K` with on success. */
export type XAnswer<K extends XOperationKey> =
  XOperation<K> extends { responses: infer R }
    ? { [S in keyof R]: S extends SuccessStatus ? (R[S] extends { content: { 'application/json': infer B } } ? B : never) : never }[keyof R]
    : never;

/** What every result carries besides X's body: the rate-limit figures and the status. */
export interface XResultMeta {
  rateLimit?: RateLimitInfo | undefined;
  dailyRateLimit?: DailyRateLimitInfo | undefined;
  status: number;
}

/** The result of a typed call: X's `data`, `includes`, `meta`, `errors` as the document types them. */
export type XTypedResponse<K extends XOperationKey> =
  XAnswer<K> extends { data?: infer D }
    ? XResultMeta & {
        data: D;
        includes?: XAnswer<K> extends { includes?: infer I } ? I : undefined;
        meta?: XAnswer<K> extends { meta?: infer M } ? M : undefined;
        errors?: XAnswer<K> extends { errors?: infer E } ? E : undefined;
      }
    : XResultMeta & { data: XAnswer<K> };

/** Options of a typed call: `params` (path), `query` and `body` (JSON) as the operation has them. */
export type XTypedOptions<K extends XOperationKey> = (IsNever<XPathParams<K>> extends true
  ? { params?: undefined }
  : { params: XPathParams<K> }) &
  (IsNever<XQuery<K>> extends true ? { query?: undefined } : QueryRequired<K> extends true ? { query: XQuery<K> } : { query?: XQuery<K> }) &
  (IsNever<XBody<K>> extends true ? { body?: WebBodyInit } : BodyRequired<K> extends true ? { body: XBody<K> } : { body?: XBody<K> }) & {
    headers?: Readonly<Record<string, string>>;
    signal?: AbortSignal;
  };

type RequiredOptionKeys<K extends XOperationKey> = {
  [O in keyof XTypedOptions<K>]-?: undefined extends XTypedOptions<K>[O] ? never : O;
}[keyof XTypedOptions<K>];

/** The options argument of a typed call: optional when the operation needs nothing. */
export type XTypedArgs<K extends XOperationKey> =
  IsNever<RequiredOptionKeys<K>> extends true ? [options?: XTypedOptions<K>] : [options: XTypedOptions<K>];

/** The operations `XClient.paginate` walks: those of X's document with a next-page token parameter. */
export type XPaginatedKey = keyof typeof X_PAGINATION & XOperationKey;

/** One item of a paginated operation's `data`. */
export type XItem<K extends XOperationKey> =
  XAnswer<K> extends { data?: infer D } ? (Defined<D> extends Array<infer I> ? I : never) : never;

/** Options of `XClient.paginate`: the operation's options (its token and page size left to the walk) and the page options. */
export type XPaginateOptions<K extends XOperationKey> = Omit<XTypedOptions<K>, 'query' | 'body'> &
  (QueryRequired<K> extends true ? { query: PageQuery<K> } : { query?: PageQuery<K> }) &
  Omit<PageOptions, 'params'>;
type PageQuery<K extends XOperationKey> = Omit<XQuery<K>, 'pagination_token' | 'next_token' | 'max_results'>;

/**
 * Writes one query value as X reads it: arrays comma-separated (the document's `explode: false`), numbers and
 * booleans as text; `undefined` leaves the parameter out.
 *
 * @example
 * ```ts
 * queryValue(['created_at', 'author_id']); // 'created_at,author_id'
 * ```
 */
export function queryValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  throw new OAuthError('ERR_INVALID_ARGUMENT', `a query value must be a string, number, boolean or array, not ${typeof value}`);
}

/**
 * The query object of a typed call as strings.
 *
 * @example
 * ```ts
 * queryStrings({ 'user.fields': ['created_at'], max_results: 100 }); // { 'user.fields': 'created_at', max_results: '100' }
 * ```
 */
export function queryStrings(query: object | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    const text = queryValue(value);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/**
 * Splits `'METHOD /path/{param}'` and fills in the path parameters (percent-encoded); a missing or empty one
 * is an `ERR_INVALID_ARGUMENT` before anything is sent.
 *
 * @example
 * ```ts
 * operationPath('GET /2/users/{id}/followers', { id: '2244994945' }); // { method: 'GET', path: '/2/users/2244994945/followers' }
 * ```
 */
export function operationPath(key: string, params: Readonly<Record<string, unknown>> | undefined): { method: string; path: string } {
  const match = /^(GET|POST|PUT|DELETE|PATCH) (\/\S*)$/.exec(key);
  if (match === null) throw new OAuthError('ERR_INVALID_ARGUMENT', `an operation is 'METHOD /path', not ${JSON.stringify(key)}`);
  const path = (match[2] as string).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || String(value) === '')
      throw new OAuthError('ERR_INVALID_ARGUMENT', `${key}: the path parameter ${name} is required`);
    return encodeURIComponent(String(value));
  });
  return { method: match[1] as string, path };
}

/**
 * The untyped request of a typed call: method, path and {@link XRequestOptions}.
 *
 * @example
 * ```ts
 * const { method, path, options } = typedRequest('POST /2/users/{id}/likes', { params: { id }, body: { tweet_id } });
 * ```
 */
export function typedRequest(
  key: string,
  options: { params?: object; query?: object; body?: unknown; headers?: Readonly<Record<string, string>>; signal?: AbortSignal } = {},
): { method: string; path: string; options: XRequestOptions } {
  const { method, path } = operationPath(key, options.params as Record<string, unknown> | undefined);
  const request: XRequestOptions = { query: queryStrings(options.query), headers: options.headers, signal: options.signal };
  const body = options.body;
  if (body !== undefined) {
    const raw =
      typeof body === 'string' ||
      body instanceof FormData ||
      body instanceof Blob ||
      body instanceof URLSearchParams ||
      body instanceof ArrayBuffer ||
      ArrayBuffer.isView(body);
    if (raw) request.body = body as WebBodyInit;
    else request.json = body;
  }
  return { method, path, options: request };
}

type PaginateRequired<K extends XOperationKey> = IsNever<XPathParams<K>> extends true ? QueryRequired<K> : true;

/** The options argument of `XClient.paginate`: optional when the operation needs no path parameter or query. */
export type XPaginateArgs<K extends XOperationKey> =
  PaginateRequired<K> extends true ? [options: XPaginateOptions<K>] : [options?: XPaginateOptions<K>];
