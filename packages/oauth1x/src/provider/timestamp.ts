/**
 * `oauth_timestamp` checks (RFC 5849 §3.3): digits only, and within the provider's window of its own clock in
 * both directions, so neither stale nor far-future requests are accepted.
 *
 * @module
 */
import { oauthProblem } from './problems.js';

const DIGITS = /^[0-9]{1,12}$/;

/**
 * Parses and checks `oauth_timestamp` against `nowMs` (epoch ms) with a window of `windowSeconds` both ways.
 * Returns the timestamp in seconds. Throws `parameter_rejected` (400) when it is not a plain non-negative
 * integer of at most 12 digits, `timestamp_refused` (401, with `oauth_acceptable_timestamps`) when outside
 * the window.
 *
 * @example
 * ```ts
 * checkTimestamp('1700000000', 1700000100_000, 300); // 1700000000
 * checkTimestamp('1699999000', 1700000100_000, 300); // throws timestamp_refused
 * ```
 */
export function checkTimestamp(value: string, nowMs: number, windowSeconds: number): number {
  if (!DIGITS.test(value)) {
    throw oauthProblem('parameter_rejected', 'oauth_timestamp must be a non-negative integer', {
      oauth_parameters_rejected: 'oauth_timestamp',
    });
  }
  const timestamp = Number(value);
  const now = Math.floor(nowMs / 1000);
  if (timestamp < now - windowSeconds || timestamp > now + windowSeconds) {
    throw oauthProblem('timestamp_refused', 'oauth_timestamp is outside the accepted window', {
      oauth_acceptable_timestamps: `${Math.max(0, now - windowSeconds)}-${now + windowSeconds}`,
    });
  }
  return timestamp;
}

/**
 * The first moment (epoch ms) at which `checkTimestamp` refuses `timestamp` as too old, with the same
 * window: the nonce of a request with this timestamp must be remembered until then (RFC 5849 §3.3: a nonce is
 * unique for as long as its timestamp is accepted). `checkTimestamp` compares whole seconds, so a timestamp `t`
 * is accepted until `(t + window + 1) × 1000 − 1` ms; a nonce kept only until `(t + window) × 1000` could be
 * replayed during that last second.
 *
 * @example
 * ```ts
 * import { timestampExpiresAt } from 'oauth1x/provider';
 * timestampExpiresAt(1700000000, 300); // 1700000301000
 * ```
 */
export function timestampExpiresAt(timestamp: number, windowSeconds: number): number {
  return (timestamp + windowSeconds + 1) * 1000;
}
