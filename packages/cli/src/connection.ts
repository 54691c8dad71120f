/**
 * What the API commands (`request`, `tweet`, `timeline`, ...) share: choosing credentials (a stored profile
 * or explicit keys), the API host, and the TLS settings.
 *
 * @module
 */
import { UsageError } from './args.js';
import { type CliFetch, createCliFetch } from './http.js';
import type { CliIo } from './io.js';
import { type AuthKind, describeKind, type OAuth2Credential, parseAuthKind, pickAuthKind } from './profile-kinds.js';
import { DEFAULT_HOST, type Profile, resolveProfile } from './profiles.js';

/** Options every API command accepts. */
export const CONNECTION_OPTIONS = {
  profile: { type: 'string' },
  auth: { type: 'string' },
  host: { type: 'string' },
  cacert: { type: 'string' },
  insecure: { type: 'boolean' },
  'consumer-key': { type: 'string' },
  'consumer-secret': { type: 'string' },
  token: { type: 'string' },
  'token-secret': { type: 'string' },
} as const;

/** Help lines for {@link CONNECTION_OPTIONS}. */
export const CONNECTION_HELP = `  --profile NAME          stored profile (default: the one set with 'oauth1x use')
  --auth oauth1|oauth2|app
                          which of the profile's credentials to use: OAuth 1.0a user context, OAuth 2.0
                          user token, app-only bearer (default: oauth1 if the profile has it, else oauth2,
                          else app)
  --host URL              API origin (default: the profile's, else https://api.x.com; a sandbox URL works)
  --cacert FILE           trust this CA certificate too (e.g. the sandbox's cert.pem)
  --insecure              do not verify TLS certificates (prints a warning)
  --consumer-key K, --consumer-secret S, --token T, --token-secret TS
                          explicit credentials instead of a profile (or $OAUTH1X_CONSUMER_KEY, ...)`;

/** Help line for `--host` on commands that have no profile yet. */
export const DEFAULT_HOST_HELP = '  --host URL        API origin (default https://api.x.com, or $OAUTH1X_HOST; a sandbox URL works)';

/** Parsed {@link CONNECTION_OPTIONS}. */
export interface ConnectionValues {
  profile?: string | undefined;
  auth?: string | undefined;
  host?: string | undefined;
  cacert?: string | undefined;
  insecure?: boolean | undefined;
  'consumer-key'?: string | undefined;
  'consumer-secret'?: string | undefined;
  token?: string | undefined;
  'token-secret'?: string | undefined;
}

/** A resolved connection. */
export interface Connection {
  host: string;
  /** Which credentials the call signs with. */
  auth: AuthKind;
  /** The consumer key and secret (OAuth 1.0a; for `app`, what mints a bearer when the profile has none). */
  consumer: { key: string; secret: string } | null;
  /** The OAuth 1.0a access token. */
  token: { key: string; secret: string } | null;
  /** The OAuth 2.0 user token, when `auth` is `oauth2`. */
  oauth2?: OAuth2Credential | undefined;
  /** The app-only bearer, when `auth` is `app` and the profile holds one. */
  bearer?: string | undefined;
  fetch: CliFetch;
  /** The profile used, when credentials came from the store. */
  profileName?: string | undefined;
  profile?: Profile | undefined;
}

/**
 * Checks and normalises an API origin given on the command line.
 *
 * @example
 * ```ts
 * normalizeHost('http://127.0.0.1:8787/'); // 'http://127.0.0.1:8787'
 * ```
 */
