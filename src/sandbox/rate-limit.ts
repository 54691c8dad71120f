/**
 * X's rate limits in the sandbox: per user per 15-minute window and, where X sets them, per user and per app
 * per 24 hours (table: `rate-limit-table.ts`), with X's headers — `x-rate-limit-limit/-remaining/-reset` for the
 * 15-minute window, `x-user-limit-24hour-*` and `x-app-limit-24hour-*` for the daily ones. A request refused
 * by any window is counted in none. Counters live in memory (a restart starts fresh windows, as a deploy on X
 * would not, which is fine for a sandbox).
 *
 * @module
 */
import { type RateLimitRule, templateMatcher, X_RATE_LIMITS } from './rate-limit-table.js';

export { type RateLimitRule, X_RATE_LIMITS } from './rate-limit-table.js';

/**
 * Rate limit configuration: `false` disables limiting (the 15-minute headers are still sent, with a huge
 * limit; no daily headers), otherwise rules by endpoint (X's template such as `'POST /2/tweets'` or
 * `'GET /2/users/:id/tweets'`, or the sandbox's endpoint key such as `'GET /1.1/statuses/user_timeline'`)
 * laid over X's rule for that endpoint (`{ 'POST /2/tweets': { limit: 2 } }` keeps X's daily cap), and
 * `default` for endpoints without a rule.
 */
export type RateLimitConfig = false | { [endpoint: string]: RateLimitRule | undefined; default?: RateLimitRule };

/** One window's figures: requests allowed, left, and when it resets (epoch seconds). */
export interface RateLimitWindow {
  limit: number;
  remaining: number;
  reset: number;
}

/** Which window refused a request. */
export type RateLimitScope = '15min' | 'user-24h' | 'app-24h';

/** The outcome of one request against its limits; `limit` / `remaining` / `reset` are the 15-minute window's. */
export interface RateLimitState extends RateLimitWindow {
  allowed: boolean;
  /** The per-user 24-hour window, where the endpoint has one. */
  userDaily?: RateLimitWindow | undefined;
  /** The per-app 24-hour window, where the endpoint has one. */
  appDaily?: RateLimitWindow | undefined;
  /** The window that refused the request (a daily one when several are used up). */
  exceeded?: RateLimitScope | undefined;
}

/** Who a request counts against: the user (with the app whose token it is) and the app. */
export interface RateLimitSubject {
  user: string;
  app: string;
}

const UNLIMITED = 1_000_000;
const DAY_SECONDS = 86_400;

interface Counter {
  count: number;
  resetAt: number;
}

/**
 * Counts requests per endpoint: per user (and app) in the 15-minute window, per user and per app in the
 * 24-hour windows where X has them.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ 'POST /2/tweets': { limit: 2 } }, () => Date.now());
 * const state = limiter.consume('POST', '/2/tweets', 'POST /2/tweets', { user: userId, app: consumerKey });
 * if (!state.allowed) return tooManyRequests(state);
 * ```
 */
export class RateLimiter {
  readonly #counters = new Map<string, Counter>();
  readonly #config: Record<string, RateLimitRule | undefined> | null;
  readonly #match: (method: string, path: string) => string | undefined;

  constructor(
    config: RateLimitConfig | undefined,
    private readonly now: () => number,
  ) {
    this.#config = config === false ? null : { ...(config ?? {}) };
    this.#match = templateMatcher(new Set([...Object.keys(X_RATE_LIMITS), ...Object.keys(this.#config ?? {})]));
  }

