/**
 * OAuth 2.0 for `oauth1x authorize --oauth2` and `oauth1x demo --oauth2`: Authorization Code with PKCE
 * (RFC 6749 §4.1, RFC 7636 S256) through the browser with a loopback redirect (RFC 8252 §7.3), or, on a
 * machine without one, by pasting the URL the browser was redirected to. Built on the X client's helpers
 * (`oauth1x/x`, oauth4webapi underneath). Tokens are never printed.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { OAuth2Tokens } from '@oauth1x/x';
import { UsageError } from './args.js';
import type { CliFetch } from './http.js';
import type { CliIo } from './io.js';
import { startLoopback } from './loopback.js';
import { readLine } from './prompt.js';

/** The scopes asked for when `--scopes` is not given: post and read, upload media, stay signed in. */
export const DEFAULT_OAUTH2_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];

/** Where and as which client to authorize. */
export interface OAuth2FlowOptions {
  host: string;
  clientId: string;
  clientSecret?: string | undefined;
  scopes: string[];
  fetch: CliFetch;
  /** Loopback port (0: any free port). */
  port: number;
  /** Paste the redirected URL instead of running the loopback server and opening a browser. */
  paste: boolean;
  /** Shows the authorize URL to the user. */
  showUrl: (url: string) => void | Promise<void>;
  /** Opens the URL in a browser (default: {@link openBrowser}); not called when pasting. */
  open?: ((url: string) => void | Promise<void>) | undefined;
  /** Reads the pasted URL (default: a line from stdin). */
  readPasted?: (() => Promise<string | undefined>) | undefined;
}

/**
 * Parses `--scopes` ("tweet.read users.read", commas too) and checks each against X's list.
 *
 * @example
 * ```ts
 * await parseScopes('tweet.read users.read offline.access'); // ['tweet.read', 'users.read', 'offline.access']
 * ```
 */
export async function parseScopes(value: string | undefined): Promise<string[]> {
  if (value === undefined) return [...DEFAULT_OAUTH2_SCOPES];
  const scopes = [...new Set(value.split(/[\s,]+/).filter((s) => s !== ''))];
  if (scopes.length === 0) throw new UsageError('--scopes is empty');
  const { X_OAUTH2_SCOPES } = await import('@oauth1x/x');
  const known = new Set<string>(X_OAUTH2_SCOPES);
  const unknown = scopes.filter((s) => !known.has(s));
  if (unknown.length > 0)
    throw new UsageError(`unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (X's scopes: ${[...known].join(' ')})`);
  return scopes;
}

/**
 * Opens `url` in the user's browser: `$BROWSER` if set (`%s` stands for the URL), else `open` (macOS),
 * `start` (Windows) or `xdg-open` (with a display). Resolves `false` when there is no browser to try; a
 * browser that fails to start is not an error (the URL is printed anyway).
 *
 * @example
 * ```ts
 * await openBrowser(url, process.env);
 * ```
 */
export function openBrowser(url: string, env: Record<string, string | undefined>): boolean {
  let command: string[] | undefined;
  const browser = env.BROWSER?.split(':')[0]?.trim();
  if (browser) command = browser.includes('%s') ? browser.split(/\s+/).map((p) => p.replace('%s', url)) : [...browser.split(/\s+/), url];
  else if (process.platform === 'darwin') command = ['open', url];
  else if (process.platform === 'win32') command = ['cmd', '/c', 'start', '""', url];
  else if (env.DISPLAY || env.WAYLAND_DISPLAY) command = ['xdg-open', url];
  if (command === undefined) return false;
  const child = spawn(command[0] as string, command.slice(1), { stdio: 'ignore', detached: true, env: { ...env } as NodeJS.ProcessEnv });
  child.on('error', () => {});
  child.unref();
  return true;
}

/**
 * The URL the browser was redirected to, as pasted: the whole URL, or just its query. A one-line
 * {@link UsageError} when it is neither.
 *
 * @example
 * ```ts
 * pastedCallback('http://127.0.0.1:8080/callback?state=s&code=c', 'http://127.0.0.1:8080/callback');
 * ```
 */
export function pastedCallback(text: string | undefined, redirectUri: string): URL {
  const line = text?.trim() ?? '';
  if (line === '') throw new UsageError('no URL pasted');
  let url: URL;
  try {
    url = /^https?:\/\//i.test(line) ? new URL(line) : new URL(`${redirectUri}${line.startsWith('?') ? '' : '?'}${line}`);
  } catch {
    throw new UsageError('that is not the URL the browser was redirected to (it starts with the redirect URI)');
  }
  const error = url.searchParams.get('error');
  if (error !== null) throw new UsageError(`the authorization was denied${/^[a-z_]{1,40}$/.test(error) ? ` (${error})` : ''}`);
  if (!url.searchParams.has('code') || !url.searchParams.has('state'))
    throw new UsageError('the pasted URL has no code and state: paste the whole address the browser was redirected to');
  return url;
}

/**
 * Runs Authorization Code with PKCE: the authorize URL (S256 challenge, random `state`), the user's
 * approval in a browser, the redirect (loopback or pasted; its `state` checked, RFC 6749 §10.12), the code
 * exchanged with the verifier.
 *
 * @example
 * ```ts
 * const tokens = await oauth2Flow({ host, clientId, scopes, fetch, port: 0, paste: false, showUrl: console.log });
 * ```
 */
export async function oauth2Flow(options: OAuth2FlowOptions): Promise<{ tokens: OAuth2Tokens; redirectUri: string }> {
  const { exchangeOAuth2Code, oauth2AuthorizationUrl } = await import('@oauth1x/x');
  const loopback = options.paste ? undefined : await startLoopback(options.port);
  try {
    const redirectUri = loopback?.redirectUri ?? `http://127.0.0.1:${options.port || 8080}/callback`;
    const { url, state, codeVerifier } = await oauth2AuthorizationUrl({
      clientId: options.clientId,
      redirectUri,
      scopes: options.scopes,
      baseUrl: options.host,
    });
    await options.showUrl(url.href);
    let callbackUrl: URL;
    if (loopback !== undefined) {
      await options.open?.(url.href);
      callbackUrl = await loopback.callback;
    } else callbackUrl = pastedCallback(await options.readPasted?.(), redirectUri);
    if (callbackUrl.searchParams.get('state') !== state)
      throw new UsageError('the redirect does not belong to this sign-in (state mismatch); start again');
    const tokens = await exchangeOAuth2Code({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri,
      callbackUrl,
      state,
      codeVerifier,
      baseUrl: options.host,
      fetch: options.fetch,
    });
    return { tokens, redirectUri };
  } finally {
    loopback?.close();
  }
}

/**
 * The default pasted-URL reader: a prompt on stderr, one line from stdin.
 *
 * @example
 * ```ts
 * const text = await promptPaste(io)();
 * ```
 */
export function promptPaste(io: CliIo): () => Promise<string | undefined> {
  return async () => {
    io.stderr.write('Paste the URL your browser was redirected to (it starts with http://127.0.0.1): ');
    return readLine(io);
  };
}