export function normalizeHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new UsageError(`--host must be an absolute http(s) URL, got "${host}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--host must be an http(s) URL, got "${host}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Builds the fetch for the TLS options, warning on `--insecure`.
 *
 * @example
 * ```ts
 * const fetch = tlsFetch(io, { cacert: values.cacert, insecure: values.insecure });
 * ```
 */
export function tlsFetch(io: CliIo, values: { cacert?: string | undefined; insecure?: boolean | undefined }): CliFetch {
  if (values.insecure)
    io.stderr.write(
      'oauth1x: warning: --insecure: TLS certificates are NOT verified; anyone on the path can read and change this traffic\n',
    );
  return createCliFetch({ cacert: values.cacert, insecure: values.insecure });
}

/**
 * Resolves credentials, host and TLS from the options, the environment and the profile store.
 *
 * @example
 * ```ts
 * const connection = await connect(values, io);
 * ```
 */
export async function connect(values: ConnectionValues, io: CliIo, needToken = true): Promise<Connection> {
  const wanted = parseAuthKind(values.auth);
  const consumerKey = values['consumer-key'] ?? io.env.OAUTH1X_CONSUMER_KEY;
  const consumerSecret = values['consumer-secret'] ?? io.env.OAUTH1X_CONSUMER_SECRET;
  if (consumerKey !== undefined || consumerSecret !== undefined) {
    if (consumerKey === undefined || consumerSecret === undefined) throw new UsageError('--consumer-key and --consumer-secret go together');
    if (wanted === 'oauth2') throw new UsageError('--auth oauth2 needs a profile (oauth1x authorize --oauth2), not --consumer-key');
    const tokenKey = values.token ?? io.env.OAUTH1X_TOKEN;
    const tokenSecret = values['token-secret'] ?? io.env.OAUTH1X_TOKEN_SECRET;
    if ((tokenKey === undefined) !== (tokenSecret === undefined)) throw new UsageError('--token and --token-secret go together');
    if (needToken && wanted !== 'app' && tokenKey === undefined)
      throw new UsageError('--token and --token-secret are required with explicit credentials');
    const token = tokenKey !== undefined && tokenSecret !== undefined ? { key: tokenKey, secret: tokenSecret } : null;
    return {
      host: normalizeHost(values.host ?? io.env.OAUTH1X_HOST ?? DEFAULT_HOST),
      auth: wanted ?? 'oauth1',
      consumer: { key: consumerKey, secret: consumerSecret },
      token: wanted === 'app' ? null : token,
      fetch: tlsFetch(io, values),
    };
  }
  const { name, profile } = await resolveProfile(io.env, values.profile);
  const auth = pickAuthKind(profile, wanted, name);
  return {
    host: normalizeHost(values.host ?? profile.host),
    auth,
    consumer: profile.consumer ?? null,
    token: auth === 'oauth1' ? (profile.token ?? null) : null,
    oauth2: auth === 'oauth2' ? profile.oauth2 : undefined,
    bearer: auth === 'app' ? profile.app?.bearer : undefined,
    fetch: tlsFetch(io, { cacert: values.cacert ?? profile.cacert, insecure: values.insecure }),
    profileName: name,
    profile,
  };
}

/**
 * Which credentials a connection uses, for humans (`-v`, `whoami`): the kind, and an OAuth 2.0 token's scopes
 * and expiry. Never a token.
 *
 * @example
 * ```ts
 * describeConnection(connection); // 'OAuth 2.0 user token (scopes: tweet.read users.read; expires in 118 min)'
 * ```
 */
export function describeConnection(connection: Pick<Connection, 'auth' | 'oauth2'>, now = Date.now()): string {
  const label = describeKind(connection.auth);
  const credential = connection.oauth2;
  if (connection.auth !== 'oauth2' || credential === undefined) return label;
  const parts = [`scopes: ${credential.scopes.join(' ') || 'none recorded'}`];
  if (credential.expiresAt !== undefined) {
    const minutes = Math.round((credential.expiresAt - now) / 60_000);
    parts.push(minutes > 0 ? `expires in ${minutes} min` : 'expired');
  }
  parts.push(credential.refreshToken === undefined ? 'no refresh token' : 'refreshable');
  return `${label} (${parts.join('; ')})`;
}

/**
 * The absolute URL for a path on the host (`/2/users/me`), or the URL itself when absolute. On the real X,
 * media uploads go to `upload.x.com`.
 *
 * @example
 * ```ts
 * resolveApiUrl('https://api.x.com', '/1.1/media/upload.json'); // 'https://upload.x.com/1.1/media/upload.json'
 * ```
 */
export function resolveApiUrl(host: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
  const url = new URL(host);
  if ((url.hostname === 'api.x.com' || url.hostname === 'api.twitter.com') && path.startsWith('/1.1/media/upload')) {
    return `https://upload.${url.hostname.slice(4)}${path}`;
  }
  return `${host}${path}`;
}
