/**
 * How `XClient` meets a 429: a used-up 24-hour window (X's `x-user-limit-24hour-*` / `x-app-limit-24hour-*`)
 * throws {@link DailyRateLimitError} at once with its reset, as no short wait helps; a used-up 15-minute
 * window (`x-rate-limit-*`) is waited out when `waitOnRateLimit` allows that long.
 *
 * @module
 */

import { dailyRateLimitOf, type RateLimitInfo, rateLimitOf, XApiError, xApiError } from './x-api-error.js';

/**
 * X refused a call because a 24-hour rate limit is used up: the user's (`scope: 'user'`,
 * `x-user-limit-24hour-*`) or the app's (`scope: 'app'`, all its users together, `x-app-limit-24hour-*`).
 * `reset` (epoch seconds) and `resetAt` say when calls are taken again. An {@link XApiError} (status 429) like
 * any other refusal; `waitOnRateLimit` never sleeps into it.
 *
 * @example
 * ```ts
 * import { DailyRateLimitError } from '@oauth1x/x';
 * try {
 *   await x.tweet('hello');
 * } catch (error) {
 *   if (error instanceof DailyRateLimitError) console.log(`daily ${error.scope} cap; resets ${error.resetAt.toISOString()}`);
 * }
 * ```
 */
export class DailyRateLimitError extends XApiError {
  readonly scope: 'user' | 'app';
  /** When the 24-hour window resets, epoch seconds (`NaN` when X sent no usable reset). */
  readonly reset: number;
  readonly resetAt: Date;

  constructor(error: XApiError, scope: 'user' | 'app', window: RateLimitInfo) {
    const when = Number.isFinite(window.reset) ? new Date(window.reset * 1000).toISOString() : 'an unknown time';
    const whose = scope === 'app' ? "the app's" : "the user's";
    super(
      `${error.message} (${whose} 24-hour limit${Number.isFinite(window.limit) ? ` of ${window.limit} requests` : ''} is used up; it resets at ${when})`,
      {
        status: error.status,
        body: error.body,
        problem: error.problem,
        headers: error.headers,
        xCode: error.xCode,
        rateLimit: error.rateLimit,
        dailyRateLimit: error.dailyRateLimit,
        url: error.url,
      },
      { cause: error },
    );
    this.name = 'DailyRateLimitError';
    this.scope = scope;
    this.reset = window.reset;
    this.resetAt = new Date(window.reset * 1000);
  }
}

/** The used-up 24-hour window of a 429's headers (the app's first: it outlasts anything the user does). */
function usedUpDaily(headers: Headers): { scope: 'user' | 'app'; window: RateLimitInfo } | undefined {
  const daily = dailyRateLimitOf(headers);
  if (daily?.app !== undefined && daily.app.remaining === 0) return { scope: 'app', window: daily.app };
  if (daily?.user !== undefined && daily.user.remaining === 0) return { scope: 'user', window: daily.user };
  return undefined;
}

/**
 * For a 429: throws {@link DailyRateLimitError} when a 24-hour window is used up (whatever `maxWait`); else
 * the milliseconds to wait for the 15-minute window (its reset plus a second, 60 s when X sent no figures), or
 * `undefined` when that is longer than `maxWait`, or when the 15-minute window still has requests left: then
 * something else refused (X's `usage-capped`, a cap no short wait lifts) and sleeping would not help.
 *
 * @example
 * ```ts
 * const wait = await rateLimitWait(response, url, 15 * 60_000, Date.now());
 * if (wait !== undefined) await sleep(wait);
 * ```
 */
export async function rateLimitWait(response: Response, url: URL, maxWait: number, now: number): Promise<number | undefined> {
  const daily = usedUpDaily(response.headers);
  if (daily !== undefined) throw new DailyRateLimitError(await xApiError(response, { url: url.href }), daily.scope, daily.window);
  if (maxWait <= 0) return undefined;
  const window = rateLimitOf(response.headers);
  if (window !== undefined && window.remaining > 0) return undefined;
  const reset = window?.reset;
  const waitMs = reset !== undefined && Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) + 1000 : 60_000;
  return waitMs <= maxWait ? waitMs : undefined;
}
