/**
 * The demo app and users a sandbox seeds on first start, and the two forms of their credentials: whole
 * ({@link DemoCredentials}, what `demo-credentials.json` and `sandbox.credentials` hold) and split into the record
 * the database keeps and the secrets it must not (see demo-credentials.ts).
 *
 * A data dir is seeded once, with its own RSA key pair and passwords. The sandboxes without one (`memory: true`)
 * share the secrets of their process, as a data dir's starts share its secrets: one RSA key pair (made once, in
 * the background: see demo-key.ts) and one password per seeded user, whose scrypt hash is computed on the first
 * check of that password (`hashPasswordOnDemand`), so no start waits for scrypt or RSA, nor shares the cores with
 * hashes nobody checks. Each sandbox still has its own consumer keys, tokens and user ids; the secrets stay out
 * of the database as before (memory only).
 *
 * @module
 */
import type { ProviderStore } from 'oauth1x/provider';
import { type Accounts, randomKey } from './apps-users.js';
import { processKeyIfReady, processKeyNow, rsaKeyPair, startProcessKey, whenProcessKey } from './demo-key.js';
import { hashPassword, hashPasswordOnDemand } from './passwords.js';

/** The seeded demo app and user (also written to `<data>/demo-credentials.json`). */
export interface DemoCredentials {
  consumer_key: string;
  consumer_secret: string;
  username: string;
  password: string;
  user_id: string;
  screen_name: string;
  /** A ready access token of the demo user for the demo app. */
  access_token: string;
  access_token_secret: string;
  app_name: string;
  callback_urls: string[];
  /** The demo app's OAuth 2.0 client (confidential): id, secret and registered redirect URIs (loopback: any port). */
  oauth2_client_id: string;
  oauth2_client_secret: string;
  oauth2_redirect_uris: string[];
  /** PKCS#8 PEM private key of the demo app, for the RSA-SHA* signature methods. */
  rsa_private_key: string;
  /** Every seeded user with its password. */
  users: Array<{ username: string; password: string; user_id: string }>;
}

/** What the database keeps of the demo credentials: no password, no private key. */
export type DemoRecord = Omit<DemoCredentials, 'password' | 'rsa_private_key' | 'users'> & {
  users: Array<{ username: string; user_id: string }>;
};

/** The secrets of a {@link DemoRecord}, by user id; any of them may be missing. */
export interface Secrets {
  passwords: Map<string, string>;
  rsaPrivateKey: string | undefined;
}

/** The demo app's OAuth 2.0 redirect URIs: loopback, so any port matches (RFC 8252 §7.3). */
export const DEMO_REDIRECT_URIS = ['http://127.0.0.1/callback', 'http://localhost/callback'];

const DEMO_CALLBACKS = ['oob', 'http://127.0.0.1:*', 'http://localhost:*', 'https://127.0.0.1:*', 'https://localhost:*'];

const DEMO_USERS = [
  ['demo', 'Demo User'],
  ['alice', 'Alice'],
  ['bob', 'Bob'],
] as const;

let processPasswords: Array<{ password: string; stored: string }> | undefined;

/** Random passwords for the seeded users with their stored forms: this process's shared ones, or new ones. */
async function seedPasswords(shared: boolean): Promise<Array<{ password: string; stored: string }>> {
  if (shared) {
    processPasswords ??= DEMO_USERS.map(() => {
      const password = randomKey(12);
      return { password, stored: hashPasswordOnDemand(password) };
    });
    return processPasswords;
  }
  // The three hashes at once, on the thread pool.
  return Promise.all(
    DEMO_USERS.map(async () => {
      const password = randomKey(12);
      return { password, stored: await hashPassword(password) };
    }),
  );
}

/**
 * Creates the demo app (xAuth, every callback on loopback, an RSA public key), the users @demo, @alice and @bob
 * with random passwords, and an access token of @demo for the app. `shared` (memory sandboxes): the process's
 * RSA key pair and passwords, as the module says; else new ones. Returns the credentials and the record the
 * database keeps (taken apart here: reading a private key still being made would make it at once).
 *
 * @example
 * ```ts
 * const { credentials, record } = await seedDemo(accounts, store, Date.now());
 * ```
 */