  /**
   * The rule for a request: X's (and the configuration's) for the template its method and path match, else
   * for `endpoint` (the sandbox's key), else the default; the key it was found under.
   */
  rule(
    method: string,
    path: string,
    endpoint: string,
  ): { key: string; rule: Required<Pick<RateLimitRule, 'limit' | 'windowSeconds'>> & RateLimitRule } {
    if (this.#config === null) return { key: endpoint, rule: { limit: UNLIMITED, windowSeconds: 900 } };
    const template = this.#match(method, path);
    const config = this.#config;
    const key = [template, endpoint].find((k) => k !== undefined && (config[k] !== undefined || X_RATE_LIMITS[k] !== undefined));
    const fallback: RateLimitRule = X_RATE_LIMITS.default ?? { limit: 900 };
    const merged: RateLimitRule =
      key === undefined ? { ...fallback, ...config.default } : { ...(X_RATE_LIMITS[key] ?? fallback), ...config[key] };
    return { key: key ?? endpoint, rule: { ...merged, windowSeconds: merged.windowSeconds ?? 900 } };
  }

  /**
   * Counts one request and reports every window's state; `allowed` is false once any window is used up, and
   * then no window counts it.
   */
  consume(method: string, path: string, endpoint: string, subject: RateLimitSubject): RateLimitState {
    const now = this.now();
    const { key, rule } = this.rule(method, path, endpoint);
    const user = `${subject.app}|${subject.user}`;
    const window = this.#counter(`${key}|15|${user}`, rule.windowSeconds, now);
    const userDaily = rule.userDaily === undefined ? undefined : this.#counter(`${key}|ud|${user}`, DAY_SECONDS, now);
    const appDaily = rule.appDaily === undefined ? undefined : this.#counter(`${key}|ad|${subject.app}`, DAY_SECONDS, now);
    let exceeded: RateLimitScope | undefined;
    if (appDaily !== undefined && appDaily.count >= (rule.appDaily as number)) exceeded = 'app-24h';
    else if (userDaily !== undefined && userDaily.count >= (rule.userDaily as number)) exceeded = 'user-24h';
    else if (window.count >= rule.limit) exceeded = '15min';
    if (exceeded === undefined) {
      window.count++;
      if (userDaily !== undefined) userDaily.count++;
      if (appDaily !== undefined) appDaily.count++;
    }
    const figures = (counter: Counter, limit: number): RateLimitWindow => ({
      limit,
      remaining: Math.max(0, limit - counter.count),
      reset: Math.ceil(counter.resetAt / 1000),
    });
    return {
      allowed: exceeded === undefined,
      ...figures(window, rule.limit),
      userDaily: userDaily === undefined ? undefined : figures(userDaily, rule.userDaily as number),
      appDaily: appDaily === undefined ? undefined : figures(appDaily, rule.appDaily as number),
      exceeded,
    };
  }

  #counter(key: string, seconds: number, now: number): Counter {
    let counter = this.#counters.get(key);
    if (counter === undefined || counter.resetAt <= now) {
      if (this.#counters.size > 50_000) this.#prune(now);
      counter = { count: 0, resetAt: now + seconds * 1000 };
      this.#counters.set(key, counter);
    }
    return counter;
  }

  #prune(now: number): void {
    for (const [key, counter] of this.#counters) if (counter.resetAt <= now) this.#counters.delete(key);
  }
}

/**
 * X's rate-limit headers of a state: `x-rate-limit-*` (15 minutes) always, `x-user-limit-24hour-*` and
 * `x-app-limit-24hour-*` where the endpoint has a daily window.
 *
 * @example
 * ```ts
 * new Response(body, { headers: rateLimitHeaders(state) });
 * ```
 */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {
    'x-rate-limit-limit': String(state.limit),
    'x-rate-limit-remaining': String(state.remaining),
    'x-rate-limit-reset': String(state.reset),
  };
  for (const [prefix, window] of [
    ['x-user-limit-24hour', state.userDaily],
    ['x-app-limit-24hour', state.appDaily],
  ] as const) {
    if (window === undefined) continue;
    headers[`${prefix}-limit`] = String(window.limit);
    headers[`${prefix}-remaining`] = String(window.remaining);
    headers[`${prefix}-reset`] = String(window.reset);
  }
  return headers;
}
