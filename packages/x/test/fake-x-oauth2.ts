/**
 * Test helper: a fake X for the OAuth 2.0 side of the X client. Token endpoints as X's docs describe them
 * (`POST /2/oauth2/token`: authorization_code with PKCE S256, refresh_token with rotation; `POST /2/oauth2/revoke`;
 * `POST /oauth2/token` client_credentials and `POST /oauth2/invalidate_token` for the app-only bearer), a
 * consent step that issues codes, and v2 API routes behind `Authorization: Bearer` that answer 401 to an
 * unknown or expired token and otherwise go through {@link specFetch} (X's OpenAPI document: the operation
 * must accept the token's kind and scopes).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CapturedRequest, SpecMatch } from '@oauth1x/test-kit/x/openapi-validate.js';
import { type SpecAnswer, specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';

interface TokenInfo {
  kind: 'oauth2' | 'app';
  scopes: string[];
  expiresAt: number;
}

/** Options of {@link fakeXOAuth2}. */
export interface FakeXOAuth2Options {
  clientId?: string;
  /** Unset: a public client (client_id in the body). */
  clientSecret?: string | undefined;
  consumerKey?: string;
  consumerSecret?: string;
  now?: () => number;
  /** Answers of the API routes (by operationId); default `{ data: {} }`-ish per test. */
  api?: (request: CapturedRequest, match: SpecMatch) => SpecAnswer | Promise<SpecAnswer>;
  /** Milliseconds the token endpoint takes (lets concurrent calls overlap). */
  tokenDelayMs?: number;
  /** Milliseconds an API request takes to be answered, by its URL (lets a request overtake another). */
  apiDelayMs?: (url: URL) => number;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A fake X. `calls` lists `METHOD /path` of every request in order; `consent(url)` approves an authorization URL
 * and returns the callback URL X would redirect to.
 *
 * @example
 * ```ts
 * const x = fakeXOAuth2({ clientSecret: 'cs' });
 * const callback = x.consent(url);
 * ```
 */
export function fakeXOAuth2(options: FakeXOAuth2Options = {}) {
  const clientId = options.clientId ?? 'client-1';
  const consumerKey = options.consumerKey ?? 'ck-app';
  const consumerSecret = options.consumerSecret ?? 'cs-app-secret';
  const now = options.now ?? Date.now;
  const codes = new Map<string, { challenge: string; redirectUri: string; scopes: string[] }>();
  const access = new Map<string, TokenInfo>();
  const refresh = new Map<string, string[]>();
  let appBearer: string | undefined;
  const calls: string[] = [];
  const bodies: Array<{ path: string; headers: Headers; form: URLSearchParams }> = [];
  const api = specFetch(
    (request, match) => (options.api ?? (() => ({ body: { data: { id: '42', name: 'A', username: 'a' } } })))(request, match),
    {
      auth: (request) => {
        const info = access.get(/^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '');
        return { bearer: info?.kind === 'app' ? 'BearerToken' : 'OAuth2UserToken', scopes: info?.scopes };
      },
    },
  );

  const json = (value: unknown, status = 200) =>
    new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  const oauthError = (error: string, description: string, status = 400) => json({ error, error_description: description }, status);

  function basic(headers: Headers): [string, string] | undefined {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.get('authorization') ?? '');
    if (match === null) return undefined;
    const text = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    // RFC 6749 §2.3.1: each part form-encoded; raw parts decode to themselves.
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return [decode(text.slice(0, colon)), decode(text.slice(colon + 1))];
  }

  function clientOk(headers: Headers, form: URLSearchParams): boolean {
    const creds = basic(headers);
    if (options.clientSecret !== undefined) return creds !== undefined && creds[0] === clientId && creds[1] === options.clientSecret;
    return creds === undefined && form.get('client_id') === clientId;
  }

  function issue(scopes: string[]) {
    const accessToken = b64url(randomBytes(24));
    access.set(accessToken, { kind: 'oauth2', scopes, expiresAt: now() + 7200_000 });
    const answer: Record<string, unknown> = { token_type: 'bearer', expires_in: 7200, access_token: accessToken, scope: scopes.join(' ') };
    if (scopes.includes('offline.access')) {
      const refreshToken = b64url(randomBytes(24));
      refresh.set(refreshToken, scopes);
      answer.refresh_token = refreshToken;
    }
    return answer;
  }

