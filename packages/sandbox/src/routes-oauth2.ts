/**
 * X's OAuth 2.0 token endpoints: `POST /2/oauth2/token` (authorization_code with PKCE, RFC 7636 §4.6;
 * refresh_token with rotation), `POST /2/oauth2/revoke` (RFC 7009), and the app-only pair `POST /oauth2/token`
 * (client_credentials, RFC 6749 §4.4, with the consumer key and secret) and `POST /oauth2/invalidate_token`.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { timingSafeEqual } from 'oauth1x';
import type { AppRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { basicCredentials, OAuth2RequestError, oauth2Client, oauth2Error, readTokenForm } from './oauth2-client-auth.js';
import { ACCESS_TOKEN_SECONDS, type IssuedTokens } from './oauth2-store.js';
import { jsonResponse } from './x-errors.js';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function tokenAnswer(tokens: IssuedTokens): Response {
  return jsonResponse(
    {
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      access_token: tokens.accessToken,
      scope: tokens.scopes.join(' '),
      ...(tokens.refreshToken === null ? {} : { refresh_token: tokens.refreshToken }),
    },
    200,
    NO_STORE,
  );
}

/**
 * Whether `verifier` answers the stored challenge (`S256:<challenge>` or `plain:<challenge>`), RFC 7636 §4.6.
 *
 * @example
 * ```ts
 * pkceMatches('S256:E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // true
 * ```
 */
export function pkceMatches(stored: string, verifier: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const colon = stored.indexOf(':');
  const method = stored.slice(0, colon);
  const challenge = stored.slice(colon + 1);
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return timingSafeEqual(computed, challenge);
}

const BAD_CODE = () => oauth2Error(400, 'invalid_request', 'Value passed for the authorization code was invalid.');

function authorizationCode(ctx: SandboxContext, app: AppRecord, form: Map<string, string>): Response {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  const verifier = form.get('code_verifier');
  if (code === undefined || code === '') return oauth2Error(400, 'invalid_request', 'Missing required parameter [code].');
  if (redirectUri === undefined) return oauth2Error(400, 'invalid_request', 'Missing required parameter [redirect_uri].');
  if (verifier === undefined) return oauth2Error(400, 'invalid_request', 'Missing required parameter [code_verifier].');
  // Taken (spent) before anything else is checked: a wrong verifier or redirect URI burns the code.
  const grant = ctx.oauth2.takeCode(code, app.id);
  if (grant === null || grant === 'reused') return BAD_CODE();
  // RFC 6749 §4.1.3: the redirect URI of the authorization request, exactly.
  if (grant.redirectUri !== redirectUri) return BAD_CODE();
  if (!pkceMatches(grant.challenge, verifier)) return BAD_CODE();
  return tokenAnswer(ctx.oauth2.issueTokens(app.id, grant.userId, grant.scopes, grant.family));
}

function refreshToken(ctx: SandboxContext, app: AppRecord, form: Map<string, string>): Response {
  const token = form.get('refresh_token');
  if (token === undefined || token === '') return oauth2Error(400, 'invalid_request', 'Missing required parameter [refresh_token].');
  const issued = ctx.oauth2.refresh(token, app.id);
  if (issued === null || issued === 'reused') return oauth2Error(400, 'invalid_request', 'Value passed for the token was invalid.');
  return tokenAnswer(issued);
}

async function guarded(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OAuth2RequestError) return error.response;
    throw error;
  }
}

/**
 * `POST /2/oauth2/token`.
 *
 * @example
 * ```ts
 * app.post('/2/oauth2/token', (c) => oauth2Token(ctx, c.req.raw));
 * ```
 */
export function oauth2Token(ctx: SandboxContext, request: Request): Promise<Response> {
  return guarded(async () => {
    const form = await readTokenForm(request);
    const app = oauth2Client(ctx, request.headers, form);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return authorizationCode(ctx, app, form);
    if (grantType === 'refresh_token') return refreshToken(ctx, app, form);
    if (grantType === undefined) return oauth2Error(400, 'invalid_request', 'Missing required parameter [grant_type].');
    return oauth2Error(400, 'unsupported_grant_type', 'Value passed for the grant type was invalid.');
  });
}

/**
 * `POST /2/oauth2/revoke` (RFC 7009 §2): `{"revoked":true}` for any token of the client, known or not (§2.2).
 *
 * @example
 * ```ts
 * app.post('/2/oauth2/revoke', (c) => oauth2Revoke(ctx, c.req.raw));
 * ```
 */
export function oauth2Revoke(ctx: SandboxContext, request: Request): Promise<Response> {
  return guarded(async () => {
    const form = await readTokenForm(request);
    const app = oauth2Client(ctx, request.headers, form);
    const token = form.get('token');
    if (token === undefined || token === '') return oauth2Error(400, 'invalid_request', 'Missing required parameter [token].');
    ctx.oauth2.revoke(token, app.id);
    return jsonResponse({ revoked: true }, 200, NO_STORE);
  });
}

/** X's answer to every failure of the app-only endpoints (docs: application-only, "Common error cases"). */
function appOnlyRefusal(): Response {
  return jsonResponse({ errors: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }] }, 403);
}

/** The app of a Basic `consumer_key:consumer_secret`, its secret compared in constant time. */
function consumerApp(ctx: SandboxContext, headers: Headers): AppRecord | null {
  const basic = basicCredentials(headers);
  if (basic === null || basic === undefined) return null;
  const app = ctx.accounts.appByKey(basic[0]);
  const ok = timingSafeEqual(basic[1], app?.consumerSecret ?? '\u0000'.repeat(43));
  return ok && app !== undefined ? app : null;
}

/**
 * `POST /oauth2/token` with `grant_type=client_credentials`: the app's bearer, the same until invalidated.
 *
 * @example
 * ```ts
 * app.post('/oauth2/token', (c) => appOnlyToken(ctx, c.req.raw));
 * ```
 */
export function appOnlyToken(ctx: SandboxContext, request: Request): Promise<Response> {
  return guarded(async () => {
    const form = await readTokenForm(request).catch(() => null);
    const app = consumerApp(ctx, request.headers);
    if (form === null || app === null || form.get('grant_type') !== 'client_credentials') return appOnlyRefusal();
    return jsonResponse({ token_type: 'bearer', access_token: ctx.oauth2.appBearer(app.id) }, 200, NO_STORE);
  });
}

/**
 * `POST /oauth2/invalidate_token`: `{"access_token": …}` once the app's bearer is invalidated.
 *
 * @example
 * ```ts
 * app.post('/oauth2/invalidate_token', (c) => invalidateAppOnlyToken(ctx, c.req.raw));
 * ```
 */
export function invalidateAppOnlyToken(ctx: SandboxContext, request: Request): Promise<Response> {
  return guarded(async () => {
    const form = await readTokenForm(request).catch(() => null);
    const app = consumerApp(ctx, request.headers);
    const token = form?.get('access_token') ?? new URL(request.url).searchParams.get('access_token');
    if (app === null || token === null || token === undefined || !ctx.oauth2.invalidateAppBearer(app.id, token)) return appOnlyRefusal();
    return jsonResponse({ access_token: token }, 200, NO_STORE);
  });
}
