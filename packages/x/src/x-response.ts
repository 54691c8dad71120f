/**
 * Reading one X API answer: a non-2xx becomes `OAuthResponseError` (X's error shapes, rate limit), a 2xx v2
 * body carrying only `errors` becomes the 404 / 403 it stands for, and a JSON body is unwrapped into
 * `{ data, includes, meta, errors, rateLimit, status }`.
 *
 * @module
 */

import { OAuthError } from 'oauth1x';
import type { XResponse } from './types.js';
import { dailyRateLimitOf, rateLimitOf, XApiError, xApiError } from './x-api-error.js';

/**
 * Reads `response` (of a request to `url`) as {@link XClient.request} returns it, or throws.
 *
 * @example
 * ```ts
 * const { data, rateLimit } = await readXResponse<{ id: string }>(await fetch(url), url);
 * ```
 */
export async function readXResponse<T>(response: Response, url: URL): Promise<XResponse<T>> {
  if (!response.ok) throw await xApiError(response, { url: url.href });
  const rateLimit = rateLimitOf(response.headers);
  const dailyRateLimit = dailyRateLimitOf(response.headers);
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new OAuthError('ERR_INVALID_RESPONSE', `X answered ${response.status} with a body that is not JSON`, { cause });
    }
  }
  const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  if (record !== undefined && !('data' in record) && Array.isArray(record.errors) && record.errors.length > 0) {
    // X v2 answers 200 with only `errors` when the resource does not exist or is not visible.
    const first = record.errors[0] as { type?: string; detail?: string; title?: string };
    const status = /not-found/.test(first.type ?? '') ? 404 : /not-authorized/.test(first.type ?? '') ? 403 : response.status;
    throw new XApiError(`X answered ${response.status} for ${url.origin}${url.pathname}: ${first.detail ?? first.title ?? 'error'}`, {
      status,
      body: { kind: 'problem', ...first },
      headers: response.headers,
      rateLimit,
      dailyRateLimit,
      url: `${url.origin}${url.pathname}`,
    });
  }
  if (record !== undefined && ('data' in record || 'meta' in record)) {
    return {
      data: record.data as T,
      includes: record.includes as XResponse<T>['includes'],
      meta: record.meta as XResponse<T>['meta'],
      errors: Array.isArray(record.errors) ? (record.errors as XResponse<T>['errors']) : undefined,
      rateLimit,
      dailyRateLimit,
      status: response.status,
    };
  }
  return { data: parsed as T, rateLimit, dailyRateLimit, status: response.status };
}
