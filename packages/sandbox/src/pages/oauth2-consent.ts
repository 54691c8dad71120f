/**
 * X's OAuth 2.0 consent page, `/i/oauth2/authorize` and `/oauth2/authorize` (RFC 6749 §4.1.1, PKCE RFC 7636
 * §4.3): sign in with username and password, see the app and the scopes it asks for, allow or deny. An unknown
 * client or an unregistered redirect URI is shown here and never redirected to (RFC 6749 §4.1.2.1); other
 * request errors go back to the redirect URI with `error=` and `state`. Deny redirects with
 * `error=access_denied`; allow with a single-use `code` (30 seconds) and `state`. CSRF care as the OAuth 1.0a
 * page (`csrf.ts`): Origin / Sec-Fetch-Site, a form token bound to this very request, the password on every
 * approval, CSP `form-action` limited to the page and the redirect URI's origin; framing denied; all output
 * escaped; sign-ins go through the web sign-in throttle.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readBody } from '../api.js';
import type { AppRecord } from '../apps-users.js';
import type { SandboxContext } from '../context.js';
import { webSignIn } from '../login-throttle.js';
import { redirectUriMatches } from '../oauth2-redirect.js';
import { X_SPEC } from '../x-spec.generated.js';
import { sessionUser } from './authorize.js';
import { formActionSources, formGuard, formPostRefusal } from './csrf.js';
import { h, page } from './html.js';

/** RFC 7636 §4.2: a base64url SHA-256 (43 characters), or a plain challenge of 43 to 128 unreserved characters. */
const CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

function invalid(message: string, status = 400): Response {
  return page('Invalid request', h`<h1>Something went wrong</h1><p class="error" id="error">${message}</p>`, status);
}

/** `redirectUri` with `params` added to its query (RFC 6749 §4.1.2: its own query is kept). */
function redirectTo(redirectUri: string, params: Record<string, string>, setCookie?: string): Response {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  const headers: Record<string, string> = { location: url.href, 'cache-control': 'no-store' };
  if (setCookie !== undefined) headers['set-cookie'] = setCookie;
  return new Response(null, { status: 302, headers });
}

interface Authorization {
  app: AppRecord;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  challenge: string;
}

/** The checked authorization request, or the answer for one that does not pass. */
function parse(ctx: SandboxContext, query: URLSearchParams): Authorization | Response {
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) return invalid(`The parameter ${name} is given more than once.`);
  }
  const clientId = query.get('client_id') ?? '';
  const app = clientId === '' ? undefined : ctx.accounts.appByClientId(clientId);
  if (app === undefined) return invalid('This app is not known (client_id).');
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!redirectUriMatches(app.oauth2RedirectUris, redirectUri))
    return invalid('The redirect_uri does not match a callback URL registered for this app.');
  const state = query.get('state');
  const back = (error: string, description: string) =>
    redirectTo(redirectUri, { error, error_description: description, ...(state === null ? {} : { state }) });
  if (query.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code');
  if (state !== null && state.length > 500) return back('invalid_request', 'state is longer than 500 characters');
  const challenge = query.get('code_challenge') ?? '';
  // X's docs name S256 and plain; X takes `s256` too (twitter-api-v2 sends it), though RFC 7636 §4.3 spells S256.
  const asked = query.get('code_challenge_method') ?? 'plain';
  const method = asked === 's256' ? 'S256' : asked;
  if (!CHALLENGE.test(challenge)) return back('invalid_request', 'code_challenge is missing or malformed');
  if (method !== 'S256' && method !== 'plain') return back('invalid_request', 'code_challenge_method must be S256 or plain');
  const scopes = [...new Set((query.get('scope') ?? '').split(' ').filter((s) => s !== ''))];
  if (scopes.length === 0) return back('invalid_request', 'scope is missing');
  if (!scopes.every((s) => X_SPEC.scopes.includes(s))) return back('invalid_scope', 'scope holds an unknown scope');
  return { app, redirectUri, scopes, state, challenge: `${method}:${challenge}` };
}

/**
 * Serves GET and POST of `/i/oauth2/authorize` and `/oauth2/authorize`.
 *
 * @example
 * ```ts
 * app.on(['GET', 'POST'], '/i/oauth2/authorize', (c) => oauth2ConsentPage(ctx, c.req.raw));
 * ```
 */
export async function oauth2ConsentPage(ctx: SandboxContext, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST' && request.method !== 'HEAD')
    return new Response('Method Not Allowed', { status: 405 });
  const url = new URL(request.url);
  const parsed = parse(ctx, url.searchParams);
  if (parsed instanceof Response) return parsed;
  const { app, redirectUri, scopes, state } = parsed;
  const withState = (params: Record<string, string>) => (state === null ? params : { ...params, state });
  // The form token is bound to this exact authorization request (client, redirect URI, scopes, challenge, state).
  const subject = `oauth2|${createHash('sha256').update(url.search).digest('base64url')}`;
  const guard = formGuard(ctx.secret, request, subject, null);
  const session = sessionUser(ctx, request);
  const render = (error?: string, status = 200, screenName = session?.screenName ?? '') => {
    const body = h`<div class="card"><h1>${app.name} wants to access your X account</h1>
<p>It will be able to:</p><ul id="scopes">${scopes.map((s) => h`<li><code>${s}</code></li>`)}</ul>
<p class="muted">You will be sent back to ${new URL(redirectUri).origin}. It will not be able to see your password.</p>
${error ? h`<p class="error" id="error">${error}</p>` : ''}
<form method="post" action="${url.pathname + url.search}"><input type="hidden" name="csrf" value="${guard.token}">
<label>Username <input name="session[username_or_email]" id="username" autocomplete="username" value="${screenName}"></label>
<label>Password <input type="password" name="session[password]" id="password" autocomplete="current-password"></label>
<p><button class="primary" type="submit" name="action" value="allow" id="allow">Authorize app</button>
<button type="submit" name="action" value="deny" id="deny">Cancel</button></p></form></div>`;
    const response = page('Authorize app', body, status, {}, formActionSources(redirectUri));
    if (guard.setCookie !== null) response.headers.append('set-cookie', guard.setCookie);
    return response;
  };
  if (request.method !== 'POST') return render();
  let fields: URLSearchParams;
  try {
    fields = new URLSearchParams(new TextDecoder('utf-8', { fatal: true }).decode((await readBody(request, 16384)) ?? new Uint8Array()));
  } catch {
    return invalid('The form could not be read.');
  }
  if (formPostRefusal(ctx.secret, request, subject, null, fields.get('csrf') ?? '') !== null)
    return invalid('The form expired or was not sent from this page (CSRF check failed). Reload the page and try again.', 403);
  if (fields.get('action') === 'deny') return redirectTo(redirectUri, withState({ error: 'access_denied' }));
  if (fields.get('action') !== 'allow') return render('Choose Authorize app or Cancel.', 400);
  const username = (fields.get('session[username_or_email]') ?? '').trim();
  const password = fields.get('session[password]') ?? '';
  if (password === '') return render('Enter your password to authorize the app.', 401, username);
  const signIn = await webSignIn(ctx, request, username, password);
  if (signIn.outcome !== 'ok') {
    const response = render(signIn.message, signIn.status, username);
    if (signIn.retryAfterSeconds !== null) response.headers.set('retry-after', String(signIn.retryAfterSeconds));
    return response;
  }
  const code = ctx.oauth2.issueCode({ appId: app.id, userId: signIn.user.id, redirectUri, scopes, challenge: parsed.challenge });
  return redirectTo(redirectUri, withState({ code }), signIn.setCookie);
}
