/**
 * How the X client authenticates each request, by credential kind: OAuth 1.0a signs it (RFC 5849 §3), an
 * app-only bearer or an OAuth 2.0 user token rides in `Authorization: Bearer` (RFC 6750 §2.1); the OAuth 2.0
 * token is refreshed before it expires and, after a 401, once, and the request sent again once.
 *
 * @module
 */

import { OAuthError, type WebBodyInit } from 'oauth1x';
import type { FetchLike } from 'oauth1x/client';
import { createSignedFetch } from 'oauth1x/client';
import type { CredentialKind, OAuth2Tokens, XAuth } from './auth-types.js';
import { OAuth2Session } from './oauth2-session.js';

/** A request's parts, made again for each attempt (a body can be read once). */
export type RequestParts = () => {
  method: string;
  headers: Record<string, string>;
  body?: WebBodyInit | undefined;
  signal?: AbortSignal | undefined;
};

/** What the X client sends requests through. */
export interface XTransport {
  readonly kind: CredentialKind;
  /** The OAuth 2.0 token's scopes, when known. */
  readonly scopes: readonly string[] | undefined;
  /** The OAuth 2.0 tokens in use, for `oauth2`. */
  readonly tokens: OAuth2Tokens | undefined;
  send(url: URL, parts: RequestParts): Promise<Response>;
}

/** The credentials of `new XClient(options)`: `auth`, or the older `consumer` + `token` (OAuth 1.0a). */
export function authOf(options: { auth?: XAuth | undefined; consumer?: unknown; token?: unknown }): XAuth {
  if (options.auth !== undefined) {
    if (options.auth === null || typeof options.auth !== 'object')
      throw new OAuthError('ERR_INVALID_ARGUMENT', "auth must be { kind: 'oauth1' | 'app' | 'oauth2', … }");
    if (options.consumer !== undefined || options.token !== undefined)
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'XClient takes auth, or consumer and token, not both');
    return options.auth;
  }
  if (options.consumer !== undefined && options.token !== undefined)
    return { kind: 'oauth1', consumer: options.consumer as never, token: options.token as never };
  throw new OAuthError('ERR_INVALID_ARGUMENT', "XClient needs auth: { kind: 'oauth1' | 'app' | 'oauth2', … } (or consumer and token)");
}

/**
 * The transport for `auth`.
 *
 * @example
 * ```ts
 * const transport = createXTransport({ kind: 'app', bearer }, { baseUrl: 'https://api.x.com', now: Date.now });
 * const response = await transport.send(new URL('https://api.x.com/2/tweets/20'), () => ({ method: 'GET', headers: {} }));
 * ```
 */
export function createXTransport(auth: XAuth, options: { baseUrl: string; fetch?: FetchLike | undefined; now: () => number }): XTransport {
  const transport = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const kind = (auth as { kind?: unknown } | null)?.kind;
  if (auth.kind === 'oauth1') {
    const signed = createSignedFetch({ consumer: auth.consumer, token: auth.token, fetch: options.fetch });
    return { kind: 'oauth1', scopes: undefined, tokens: undefined, send: (url, parts) => signed(url, parts()) };
  }
  if (auth.kind === 'app') {
    const bearer = auth.bearer;
    if (typeof bearer !== 'string' || bearer === '' || /[\s]/.test(bearer))
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'auth.bearer must be a bearer token (no spaces)');
    return {
      kind: 'app',
      scopes: undefined,
      tokens: undefined,
      send: (url, parts) => {
        const init = parts();
        return transport(url, { ...init, headers: withBearer(init.headers, bearer) });
      },
    };
  }
  if (auth.kind === 'oauth2') {
    const session = new OAuth2Session(auth, { baseUrl: options.baseUrl, fetch: options.fetch, now: options.now });
    return {
      kind: 'oauth2',
      get scopes() {
        return session.scopes;
      },
      get tokens() {
        return session.tokens;
      },
      async send(url, parts) {
        const token = await session.accessToken();
        const init = parts();
        const response = await transport(url, { ...init, headers: withBearer(init.headers, token) });
        if (response.status !== 401 || !session.canRenew(token)) return response;
        // One refresh (shared with any other call that hit the same 401) and one more try, never more.
        await response.body?.cancel();
        await session.refresh(token);
        const again = parts();
        return transport(url, { ...again, headers: withBearer(again.headers, await session.accessToken()) });
      },
    };
  }
  throw new OAuthError('ERR_INVALID_ARGUMENT', `auth.kind must be 'oauth1', 'app' or 'oauth2', not ${JSON.stringify(String(kind))}`);
}

function withBearer(headers: Record<string, string>, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== 'authorization') out[name] = value;
  out.authorization = `Bearer ${token}`;
  return out;
}
