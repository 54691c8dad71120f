/**
 * The `oauth_verifier` check of the access-token endpoint (RFC 5849 §2.3): the host's attempt hook first (it
 * counts the attempt and may refuse it), then a constant-time comparison with the verifier issued when the
 * user approved the request token (§2.2). Web APIs only.
 *
 * @module
 */
import { timingSafeEqual } from '../core/signature-methods.js';
import { oauthProblem } from './problems.js';
import type { MaybePromise, TokenRecord } from './verify-options.js';

function compare(token: TokenRecord | null, given: string): void {
  const expected = token?.verifier;
  // Compare even when no verifier was issued, so the answer takes the same time.
  const match = timingSafeEqual(expected ?? '\u0000', given);
  if (expected === undefined || expected === '' || !match)
    throw oauthProblem('verifier_invalid', 'The verifier is not valid for this token');
}

/**
 * Checks `given` against the token's verifier, after `beforeCheck` (when set) counted the attempt: synchronous
 * unless the hook answers a promise. Throws (or rejects with) `verifier_invalid`, or whatever the hook threw.
 *
 * @example
 * ```ts
 * checkVerifier('request-token', { secret: 's', kind: 'request', consumerKey: 'app', verifier: '0482913' }, '0482913');
 * ```
 */
export function checkVerifier(
  tokenKey: string | null,
  token: TokenRecord | null,
  given: string,
  beforeCheck?: ((tokenKey: string, token: TokenRecord) => MaybePromise<void>) | undefined,
): void | Promise<void> {
  if (beforeCheck !== undefined && tokenKey !== null && token !== null) {
    const counted = beforeCheck(tokenKey, token);
    if (counted instanceof Promise) return counted.then(() => compare(token, given));
  }
  compare(token, given);
}