export async function seedDemo(
  accounts: Accounts,
  store: ProviderStore,
  now: number,
  shared = false,
): Promise<{ credentials: DemoCredentials; record: DemoRecord }> {
  // An RSA key pair so the RSA-SHA* methods can be tried too; the private key goes to the demo credentials.
  if (shared) startProcessKey();
  const [rsa, passwords] = await Promise.all([shared ? processKeyIfReady() : rsaKeyPair(), seedPasswords(shared)]);
  const app = accounts.createApp({
    name: 'oauth1x demo app',
    callbackUrls: DEMO_CALLBACKS,
    xauth: true,
    website: 'https://github.com/oauth1x',
    rsaPublicKey: rsa?.publicPem ?? null,
    redirectUris: DEMO_REDIRECT_URIS,
  });
  const users = [];
  for (const [i, [screenName, name]] of DEMO_USERS.entries()) {
    const { password, stored } = passwords[i] as { password: string; stored: string };
    const user = await accounts.createUser({ screenName, name, password, description: `Sandbox account @${screenName}` }, stored);
    users.push({ username: user.screenName, password, user_id: user.id });
  }
  const demo = users[0] as { username: string; password: string; user_id: string };
  const token = `${demo.user_id}-${randomKey(24)}`;
  const tokenSecret = randomKey(32);
  await store.saveAccessToken({
    token,
    secret: tokenSecret,
    consumerKey: app.consumerKey,
    userId: demo.user_id,
    createdAt: now,
    expiresAt: null,
    meta: { access_level: app.accessLevel },
  });
  const record: DemoRecord = {
    consumer_key: app.consumerKey,
    consumer_secret: app.consumerSecret,
    username: demo.username,
    user_id: demo.user_id,
    screen_name: demo.username,
    access_token: token,
    access_token_secret: tokenSecret,
    app_name: app.name,
    callback_urls: app.callbackUrls,
    oauth2_client_id: app.oauth2ClientId,
    oauth2_client_secret: app.oauth2ClientSecret ?? '',
    oauth2_redirect_uris: app.oauth2RedirectUris,
    users: users.map((u) => ({ username: u.username, user_id: u.user_id })),
  };
  const credentials = assemble(record, { passwords: new Map(users.map((u) => [u.user_id, u.password])), rsaPrivateKey: rsa?.privatePem });
  if (rsa === undefined) {
    // The process's key is still being made: the app gets its public key when it is, and reading the private key
    // makes it at once (demo-key.ts). A sandbox closed by then has nothing to update.
    whenProcessKey((pair) => {
      if (accounts.isOpen()) accounts.setRsaPublicKey(app.consumerKey, pair.publicPem);
    });
    Object.defineProperty(credentials, 'rsa_private_key', { enumerable: true, configurable: true, get: () => processKeyNow().privatePem });
  }
  return { credentials, record };
}

/**
 * The record and its secrets as one object, keys always in this order (the file is compared as text); a missing
 * secret is `''`.
 *
 * @example
 * ```ts
 * const credentials = assemble(record, { passwords: new Map([[record.user_id, 'pw']]), rsaPrivateKey: pem });
 * ```
 */
export function assemble(record: DemoRecord, secrets: Secrets): DemoCredentials {
  const password = (id: string) => secrets.passwords.get(id) ?? '';
  return {
    consumer_key: record.consumer_key,
    consumer_secret: record.consumer_secret,
    username: record.username,
    password: password(record.user_id),
    user_id: record.user_id,
    screen_name: record.screen_name,
    access_token: record.access_token,
    access_token_secret: record.access_token_secret,
    app_name: record.app_name,
    callback_urls: record.callback_urls,
    oauth2_client_id: record.oauth2_client_id,
    oauth2_client_secret: record.oauth2_client_secret,
    oauth2_redirect_uris: record.oauth2_redirect_uris,
    rsa_private_key: secrets.rsaPrivateKey ?? '',
    users: record.users.map((u) => ({ username: u.username, password: password(u.user_id), user_id: u.user_id })),
  };
}

/**
 * Splits stored or file credentials (possibly of an older version, possibly hand-edited) into record and secrets.
 *
 * @example
 * ```ts
 * const { record, secrets } = split(JSON.parse(text));
 * ```
 */
export function split(value: Partial<DemoCredentials> & { users?: Array<Partial<DemoCredentials['users'][number]>> }): {
  record: DemoRecord;
  secrets: Secrets;
} {
  const { password, rsa_private_key, users = [], ...rest } = value;
  const passwords = new Map<string, string>();
  for (const u of users) if (typeof u.password === 'string' && typeof u.user_id === 'string') passwords.set(u.user_id, u.password);
  if (typeof password === 'string' && typeof rest.user_id === 'string' && !passwords.has(rest.user_id))
    passwords.set(rest.user_id, password);
  const record = { ...rest, users: users.map((u) => ({ username: String(u.username), user_id: String(u.user_id) })) } as DemoRecord;
  return { record, secrets: { passwords, rsaPrivateKey: typeof rsa_private_key === 'string' ? rsa_private_key : undefined } };
}
