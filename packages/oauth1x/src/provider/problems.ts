/**
 * OAuth Problem Reporting values and their HTTP statuses (RFC 5849 §3.2: 400 for a malformed request, 401 for
 * credentials, signatures, timestamps and nonces that do not check out), plus the response helper.
 *
 * @module
 */
import { OAuthError, type OAuthProblem, OAuthProblemError } from '../core/errors.js';

/**
 * The `oauth_problem` values oauth1x's provider answers with, and their HTTP statuses.
 *
 * @example
 * ```ts
 * import { PROBLEM_STATUS } from 'oauth1x/provider';
 * PROBLEM_STATUS.nonce_used; // 401
 * ```
 */
export const PROBLEM_STATUS = {
  /** A required protocol parameter is missing (`oauth_parameters_absent` lists them). */
  parameter_absent: 400,
  /** A parameter is duplicated, malformed, badly encoded, in two locations, or over a limit. */
  parameter_rejected: 400,
  /** `oauth_version` is not `1.0` (`oauth_acceptable_versions`). */
  version_rejected: 400,
  /** Unknown or disallowed signature method, or PLAINTEXT over plain http. */
  signature_method_rejected: 400,
  /** `oauth_timestamp` outside the window (`oauth_acceptable_timestamps`). */
  timestamp_refused: 401,
  /** The nonce was already used with this consumer, token and timestamp. */
  nonce_used: 401,
  consumer_key_unknown: 401,
  /** The host application refused the consumer (thrown by its lookup). */
  consumer_key_refused: 401,
  consumer_key_rejected: 401,
  /** Unknown token, a token of another consumer, or the wrong kind of token. */
  token_rejected: 401,
  /** A request token that was already exchanged. */
  token_used: 401,
  token_expired: 401,
  token_revoked: 401,
  verifier_invalid: 401,
  signature_invalid: 401,
  permission_denied: 401,
  /** A store or lookup failed: the request is refused (fail closed) and may be retried. */
  temporarily_unavailable: 503,
} as const satisfies Partial<Record<OAuthProblem, number>>;

/**
 * An `oauth_problem` value oauth1x's provider answers with: the {@link OAuthProblem}s with a status in
 * {@link PROBLEM_STATUS}.
 *
 * @example
 * ```ts
 * import type { ProblemCode } from 'oauth1x/provider';
 * const problem: ProblemCode = 'nonce_used';
 * ```
 */
export type ProblemCode = keyof typeof PROBLEM_STATUS;

/**
 * Creates the typed error for a problem with its standard status (or `options.status`).
 *
 * @example
 * ```ts
 * import { oauthProblem } from 'oauth1x/provider';
 * throw oauthProblem('parameter_absent', 'oauth_nonce is missing', { oauth_parameters_absent: 'oauth_nonce' });
 * throw oauthProblem('parameter_rejected', 'Body too large', {}, { status: 413 });
 * ```
 */
export function oauthProblem(
  problem: ProblemCode,
  message: string,
  params: Record<string, string> = {},
  options: { status?: number; cause?: unknown } = {},
): OAuthProblemError {
  const status = options.status ?? PROBLEM_STATUS[problem];
  return new OAuthProblemError(problem, status, message, params, options.cause === undefined ? {} : { cause: options.cause });
}

/**
 * Turns anything thrown while verifying into an `OAuthProblemError`: problems pass through, limit errors become
 * `parameter_rejected`, malformed input `parameter_rejected`, anything else (a store or lookup failing)
 * `temporarily_unavailable` (503, fail closed).
 *
 * @example
 * ```ts
 * import { toProblemError } from 'oauth1x/provider';
 * toProblemError(new Error('redis down')).problem; // 'temporarily_unavailable'
 * ```
 */
export function toProblemError(error: unknown): OAuthProblemError {
  if (error instanceof OAuthProblemError) return error;
  if (error instanceof OAuthError) {
    if (error.code === 'ERR_INVALID_HEADER' || error.code === 'ERR_INVALID_ENCODING' || error.code === 'ERR_LIMIT_EXCEEDED') {
      return oauthProblem('parameter_rejected', error.message, {}, { cause: error });
    }
    if (error.code === 'ERR_INVALID_URL')
      return oauthProblem('parameter_rejected', 'The request URL cannot be verified', {}, { cause: error });
  }
  return oauthProblem('temporarily_unavailable', 'The request could not be verified right now', {}, { cause: error });
}

/**
 * The HTTP answer for anything `verifyRequest` threw: the problem's status, `WWW-Authenticate: OAuth
 * realm="...", oauth_problem="..."` and a form-encoded body. Non-problem errors answer 503
 * `temporarily_unavailable`, never 500.
 *
 * @example
 * ```ts
 * import { problemResponse, verifyRequest } from 'oauth1x/provider';
 * try {
 *   const verified = await verifyRequest(request, options);
 * } catch (error) {
 *   return problemResponse(error, { realm: 'api' });
 * }
 * ```
 */
export function problemResponse(error: unknown, options: { realm?: string | undefined } = {}): Response {
  return toProblemError(error).toResponse(options);
}
