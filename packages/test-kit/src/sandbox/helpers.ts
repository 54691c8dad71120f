/**
 * Helpers for the sandbox tests: signed calls against `sandbox.fetch` (no ports) with the signing core.
 */
import assert from 'node:assert/strict';
import type { Sandbox } from '@oauth1x/sandbox';
import { type Credentials, type SignRequestOptions, signRequest } from 'oauth1x';

/** A signed request against a handler. */
export interface CallOptions {
  body?: SignRequestOptions['body'] | string;
  token?: Credentials | null;
  contentType?: string;
  /** Raw (unsigned) body, e.g. JSON or multipart; `body` is then not signed. */
  raw?: BodyInit;
  timestamp?: number;
  extra?: Partial<SignRequestOptions>;
  headers?: Record<string, string>;
}

/** Sends a signed request to `sandbox.fetch`. */
export async function call(sandbox: Sandbox, method: string, url: string, options: CallOptions = {}): Promise<Response> {
  const c = sandbox.credentials;
  const consumer = { key: c.consumer_key, secret: c.consumer_secret };
  const signed = await signRequest({
    method,
    url,
    consumer,
    token: options.token ?? null,
    ...(options.raw === undefined && options.body !== undefined ? { body: options.body } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...options.extra,
  });
  const headers: Record<string, string> = { authorization: signed.authorization, ...options.headers };
  let body: BodyInit | undefined = signed.body;
  if (options.raw !== undefined) body = options.raw;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  else if (signed.contentType !== undefined && options.raw === undefined) headers['content-type'] = signed.contentType;
  return sandbox.fetch(new Request(signed.url, { method, headers, ...(body !== undefined ? { body } : {}) }));
}

/** The demo user's token (seeded access token). */
export function demoToken(sandbox: Sandbox): Credentials {
  return { key: sandbox.credentials.access_token, secret: sandbox.credentials.access_token_secret };
}

/** JSON of a response (asserting nothing). */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** xAuth for a seeded user. */
export async function xAuth(sandbox: Sandbox, username: string, password: string, base = 'https://api.x.com'): Promise<Response> {
  return call(sandbox, 'POST', `${base}/oauth/access_token`, {
    body: { x_auth_mode: 'client_auth', x_auth_username: username, x_auth_password: password },
  });
}

/** A 2×3 PNG. */
export const PNG_2X3 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEklEQVR42mP8z8DwnwEJMJIuAAB+vgP9xP5BTwAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Signs in and approves (or denies) on the consent page like a browser would: GET the page, keep the CSRF
 * cookie, post the form with the CSRF field. Answers the form post's response (302 or the PIN page).
 */
export async function approveOnPage(authorizeUrl: string, username: string, password: string, action = 'allow'): Promise<Response> {
  const page = await fetch(authorizeUrl);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
  assert.ok(csrf && formAction && cookie);
  const body = new URLSearchParams({
    oauth_token: new URL(authorizeUrl).searchParams.get('oauth_token') as string,
    csrf,
    'session[username_or_email]': username,
    'session[password]': password,
    action,
  });
  return fetch(new URL(formAction, authorizeUrl), {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: new URL(authorizeUrl).origin },
    body,
    redirect: 'manual',
  });
}
