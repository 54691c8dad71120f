/**
 * Sandbox apps (consumers) and users: records, creation and lookup on the sandbox database.
 *
 * @module
 */
import { isSignatureMethod, SIGNATURE_METHODS, type SignatureMethod } from 'oauth1x';
import { type AppRow, toApp, toUser, USER_COLUMNS, type UserRow } from './account-rows.js';
import { AppIndex } from './app-index.js';
import { prepared, type SandboxDatabase } from './db.js';
import type { SnowflakeIds } from './ids.js';
import { checkRedirectUri } from './oauth2-redirect.js';
import { hashPassword } from './passwords.js';
import { PLANS, type Plan } from './plans.js';
import { randomKey } from './random-key.js';

export { randomKey } from './random-key.js';

/** What an app may do with a user's account, as X's app permissions. */
export type AccessLevel = 'read' | 'read-write' | 'read-write-directmessages';

/** A registered app (OAuth consumer). */
export interface AppRecord {
  id: number;
  name: string;
  consumerKey: string;
  consumerSecret: string;
  /** Registered callback URLs: exact, or a prefix ending in `*`; `oob` allows the PIN flow. */
  callbackUrls: string[];
  /** Whether xAuth (`x_auth_mode=client_auth`) is allowed. */
  xauth: boolean;
  /** Signature methods this app accepts. */
  signatureMethods: SignatureMethod[];
  accessLevel: AccessLevel;
  website: string;
  /** PEM public key for the RSA-SHA* methods, if any. */
  rsaPublicKey: string | null;
  createdAt: number;
  plan: Plan;
  /** OAuth 2.0 client id. */
  oauth2ClientId: string;
  /** OAuth 2.0 client secret; `null` for a public client (PKCE alone, `client_id` in the body). */
  oauth2ClientSecret: string | null;
  /** Registered OAuth 2.0 redirect URIs (exact match; loopback ones match any port, RFC 8252 §7.3). */
  oauth2RedirectUris: string[];
}

/** A sandbox user account. */
export interface UserRecord {
  /** Decimal id (snowflake). */
  id: string;
  screenName: string;
  name: string;
  passwordHash: string;
  description: string;
  location: string;
  email: string | null;
  createdAt: number;
}

/** What `sandbox.accounts.createApp` takes. */
export interface CreateAppInput {
  name: string;
  consumerKey?: string;
  consumerSecret?: string;
  callbackUrls?: string[];
  xauth?: boolean;
  /** Default: every method the provider supports; `['HMAC-SHA1']` is what the real X accepts. */
  signatureMethods?: SignatureMethod[];
  accessLevel?: AccessLevel;
  website?: string;
  rsaPublicKey?: string | null;
  /** Default `pay-per-use`. */
  plan?: Plan;
  /** OAuth 2.0 redirect URIs (absolute, no fragment). Default none. */
  redirectUris?: string[];
  /** A public OAuth 2.0 client (no client secret). Default: confidential. */
  publicClient?: boolean;
}

/** What `sandbox.accounts.createUser` takes. */
export interface CreateUserInput {
  screenName: string;
  password: string;
  name?: string;
  description?: string;
  location?: string;
  email?: string | null;
}

/**
 * Signature methods the real X accepts.
 *
 * @example
 * ```ts
 * accounts.createApp({ name: 'Strict app', signatureMethods: X_STRICT_METHODS });
 * ```
 */
export const X_STRICT_METHODS: SignatureMethod[] = ['HMAC-SHA1'];

const SCREEN_NAME = /^[A-Za-z0-9_]{1,15}$/;
const USER_CACHE_SIZE = 10_000;

/**
 * Apps and users of one sandbox database.
 *
 * @example
 * ```ts
 * const accounts = new Accounts(db, ids, () => Date.now());
 * const app = accounts.createApp({ name: 'My app', callbackUrls: ['oob'] });
 * ```
 */
export class Accounts {
  /** Apps change rarely (possibly from another process): all of them in memory (see {@link AppIndex}). */
  readonly #apps = new AppIndex(() => this.listApps());
  /** Users never change once created: positive lookups are cached. */
  readonly #users = new Map<string, UserRecord>();

  constructor(
    private readonly db: SandboxDatabase,
    private readonly ids: SnowflakeIds,
    private readonly now: () => number,
  ) {}

