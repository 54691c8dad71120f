/**
 * The CLI's credential store: `$XDG_CONFIG_HOME/oauth1x/profiles.json` (fallback `~/.config/oauth1x/`),
 * written atomically (temp file + rename, mode 0600, directory 0700), and the twurl `~/.twurlrc` import.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './args.js';
import { type AppCredential, hasValidCredentials, type OAuth2Credential } from './profile-kinds.js';

/** The real X API origin, the default host of a profile. */
export const DEFAULT_HOST = 'https://api.x.com';

/**
 * One signed-in account and where the API lives, with any of the credential kinds X takes (see
 * `profile-kinds.ts`): OAuth 1.0a (`consumer` + `token`, what every profile held before OAuth 2.0),
 * an OAuth 2.0 user token (`oauth2`), an app-only bearer (`app`, or just `consumer` to mint one).
 */
export interface Profile {
  /** API origin, e.g. `https://api.x.com` or a sandbox `http://127.0.0.1:8787`. */
  host: string;
  /** The app's consumer key and secret (OAuth 1.0a, and what mints an app-only bearer). */
  consumer?: { key: string; secret: string } | undefined;
  /** The OAuth 1.0a access token. */
  token?: { key: string; secret: string } | undefined;
  oauth2?: OAuth2Credential | undefined;
  app?: AppCredential | undefined;
  userId?: string | undefined;
  screenName?: string | undefined;
  /** CA certificate file to trust for this host (a sandbox's self-signed certificate). */
  cacert?: string | undefined;
}

/** The whole file. */
export interface ProfilesFile {
  version: 1;
  /** Name of the default profile. */
  default?: string | undefined;
  profiles: Record<string, Profile>;
}

/**
 * The directory holding `profiles.json`.
 *
 * @example
 * ```ts
 * configDir({ XDG_CONFIG_HOME: '/tmp/cfg' }); // '/tmp/cfg/oauth1x'
 * ```
 */
export function configDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && xdg !== '' && xdg.startsWith('/')) return join(xdg, 'oauth1x');
  return join(env.HOME || homedir(), '.config', 'oauth1x');
}

/**
 * Path of the profiles file.
 *
 * @example
 * ```ts
 * profilesPath(process.env); // '/home/me/.config/oauth1x/profiles.json'
 * ```
 */
export function profilesPath(env: Record<string, string | undefined>): string {
  return join(configDir(env), 'profiles.json');
}

function isProfile(value: unknown): value is Profile {
  const p = value as Profile;
  return p !== null && typeof p === 'object' && typeof p.host === 'string' && hasValidCredentials(p);
}

/**
 * Checks a profile name given on the command line: 1 to 200 characters, none of them a control character.
 * Returns the name; a {@link UsageError} otherwise.
 *
 * @example
 * ```ts
 * checkProfileName('alice@127.0.0.1:8787'); // 'alice@127.0.0.1:8787'
 * ```
 */
export function checkProfileName(name: string): string {
  if (name === '' || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new UsageError('--name must be 1 to 200 characters, none of them a control character');
  }
  return name;
}

/**
 * Reads the profiles file; a missing file is an empty store. A file that cannot be read, is not JSON, or holds
 * a profile that is not one is an error naming the file (and the profile): the file is never
 * overwritten silently, so nothing in it is lost. The profiles live in an object without a prototype, so any
 * name (`__proto__` too) is an ordinary key; other top-level fields are kept as they are.
 *
 * @example
 * ```ts
 * const store = await loadProfiles(process.env);
 * ```
 */
export async function loadProfiles(env: Record<string, string | undefined>): Promise<ProfilesFile> {
  const path = profilesPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') return { version: 1, profiles: Object.create(null) as Record<string, Profile> };
    throw new Error(`cannot read ${path}: ${code ?? message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; fix or remove it`);
  }
  const file = parsed as ProfilesFile;
  if (file === null || typeof file !== 'object' || typeof file.profiles !== 'object' || file.profiles === null) {
    throw new Error(`${path} is not an oauth1x profiles file; fix or remove it`);
  }
  const profiles = Object.create(null) as Record<string, Profile>;
  for (const [name, profile] of Object.entries(file.profiles)) {
    if (!isProfile(profile)) throw new Error(`${path}: profile "${name}" is not a valid profile; fix or remove it`);
    profiles[name] = profile;
  }
  return { ...file, version: 1, default: typeof file.default === 'string' ? file.default : undefined, profiles };
}

/**
 * Writes the store atomically: a new file with mode 0600 in the same directory (mode 0700), flushed, then
 * renamed over the old one, so readers see the old or the new file, never a partial one.
 *
 * @example
 * ```ts
 * await saveProfiles(process.env, { version: 1, default: 'alice', profiles: { alice } });
 * ```
 */
