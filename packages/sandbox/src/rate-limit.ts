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
  /** An app-only bearer call: the app's own pool and X's per-app figure, no per-user daily cap. */
  appOnly?: boolean;
}

const UNLIMITED = 1_000_000;

/** A rule with its window length settled, and the key it is found under. */
export interface ResolvedRule {
  key: string;
  limit: number;
  windowSeconds: number;
  userDaily: number | undefined;
  appDaily: number | undefined;
  appOnly: number | undefined;
  /** Counters: the 15-minute windows and the user days by `app|user`, the app days by app. */
  windows: Map<string, Counter>;
  userDays: Map<string, Counter>;
  appDays: Map<string, Counter>;
}
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
  /** Every rule, settled (X's laid under the configuration's), by key; `null` when limiting is off. */
  readonly #rules: Map<string, ResolvedRule> | null;
  /** The default rule, one copy (with its own counters) per endpoint key that falls back to it. */
  readonly #defaults = new Map<string, ResolvedRule>();
  readonly #fallback: RateLimitRule;
  readonly #match: (method: string, path: string) => string | undefined;

  constructor(
    config: RateLimitConfig | undefined,
    private readonly now: () => number,
  ) {
    this.#fallback = { ...(X_RATE_LIMITS.default ?? { limit: 900 }), ...(config ? config.default : {}) };
    if (config === false) {
      this.#rules = null;
      this.#match = () => undefined;
      return;
    }
    this.#rules = new Map();
    for (const key of new Set([...Object.keys(X_RATE_LIMITS), ...Object.keys(config ?? {})])) {
      if (key === 'default') continue;
      this.#rules.set(key, settle(key, { ...(X_RATE_LIMITS[key] ?? this.#fallback), ...config?.[key] }));
    }
    this.#match = templateMatcher(this.#rules.keys());
  }

  /**
   * The rule for a request: the one for the template its method and path match (`'GET /2/users/:id/tweets'`),
   * else for `endpoint` (the sandbox's key), else the default; with the key it was found under.
   */
  rule(method: string, path: string, endpoint: string): ResolvedRule {
    const template = this.#match(method, path);
    const found =
      this.#rules === null ? undefined : ((template === undefined ? undefined : this.#rules.get(template)) ?? this.#rules.get(endpoint));
    if (found !== undefined) return found;
    let fallback = this.#defaults.get(endpoint);
    if (fallback === undefined) {
      fallback = settle(endpoint, this.#rules === null ? { limit: UNLIMITED } : this.#fallback);
      this.#defaults.set(endpoint, fallback);
    }
    return fallback;
  }

  /**
   * Counts one request and reports every window's state; `allowed` is false once any window is used up, and
   * then no window counts it.
   */
  consume(method: string, path: string, endpoint: string, subject: RateLimitSubject): RateLimitState {
    const now = this.now();
    const rule = this.rule(method, path, endpoint);
    const appOnly = subject.appOnly === true;
    const who = appOnly ? `${subject.app}|(app-only)` : `${subject.app}|${subject.user}`;
    const limit = appOnly ? (rule.appOnly ?? rule.limit) : rule.limit;
    const window = counter(rule.windows, who, rule.windowSeconds, now);
    const userDaily = rule.userDaily === undefined || appOnly ? undefined : counter(rule.userDays, who, DAY_SECONDS, now);
    const appDaily = rule.appDaily === undefined ? undefined : counter(rule.appDays, subject.app, DAY_SECONDS, now);
    let exceeded: RateLimitScope | undefined;
    if (appDaily !== undefined && appDaily.count >= (rule.appDaily as number)) exceeded = 'app-24h';
    else if (userDaily !== undefined && userDaily.count >= (rule.userDaily as number)) exceeded = 'user-24h';
    else if (window.count >= limit) exceeded = '15min';
    if (exceeded === undefined) {
      window.count++;
      if (userDaily !== undefined) userDaily.count++;
      if (appDaily !== undefined) appDaily.count++;
    }
    return {
      allowed: exceeded === undefined,
      limit,
      remaining: Math.max(0, limit - window.count),
      reset: Math.ceil(window.resetAt / 1000),
      userDaily: userDaily === undefined ? undefined : figures(userDaily, rule.userDaily as number),
      appDaily: appDaily === undefined ? undefined : figures(appDaily, rule.appDaily as number),
      exceeded,
    };
  }
}

/** The counter of `who` in `counters`, a fresh one when there is none or its window is over. */
function counter(counters: Map<string, Counter>, who: string, seconds: number, now: number): Counter {
  let found = counters.get(who);
  if (found === undefined || found.resetAt <= now) {
    if (counters.size > 50_000) for (const [key, old] of counters) if (old.resetAt <= now) counters.delete(key);
    found = { count: 0, resetAt: now + seconds * 1000 };
    counters.set(who, found);
  }
  return found;
}

function settle(key: string, rule: RateLimitRule): ResolvedRule {
  return {
    key,
    limit: rule.limit,
    windowSeconds: rule.windowSeconds ?? 900,
    userDaily: rule.userDaily,
    appDaily: rule.appDaily,
    appOnly: rule.appOnly,
    windows: new Map(),
    userDays: new Map(),
    appDays: new Map(),
  };
}

function figures(counter: Counter, limit: number): RateLimitWindow {
  return { limit, remaining: Math.max(0, limit - counter.count), reset: Math.ceil(counter.resetAt / 1000) };
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
