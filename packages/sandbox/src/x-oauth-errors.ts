/**
 * How X answers OAuth failures: v1.1 and token endpoints with `{"errors":[{"code","message"}]}` (32, 89, 135,
 * 215, 415; a parameter duplicated across header, query and body is 400 code 215 naming it and both places), the plain-text answers of `access_token`, and v2 problem JSON; always with
 * `WWW-Authenticate: OAuth realm="...", oauth_problem="..."` and, for code 135, a `Date` header.
 *
 * @module
 */
import { OAuthProblemError } from 'oauth1x';
import { duplicateParameterOf } from 'oauth1x/provider';
import { textResponse, withResponseText } from './body-side-channel.js';
import { type V1ErrorCode, v1Error, v2Problem } from './x-errors.js';

/** Which API family answers. */
export type ErrorStyle = 'v1' | 'v2' | 'request_token' | 'access_token' | 'invalidate_token';

/**
 * The X v1.1 error code for an OAuth problem.
 *
 * @example
 * ```ts
 * xCodeFor(new OAuthProblemError('timestamp_refused', 401, 'old')); // 135
 * ```
 */
export function xCodeFor(error: OAuthProblemError): V1ErrorCode {
  switch (error.problem) {
    case 'timestamp_refused':
      return 135;
    case 'token_rejected':
    case 'token_expired':
    case 'token_used':
    case 'token_revoked':
      return 89;
    case 'parameter_absent':
    case 'parameter_rejected':
    case 'version_rejected':
    case 'signature_method_rejected':
      return 215;
    default:
      return 32;
  }
}

/**
 * The problem to log for `error`: the precise one behind a uniform credential answer (its `cause`), for the
 * developer's request log and console only — the answer on the wire never carries it.
 *
 * @example
 * ```ts
 * loggedProblem(uniformCredentialError(oauthProblem('consumer_key_unknown', 'Unknown consumer key'))); // 'consumer_key_unknown'
 * ```
 */
export function loggedProblem(error: OAuthProblemError): string {
  return error.cause instanceof OAuthProblemError ? error.cause.problem : error.problem;
}

function challenge(realm: string, error: OAuthProblemError): string {
  const quote = (v: string) => v.replace(/["\\\r\n]/g, '');
  return `OAuth realm="${quote(realm)}", oauth_problem="${quote(error.problem)}"`;
}

/**
 * X's answer for an OAuth problem.
 *
 * @example
 * ```ts
 * return xOAuthError(error, 'v1', 'https://api.x.com', Date.now());
 * ```
 */
export function xOAuthError(error: OAuthProblemError, style: ErrorStyle, realm: string, now: number): Response {
  const headers: Record<string, string> = { 'www-authenticate': challenge(realm, error), 'cache-control': 'no-cache, no-store, max-age=0' };
  if (error.problem === 'timestamp_refused') headers.date = new Date(now).toUTCString();
  if (error.status === 503) {
    headers['retry-after'] = '1';
    return style === 'v2' ? v2Problem(503, 'Service Unavailable', headers) : withStatus(v1Error(32, 'Over capacity', headers), 503, 130);
  }
  if (duplicateParameterOf(error) !== undefined) {
    // A parameter in two places (different values, or any duplicate where the route is strict): X's 400 shape
    // with a message naming the parameter and both places, never a callback or credential answer.
    return style === 'v2' ? v2Problem(400, error.message, headers) : v1Error(215, error.message, headers);
  }
  if (style === 'v2') {
    if (error.status === 413 || error.status === 414) return v2Problem(error.status, error.message, headers);
    return v2Problem(401, 'Unauthorized', headers);
  }
  if (error.status === 429) {
    // Throttled xAuth logins (Retry-After is added by the provider).
    return v1Error(88, undefined, headers);
  }
  if (style === 'access_token') {
    const text = (body: string) =>
      textResponse(body, { status: 401, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
    if (error.problem === 'verifier_invalid') return text('Error processing your OAuth request: Invalid oauth_verifier parameter');
    if (error.problem === 'permission_denied') return text('Invalid user name or password');
    if (error.problem === 'consumer_key_refused') return text('Client application is not permitted to use xAuth.');
  }
  if (style === 'request_token' && error.params.oauth_parameters_rejected === 'oauth_callback') return v1Error(415, undefined, headers);
  const code = xCodeFor(error);
  const response = v1Error(code, undefined, headers);
  return error.status === 413 || error.status === 414 ? withStatus(response, error.status) : response;
}

function withStatus(response: Response, status: number, code?: number): Response {
  if (code === undefined) return withResponseText(response, { status, headers: response.headers });
  return textResponse(JSON.stringify({ errors: [{ code, message: 'Over capacity' }] }), { status, headers: response.headers });
}
