/**
 * The wrapper every X API route runs in: bounded body read, OAuth verification with the provider's
 * `verifyRequest` against the URL the client signed, per-user rate limiting with `x-rate-limit-*` headers,
 * X's error formats, and the request log. Handlers get the user, app and parameters.
 *
 * @module
 */
import { isFormContentType, type Parameter } from 'oauth1x';
import { declaresMoreThan, readBodyWithin } from 'oauth1x/provider';
import { type Authenticated, verifyOAuth1 } from './api-oauth1.js';
import type { AppRecord, UserRecord } from './apps-users.js';
import { authenticateBearer, bearerToken, type CallAuth, unsupportedAuthentication } from './bearer-auth.js';
import { bodyBytesOf, withHeaders } from './body-side-channel.js';
import type { SandboxContext } from './context.js';
import { type Multipart, parseMultipart } from './multipart.js';
import { rateLimitHeaders } from './rate-limit.js';
import { jsonResponse, v1Error, v2InvalidRequest, v2Problem } from './x-errors.js';
import type { FormatSources } from './x-format-v1.js';
import type { XSecurity } from './x-spec.js';

/**
 * Query and form parameters of a request, decoded, in order.
 *
 * @example
 * ```ts
 * const params = new Params([['count', '5']]);
 * params.get('count'); // '5'
 * ```
 */
export class Params {
  constructor(readonly list: readonly Parameter[]) {}
  /** The first value of `name`. */
  get(name: string): string | undefined {
    for (const [n, v] of this.list) if (n === name) return v;
    return undefined;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** What a route handler gets; `U` is `null` on an app-only call (routes whose operation accepts `BearerToken`). */
export interface ApiCall<U extends UserRecord | null = UserRecord> {
  ctx: SandboxContext;
  request: Request;
  url: URL;
  user: U;
  app: AppRecord;
  /** How the call was authenticated (OAuth 1.0a, an OAuth 2.0 user token with its scopes, app-only). */
  auth: CallAuth;
  params: Params;
  /** Parsed JSON body (v2 writes), `undefined` when the body is not JSON. */
  json: unknown;
  /** Multipart body (media uploads), `null` otherwise. */
  form: Multipart | null;
  /** Path parameters (`:id`). */
  path: Record<string, string>;
  sources: FormatSources;
}

/** A route handler. */
export type ApiHandler<U extends UserRecord | null = UserRecord> = (call: ApiCall<U>) => Response | Promise<Response>;

/**
 * Thrown by handlers for a v2 JSON body that cannot be parsed, and by the body reader.
 *
 * @example
 * ```ts
 * throw new BodyError(413, 'Request body too large');
 * ```
 */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `max` bytes; throws {@link BodyError} 413 beyond. Bytes the Node listener
 * already read ({@link bodyBytesOf}) are used first; any other request's body stream is read.
 *
 * @example
 * ```ts
 * const bytes = await readBody(request, 65536);
 * ```
 */
export async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const read = bodyBytesOf(request);
  if (read === undefined && request.body === null) return null;
  if (declaresMoreThan(request.headers.get('content-length'), max)) throw new BodyError(413, 'Request body too large');
  if (read !== undefined) {
    if (read.byteLength > max) throw new BodyError(413, 'Request body too large');
    return read;
  }
  if (request.body === null) return null;
  const bytes = await readBodyWithin(request.body, max);
  if (bytes === null) throw new BodyError(413, 'Request body too large');
  return bytes;
}

/** Options of {@link apiRoute}. */
export interface ApiRouteOptions {
  /** Largest body in bytes. Default 65536. */
  maxBody?: number;
  /** The credentials X accepts here (the spec's `security`); without it only OAuth 1.0a user context. */
  security?: XSecurity;
  /** The handler of app-only calls, required when `security.bearer` (usually the handler itself). */
  appOnly?: ApiHandler<null>;
}

/** One route of the app. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Hono path pattern. */
  path: string;
  handler: (request: Request, path: Record<string, string>) => Promise<Response>;
}

/**
 * A shorthand for the route tables: `route(method, path, endpoint, handler)` is an {@link apiRoute} of `style`.
 *
 * @example
 * ```ts
 * const route = routeBuilder(ctx, 'v2');
 * const spec = route('GET', '/2/users/me', 'GET /2/users/me', (call) => jsonResponse({ data: { id: call.user.id } }));
 * ```
 */
export function routeBuilder(
  ctx: SandboxContext,
  style: 'v1' | 'v2',
): (method: RouteSpec['method'], path: string, endpoint: string, handler: ApiHandler) => RouteSpec {
  return (method, path, endpoint, handler) => ({ method, path, handler: apiRoute(ctx, style, endpoint, handler) });
}

