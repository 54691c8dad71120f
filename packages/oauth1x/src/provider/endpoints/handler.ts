/**
 * `createProviderHandler`: the OAuth 1.0a token endpoints (RFC 5849 §2) as one Web `fetch` handler —
 * request_token (§2.1), authorize (§2.2, through the host's consent page), access_token (§2.3, plus xAuth)
 * and invalidate_token (X's revocation endpoint). GET and POST are accepted; answers are form-encoded;
 * errors are OAuth problem responses (or whatever `formatError` renders), never a 500. Web APIs only.
 *
 * @module
 */
import { isFormContentType, type Parameter, parseFormEncoded } from '../../core/parameters.js';
import { oauthProblem, toProblemError } from '../problems.js';
import { decodeBodyText, readBodyBytes } from '../request-body.js';
import { verifyRequest } from '../verify-request.js';
import { type EndpointContext, exchangePassword, exchangeVerifier, retryAfter } from './access-token.js';
import { callbackWith, checkCallback, formResponse, randomToken, renderError, storeTokenLookup, transitionProblem } from './helpers.js';
import type { Approval, EndpointName, ProviderConsumer, ProviderHandler, ProviderHandlerOptions, ProviderPaths } from './types.js';

/**
 * The default endpoint paths.
 *
 * @example
 * ```ts
 * import { createProviderHandler, DEFAULT_PATHS } from 'oauth1x/provider';
 * createProviderHandler({ store, lookupConsumer, paths: { ...DEFAULT_PATHS, accessToken: '/oauth/token' } });
 * ```
 */
export const DEFAULT_PATHS: Readonly<ProviderPaths> = Object.freeze({
  requestToken: '/oauth/request_token',
  authorize: '/oauth/authorize',
  accessToken: '/oauth/access_token',
  invalidateToken: '/oauth/invalidate_token',
});

const DEFAULT_MAX_BODY = 65536;

function peekXAuthMode(request: Request, body: string | undefined): boolean {
  try {
    const query = new URL(request.url).search;
    const pairs: Parameter[] = query.length > 1 ? parseFormEncoded(query.slice(1)) : [];
    if (body !== undefined) pairs.push(...parseFormEncoded(body));
    return pairs.some(([name]) => name === 'x_auth_mode');
  } catch {
    // Malformed: verifyRequest reports it precisely on the three-legged path.
    return false;
  }
}

/**
 * Creates the token endpoints handler. The host supplies the store and the consumer lookup, plus optional
 * hooks: `authenticateUser` (xAuth), `onAuthorize` (consent page), `accessTokenFields`, `formatError`.
 *
 * @example
 * ```ts
 * import { createMemoryStore, createProviderHandler } from 'oauth1x/provider';
 * const provider = createProviderHandler({
 *   store: createMemoryStore(),
 *   lookupConsumer: (key) => (key === 'app' ? { secret: 'app-secret', callbackUrls: ['https://app.example/*'] } : null),
 *   onAuthorize: (request, ctx) => new Response(`<form>Allow ${ctx.requestToken.consumerKey}?</form>`, { headers: { 'content-type': 'text/html' } }),
 *   accessTokenFields: ({ userId }) => ({ user_id: userId }),
 * });
 * // Fetch-style servers (Hono, Deno, Bun, workers): export default { fetch: provider.fetch };
 * // After login + consent: const { redirectUrl } = await provider.approve(token, userId);
 * ```
 */
