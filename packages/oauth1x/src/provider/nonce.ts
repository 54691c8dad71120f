/**
 * `oauth_nonce` checks and the atomic claim (RFC 5849 §3.3): a nonce is printable ASCII of bounded length, and
 * unique per consumer key, token and timestamp for as long as its timestamp is acceptable.
 *
 * @module
 */
import type { OAuthProblemError } from '../core/errors.js';
import { type NonceStore, nonceKey } from './nonce-store.js';
import { oauthProblem } from './problems.js';
import { timestampExpiresAt } from './timestamp.js';

/** Printable ASCII only (0x20–0x7E): a loop, cheaper than a regular expression call for a short nonce. */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Throws `parameter_rejected` unless `nonce` is 1 to `maxLength` printable ASCII characters.
 *
 * @example
 * ```ts
 * checkNonceFormat('kllo9940pd9333jh', 64); // ok
 * checkNonceFormat('é', 64); // throws parameter_rejected
 * ```
 */
export function checkNonceFormat(nonce: string, maxLength: number): void {
  if (nonce.length === 0 || nonce.length > maxLength || !printable(nonce)) {
    throw oauthProblem('parameter_rejected', `oauth_nonce must be 1 to ${maxLength} printable ASCII characters`, {
      oauth_parameters_rejected: 'oauth_nonce',
    });
  }
}

/**
 * Claims a nonce in the store, scoped by consumer key, token and timestamp, kept until the timestamp leaves the
 * window ({@link timestampExpiresAt}: `(timestamp + windowSeconds + 1)` seconds). Throws `nonce_used` (401) on a
 * replay and `temporarily_unavailable` (503, fail closed) when the store fails.
 *
 * @example
 * ```ts
 * await claimNonce(store, { consumerKey: 'ck', token: '', timestamp: 1700000000, nonce: 'n1' }, 300);
 * ```
 */
export async function claimNonce(
  store: NonceStore,
  scope: { consumerKey: string; token: string; timestamp: number; nonce: string },
  windowSeconds: number,
): Promise<void> {
  let fresh: boolean;
  try {
    fresh = await store.claim(
      nonceKey(scope.consumerKey, scope.token, String(scope.timestamp), scope.nonce),
      timestampExpiresAt(scope.timestamp, windowSeconds),
    );
  } catch (cause) {
    throw oauthProblem('temporarily_unavailable', 'The nonce store is unavailable', {}, { cause });
  }
  if (fresh !== true) throw nonceUsed();
}

/**
 * The `nonce_used` problem (401).
 *
 * @example
 * ```ts
 * if (!(await store.claim(key, expiresAt))) throw nonceUsed();
 * ```
 */
export function nonceUsed(): OAuthProblemError {
  return oauthProblem('nonce_used', 'The nonce was already used with this timestamp and credentials');
}
