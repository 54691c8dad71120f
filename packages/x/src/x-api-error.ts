/**
 * X's side of an error answer: the X error code (`{"errors":[{"code":32,...}]}`) and X's rate-limit headers,
 * the 15-minute window (`x-rate-limit-*`) and the 24-hour ones (`x-user-limit-24hour-*`,
 * `x-app-limit-24hour-*`). The generic `OAuthResponseError` of `oauth1x` carries the parsed body and the
 * headers; {@link XApiError} adds these X figures.
 *
 * @module
 */
import { OAuthResponseError, type OAuthResponseErrorInit } from 'oauth1x';
import { type ResponseErrorOptions, responseError } from 'oauth1x/client';

/** Rate-limit figures from `x-rate-limit-limit`, `x-rate-limit-remaining`, `x-rate-limit-reset` (epoch seconds). */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  reset: number;
}

/**
 * X's 24-hour rate-limit figures, where an endpoint has a daily cap: `x-user-limit-24hour-*` (per user) and
 * `x-app-limit-24hour-*` (per app, all its users together), each `{ limit, remaining, reset }` (epoch seconds).
 */
export interface DailyRateLimitInfo {
  user?: RateLimitInfo | undefined;
  app?: RateLimitInfo | undefined;
}

/**
 * Rate-limit figures from `x-rate-limit-limit` / `-remaining` / `-reset`, or `undefined` when absent.
 *
 * @example
 * ```ts
 * import { rateLimitOf } from '@oauth1x/x';
 * rateLimitOf(response.headers); // { limit: 300, remaining: 299, reset: 1764409200 }
 * ```
 */
export function rateLimitOf(headers: Headers): RateLimitInfo | undefined {
  return windowOf(headers, 'x-rate-limit');
}

function windowOf(headers: Headers, prefix: string): RateLimitInfo | undefined {
  const limit = headers.get(`${prefix}-limit`);
  const remaining = headers.get(`${prefix}-remaining`);
  const reset = headers.get(`${prefix}-reset`);
  if (limit === null && remaining === null && reset === null) return undefined;
  const num = (value: string | null): number => (value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);
  return { limit: num(limit), remaining: num(remaining), reset: num(reset) };
}

/**
 * X's 24-hour rate-limit figures: `x-user-limit-24hour-limit/-remaining/-reset` (per user) and
 * `x-app-limit-24hour-*` (per app), sent where an endpoint has a daily cap (e.g. `POST /2/tweets`: 10,000 per
 * app per day); `undefined` when neither is present.
 *
 * @example
 * ```ts
 * import { dailyRateLimitOf } from '@oauth1x/x';
 * dailyRateLimitOf(response.headers); // { app: { limit: 10000, remaining: 9999, reset: 1764495600 } }
 * ```
 */
export function dailyRateLimitOf(headers: Headers): DailyRateLimitInfo | undefined {
  const user = windowOf(headers, 'x-user-limit-24hour');
  const app = windowOf(headers, 'x-app-limit-24hour');
  if (user === undefined && app === undefined) return undefined;
  return { ...(user !== undefined ? { user } : {}), ...(app !== undefined ? { app } : {}) };
}

/** Fields of an {@link XApiError}: those of `OAuthResponseError` and X's figures. */
export interface XApiErrorInit extends OAuthResponseErrorInit {
  xCode?: number | undefined;
  rateLimit?: RateLimitInfo | undefined;
  /** X's 24-hour figures (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`), when sent. */
  dailyRateLimit?: DailyRateLimitInfo | undefined;
}

/** The first X error code of an `{"errors":[...]}` body, if any. */
function firstXCode(error: OAuthResponseError): number | undefined {
  if (error.body.kind !== 'x-errors') return undefined;
  const code = error.body.errors[0]?.code;
  return typeof code === 'number' && Number.isFinite(code) ? code : undefined;
}

/**
 * X answered with an error: an `OAuthResponseError` (code `ERR_OAUTH_RESPONSE`, `status`, `body`, `problem`)
 * with X's error code `xCode` (e.g. 32 "Could not authenticate you", 89 "Invalid or expired token") and the
 * rate-limit figures of the answer. Every failure the X client reports from X is one.
 *
 * @example
 * ```ts
 * import { XApiError } from '@oauth1x/x';
 * try {
 *   await x.tweet('hello');
 * } catch (error) {
 *   if (error instanceof XApiError && error.xCode === 89) console.log('sign in again');
 *   if (error instanceof XApiError && error.rateLimit?.remaining === 0) console.log(`wait until ${error.rateLimit.reset}`);
 * }
 * ```
 */
export class XApiError extends OAuthResponseError {
  readonly xCode: number | undefined;
  readonly rateLimit: RateLimitInfo | undefined;
  readonly dailyRateLimit: DailyRateLimitInfo | undefined;

  constructor(message: string, init: XApiErrorInit, options: { cause?: unknown } = {}) {
    super(message, init, options);
    this.name = 'XApiError';
    this.xCode = init.xCode;
    this.rateLimit = init.rateLimit;
    this.dailyRateLimit = init.dailyRateLimit;
  }

  /**
   * The X reading of a generic `OAuthResponseError` (its body's first X code, its headers' rate limits); an
   * `XApiError` is returned as it is.
   *
   * @example
   * ```ts
   * const error = XApiError.from(await responseError(response));
   * error.xCode; // 32
   * ```
   */
  static from(error: OAuthResponseError): XApiError {
    if (error instanceof XApiError) return error;
    const x = new XApiError(
      error.message,
      {
        status: error.status,
        body: error.body,
        problem: error.problem,
        headers: error.headers,
        url: error.url,
        xCode: firstXCode(error),
        rateLimit: rateLimitOf(error.headers),
        dailyRateLimit: dailyRateLimitOf(error.headers),
      },
      error.cause === undefined ? {} : { cause: error.cause },
    );
    if (error.stack !== undefined) x.stack = error.stack.replace(/^OAuthResponseError/, 'XApiError');
    return x;
  }
}

/**
 * Builds an {@link XApiError} from an error answer of X (reads the body; secrets in `options.secrets` are
 * redacted, as `responseError` of `oauth1x/client` does).
 *
 * @example
 * ```ts
 * import { xApiError } from '@oauth1x/x';
 * if (!response.ok) throw await xApiError(response);
 * ```
 */
export async function xApiError(response: Response, options: ResponseErrorOptions = {}): Promise<XApiError> {
  return XApiError.from(await responseError(response, options));
}