export function createProviderHandler<C extends ProviderConsumer = ProviderConsumer>(
  options: ProviderHandlerOptions<C>,
): ProviderHandler<C> {
  const attempts = options.maxVerifierAttempts;
  if (attempts !== undefined && !(Number.isSafeInteger(attempts) && attempts >= 1))
    throw new TypeError('maxVerifierAttempts must be an integer ≥ 1');
  const paths: ProviderPaths = { ...DEFAULT_PATHS, ...stripUndefined(options.paths ?? {}) };
  const store = options.store;
  const clock = options.verify?.clock ?? { now: () => Date.now() };
  const now = () => clock.now();
  const secret = options.generate?.secret ?? (() => randomToken(32));
  const maxBody = options.verify?.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const realm = options.realm;
  const routes = new Map<string, EndpointName>([
    [paths.requestToken, 'request_token'],
    [paths.accessToken, 'access_token'],
    [paths.invalidateToken, 'invalidate_token'],
  ]);
  if (options.onAuthorize !== undefined) routes.set(paths.authorize, 'authorize');

  const ctx: EndpointContext<C> = {
    options,
    now,
    secret,
    verifyBase: (request, body) => ({
      ...options.verify,
      lookupConsumer: options.lookupConsumer,
      nonceStore: store,
      realm,
      // The form body read once here; undefined otherwise (verifyRequest then reads a non-form body only for oauth_body_hash).
      body,
      url: options.publicUrl?.(request),
    }),
  };

  async function readForm(request: Request): Promise<string | undefined> {
    if (!isFormContentType(request.headers.get('content-type')) || request.body === null) return undefined;
    return decodeBodyText(await readBodyBytes(request, maxBody));
  }

  async function requestToken(request: Request): Promise<Response> {
    const body = await readForm(request);
    const verified = await verifyRequest<C>(request, {
      ...ctx.verifyBase(request, body),
      expectToken: 'none',
      requiredParams: ['oauth_callback'],
    });
    const callback = verified.oauthParams.oauth_callback as string;
    checkCallback(callback, verified.consumer);
    const meta: Record<string, string> = {};
    for (const name of options.keepRequestTokenParams ?? []) {
      const found = verified.params.find(([key]) => key === name);
      if (found !== undefined) meta[name] = found[1];
    }
    const at = now();
    const token = options.generate?.requestToken?.() ?? randomToken(32);
    const tokenSecret = secret();
    await store.saveRequestToken({
      token,
      secret: tokenSecret,
      consumerKey: verified.consumerKey,
      callback,
      state: 'pending',
      verifier: null,
      userId: null,
      createdAt: at,
      expiresAt: at + (options.requestTokenTtlSeconds ?? 900) * 1000,
      meta,
    });
    return formResponse([
      ['oauth_token', token],
      ['oauth_token_secret', tokenSecret],
      ['oauth_callback_confirmed', 'true'],
    ]);
  }

  async function accessToken(request: Request): Promise<Response> {
    const body = await readForm(request);
    if (peekXAuthMode(request, body)) return exchangePassword(ctx, request, body);
    return exchangeVerifier(ctx, request, body);
  }

  async function invalidateToken(request: Request): Promise<Response> {
    const body = await readForm(request);
    const verified = await verifyRequest<C>(request, {
      ...ctx.verifyBase(request, body),
      expectToken: 'access',
      lookupToken: storeTokenLookup(store, 'access'),
    });
    const token = verified.tokenKey as string;
    const named = verified.params.find(([name]) => name === 'access_token');
    if (named !== undefined && named[1] !== token) {
      throw oauthProblem('parameter_rejected', 'access_token must be the token the request is signed with', {
        oauth_parameters_rejected: 'access_token',
      });
    }
    if (!(await store.revokeAccessToken(token))) throw oauthProblem('token_rejected', 'The token was already revoked');
    if (options.invalidateTokenFormat === 'json') {
      return new Response(JSON.stringify({ access_token: token }), {
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    return formResponse([['oauth_token', token]]);
  }

  async function pending(token: string) {
    const record = await store.getRequestToken(token);
    if (record === null || record.state !== 'pending' || record.expiresAt <= now()) return null;
    const consumer = await options.lookupConsumer(record.consumerKey);
    return consumer == null ? null : { requestToken: record, consumer };
  }

  async function approve(token: string, userId: string): Promise<Approval> {
    if (typeof userId !== 'string' || userId === '') throw new TypeError('approve() needs a user id');
    const record = await store.getRequestToken(token);
    if (record === null) throw transitionProblem('unknown');
    const verifier = options.generate?.verifier?.(record.callback) ?? randomToken(20);
    const result = await store.authorizeRequestToken(token, userId, verifier, now());
    if (!result.ok) throw transitionProblem(result.reason);
    const { callback, consumerKey } = result.record;
    const redirectUrl = callbackWith(callback, [
      ['oauth_token', token],
      ['oauth_verifier', verifier],
    ]);
    return { verifier, callback, redirectUrl, consumerKey };
  }

  async function deny(token: string): Promise<{ redirectUrl: string | null }> {
    const record = await store.getRequestToken(token);
    if (record === null) throw transitionProblem('unknown');
    if (record.state !== 'pending') throw transitionProblem('used');
    await store.deleteRequestToken(token);
    return { redirectUrl: callbackWith(record.callback, [['denied', token]]) };
  }

  async function authorize(request: Request): Promise<Response> {
    const token = new URL(request.url).searchParams.get('oauth_token');
    if (token === null || token === '') {
      throw oauthProblem('parameter_absent', 'Missing oauth_token', { oauth_parameters_absent: 'oauth_token' });
    }
    const found = await pending(token);
    if (found === null) {
      const record = await store.getRequestToken(token);
      if (record === null) throw transitionProblem('unknown');
      throw transitionProblem(record.state !== 'pending' ? 'used' : 'expired');
    }
    return (options.onAuthorize as NonNullable<typeof options.onAuthorize>)(request, {
      ...found,
      approve: (userId) => approve(token, userId),
      deny: () => deny(token),
    });
  }

  const endpoints: Record<EndpointName, (request: Request) => Promise<Response>> = {
    request_token: requestToken,
    authorize,
    access_token: accessToken,
    invalidate_token: invalidateToken,
  };

  async function fetch(request: Request): Promise<Response> {
    let endpoint: EndpointName | null = null;
    try {
      const { pathname } = new URL(request.url);
      endpoint = routes.get(pathname) ?? null;
      if (endpoint === null) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
      if (request.method !== 'GET' && request.method !== 'POST' && !(endpoint === 'authorize' && request.method === 'HEAD')) {
        return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, POST', 'content-type': 'text/plain' } });
      }
      return await endpoints[endpoint](request);
    } catch (thrown) {
      const error = toProblemError(thrown);
      const format = options.formatError;
      const response = await renderError(error, realm, format && (() => format(error, { endpoint, request })));
      const wait = retryAfter.get(error);
      if (wait !== undefined && !response.headers.has('retry-after')) {
        try {
          response.headers.set('retry-after', String(wait));
        } catch {
          // Immutable headers from a host formatter: leave them as they are.
        }
      }
      return response;
    }
  }

  return {
    fetch,
    handles: (pathname) => routes.has(pathname),
    paths,
    approve,
    deny,
    describe: pending,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
