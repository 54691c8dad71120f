/**
 * What the area modules of the X client (`methods-*.ts`: blocks and mutes, lists, DMs, …) use of `XClient`:
 * its request machinery (credential check, 429 waits, answer reading), the signed-in user's id looked up once,
 * and pagination. Each area attaches its methods to `XClient.prototype`, so `x.mute(id)` reads like `x.like(id)`.
 *
 * @module
 */
import type { PageOptions, Paginator, XResponse } from './types.js';
import type { XRequestOptions } from './x-request.js';

/** The key of `XClient`'s internal accessor the area modules call through (not part of the public API). */
export const CLIENT_AREA: unique symbol = Symbol('oauth1x.x.clientArea');

/** The request machinery of one `XClient`, as its area modules see it. */
export interface ClientArea {
  /** Sends `method path` for the method `caller` (named in credential errors). */
  call<T>(caller: string, method: string, path: string, options?: XRequestOptions): Promise<XResponse<T>>;
  /** The signed-in user's id; `then` (`METHOD /path` of X's document) is checked first, so a refused call is named. */
  myId(caller: string, then?: string): Promise<string>;
  /** Walks a v2 listing following `meta.next_token` through `tokenParam`. */
  paginate<T>(
    caller: string,
    path: () => Promise<string>,
    tokenParam: string,
    options: PageOptions,
    query?: Record<string, string>,
  ): Paginator<T>;
}

/** What an area method's `this` has. */
export interface HasClientArea {
  readonly [CLIENT_AREA]: ClientArea;
}

/**
 * A path segment, percent-encoded.
 *
 * @example
 * ```ts
 * seg('12 3'); // '12%203'
 * ```
 */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
