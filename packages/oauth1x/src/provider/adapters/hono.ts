/**
 * Hono middleware: `oauthVerify` verifies every request with `verifyRequest` and puts the verified result on
 * the context (`c.get('oauth')`); `oauthEndpoints` serves the token endpoints handler inside a Hono app.
 * Hono is an optional peer dependency: this module only uses its types. `oauth1x/provider/hono`.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { OAuthProblemError } from '../../core/errors.js';
import { toProblemError } from '../problems.js';
import type { ConsumerRecord, MaybePromise, TokenRecord, VerifiedRequest, VerifyOptions } from '../verify-options.js';
import { verifyRequest } from '../verify-request.js';

/** The context variables `oauthVerify` sets. */
export interface OAuthVariables<C extends ConsumerRecord = ConsumerRecord, T extends TokenRecord = TokenRecord> {
  oauth: VerifiedRequest<C, T>;
}

/** Options of {@link oauthVerify}. */
export interface OAuthVerifyMiddlewareOptions {
  /** Renders a rejected request. Default: the problem response (`WWW-Authenticate` + form body). */
  formatError?: ((error: OAuthProblemError, c: Context) => MaybePromise<Response>) | undefined;
}

/**
 * Verifies OAuth 1.0a signed requests (RFC 5849 §3.2) before the route runs. The verified consumer, token and
 * parameters are at `c.get('oauth')`; rejected requests get the problem answer and never reach the route. The
 * body stays readable by the route. Options may be computed per request (e.g. the public URL behind a proxy).
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { oauthVerify, type OAuthVariables } from 'oauth1x/provider/hono';
 * const app = new Hono<{ Variables: OAuthVariables }>();
 * app.use('/api/*', oauthVerify({ lookupConsumer, lookupToken: storeTokenLookup(store), nonceStore: store }));
 * app.get('/api/me', (c) => c.json({ consumer: c.get('oauth').consumerKey }));
 * ```
 */
export function oauthVerify<C extends ConsumerRecord = ConsumerRecord, T extends TokenRecord = TokenRecord>(
  options: VerifyOptions<C, T> | ((c: Context) => MaybePromise<VerifyOptions<C, T>>),
  middleware: OAuthVerifyMiddlewareOptions = {},
): MiddlewareHandler<{ Variables: OAuthVariables<C, T> }> {
  return async (c, next) => {
    let verified: VerifiedRequest<C, T>;
    try {
      const resolved = typeof options === 'function' ? await options(c) : options;
      verified = await verifyRequest(c.req.raw, resolved);
    } catch (thrown) {
      const error = toProblemError(thrown);
      const realm = typeof options === 'function' ? undefined : options.realm;
      if (middleware.formatError !== undefined) {
        try {
          return await middleware.formatError(error, c);
        } catch {
          // Fall back to the standard answer.
        }
      }
      return error.toResponse({ realm });
    }
    c.set('oauth', verified);
    await next();
  };
}

/**
 * Serves a token endpoints handler (or any handler with `fetch` and `handles`) inside a Hono app; other paths
 * continue to the next route.
 *
 * @example
 * ```ts
 * import { oauthEndpoints } from 'oauth1x/provider/hono';
 * app.use('/oauth/*', oauthEndpoints(provider));
 * ```
 */
export function oauthEndpoints(handler: {
  fetch(request: Request): Promise<Response>;
  handles(pathname: string): boolean;
}): MiddlewareHandler {
  return async (c, next) => {
    if (!handler.handles(new URL(c.req.url).pathname)) {
      await next();
      return;
    }
    return handler.fetch(c.req.raw);
  };
}
