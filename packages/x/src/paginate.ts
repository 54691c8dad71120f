/**
 * Helpers of the X client: following X API v2 pagination tokens as async iterators, waiting, URL checks.
 *
 * @module
 */
import { OAuthError } from 'oauth1x';
import type { PageOptions, Paginator, XPage, XResponse } from './types.js';

/** Empty pages in a row after which pagination stops though a next_token came. */
const MAX_EMPTY_PAGES = 10;

/**
 * Walks a paginated v2 listing: calls `get(path, params)` with `max_results` and the token parameter
 * (`pagination_token` or `next_token`) taken from each page's `meta.next_token`, until the last page or
 * `options.limit` items.
 *
 * @example
 * ```ts
 * const tweets = paginate((path, query) => x.request<{ id: string }[]>('GET', path, { query }), async () => '/2/users/1/tweets', 'pagination_token', {});
 * for await (const tweet of tweets) console.log(tweet);
 * ```
 */
export function paginate<T>(
  get: (path: string, params: Record<string, string>) => Promise<XResponse<T[] | undefined>>,
  path: () => Promise<string>,
  tokenParam: string,
  options: PageOptions,
  query: Record<string, string> = {},
): Paginator<T> {
  async function* pages(): AsyncGenerator<XPage<T>> {
    let token = options.paginationToken;
    let seen = 0;
    let emptyInARow = 0;
    const resolved = await path();
    for (;;) {
      const params: Record<string, string> = { ...query, ...options.params };
      if (options.maxResults !== undefined) params.max_results = String(options.maxResults);
      if (token !== undefined) params[tokenParam] = token;
      const response = await get(resolved, params);
      const items = Array.isArray(response.data) ? response.data : [];
      const nextToken = typeof response.meta?.next_token === 'string' ? response.meta.next_token : undefined;
      const kept = options.limit === undefined ? items : items.slice(0, Math.max(0, options.limit - seen));
      seen += kept.length;
      yield { ...response, data: kept, nextToken };
      // X may answer a page with no results and a next_token (search over a sparse range): follow it. A token
      // that does not change, or a long run of empty pages, ends the walk instead of looping.
      emptyInARow = items.length === 0 ? emptyInARow + 1 : 0;
      if (nextToken === undefined || nextToken === token || emptyInARow >= MAX_EMPTY_PAGES) return;
      if (options.limit !== undefined && seen >= options.limit) return;
      token = nextToken;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.data;
    },
  };
}

/**
 * Waits `ms`, rejecting with the signal's reason when it aborts.
 *
 * @example
 * ```ts
 * await defaultSleep(1000, controller.signal);
 * ```
 */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Checks an http(s) origin option and strips trailing slashes.
 *
 * @example
 * ```ts
 * validOrigin('http://127.0.0.1:8787/', 'baseUrl'); // 'http://127.0.0.1:8787'
 * ```
 */
export function validOrigin(url: string, option: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OAuthError('ERR_INVALID_ARGUMENT', `${option} must be an absolute http(s) URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new OAuthError('ERR_INVALID_ARGUMENT', `${option} must be an http(s) URL`);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
