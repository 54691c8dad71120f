/**
 * Route builders for v2 routes described by X's OpenAPI document: each route is checked against its operation
 * (`:id` → `{id}`) before its handler and takes the credentials the operation's `security` lists.
 *
 * @module
 */
import { type ApiHandler, apiRoute, type RouteSpec } from './api.js';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { specOperation, withSpec } from './x-spec.js';

type Method = RouteSpec['method'];

/**
 * `r` builds a user-context route, `rb` one that app-only bearers may call too (its handler gets `user: null`
 * then). Each throws when the table disagrees with the spec about app-only access, so a route X opens to app-only
 * bearers always has an app-only handler and no other route gets one.
 *
 * @example
 * ```ts
 * const { r, rb } = specRouteBuilders(ctx);
 * const routes = [r('GET', '/2/users/me', 'GET /2/users/me', me), rb('GET', '/2/tweets/:id', 'GET /2/tweets', getTweet)];
 * ```
 */
export function specRouteBuilders(ctx: SandboxContext): {
  r: (method: Method, path: string, endpoint: string, handler: ApiHandler) => RouteSpec;
  rb: (method: Method, path: string, endpoint: string, handler: ApiHandler<UserRecord | null>) => RouteSpec;
} {
  const build = (method: Method, path: string, endpoint: string, handler: ApiHandler<UserRecord | null>, appOnly: boolean): RouteSpec => {
    const key = `${method} ${path.replace(/:(\w+)/g, '{$1}')}`;
    const security = specOperation(key).security;
    if (security.bearer !== appOnly) throw new Error(`${key}: app-only ${security.bearer ? 'accepted' : 'refused'} by X's spec`);
    const checked = withSpec(key, handler);
    return { method, path, handler: apiRoute(ctx, 'v2', endpoint, checked, { security, ...(appOnly ? { appOnly: checked } : {}) }) };
  };
  return {
    // A user-context handler is only ever called with a user: apiRoute refuses app-only bearers on these routes.
    r: (method, path, endpoint, handler) => build(method, path, endpoint, handler as ApiHandler<UserRecord | null>, false),
    rb: (method, path, endpoint, handler) => build(method, path, endpoint, handler, true),
  };
}
