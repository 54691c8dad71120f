/**
 * The demo app and users a sandbox seeds on first start, and the two forms of their credentials: whole
 * ({@link DemoCredentials}, what `demo-credentials.json` and `sandbox.credentials` hold) and split into the record
 * the database keeps and the secrets it must not (see demo-credentials.ts).
 *
 * @module
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { ProviderStore } from 'oauth1x/provider';
import { type Accounts, randomKey } from './apps-users.js';

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

/**
 * A new RSA key pair for the demo app (RSA-SHA* methods, RFC 5849 §3.4.3) as PEM.
 *
 * @example
 * ```ts
 * const { publicPem, privatePem } = await rsaKeyPair();
 * ```
 */
export async function rsaKeyPair(): Promise<{ publicPem: string; privatePem: string }> {
  const rsa = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    publicPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * Creates the demo app (xAuth, every callback on loopback, an RSA public key), the users @demo, @alice and @bob
 * with random passwords, and an access token of @demo for the app.
 *
 * @example
 * ```ts
 * const credentials = await seedDemo(accounts, store, Date.now());
 * ```
 */
export async function seedDemo(accounts: Accounts, store: ProviderStore, now: number): Promise<DemoCredentials> {
  // An RSA key pair so the RSA-SHA* methods can be tried too; the private key goes to the demo credentials.
  const rsa = await rsaKeyPair();
  const app = accounts.createApp({
    name: 'oauth1x demo app',
    callbackUrls: DEMO_CALLBACKS,
    xauth: true,
    website: 'https://github.com/oauth1x',
    rsaPublicKey: rsa.publicPem,
    redirectUris: DEMO_REDIRECT_URIS,
  });
  const users = [];
  for (const [screenName, name] of [
    ['demo', 'Demo User'],
    ['alice', 'Alice'],
    ['bob', 'Bob'],
  ] as const) {
    const password = randomKey(12);
    const user = await accounts.createUser({ screenName, name, password, description: `Sandbox account @${screenName}` });
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
  return assemble(record, { passwords: new Map(users.map((u) => [u.user_id, u.password])), rsaPrivateKey: rsa.privatePem });
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
