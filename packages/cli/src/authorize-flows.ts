/**
 * The three ways `oauth1x authorize` (and `oauth1x demo`) obtain a token: xAuth, the PIN (out-of-band) flow
 * and the browser flow with a one-shot local callback server. Each resolves to the token and the provider's
 * extra fields (`user_id`, `screen_name`).
 *
 * @module
 */

import type { FetchLike, TokenResult } from 'oauth1x/client';
import { OAuth1Client, parseCallback, xEndpoints } from 'oauth1x/client';
import { UsageError } from './args.js';
import { startLoopback } from './loopback.js';

/** Where and as whom to authorize. */
export interface FlowOptions {
  host: string;
  consumer: { key: string; secret: string };
  fetch: FetchLike;
}

function client(options: FlowOptions): OAuth1Client {
  return new OAuth1Client({ consumer: options.consumer, endpoints: xEndpoints(options.host), fetch: options.fetch });
}

/**
 * xAuth: exchanges a username and password for an access token (`x_auth_mode=client_auth`).
 *
 * @example
 * ```ts
 * const { token, params } = await xauthFlow({ host, consumer, fetch }, 'alice', password);
 * ```
 */
export function xauthFlow(options: FlowOptions, username: string, password: string): Promise<TokenResult> {
  return client(options).xauth(username, password);
}

/**
 * The PIN flow: gets a request token with `oauth_callback=oob`, hands the authorize URL to `showUrl`, and
 * exchanges the PIN that `readPin` returns.
 *
 * @example
 * ```ts
 * await pinFlow(options, (url) => console.log(url), () => readLine(io));
 * ```
 */
export async function pinFlow(
  options: FlowOptions,
  showUrl: (url: string) => void | Promise<void>,
  readPin: () => Promise<string | undefined>,
): Promise<TokenResult> {
  const oauth = client(options);
  const pending = await oauth.requestToken({ callback: 'oob' });
  await showUrl(oauth.authorizeUrl(pending.token));
  const pin = (await readPin())?.trim();
  if (pin === undefined || pin === '') throw new UsageError('no PIN entered');
  return oauth.accessToken(pending.token, pin);
}

/**
 * The browser flow: starts a one-shot HTTP server on `127.0.0.1:port` (0 picks a free port), uses
 * `http://127.0.0.1:PORT/callback` as `oauth_callback`, hands the authorize URL to `showUrl`, waits for the
 * provider's redirect (checking the request token), answers it and closes the server, then exchanges the
 * verifier.
 *
 * @example
 * ```ts
 * await browserFlow(options, 0, (url) => console.log('Open', url));
 * ```
 */
export async function browserFlow(
  options: FlowOptions,
  port: number,
  showUrl: (url: string) => void | Promise<void>,
  timeoutMs = 300_000,
): Promise<TokenResult> {
  const oauth = client(options);
  const loopback = await startLoopback(port, timeoutMs);
  try {
    const pending = await oauth.requestToken({ callback: loopback.redirectUri });
    await showUrl(oauth.authorizeUrl(pending.token));
    const url = await loopback.callback;
    const { verifier } = parseCallback(url.searchParams, pending.token);
    return await oauth.accessToken(pending.token, verifier);
  } finally {
    loopback.close();
  }
}
