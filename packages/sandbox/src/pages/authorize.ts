/**
 * The consent pages `/oauth/authorize` and `/oauth/authenticate` (RFC 5849 §2.2): sign in with username and
 * password, then allow or deny the app (name and requested access shown). CSRF-protected as `csrf.ts` explains
 * (an `Origin` / `Sec-Fetch-Site` check, a form token bound to the request token, a nonce cookie and the
 * session, the password asked on every approval, CSP `form-action`), framing denied. Allow
 * redirects to the callback with `oauth_token` + `oauth_verifier` or shows the PIN (`#pin`) for `oob`; deny
 * redirects with `denied=`. `/oauth/authenticate` skips the prompt for a signed-in user who already
 * authorised the app ("Sign in with X"), unless `force_login=true`.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { OAuthProblemError, timingSafeEqual } from 'oauth1x';
import type { ProviderHandler } from 'oauth1x/provider';
import { readBody } from '../api.js';
import type { UserRecord } from '../apps-users.js';
import type { SandboxContext } from '../context.js';
import { webSignIn } from '../login-throttle.js';
import type { SandboxConsumer } from '../routes-oauth.js';
import { cookie, formActionSources, formGuard, formPostRefusal } from './csrf.js';
import { h, page, type SafeHtml } from './html.js';

const SESSION_COOKIE = 'oauth1x_session';
const SESSION_MS = 12 * 3600 * 1000;

function mac(ctx: SandboxContext, data: string): string {
  return createHmac('sha256', ctx.secret).update(data).digest('base64url');
}

/**
 * The signed-in user of a request's session cookie, if valid.
 *
 * @example
 * ```ts
 * const user = sessionUser(ctx, request); // undefined when not signed in
 * ```
 */
export function sessionUser(ctx: SandboxContext, request: Request): UserRecord | undefined {
  const value = cookie(request, SESSION_COOKIE);
  const [userId, expires, signature] = value?.split('.') ?? [];
  if (userId === undefined || expires === undefined || signature === undefined) return undefined;
  if (!timingSafeEqual(signature, mac(ctx, `session|${userId}|${expires}`)) || Number(expires) <= ctx.now()) return undefined;
  return ctx.accounts.userById(userId);
}

function sessionCookie(ctx: SandboxContext, user: UserRecord, secure: boolean): string {
  const expires = ctx.now() + SESSION_MS;
  const value = `${user.id}.${expires}.${mac(ctx, `session|${user.id}|${expires}`)}`;
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MS / 1000}${secure ? '; Secure' : ''}`;
}

const ACCESS: Record<string, string> = {
  read: 'Read your posts and profile information.',
  'read-write': 'Read your posts and profile information, and post, like and follow for you.',
  'read-write-directmessages': 'Read and post for you, and read and send your Direct Messages.',
};

function invalid(message: string, status = 400): Response {
  return page('Invalid request', h`<h1>This page is no longer valid</h1><p class="error">${message}</p>`, status);
}

function done(approval: { redirectUrl: string | null; verifier?: string }, appName: string, setCookie?: string): Response {
  const headers: Record<string, string> = setCookie ? { 'set-cookie': setCookie } : {};
  if (approval.redirectUrl !== null)
    return new Response(null, { status: 302, headers: { ...headers, location: approval.redirectUrl, 'cache-control': 'no-store' } });
  if (approval.verifier === undefined)
    return page('Access denied', h`<h1>You did not authorize ${appName}</h1><p>You can close this window.</p>`, 200, headers);
  return page(
    'PIN',
    h`<h1>You authorized ${appName}</h1><p>Enter this PIN in the app to complete authorization:</p><p><code id="pin">${approval.verifier}</code></p>`,
    200,
    headers,
  );
}

interface Form {
  consumer: SandboxConsumer;
  accessLevel: string;
  token: string;
  csrf: string;
  action: string;
  user: UserRecord | undefined;
  screenName: string;
  error?: string;
}

function form(f: Form): SafeHtml {
  return h`<div class="card"><h1>Authorize ${f.consumer.name} to access your account?</h1>
