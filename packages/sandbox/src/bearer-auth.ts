/**
 * `Authorization: Bearer …` on X API routes: an OAuth 2.0 user access token (RFC 6750 §2.1; the user is its
 * owner, the app its client) or an app's app-only bearer (no user). Each route accepts what its operation's
 * `security` in X's OpenAPI document lists: an app-only bearer on a user-context route, or a user token on a
 * route without `OAuth2UserToken`, is X's 403 `unsupported-authentication`; a user token without every scope
 * the operation lists is X's 403; an unknown, revoked or expired token is 401.
 *
 * @module
 */
import type { AppRecord, UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { jsonResponse, v1Error, v2Problem } from './x-errors.js';
import type { XSecurity } from './x-spec.js';

/** How an API call was authenticated. */
export type CallAuth = { kind: 'oauth1' } | { kind: 'oauth2'; scopes: string[] } | { kind: 'app' };

/** A bearer call that passed: its user (`null` for app-only), app and auth. */
export interface BearerCall {
  user: UserRecord | null;
  app: AppRecord;
  auth: CallAuth;
}

/** A refused bearer call: the answer and what the request log records. */
export interface BearerRefusal {
  response: Response;
  problem: string;
  consumerKey: string | null;
}

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), `null` for any other header.
 *
 * @example
 * ```ts
 * bearerToken(new Headers({ authorization: 'Bearer abc' })); // 'abc'
 * ```
 */
export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer +([A-Za-z0-9\-._~+/%]+=*) *$/i.exec(headers.get('authorization') ?? '');
  return match === null ? null : (match[1] as string);
}

const NAMES = { userToken: 'OAuth 1.0a User Context', oauth2: 'OAuth 2.0 User Context', bearer: 'OAuth 2.0 Application-Only' } as const;

/**
 * X's 403 for credentials an operation does not accept, naming the ones it does (from its `security`).
 *
 * @example
 * ```ts
 * return unsupportedAuthentication('OAuth 1.0a User Context', specOperation('GET /2/users/me').security);
 * ```
 */
export function unsupportedAuthentication(kind: (typeof NAMES)[keyof typeof NAMES], security: XSecurity | undefined): Response {
  const supported = [
    security?.userToken ? NAMES.userToken : null,
    security?.oauth2Scopes ? NAMES.oauth2 : null,
    security?.bearer ? NAMES.bearer : null,
  ].filter((n) => n !== null);
  return jsonResponse(
    {
      title: 'Unsupported Authentication',
      detail: `Authenticating with ${kind} is forbidden for this endpoint.  Supported authentication types are [${supported.join(', ')}].`,
      type: 'https://api.x.com/2/problems/unsupported-authentication',
      status: 403,
    },
    403,
  );
}

/**
 * Checks a bearer against the route's `security` (`undefined`: a v1.1 route, user context by OAuth 1.0a only).
 *
 * @example
 * ```ts
 * const result = authenticateBearer(ctx, 'v2', bearer, specOperation('GET /2/users/me').security);
 * if ('response' in result) return result.response;
 * ```
 */
export function authenticateBearer(
  ctx: SandboxContext,
  style: 'v1' | 'v2',
  token: string,
  security: XSecurity | undefined,
): BearerCall | BearerRefusal {
  const grant = ctx.oauth2.lookup(token);
  const app = grant === null ? undefined : ctx.accounts.appById(grant.appId);
  const refuse = (response: Response, problem: string): BearerRefusal => ({ response, problem, consumerKey: app?.consumerKey ?? null });
  if (grant === null || app === undefined) return refuse(style === 'v2' ? v2Problem(401) : v1Error(89), 'bearer_invalid');
  if (grant.kind === 'app') {
    if (style === 'v1' || security?.bearer !== true)
      return refuse(style === 'v2' ? unsupportedAuthentication(NAMES.bearer, security) : v1Error(220), 'app_only_forbidden');
    return { user: null, app, auth: { kind: 'app' } };
  }
  const user = ctx.accounts.userById(grant.userId);
  if (user === undefined || grant.expiresAt <= ctx.now()) return refuse(style === 'v2' ? v2Problem(401) : v1Error(89), 'bearer_expired');
  if (style === 'v1' || security?.oauth2Scopes === null || security === undefined)
    return refuse(style === 'v2' ? unsupportedAuthentication(NAMES.oauth2, security) : v1Error(220), 'oauth2_forbidden');
  const missing = security.oauth2Scopes.filter((s) => !grant.scopes.includes(s));
  if (missing.length > 0) return refuse(v2Problem(403), `missing_scope ${missing.join(' ')}`);
  return { user, app, auth: { kind: 'oauth2', scopes: grant.scopes } };
}