  /** Registers an app; keys are generated unless given. Throws on a duplicate consumer key or bad input. */
  createApp(input: CreateAppInput): AppRecord {
    const name = input.name.trim();
    if (name === '' || name.length > 64) throw new RangeError('app name must be 1 to 64 characters');
    const methods = input.signatureMethods ?? [...SIGNATURE_METHODS];
    if (methods.length === 0 || !methods.every(isSignatureMethod)) throw new RangeError('invalid signature methods');
    const plan = input.plan ?? 'pay-per-use';
    if (!PLANS.includes(plan)) throw new RangeError(`plan must be one of ${PLANS.join(', ')}`);
    const callbacks = input.callbackUrls ?? ['oob'];
    for (const url of callbacks) {
      const valid = url === 'oob' || (url.endsWith('*') ? /^[a-z][a-z0-9+.-]*:\/\/[^\s*]+\*$/i.test(url) : URL.canParse(url));
      if (!valid) throw new RangeError(`invalid callback URL: ${url}`);
    }
    const redirectUris = input.redirectUris ?? [];
    for (const uri of redirectUris) checkRedirectUri(uri);
    const result = prepared(
      this.db,
      `INSERT INTO x_apps (name, consumer_key, consumer_secret, callback_urls, xauth, signature_methods, access_level, website,
         rsa_public_key, created_at, plan, oauth2_client_id, oauth2_client_secret, oauth2_redirect_uris)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      name,
      input.consumerKey ?? randomKey(18),
      input.consumerSecret ?? randomKey(32),
      JSON.stringify(callbacks),
      input.xauth === true ? 1 : 0,
      methods.join(','),
      input.accessLevel ?? 'read-write',
      input.website ?? '',
      input.rsaPublicKey ?? null,
      this.now(),
      plan,
      randomKey(24),
      input.publicClient === true ? null : randomKey(36),
      JSON.stringify(redirectUris),
    );
    this.#apps.clear();
    return this.appById(Number(result.lastInsertRowid)) as AppRecord;
  }

  /** Sets an app's RSA public key (PEM, for the RSA-SHA* methods); `false` when no app has this key. */
  setRsaPublicKey(consumerKey: string, publicPem: string): boolean {
    this.#apps.clear();
    return prepared(this.db, 'UPDATE x_apps SET rsa_public_key = ? WHERE consumer_key = ?').run(publicPem, consumerKey).changes === 1;
  }

  /** Whether the database is still open (the sandbox not closed). */
  isOpen(): boolean {
    return this.db.open;
  }

  /** Restricts an app to what the real X accepts (HMAC-SHA1) or lifts the restriction. */
  setAppMethods(consumerKey: string, methods: SignatureMethod[]): void {
    this.#apps.clear();
    prepared(this.db, 'UPDATE x_apps SET signature_methods = ? WHERE consumer_key = ?').run(methods.join(','), consumerKey);
  }

  /** Puts an app in a package (`none`: unenrolled); `false` when no app has this key. */
  setAppPlan(consumerKey: string, plan: Plan): boolean {
    if (!PLANS.includes(plan)) throw new RangeError(`plan must be one of ${PLANS.join(', ')}`);
    this.#apps.clear();
    return prepared(this.db, 'UPDATE x_apps SET plan = ? WHERE consumer_key = ?').run(plan, consumerKey).changes === 1;
  }

  /** Replaces an app's OAuth 2.0 redirect URIs; `false` when no app has this key. */
  setRedirectUris(consumerKey: string, uris: string[]): boolean {
    for (const uri of uris) checkRedirectUri(uri);
    this.#apps.clear();
    return (
      prepared(this.db, 'UPDATE x_apps SET oauth2_redirect_uris = ? WHERE consumer_key = ?').run(JSON.stringify(uris), consumerKey)
        .changes === 1
    );
  }

  /** The app of an OAuth 2.0 client id. */
  appByClientId(clientId: string): AppRecord | undefined {
    return this.#apps.byClientId(clientId);
  }

  appById(id: number): AppRecord | undefined {
    return this.#apps.byId(id);
  }

  /** From memory, in the same time whether or not the key exists. */
  appByKey(consumerKey: string): AppRecord | undefined {
    return this.#apps.byKey(consumerKey);
  }

  listApps(): AppRecord[] {
    return (prepared(this.db, 'SELECT * FROM x_apps ORDER BY id').all() as AppRow[]).map(toApp);
  }

  /**
   * Creates a user with a hashed password. Throws on an invalid or taken screen name. `passwordHash` (internal:
   * the demo seed's) is the stored form of `input.password` made already, from `hashPassword` or
   * `hashPasswordOnDemand`.
   */
  async createUser(input: CreateUserInput, passwordHash?: string): Promise<UserRecord> {
    if (!SCREEN_NAME.test(input.screenName)) throw new RangeError('screen name must be 1 to 15 letters, digits or _');
    if (input.password.length < 1 || input.password.length > 1024) throw new RangeError('password must be 1 to 1024 characters');
    if (this.userByScreenName(input.screenName) !== undefined) throw new RangeError(`screen name @${input.screenName} is taken`);
    const stored = passwordHash ?? (await hashPassword(input.password));
    const id = this.ids.next();
    prepared(
      this.db,
      'INSERT INTO x_users (id, screen_name, name, password_hash, description, location, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      input.screenName,
      (input.name ?? input.screenName).slice(0, 50),
      stored,
      input.description ?? '',
      input.location ?? '',
      input.email ?? null,
      this.now(),
    );
    return this.userById(id.toString()) as UserRecord;
  }

  #remember(user: UserRecord | undefined): UserRecord | undefined {
    if (user === undefined) return undefined;
    if (this.#users.size >= USER_CACHE_SIZE) this.#users.clear();
    this.#users.set(user.id, user);
    this.#users.set(`@${user.screenName.toLowerCase()}`, user);
    return user;
  }

  userById(id: string | bigint): UserRecord | undefined {
    const cached = this.#users.get(String(id));
    if (cached !== undefined) return cached;
    let key: bigint;
    try {
      key = BigInt(id);
    } catch {
      return undefined;
    }
    const row = prepared(this.db, `SELECT ${USER_COLUMNS} FROM x_users WHERE id = ?`).get(key) as UserRow | undefined;
    return this.#remember(row && toUser(row));
  }

  userByScreenName(screenName: string): UserRecord | undefined {
    const cached = this.#users.get(`@${screenName.toLowerCase()}`);
    if (cached !== undefined) return cached;
    const row = prepared(this.db, `SELECT ${USER_COLUMNS} FROM x_users WHERE screen_name = ?`).get(screenName) as UserRow | undefined;
    return this.#remember(row && toUser(row));
  }

  listUsers(): UserRecord[] {
    return (prepared(this.db, `SELECT ${USER_COLUMNS} FROM x_users ORDER BY id`).all() as UserRow[]).map(toUser);
  }
}
