/**
 * Clock-skew handling (RFC 5849 §3.3 leaves the timestamp window to the provider): detect a refused timestamp
 * or a provider `Date` far from the local clock, and learn the offset to add to the local clock.
 *
 * @module
 */
import { parseFormEncoded } from '../core/index.js';

/**
 * The learned difference between the provider's clock and ours, in whole seconds, added to the local clock
 * when signing. Share one instance between a client and its signed fetches so they learn together.
 *
 * @example
 * ```ts
 * import { ClockState, createSignedFetch } from 'oauth1x/client';
 * const clock = new ClockState();
 * const signedFetch = createSignedFetch({ consumer, token, clock });
 * // ...after a 401 timestamp_refused, clock.offset holds the correction
 * ```
 */
export class ClockState {
  /** Seconds added to `Date.now()` for `oauth_timestamp`. */
  offset: number;

  constructor(offset = 0) {
    if (!Number.isFinite(offset)) throw new TypeError('clock offset must be a finite number of seconds');
    this.offset = Math.trunc(offset);
  }
}

/**
 * Turns the `clock` option into a {@link ClockState}: a number is an initial offset, an existing state is shared.
 *
 * @example
 * ```ts
 * toClockState(12).offset; // 12
 * ```
 */
export function toClockState(clock: ClockState | number | undefined): ClockState {
  return clock instanceof ClockState ? clock : new ClockState(clock ?? 0);
}

/** X's error code for "Timestamp out of bounds". */
export const X_TIMESTAMP_OUT_OF_BOUNDS = 135;

/**
 * The offset (seconds) the provider's `Date` header implies, or `undefined` when there is none or it cannot
 * be parsed. `Date` has one-second resolution, so callers compare against a window, not zero.
 *
 * @example
 * ```ts
 * import { offsetFromDateHeader } from 'oauth1x/client';
 * offsetFromDateHeader(response.headers); // e.g. -3600
 * ```
 */
export function offsetFromDateHeader(headers: Headers, now: number = Date.now()): number | undefined {
  const date = headers.get('date');
  if (date === null) return undefined;
  const at = Date.parse(date);
  if (Number.isNaN(at)) return undefined;
  return Math.round((at - now) / 1000);
}

/**
 * The offset implied by `oauth_acceptable_timestamps=a-b` (OAuth Problem Reporting): the middle of the
 * provider's window minus our clock.
 *
 * @example
 * ```ts
 * import { offsetFromAcceptableTimestamps } from 'oauth1x/client';
 * offsetFromAcceptableTimestamps('1000-1600', 0); // 1300
 * ```
 */
export function offsetFromAcceptableTimestamps(value: string, now: number = Date.now()): number | undefined {
  const match = /^\s*(\d{1,15})\s*-\s*(\d{1,15})\s*$/.exec(value);
  if (match === null) return undefined;
  const low = Number(match[1]);
  const high = Number(match[2]);
  if (high < low) return undefined;
  return Math.round((low + high) / 2 - now / 1000);
}

/** Why a response says the clock is off, and the correction. */
export interface SkewVerdict {
  /** `true` when the provider refused the request because of the timestamp (a retry may succeed). */
  refused: boolean;
  /** The offset to use from now on (seconds), or `undefined` when the answer gives no usable figure. */
  offset: number | undefined;
}

/**
 * Reads the body of an error answer (a clone, the caller keeps the original) far enough to tell whether the
 * provider refused the timestamp: `oauth_problem=timestamp_refused` (form), X error code 135 (JSON), or a
 * 400/401 whose `Date` is further from our clock than `window` seconds. Other statuses are never read.
 *
 * @example
 * ```ts
 * import { detectClockSkew } from 'oauth1x/client';
 * const verdict = await detectClockSkew(response, 30);
 * ```
 */
export async function detectClockSkew(
  response: Response,
  window: number,
  currentOffset = 0,
  now: number = Date.now(),
): Promise<SkewVerdict> {
  // Only answers that refused the request teach us anything: a 2xx may come from a cache with an old Date.
  if (response.status !== 401 && response.status !== 400) return { refused: false, offset: undefined };
  const dateOffset = offsetFromDateHeader(response.headers, now);
  const dateSaysOff = dateOffset !== undefined && Math.abs(dateOffset - currentOffset) > window;
  let text = '';
  try {
    text = response.body === null ? '' : await response.clone().text();
  } catch {
    text = '';
  }
  let refused = false;
  let offset: number | undefined;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as { errors?: Array<{ code?: unknown }> };
      refused = Array.isArray(json.errors) && json.errors.some((e) => Number(e?.code) === X_TIMESTAMP_OUT_OF_BOUNDS);
    } catch {
      refused = false;
    }
  } else if (text.includes('oauth_problem')) {
    try {
      const params = new Map(parseFormEncoded(text.trim()));
      refused = params.get('oauth_problem') === 'timestamp_refused';
      const acceptable = params.get('oauth_acceptable_timestamps');
      if (refused && acceptable !== undefined) offset = offsetFromAcceptableTimestamps(acceptable, now);
    } catch {
      refused = false;
    }
  }
  if (offset === undefined && (refused || dateSaysOff)) offset = dateOffset;
  if (!refused && dateSaysOff) refused = true;
  return { refused, offset };
}
