/**
 * What the method modules of the X client (`methods-*.ts`) reach of an `XClient`: its sending, the signed-in
 * user's id (looked up once) and pagination, behind a symbol so they stay off the public surface.
 *
 * @module
 */
import type { PageOptions, Paginator, XResponse } from './types.js';
import type { XRequestOptions } from './x-request.js';

/** The key of an `XClient`'s {@link ClientHost}. */
export const CLIENT_HOST: unique symbol = Symbol('oauth1x.x.client-host');

/** The internals of one `XClient` that its method modules use. */
export interface ClientHost {
  /** Sends `method path` as the client method `caller` (its name shows in credential errors). */
  call<T>(caller: string, method: string, path: string, options?: XRequestOptions): Promise<XResponse<T>>;
  /** The signed-in user's id; `then` (`METHOD /path`) is checked against the credentials first. */
  myId(caller: string, then?: string): Promise<string>;
  /** Walks a paginated listing at `path()` following `tokenParam`. */
  list<T>(
    caller: string,
    path: () => Promise<string>,
    tokenParam: string,
    options: PageOptions,
    query?: Record<string, string>,
  ): Paginator<T>;
}

/** Something with a {@link ClientHost} (an `XClient`). */
export interface HasClientHost {
  readonly [CLIENT_HOST]: ClientHost;
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
