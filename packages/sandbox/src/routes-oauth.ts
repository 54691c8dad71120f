/**
 * X's OAuth token endpoints on oauth1x's provider: `request_token`, `access_token` (verifier and xAuth),
 * `/1.1/oauth/invalidate_token`, with X's answers (`user_id`, `screen_name`, `x_auth_expires`, 7-digit PINs
 * for `oob`, error codes 32/89/135/215/415, the plain-text invalid-verifier answer).
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { formEncode, parseFormEncoded, percentEncode } from 'oauth1x';
import type { EndpointName, ProviderConsumer, ProviderHandler } from 'oauth1x/provider';
import { createProviderHandler, oauthProblem, randomToken } from 'oauth1x/provider';
import type { SandboxContext } from './context.js';
import { checkLogin, XAUTH_THROTTLE } from './login-throttle.js';
import { PasswordCheckBusy } from './password-gate.js';
import { explainBaseString } from './request-log.js';
import { type ErrorStyle, loggedProblem, xOAuthError } from './x-oauth-errors.js';

/**
 * Form bodies of token-endpoint requests, kept so a rejected request's base string can be shown.
 *
 * @example
 * ```ts
 * oauthBodies.set(request, 'x_auth_mode=client_auth&...');
 * ```
 */
export const oauthBodies = new WeakMap<Request, string>();

/** A sandbox app as the provider sees it. */
export interface SandboxConsumer extends ProviderConsumer {
  name: string;
}

const STYLES: Record<EndpointName, ErrorStyle> = {
  request_token: 'request_token',
  authorize: 'request_token',
  access_token: 'access_token',
  invalidate_token: 'invalidate_token',
};

/** Callback entries in the provider's syntax (`*` suffix = prefix match). */
function providerCallbacks(registered: readonly string[]): string[] {
  return registered.filter((entry) => entry !== 'oob');
}

/**
 * Creates the provider handler for the sandbox's token endpoints.
 *
 * @example
 * ```ts
 * const provider = createOAuthEndpoints(ctx);
 * const response = await provider.fetch(request);
 * ```
 */
export function createOAuthEndpoints(ctx: SandboxContext): ProviderHandler<SandboxConsumer> {
  return createProviderHandler<SandboxConsumer>({
    store: ctx.store,
    lookupConsumer: (key) => {
      const app = ctx.accounts.appByKey(key);
      if (!app) return null;
      return {
        name: app.name,
        secret: app.consumerSecret,
        publicKey: app.rsaPublicKey ?? undefined,
        signatureMethods: app.signatureMethods,
        callbackUrls: providerCallbacks(app.callbackUrls),
        allowOob: app.callbackUrls.includes('oob'),
        xAuth: app.xauth,
      };
    },
    authenticateUser: async (_username, password, { canonicalUsername }) => {
      let user: Awaited<ReturnType<typeof checkLogin>>;
      try {
        user = await checkLogin(ctx, canonicalUsername, password);
      } catch (error) {
        // X's answer for too much at once: 503, code 130, Retry-After.
        if (error instanceof PasswordCheckBusy) throw oauthProblem('temporarily_unavailable', error.message);
        throw error;
      }
      return user === null ? null : { userId: user.id };
    },
    xAuthThrottle: XAUTH_THROTTLE,
    accessTokenFields: ({ userId, mode }) => {
      const user = ctx.accounts.userById(userId);
      const fields: Record<string, string> = { user_id: userId, screen_name: user?.screenName ?? '' };
      if (mode === 'xauth') fields.x_auth_expires = '0';
      return fields;
    },
    formatError: (error, { endpoint, request }) => {
      const response = xOAuthError(error, endpoint === null ? 'v1' : STYLES[endpoint], new URL(request.url).origin, ctx.now());
      ctx.log.add({
        at: ctx.now(),
        method: request.method,
        url: request.url,
        status: response.status,
        consumerKey: /oauth_consumer_key="([^"]*)"/.exec(request.headers.get('authorization') ?? '')?.[1] ?? null,
        problem: loggedProblem(error),
        baseString: explainBaseString(request.method, request.url, request.headers.get('authorization'), oauthBodies.get(request)),
      });
      return response;
    },
    paths: { invalidateToken: '/1.1/oauth/invalidate_token' },
    invalidateTokenFormat: 'json',
    reuseAccessTokens: true,
    keepRequestTokenParams: ['x_auth_access_type'],
    verify: {
      clock: { now: ctx.now },
      timestampWindowSeconds: ctx.timestampWindowSeconds,
      // X tolerated a parameter repeated with the same value in the header and the body (oauth-1.0a's oauth_callback).
      compat: { repeatedTokenInBody: true, sameValueInHeaderAndBody: true },
      uniformCredentialErrors: ctx.uniformCredentialErrors,
    },
    generate: {
      accessToken: (userId) => `${userId}-${randomToken(24)}`,
      verifier: (callback) => (callback === 'oob' ? String(randomInt(0, 10_000_000)).padStart(7, '0') : randomToken(24)),
    },
  });
}

/**
 * X compatibility: clients such as twitter-api-v2 send `oauth_callback` in the form body of `request_token`
 * while the other protocol parameters travel in the Authorization header, and X accepts it. The base string
 * holds every parameter whatever its location, so moving that one parameter into the header changes nothing
 * that was signed; the provider (strict about one location, RFC 5849 §3.5) then verifies it as usual.
 * Returns the body and header to use (unchanged unless exactly that case).
 *
 * @example
 * ```ts
 * const { body, authorization } = hoistCallback(request.headers.get('authorization'), 'oauth_callback=oob');
 * ```
 */
export function hoistCallback(authorization: string | null, body: string): { body: string; authorization: string | null } {
  if (authorization === null || !/^\s*OAuth\s/i.test(authorization) || /oauth_callback\s*=/.test(authorization))
    return { body, authorization };
  let pairs: ReturnType<typeof parseFormEncoded>;
  try {
    pairs = parseFormEncoded(body);
  } catch {
    return { body, authorization };
  }
  const protocol = pairs.filter(([name]) => name.startsWith('oauth_'));
  if (protocol.length !== 1 || protocol[0]?.[0] !== 'oauth_callback') return { body, authorization };
  const rest = pairs.filter(([name]) => name !== 'oauth_callback');
  return {
    body: formEncode(rest),
    authorization: `${authorization.trimEnd().replace(/,\s*$/, '')}, oauth_callback="${percentEncode(protocol[0][1])}"`,
  };
}
