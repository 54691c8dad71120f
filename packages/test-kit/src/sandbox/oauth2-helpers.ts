/**
 * Helpers for the sandbox's OAuth 2.0 tests: PKCE pairs, the consent page approved like a browser (GET the page,
 * keep the CSRF cookie, post the form from the same origin with the password), the token endpoint.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { Sandbox } from '@oauth1x/sandbox';

/** Where the tests send requests (the sandbox answers any origin). */
export const API = 'https://api.x.com';

/** A fetch-like handler: `sandbox.fetch` or a real socket. */
export type Fetcher = (request: Request) => Promise<Response>;

/** A PKCE verifier and its S256 challenge (RFC 7636 §4.1, §4.2). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The demo app's authorize URL for `scopes`. */
export function authorizeUrl(
  sandbox: Sandbox,
  options: { scopes: string[]; challenge: string; redirectUri?: string; state?: string; base?: string; method?: string },
): string {
  const url = new URL('/i/oauth2/authorize', options.base ?? API);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: sandbox.credentials.oauth2_client_id,
    redirect_uri: options.redirectUri ?? 'http://127.0.0.1:53682/callback',
    scope: options.scopes.join(' '),
    state: options.state ?? 'state-1',
    code_challenge: options.challenge,
    code_challenge_method: options.method ?? 'S256',
  }).toString();
  return url.href;
}

/** Signs in and allows (or denies) on the OAuth 2.0 consent page; answers the form post's response. */
export async function consent(fetcher: Fetcher, url: string, username: string, password: string, action = 'allow'): Promise<Response> {
  const page = await fetcher(new Request(url));
  assert.equal(page.status, 200, await page.clone().text());
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
  assert.ok(csrf && formAction && cookie);
  const body = new URLSearchParams({ csrf, 'session[username_or_email]': username, 'session[password]': password, action });
  return fetcher(
    new Request(new URL(formAction, url), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
      body,
      redirect: 'manual',
    }),
  );
}

/** The demo user's name and password. */
export function demoUser(sandbox: Sandbox): { username: string; password: string } {
  return { username: sandbox.credentials.username, password: sandbox.credentials.password };
}

/** The `code` of an approved consent for the demo user. */
export async function codeFor(
  sandbox: Sandbox,
  scopes: string[],
  challenge: string,
  redirectUri = 'http://127.0.0.1:53682/callback',
): Promise<string> {
  const { username, password } = demoUser(sandbox);
  const response = await consent(sandbox.fetch, authorizeUrl(sandbox, { scopes, challenge, redirectUri }), username, password);
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get('location') as string);
  assert.equal(location.searchParams.get('state'), 'state-1');
  return location.searchParams.get('code') as string;
}

/** HTTP Basic for the demo app's OAuth 2.0 client. */
export function clientBasic(sandbox: Sandbox): string {
  const c = sandbox.credentials;
  return `Basic ${Buffer.from(`${c.oauth2_client_id}:${c.oauth2_client_secret}`).toString('base64')}`;
}

/** Posts a form to a token endpoint of the sandbox. */
export function tokenPost(sandbox: Sandbox, path: string, form: Record<string, string>, authorization?: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization !== null) headers.authorization = authorization ?? clientBasic(sandbox);
  return sandbox.fetch(new Request(`${API}${path}`, { method: 'POST', headers, body: new URLSearchParams(form) }));
}

/** Exchanges a code with the demo app's client (confidential, HTTP Basic). */
export function exchange(
  sandbox: Sandbox,
  code: string,
  verifier: string,
  redirectUri = 'http://127.0.0.1:53682/callback',
): Promise<Response> {
  return tokenPost(sandbox, '/2/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

/** A v2 GET with a bearer. */
export function bearerGet(sandbox: Sandbox, path: string, token: string): Promise<Response> {
  return sandbox.fetch(new Request(`${API}${path}`, { headers: { authorization: `Bearer ${token}` } }));
}
