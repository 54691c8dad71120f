/**
 * Obtaining an access token from a running sandbox over HTTP with xAuth (`x_auth_mode=client_auth` on
 * `/oauth/access_token`), signed with the core. Used by the load and fault tests so they only depend on the
 * sandbox's public HTTP surface.
 *
 * @module
 */
import { signRequest } from 'oauth1x';

/** The sandbox's demo credentials (`<data>/demo-credentials.json`, or `sandbox.credentials`). */
export interface DemoCredentials {
  consumer_key: string;
  consumer_secret: string;
  username: string;
  password: string;
}

/** An access token with the consumer it belongs to. */
export interface TokenSet {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/**
 * Reads the demo credentials in whichever shape the sandbox exposes them (snake_case as in
 * `demo-credentials.json`, or camelCase).
 *
 * @example
 * ```ts
 * const demo = toDemoCredentials(JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')));
 * ```
 */
export function toDemoCredentials(raw: unknown): DemoCredentials {
  const r = (raw ?? {}) as Record<string, unknown>;
  const pick = (...names: string[]): string => {
    for (const n of names) if (typeof r[n] === 'string') return r[n] as string;
    for (const nested of Object.values(r)) {
      if (nested && typeof nested === 'object') {
        const o = nested as Record<string, unknown>;
        for (const n of names) if (typeof o[n] === 'string') return o[n] as string;
      }
    }
    throw new Error(`demo credentials lack ${names[0]}: ${Object.keys(r).join(', ')}`);
  };
  return {
    consumer_key: pick('consumer_key', 'consumerKey'),
    consumer_secret: pick('consumer_secret', 'consumerSecret'),
    username: pick('username', 'screen_name', 'screenName'),
    password: pick('password'),
  };
}

/**
 * Exchanges the demo user's username and password for an access token with xAuth.
 *
 * @example
 * ```ts
 * const tokens = await obtainAccessToken('http://127.0.0.1:8787', demo);
 * ```
 */
export async function obtainAccessToken(origin: string, demo: DemoCredentials): Promise<TokenSet> {
  const url = new URL('/oauth/access_token', origin).toString();
  const signed = await signRequest({
    method: 'POST',
    url,
    body: { x_auth_mode: 'client_auth', x_auth_password: demo.password, x_auth_username: demo.username },
    consumer: { key: demo.consumer_key, secret: demo.consumer_secret },
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: signed.authorization, 'content-type': signed.contentType ?? 'application/x-www-form-urlencoded' },
    body: signed.body ?? '',
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`xAuth failed: ${response.status} ${text}`);
  const answer = new URLSearchParams(text);
  const token = answer.get('oauth_token');
  const tokenSecret = answer.get('oauth_token_secret');
  if (!token || !tokenSecret) throw new Error(`xAuth answer lacks the token: ${text}`);
  return { consumerKey: demo.consumer_key, consumerSecret: demo.consumer_secret, token, tokenSecret };
}

/**
 * Posts one signed tweet and returns the HTTP status and the body text.
 *
 * @example
 * ```ts
 * const { status } = await postTweet(origin, tokens, 'hello');
 * ```
 */
export async function postTweet(
  origin: string,
  tokens: TokenSet,
  status: string,
  signal?: AbortSignal,
): Promise<{ status: number; body: string; elapsedMs: number }> {
  const url = new URL('/1.1/statuses/update.json', origin).toString();
  const signed = await signRequest({
    method: 'POST',
    url,
    body: { status },
    consumer: { key: tokens.consumerKey, secret: tokens.consumerSecret },
    token: { key: tokens.token, secret: tokens.tokenSecret },
  });
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: signed.authorization, 'content-type': signed.contentType ?? 'application/x-www-form-urlencoded' },
    body: signed.body ?? '',
    signal: signal ?? null,
  });
  const body = await response.text();
  return { status: response.status, body, elapsedMs: performance.now() - start };
}