export async function saveProfiles(env: Record<string, string | undefined>, file: ProfilesFile): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = join(dir, 'profiles.json');
  const temp = join(dir, `.profiles.json.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  return path;
}

/**
 * Loads, applies `change`, and saves.
 *
 * @example
 * ```ts
 * await updateProfiles(env, (file) => { file.default = 'alice'; });
 * ```
 */
export async function updateProfiles(env: Record<string, string | undefined>, change: (file: ProfilesFile) => void): Promise<ProfilesFile> {
  const file = await loadProfiles(env);
  change(file);
  await saveProfiles(env, file);
  return file;
}

/**
 * The profile named `name`, or the default one; a {@link UsageError} when there is none.
 *
 * @example
 * ```ts
 * const { name, profile } = await resolveProfile(io.env, values.profile);
 * ```
 */
export async function resolveProfile(
  env: Record<string, string | undefined>,
  name: string | undefined,
): Promise<{ name: string; profile: Profile }> {
  const file = await loadProfiles(env);
  const wanted = name ?? env.OAUTH1X_PROFILE ?? file.default;
  if (wanted === undefined) throw new UsageError("no profile: run 'oauth1x authorize' first (or pass --profile NAME)");
  const profile = Object.hasOwn(file.profiles, wanted) ? file.profiles[wanted] : undefined;
  if (profile === undefined) throw new UsageError(`no profile named "${wanted}" (see 'oauth1x accounts')`);
  return { name: wanted, profile };
}

/**
 * The consumer key and secret of a stored profile on `host` (the default profile's first), for commands that
 * default to "the app I used before".
 *
 * @example
 * ```ts
 * storedConsumer(await loadProfiles(env), 'http://127.0.0.1:8787'); // { key, secret } | undefined
 * ```
 */
export function storedConsumer(store: ProfilesFile, host: string): { key: string; secret: string } | undefined {
  const sameHost = Object.entries(store.profiles).filter(([, p]) => p.host === host && p.consumer !== undefined);
  return (sameHost.find(([name]) => name === store.default) ?? sameHost[0])?.[1].consumer;
}

/**
 * What of an existing profile survives storing new credentials under its name: everything when it is for
 * the same host (the new kind is then written over its own fields only), nothing for another host.
 *
 * @example
 * ```ts
 * file.profiles[storedName] = { ...keptCredentials(file.profiles[storedName], host), host, oauth2 };
 * ```
 */
export function keptCredentials(existing: Profile | undefined, host: string): Partial<Profile> {
  return existing !== undefined && existing.host === host ? { ...existing } : {};
}

/**
 * A profile name for a user on a host: the screen name on the real X, `name@host` elsewhere.
 *
 * @example
 * ```ts
 * profileName('alice', 'https://api.x.com'); // 'alice'
 * profileName('alice', 'http://127.0.0.1:8787'); // 'alice@127.0.0.1:8787'
 * ```
 */
export function profileName(screenName: string, host: string): string {
  const url = new URL(host);
  return url.hostname === 'api.x.com' || url.hostname === 'api.twitter.com' ? screenName : `${screenName}@${url.host}`;
}

/** What {@link parseTwurlrc} finds. */
export interface TwurlImport {
  profiles: Array<{ name: string; profile: Profile }>;
  defaultName?: string | undefined;
}

/**
 * Parses twurl's `~/.twurlrc` (YAML: `profiles: {username: {consumer_key: {username, consumer_key,
 * consumer_secret, token, secret}}}`, `configuration: {default_profile: [username, consumer_key]}`).
 *
 * @example
 * ```ts
 * const { profiles, defaultName } = await parseTwurlrc(await readFile(join(homedir(), '.twurlrc'), 'utf8'));
 * ```
 */
export async function parseTwurlrc(text: string): Promise<TwurlImport> {
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new UsageError(`not a valid .twurlrc: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = (doc ?? {}) as { profiles?: unknown; configuration?: { default_profile?: unknown } };
  if (root.profiles === null || typeof root.profiles !== 'object') throw new UsageError('the .twurlrc has no profiles');
  const out: TwurlImport = { profiles: [] };
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  for (const [username, byKey] of Object.entries(root.profiles as Record<string, unknown>)) {
    if (byKey === null || typeof byKey !== 'object') continue;
    const entries = Object.entries(byKey as Record<string, Record<string, unknown>>);
    for (const [consumerKey, entry] of entries) {
      const key = str(entry?.consumer_key) ?? consumerKey;
      const secret = str(entry?.consumer_secret);
      const token = str(entry?.token);
      const tokenSecret = str(entry?.secret);
      if (secret === undefined || token === undefined || tokenSecret === undefined) continue;
      const screenName = str(entry?.username) ?? username;
      const name = entries.length > 1 ? `${screenName}-${key.slice(0, 6)}` : screenName;
      out.profiles.push({
        name,
        profile: {
          host: DEFAULT_HOST,
          consumer: { key, secret },
          token: { key: token, secret: tokenSecret },
          screenName,
          userId: /^(\d+)-/.exec(token)?.[1],
        },
      });
      const preferred = root.configuration?.default_profile;
      if (Array.isArray(preferred) && str(preferred[0]) === username && str(preferred[1]) === key) out.defaultName = name;
    }
  }
  return out;
}
