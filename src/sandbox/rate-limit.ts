/**
 * Per-user, per-endpoint rate limits with X's fixed 15-minute windows and `x-rate-limit-*` headers. Counters
 * live in memory (a restart starts fresh windows, as a deploy on X would not, which is fine for a sandbox).
 *
 * @module
 */

/** One endpoint's limit. */
export interface RateLimitRule {
  /** Requests per window. */
  limit: number;
  /** Window length in seconds. Default 900 (15 minutes). */
  windowSeconds?: number;
}

/**
 * Rate limit configuration: `false` disables limiting (headers are still sent, with a huge limit), otherwise
 * rules by endpoint key (e.g. `'POST /2/tweets'`, `'GET /1.1/statuses/user_timeline'`) override the defaults,
 * and `default` applies to endpoints without a rule.
 */
export type RateLimitConfig = false | { [endpoint: string]: RateLimitRule | undefined; default?: RateLimitRule };

/**
 * X's published per-user limits for the endpoints the sandbox serves.
 *
 * @example
 * ```ts
 * X_RATE_LIMITS['POST /2/tweets']; // { limit: 200 }
 * ```
 */
export const X_RATE_LIMITS: Record<string, RateLimitRule> = {
  default: { limit: 900 },
  'POST /1.1/statuses/update': { limit: 300, windowSeconds: 10800 },
  'POST /1.1/statuses/destroy': { limit: 300, windowSeconds: 10800 },
  'GET /1.1/statuses/show': { limit: 900 },
  'GET /1.1/statuses/user_timeline': { limit: 900 },
  'GET /1.1/statuses/home_timeline': { limit: 15 },
  'GET /1.1/statuses/mentions_timeline': { limit: 75 },
  'GET /1.1/account/verify_credentials': { limit: 75 },
  'GET /1.1/search/tweets': { limit: 180 },
  'POST /1.1/friendships/create': { limit: 400, windowSeconds: 86400 },
  'POST /1.1/friendships/destroy': { limit: 400, windowSeconds: 86400 },
  'POST /1.1/favorites/create': { limit: 1000, windowSeconds: 86400 },
  'POST /1.1/favorites/destroy': { limit: 1000, windowSeconds: 86400 },
  'POST /1.1/media/upload': { limit: 615 },
  'GET /1.1/media/upload': { limit: 615 },
  'POST /2/tweets': { limit: 200 },
  'DELETE /2/tweets': { limit: 50 },
  'GET /2/tweets': { limit: 900 },
  'GET /2/users/me': { limit: 75 },
  'GET /2/users/tweets': { limit: 900 },
  'GET /2/users/timelines': { limit: 180 },
  'GET /2/tweets/search/recent': { limit: 180 },
  'POST /2/users/likes': { limit: 50 },
  'DELETE /2/users/likes': { limit: 50 },
  'POST /2/users/following': { limit: 50 },
  'DELETE /2/users/following': { limit: 50 },
  'POST /2/media/upload': { limit: 615 },
  'GET /2/media/upload': { limit: 615 },
};

/** The outcome of one request against its limit. */
export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

const UNLIMITED = 1_000_000;

/**
 * Counts requests per endpoint and subject (user id, or consumer key for app-only calls).
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ 'POST /2/tweets': { limit: 2 } }, () => Date.now());
 * const state = limiter.consume('POST /2/tweets', userId);
 * if (!state.allowed) return tooManyRequests(state);
 * ```
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  readonly #rules: Record<string, RateLimitRule | undefined> | null;

  constructor(
    config: RateLimitConfig | undefined,
    private readonly now: () => number,
  ) {
    this.#rules = config === false ? null : { ...X_RATE_LIMITS, ...(config ?? {}) };
  }

  /** The rule for an endpoint. */
  rule(endpoint: string): Required<RateLimitRule> {
    if (this.#rules === null) return { limit: UNLIMITED, windowSeconds: 900 };
    const rule = this.#rules[endpoint] ?? this.#rules.default ?? { limit: 900 };
    return { limit: rule.limit, windowSeconds: rule.windowSeconds ?? 900 };
  }

  /** Counts one request and reports the window's state; `allowed` is false once the limit is used up. */
  consume(endpoint: string, subject: string): RateLimitState {
    const now = this.now();
    const { limit, windowSeconds } = this.rule(endpoint);
    const key = `${endpoint}|${subject}`;
    let window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      if (this.#windows.size > 50_000) this.#prune(now);
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.#windows.set(key, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count++;
    return { allowed, limit, remaining: Math.max(0, limit - window.count), reset: Math.ceil(window.resetAt / 1000) };
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

/**
 * The `x-rate-limit-*` headers of a state.
 *
 * @example
 * ```ts
 * new Response(body, { headers: rateLimitHeaders(state) });
 * ```
 */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-rate-limit-limit': String(state.limit),
    'x-rate-limit-remaining': String(state.remaining),
    'x-rate-limit-reset': String(state.reset),
  };
}