<p>This application will be able to:</p><ul><li>${ACCESS[f.accessLevel] ?? ACCESS['read-write']}</li></ul>
<p class="muted">It will not be able to see your password.</p>
${f.error ? h`<p class="error" id="error">${f.error}</p>` : ''}
<form method="post" action="${f.action}">
<input type="hidden" name="oauth_token" value="${f.token}"><input type="hidden" name="csrf" value="${f.csrf}">
${f.user ? h`<p>Signed in as <strong>@${f.user.screenName}</strong>. Enter your password to authorize, or sign in as someone else.</p>` : ''}
<label>Username <input name="session[username_or_email]" id="username" autocomplete="username" value="${f.screenName}"></label>
<label>Password <input type="password" name="session[password]" id="password" autocomplete="current-password"></label>
<p><button class="primary" type="submit" name="action" value="allow" id="allow">Authorize app</button>
<button type="submit" name="action" value="deny" id="deny">Cancel</button></p></form></div>`;
}

/**
 * Serves GET and POST of `/oauth/authorize` and `/oauth/authenticate`.
 *
 * @example
 * ```ts
 * app.all('/oauth/authorize', (c) => authorizePage(ctx, provider, c.req.raw, 'authorize'));
 * ```
 */
export async function authorizePage(
  ctx: SandboxContext,
  provider: ProviderHandler<SandboxConsumer>,
  request: Request,
  mode: 'authorize' | 'authenticate',
): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== 'GET' && request.method !== 'POST' && request.method !== 'HEAD')
    return new Response('Method Not Allowed', { status: 405 });
  let fields = new URLSearchParams();
  if (request.method === 'POST') {
    try {
      fields = new URLSearchParams(new TextDecoder('utf-8', { fatal: true }).decode((await readBody(request, 16384)) ?? new Uint8Array()));
    } catch {
      return invalid('The form could not be read.', 400);
    }
  }
  const token = url.searchParams.get('oauth_token') ?? fields.get('oauth_token') ?? '';
  if (token === '' || token.length > 256) return invalid('The request token is missing.');
  const described = await provider.describe(token);
  if (described === null)
    return invalid('The request token for this page is invalid. It may have already been used, or expired because it is too old.');
  const app = ctx.accounts.appByKey(described.requestToken.consumerKey);
  const consumer = described.consumer;
  const secure = url.protocol === 'https:';
  const session = sessionUser(ctx, request);
  const binding = session === undefined ? null : (cookie(request, SESSION_COOKIE) ?? null);
  const guard = formGuard(ctx.secret, request, token, binding);
  const csrf = guard.token;
  const action = `${url.pathname}?oauth_token=${encodeURIComponent(token)}`;
  const render = (error?: string, status = 200) => {
    const body = form({
      consumer,
      accessLevel: described.requestToken.meta.x_auth_access_type === 'read' ? 'read' : (app?.accessLevel ?? 'read-write'),
      token,
      csrf,
      action,
      user: session,
      screenName: url.searchParams.get('screen_name') ?? session?.screenName ?? '',
      ...(error ? { error } : {}),
    });
    const response = page('Authorize application', body, status, {}, formActionSources(described.requestToken.callback));
    if (guard.setCookie !== null) response.headers.append('set-cookie', guard.setCookie);
    return response;
  };

  if (request.method !== 'POST') {
    const force = url.searchParams.get('force_login') === 'true';
    if (
      mode === 'authenticate' &&
      session &&
      !force &&
      (await ctx.store.findAccessToken(described.requestToken.consumerKey, session.id)) !== null
    ) {
      return done(await provider.approve(token, session.id), consumer.name);
    }
    return render();
  }

  if (formPostRefusal(ctx.secret, request, token, binding, fields.get('csrf') ?? '') !== null) {
    return invalid('The form expired or was not sent from this page (CSRF check failed). Reload the page and try again.', 403);
  }
  try {
    if (fields.get('action') === 'deny') return done(await provider.deny(token), consumer.name);
    if (fields.get('action') !== 'allow') return render('Choose Authorize app or Cancel.', 400);
    const username = (fields.get('session[username_or_email]') ?? '').trim();
    const password = fields.get('session[password]') ?? '';
    // A cookie never approves on its own (csrf.ts, rule 3): another local port can replay the session cookie.
    if (password === '') return render('Enter your password to authorize the app.', 401);
    const signIn = await webSignIn(ctx, request, username, password);
    if (signIn.outcome !== 'ok') {
      const response = render(signIn.message, signIn.status);
      if (signIn.retryAfterSeconds !== null) response.headers.set('retry-after', String(signIn.retryAfterSeconds));
      return response;
    }
    const approval = await provider.approve(token, signIn.user.id);
    const response = done(approval, consumer.name, sessionCookie(ctx, signIn.user, secure));
    if (signIn.setCookie !== undefined) response.headers.append('set-cookie', signIn.setCookie);
    return response;
  } catch (error) {
    if (error instanceof OAuthProblemError) return invalid('The request token for this page is invalid. It may have already been used.');
    throw error;
  }
}