  async function token(form: URLSearchParams, headers: Headers): Promise<Response> {
    if (options.tokenDelayMs) await new Promise((r) => setTimeout(r, options.tokenDelayMs));
    if (!clientOk(headers, form)) return oauthError('invalid_client', 'Missing valid authorization header', 401);
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (code === undefined) return oauthError('invalid_request', 'Value passed for the authorization code was invalid.');
      if (form.get('redirect_uri') !== code.redirectUri)
        return oauthError('invalid_request', 'Value passed for the redirect uri did not match.');
      const verifier = form.get('code_verifier') ?? '';
      if (b64url(createHash('sha256').update(verifier).digest()) !== code.challenge)
        return oauthError('invalid_request', 'Value passed for the code verifier did not match the code challenge.');
      return json(issue(code.scopes));
    }
    if (grant === 'refresh_token') {
      const scopes = refresh.get(form.get('refresh_token') ?? '');
      if (scopes === undefined) return oauthError('invalid_request', 'Value passed for the token was invalid.');
      refresh.delete(form.get('refresh_token') ?? '');
      return json(issue(scopes));
    }
    return oauthError('unsupported_grant_type', `grant_type ${grant} is not supported`);
  }

  function appCredsOk(headers: Headers): boolean {
    const creds = basic(headers);
    return creds !== undefined && creds[0] === consumerKey && creds[1] === consumerSecret;
  }
  const x99 = () => json({ errors: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }] }, 403);

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    calls.push(`${request.method} ${url.pathname}`);
    if (url.pathname.includes('oauth2/')) {
      const form = new URLSearchParams(await request.text());
      bodies.push({ path: url.pathname, headers: request.headers, form });
      if (url.pathname === '/2/oauth2/token') return token(form, request.headers);
      if (url.pathname === '/2/oauth2/revoke') {
        if (!clientOk(request.headers, form)) return oauthError('invalid_client', 'Missing valid authorization header', 401);
        const t = form.get('token') ?? '';
        access.delete(t);
        refresh.delete(t);
        return json({ revoked: true });
      }
      if (url.pathname === '/oauth2/token') {
        if (!appCredsOk(request.headers) || form.get('grant_type') !== 'client_credentials') return x99();
        appBearer ??= `AAAA${b64url(randomBytes(30))}%3D`;
        access.set(appBearer, { kind: 'app', scopes: [], expiresAt: Number.POSITIVE_INFINITY });
        return json({ token_type: 'bearer', access_token: appBearer });
      }
      if (url.pathname === '/oauth2/invalidate_token') {
        const t = form.get('access_token') ?? '';
        if (!appCredsOk(request.headers) || t !== appBearer) return x99();
        access.delete(t);
        appBearer = undefined;
        return json({ access_token: t });
      }
      return new Response('not found', { status: 404 });
    }
    const bearer = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const delay = options.apiDelayMs?.(url) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const info = bearer === undefined ? undefined : access.get(bearer);
    if (info === undefined || info.expiresAt <= now())
      return new Response(JSON.stringify({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }), {
        status: 401,
        headers: { 'content-type': 'application/problem+json' },
      });
    return api.fetch(request);
  };

  return {
    fetch,
    calls,
    bodies,
    violations: api.violations,
    seen: api.seen,
    clientId,
    consumerKey,
    consumerSecret,
    /** Approves `authorizeUrl` as a user would, returning the callback URL (code and state). */
    consent(authorizeUrl: URL, grantedScopes?: string[]): URL {
      const p = authorizeUrl.searchParams;
      if (p.get('response_type') !== 'code' || p.get('client_id') !== clientId || p.get('code_challenge_method') !== 'S256')
        throw new Error(`bad authorize URL ${authorizeUrl.href}`);
      const code = b64url(randomBytes(16));
      const scopes = grantedScopes ?? (p.get('scope') ?? '').split(' ');
      codes.set(code, { challenge: p.get('code_challenge') ?? '', redirectUri: p.get('redirect_uri') ?? '', scopes });
      const callback = new URL(p.get('redirect_uri') ?? '');
      callback.searchParams.set('state', p.get('state') ?? '');
      callback.searchParams.set('code', code);
      return callback;
    },
    /** Tokens issued directly (as if by a finished flow), for client tests. */
    grant(scopes: string[]): { accessToken: string; refreshToken?: string } {
      const answer = issue(scopes);
      return { accessToken: answer.access_token as string, refreshToken: answer.refresh_token as string | undefined };
    },
    /** Expires an access token on X's side (the client's `expiresAt` does not know). */
    expire(accessToken: string): void {
      const info = access.get(accessToken);
      if (info !== undefined) info.expiresAt = 0;
    },
    /** Kills every refresh token (X revoked the grant). */
    revokeAllRefresh(): void {
      refresh.clear();
    },
    isActive: (t: string) => (access.get(t)?.expiresAt ?? 0) > now() || refresh.has(t),
  };
}
