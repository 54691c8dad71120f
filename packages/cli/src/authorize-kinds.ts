/**
 * `oauth1x authorize --oauth2` and `--bearer`: obtain an OAuth 2.0 user token (PKCE) or an app-only bearer
 * and store it in a profile (mode 0600), next to the profile's other credentials when it is for the same
 * host. Tokens are never printed.
 *
 * @module
 */
import { resolve } from 'node:path';
import { UsageError } from './args.js';
import { oauth2Flow, openBrowser, parseScopes, promptPaste } from './authorize-oauth2.js';
import type { CliFetch } from './http.js';
import type { CliIo } from './io.js';
import { keptCredentials, loadProfiles, profileName, storedConsumer, updateProfiles } from './profiles.js';

/** The options `authorize` passes on. */
export interface KindValues {
  scopes?: string | undefined;
  'client-id'?: string | undefined;
  'client-secret'?: string | undefined;
  'no-browser'?: boolean | undefined;
  'callback-port'?: string | undefined;
  'consumer-key'?: string | undefined;
  'consumer-secret'?: string | undefined;
  name?: string | undefined;
  default?: boolean | undefined;
  cacert?: string | undefined;
}

function absoluteCacert(cacert: string | undefined): string | undefined {
  // Stored absolute: the profile is used from other directories.
  return cacert === undefined ? undefined : resolve(cacert);
}

/**
 * Authorization Code with PKCE, then `GET /2/users/me` to name the profile; stores `oauth2` in it.
 *
 * @example
 * ```ts
 * await authorizeOAuth2(values, io, 'http://127.0.0.1:8787', fetch, 0);
 * ```
 */
export async function authorizeOAuth2(values: KindValues, io: CliIo, host: string, fetch: CliFetch, port: number): Promise<number> {
  const scopes = await parseScopes(values.scopes);
  const store = await loadProfiles(io.env);
  let clientId = values['client-id'] ?? io.env.OAUTH1X_CLIENT_ID;
  let clientSecret = values['client-secret'] ?? io.env.OAUTH1X_CLIENT_SECRET;
  if (clientId === undefined) {
    if (clientSecret !== undefined) throw new UsageError('--client-secret needs --client-id');
    const sameHost = Object.entries(store.profiles).filter(([, p]) => p.host === host && p.oauth2 !== undefined);
    const stored = (sameHost.find(([name]) => name === store.default) ?? sameHost[0])?.[1].oauth2;
    if (stored === undefined) throw new UsageError(`--client-id is required (no stored OAuth 2.0 client for ${host})`);
    clientId = stored.clientId;
    clientSecret = stored.clientSecret;
  }
  if (clientId === '' || /[\u0000-\u001f\u007f]/.test(clientId)) throw new UsageError('--client-id must be a non-empty client id');
  const paste = values['no-browser'] === true;
  const { tokens } = await oauth2Flow({
    host,
    clientId,
    clientSecret,
    scopes,
    fetch,
    port,
    paste,
    showUrl: (url) => {
      io.stdout.write(
        `${paste ? 'Open this URL in a browser (on any machine) and approve the app' : 'Open this URL in a browser and approve the app'}:\n  ${url}\n`,
      );
    },
    open: (url) => {
      if (!openBrowser(url, io.env))
        io.stdout.write('(no browser to open here: open the URL yourself, or use --no-browser to paste the redirect)\n');
    },
    readPasted: promptPaste(io),
  });
  const { XClient } = await import('@oauth1x/x');
  const oauth2 = {
    clientId,
    clientSecret,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    scopes: tokens.scopes,
  };
  let current = oauth2;
  const x = new XClient({
    baseUrl: host,
    fetch,
    auth: { kind: 'oauth2', ...oauth2, onTokens: (t) => void (current = { ...current, ...t }) },
  });
  const { data: me } = await x.me();
  const name = values.name ?? profileName(me.username, host);
  const saved = await updateProfiles(io.env, (file) => {
    const kept = keptCredentials(file.profiles[name], host);
    const cacert = absoluteCacert(values.cacert) ?? kept.cacert;
    const { accessToken, refreshToken, expiresAt, scopes: granted } = current;
    file.profiles[name] = {
      ...kept,
      host,
      oauth2: { clientId, clientSecret, accessToken, refreshToken, expiresAt, scopes: granted },
      userId: me.id,
      screenName: me.username,
      cacert,
    };
    if (file.default === undefined || values.default) file.default = name;
  });
  io.stdout.write(`Signed in as @${me.username} (${me.name}, id ${me.id}) on ${host} with OAuth 2.0\n`);
  io.stdout.write(
    `Scopes: ${current.scopes.join(' ')}${current.refreshToken === undefined ? ' (no refresh token: ask for offline.access to stay signed in past 2 hours)' : ''}\n`,
  );
  io.stdout.write(`Stored profile "${name}"${saved.default === name ? ' (default)' : ''}\n`);
  return 0;
}

/**
 * App-only: `POST /oauth2/token` with `grant_type=client_credentials` and the consumer key and secret
 * (HTTP Basic); stores `app` (and the consumer) in a profile.
 *
 * @example
 * ```ts
 * await authorizeBearer(values, io, 'https://api.x.com', fetch);
 * ```
 */
export async function authorizeBearer(values: KindValues, io: CliIo, host: string, fetch: CliFetch): Promise<number> {
  const store = await loadProfiles(io.env);
  let key = values['consumer-key'] ?? io.env.OAUTH1X_CONSUMER_KEY;
  let secret = values['consumer-secret'] ?? io.env.OAUTH1X_CONSUMER_SECRET;
  if ((key === undefined) !== (secret === undefined)) throw new UsageError('--consumer-key and --consumer-secret go together');
  if (key === undefined || secret === undefined) {
    const app = storedConsumer(store, host);
    if (app === undefined) throw new UsageError(`--consumer-key and --consumer-secret are required (no stored app for ${host})`);
    key = app.key;
    secret = app.secret;
  }
  const { appOnlyToken } = await import('@oauth1x/x');
  const bearer = await appOnlyToken({ consumerKey: key, consumerSecret: secret, baseUrl: host, fetch });
  // The profile of this app on this host (the default first) takes the bearer, else a new `app-` + the first 8 characters of the key one.
  const sameApp = Object.entries(store.profiles).filter(([, p]) => p.host === host && p.consumer?.key === key);
  const name =
    values.name ?? (sameApp.find(([n]) => n === store.default) ?? sameApp[0])?.[0] ?? profileName(`app-${key.slice(0, 8)}`, host);
  const consumer = { key, secret };
  const saved = await updateProfiles(io.env, (file) => {
    const kept = keptCredentials(file.profiles[name], host);
    // Another app's OAuth 1.0a token cannot stay next to this consumer.
    if (kept.consumer !== undefined && kept.consumer.key !== key) delete kept.token;
    const cacert = absoluteCacert(values.cacert) ?? kept.cacert;
    file.profiles[name] = { ...kept, host, consumer, app: { bearer }, cacert };
    if (file.default === undefined || values.default) file.default = name;
  });
  io.stdout.write(`Obtained an app-only bearer token for app ${key} on ${host}\n`);
  io.stdout.write(`Stored profile "${name}"${saved.default === name ? ' (default)' : ''}\n`);
  return 0;
}