/**
 * Wraps a handler as an authenticated, rate-limited X API route.
 *
 * @example
 * ```ts
 * const route = apiRoute(ctx, 'v2', 'GET /2/users/me', (call) => jsonResponse({ data: { id: call.user.id } }));
 * const response = await route(request, {});
 * ```
 */
export function apiRoute(
  ctx: SandboxContext,
  style: 'v1' | 'v2',
  endpoint: string,
  handler: ApiHandler,
  options: ApiRouteOptions = {},
): (request: Request, path: Record<string, string>) => Promise<Response> {
  const maxBody = options.maxBody ?? 65536;
  return async (request, path) => {
    const url = new URL(request.url);
    const log = (status: number, consumerKey: string | null, problem: string | null, baseString: string | null) =>
      ctx.log.add({ at: ctx.now(), method: request.method, url: request.url, status, consumerKey, problem, baseString });
    let bytes: Uint8Array<ArrayBuffer> | null;
    try {
      bytes = await readBody(request, maxBody);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      log(status, null, 'body', null);
      return style === 'v2'
        ? v2Problem(status, 'Request body too large')
        : jsonResponse({ errors: [{ code: 38, message: 'Request body too large.' }] }, status);
    }
    const contentType = request.headers.get('content-type');
    const isForm = isFormContentType(contentType);
    let formText: string | undefined;
    if (isForm && bytes !== null) {
      try {
        formText = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        log(400, null, 'encoding', null);
        return style === 'v2' ? v2Problem(400, 'The request body is not valid UTF-8') : v1Error(215);
      }
    }
    let authed: Authenticated;
    const bearer = bearerToken(request.headers);
    if (bearer !== null) {
      const result = authenticateBearer(ctx, style, bearer, options.security);
      if ('response' in result) {
        log(result.response.status, result.consumerKey, result.problem, null);
        return result.response;
      }
      const params: Parameter[] = [...url.searchParams];
      if (formText !== undefined) params.push(...new URLSearchParams(formText));
      authed = { ...result, params };
    } else {
      const result = await verifyOAuth1(ctx, style, request, bytes, isForm, formText, maxBody, log);
      if (result instanceof Response) return result;
      // An operation whose `security` leaves out UserToken (e.g. X's bookmark writes) refuses OAuth 1.0a.
      if (options.security !== undefined && !options.security.userToken) {
        log(403, result.app.consumerKey, 'oauth1_forbidden', null);
        return unsupportedAuthentication('OAuth 1.0a User Context', options.security);
      }
      authed = result;
    }
    const { user, app } = authed;
    const consumerKey = app.consumerKey;
    // App-only calls count in their own pool, per app, at X's "Per App" figure (docs: rate limits).
    const state = ctx.limiter.consume(request.method, url.pathname, endpoint, {
      user: user?.id ?? '',
      app: consumerKey,
      appOnly: user === null,
    });
    const limitHeaders = rateLimitHeaders(state);
    if (!state.allowed) {
      // X's 429 bodies; which window refused shows in the headers (its `-remaining` is 0) and in the log.
      log(429, consumerKey, state.exceeded === '15min' ? 'rate_limited' : `rate_limited_${state.exceeded}`, null);
      return style === 'v2' ? v2Problem(429, undefined, limitHeaders) : v1Error(88, undefined, limitHeaders);
    }
    let response: Response;
    try {
      let json: unknown;
      let form: Multipart | null = null;
      if (bytes !== null && /^application\/json/i.test(contentType ?? '')) {
        try {
          json = JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          throw new BodyError(400, 'The request body is not valid JSON');
        }
      } else if (bytes !== null && /^multipart\/form-data/i.test(contentType ?? '')) {
        form = parseMultipart(bytes, contentType);
        if (form === null) throw new BodyError(400, 'The multipart body cannot be parsed');
      }
      const call: ApiCall<UserRecord | null> = {
        ctx,
        request,
        url,
        user,
        app,
        auth: authed.auth,
        params: new Params(authed.params),
        json,
        form,
        path,
        sources: ctx.sources(url.origin),
      };
      const appOnly = options.appOnly;
      const run = (): Response | Promise<Response> => {
        if (call.user !== null) return handler(call as ApiCall);
        if (appOnly === undefined) throw new Error(`${endpoint}: an app-only call without an app-only handler`);
        return appOnly(call as ApiCall<null>);
      };
      response = await ctx.billing.run(call, endpoint, run);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      // A v2 body that does not parse is X's invalid-request problem (the type X's document gives a 400);
      // other statuses (413) have no problem type in the document and stay generic.
      response =
        style === 'v2'
          ? error.status === 400
            ? v2InvalidRequest('body', '', error.message)
            : v2Problem(error.status, error.message)
          : jsonResponse({ errors: [{ code: 44, message: error.message }] }, error.status);
    }
    const out = withHeaders(response, limitHeaders);
    log(out.status, consumerKey, out.status >= 400 ? String(out.status) : null, null);
    return out;
  };
}
