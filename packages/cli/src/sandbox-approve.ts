/**
 * Approving on the sandbox's consent pages over HTTP, as a browser would: GET the page (CSRF
 * cookie and token), POST the sign-in form with "Authorize app". Used by `oauth1x demo --three-legged` and
 * by tests.
 *
 * @module
 */
import type { FetchLike } from 'oauth1x/client';

/** What the consent page answered. */
export interface Approval {
  /** The PIN shown for an `oob` request token. */
  pin?: string | undefined;
  /** The callback URL the page redirected to (with `oauth_token` and `oauth_verifier`). */
  redirect?: string | undefined;
}

/**
 * Signs in on the sandbox's `/oauth/authorize` page and approves the app.
 *
 * @example
 * ```ts
 * const { pin } = await approveOnSandboxPage(authorizeUrl, 'demo', password);
 * ```
 */
export async function approveOnSandboxPage(
  authorizeUrl: string,
  username: string,
  password: string,
  fetch: FetchLike = globalThis.fetch,
): Promise<Approval> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (!page.ok) throw new Error(`the authorize page answered ${page.status}`);
  const cookies = (page.headers.getSetCookie?.() ?? [page.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .filter((c) => c !== undefined && c !== '')
    .join('; ');
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const csrf = hidden('csrf');
  const token = hidden('oauth_token');
  if (action === undefined || csrf === undefined || token === undefined) throw new Error('the authorize page has no sign-in form');
  const decode = (s: string) =>
    s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
  const form = new URLSearchParams({
    oauth_token: decode(token),
    csrf: decode(csrf),
    'session[username_or_email]': username,
    'session[password]': password,
    action: 'allow',
  });
  const target = new URL(decode(action), authorizeUrl);
  const answer = await fetch(target, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, origin: target.origin },
    body: form,
  });
  const location = answer.headers.get('location');
  if (answer.status >= 300 && answer.status < 400 && location !== null) return { redirect: new URL(location, target).href };
  const text = await answer.text();
  const pin = /<code id="pin">([^<]+)<\/code>/.exec(text)?.[1];
  if (!answer.ok || pin === undefined) {
    const error = /id="error">([^<]*)</.exec(text)?.[1] ?? /class="error">([^<]*)</.exec(text)?.[1];
    throw new Error(`approving on the sandbox page failed (HTTP ${answer.status}${error ? `: ${error}` : ''})`);
  }
  return { pin };
}

/**
 * Signs in on the sandbox's OAuth 2.0 consent page (`/i/oauth2/authorize`) as `username` and presses
 * "Authorize app", as a browser would (GET the page for its CSRF cookie and form token, POST the form from
 * the page's origin). Resolves the URL the page redirects to: the redirect URI with `code` and `state`.
 *
 * @example
 * ```ts
 * const callbackUrl = await approveOAuth2OnSandboxPage(url.href, 'demo', password);
 * ```
 */
export async function approveOAuth2OnSandboxPage(
  authorizeUrl: string,
  username: string,
  password: string,
  fetch: FetchLike = globalThis.fetch,
): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (!page.ok) throw new Error(`the consent page answered ${page.status}`);
  const cookies = (page.headers.getSetCookie?.() ?? [page.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .filter((c) => c !== undefined && c !== '')
    .join('; ');
  const decode = (s: string) =>
    s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="csrf" value="([^"]*)"/.exec(html)?.[1];
  if (action === undefined || csrf === undefined) throw new Error('the consent page has no sign-in form');
  const target = new URL(decode(action), authorizeUrl);
  const answer = await fetch(target, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, origin: target.origin },
    body: new URLSearchParams({
      csrf: decode(csrf),
      'session[username_or_email]': username,
      'session[password]': password,
      action: 'allow',
    }),
  });
  const location = answer.headers.get('location');
  if (answer.status >= 300 && answer.status < 400 && location !== null) return new URL(location, target);
  const text = await answer.text();
  const error = /id="error">([^<]*)</.exec(text)?.[1];
  throw new Error(`approving on the consent page failed (HTTP ${answer.status}${error ? `: ${error}` : ''})`);
}
