/**
 * The seeded demo app and users, and where their secrets live. The database keeps what it needs to serve them
 * (the users' scrypt hashes, the app's RSA public key) and, in `sandbox_meta.demo_credentials`, the demo record
 * without its secrets. The users' passwords and the app's RSA private key live in `<data>/demo-credentials.json`
 * (mode 0600, written atomically) or, with `memory: true`, in memory only.
 *
 * Each open of a data dir checks the file against the database: every password against its user's scrypt hash,
 * the private key against the app's public key, the consumer key against the record. A secret that is missing
 * or does not match cannot be recovered from a hash: that user gets a new random password (the app a new RSA
 * key pair), the file is written again and a warning names what was replaced (never the secret). No crash, and
 * never credentials that do not work.
 *
 * Data dirs of older versions kept the secrets in the meta row: they are migrated on open. The file is written
 * first (or found to hold them already), then the row loses its secrets in one statement, with `secure_delete`
 * on so the old bytes are zeroed, and the WAL is checkpointed and truncated so no copy stays in `sandbox.db-wal`.
 * A crash in between leaves the secrets in the row and the file: the next open migrates again.
 *
 * @module
 */
import { createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ProviderStore } from '../provider/stores/types.js';
import { type Accounts, randomKey } from './apps-users.js';
import { prepared, type SandboxDatabase } from './db.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { writeFileAtomic } from './private-files.js';

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
  /** PKCS#8 PEM private key of the demo app, for the RSA-SHA* signature methods. */
  rsa_private_key: string;
  /** Every seeded user with its password. */
  users: Array<{ username: string; password: string; user_id: string }>;
}

/** What the database keeps of the demo credentials: no password, no private key. */
type DemoRecord = Omit<DemoCredentials, 'password' | 'rsa_private_key' | 'users'> & { users: Array<{ username: string; user_id: string }> };

/** The secrets of a {@link DemoRecord}, by user id; any of them may be missing. */
interface Secrets {
  passwords: Map<string, string>;
  rsaPrivateKey: string | undefined;
}

const DEMO_CALLBACKS = ['oob', 'http://127.0.0.1:*', 'http://localhost:*', 'https://127.0.0.1:*', 'https://localhost:*'];
const META = 'SELECT value FROM sandbox_meta WHERE key = ?';

async function rsaKeyPair(): Promise<{ publicPem: string; privatePem: string }> {
  const rsa = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    publicPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

async function seed(accounts: Accounts, store: ProviderStore, now: number): Promise<DemoCredentials> {
  // An RSA key pair so the RSA-SHA* methods can be tried too; the private key goes to the demo credentials.
  const rsa = await rsaKeyPair();
  const app = accounts.createApp({
    name: 'oauth1x demo app',
    callbackUrls: DEMO_CALLBACKS,
    xauth: true,
    website: 'https://github.com/oauth1x',
    rsaPublicKey: rsa.publicPem,
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
    users: users.map((u) => ({ username: u.username, user_id: u.user_id })),
  };
  return assemble(record, { passwords: new Map(users.map((u) => [u.user_id, u.password])), rsaPrivateKey: rsa.privatePem });
}

/** The record and its secrets as one object, keys always in this order (the file is compared as text). */
function assemble(record: DemoRecord, secrets: Secrets): DemoCredentials {
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
    rsa_private_key: secrets.rsaPrivateKey ?? '',
    users: record.users.map((u) => ({ username: u.username, password: password(u.user_id), user_id: u.user_id })),
  };
}

/** Splits stored or file credentials (possibly of an older version, possibly hand-edited) into record and secrets. */
function split(value: Partial<DemoCredentials> & { users?: Array<Partial<DemoCredentials['users'][number]>> }): {
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

function serialize(credentials: DemoCredentials): string {
  return `${JSON.stringify(credentials, null, 2)}\n`;
}

/** The file's secrets, or why there are none to use. */
function readFile(file: string, record: DemoRecord): { text: string | null; secrets: Secrets | null; problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { text: null, secrets: null, problem: code === 'ENOENT' ? 'was missing' : `could not be read (${code})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { text, secrets: null, problem: 'was not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { users?: unknown }).users)) {
    return { text, secrets: null, problem: 'did not hold demo credentials' };
  }
  const { record: found, secrets } = split(parsed as DemoCredentials);
  if (found.consumer_key !== record.consumer_key) return { text, secrets: null, problem: "belonged to another data dir's demo app" };
  return { text, secrets, problem: 'did not match the database' };
}

function publicDer(key: KeyObject | string): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/**
 * Checks `secrets` against the database and replaces what does not match (new password hash, new RSA public
 * key): returns the working secrets, the database updates to run and the names of what was replaced.
 */
async function verify(db: SandboxDatabase, record: DemoRecord, secrets: Secrets) {
  const updates: Array<() => void> = [];
  const replaced: string[] = [];
  const passwords = new Map<string, string>();
  await Promise.all(
    record.users.map(async (user) => {
      const row = prepared(db, 'SELECT password_hash FROM x_users WHERE id = ?').get(BigInt(user.user_id)) as
        | { password_hash: string }
        | undefined;
      if (row === undefined) throw new Error(`sandbox.db has lost the seeded user @${user.username} (id ${user.user_id})`);
      const candidate = secrets.passwords.get(user.user_id);
      if (candidate !== undefined && (await verifyPassword(candidate, row.password_hash))) {
        passwords.set(user.user_id, candidate);
        return;
      }
      const password = randomKey(12);
      const hash = await hashPassword(password);
      passwords.set(user.user_id, password);
      updates.push(() => prepared(db, 'UPDATE x_users SET password_hash = ? WHERE id = ?').run(hash, BigInt(user.user_id)));
      replaced.push(`@${user.username}'s password`);
    }),
  );
  const app = prepared(db, 'SELECT rsa_public_key FROM x_apps WHERE consumer_key = ?').get(record.consumer_key) as
    | { rsa_public_key: string | null }
    | undefined;
  if (app === undefined) throw new Error(`sandbox.db has lost the demo app (consumer key ${record.consumer_key})`);
  let rsaPrivateKey = secrets.rsaPrivateKey;
  let matches = false;
  try {
    matches = rsaPrivateKey !== undefined && app.rsa_public_key !== null && publicDer(rsaPrivateKey).equals(publicDer(app.rsa_public_key));
  } catch {
    // Not a key: replaced below.
  }
  if (!matches) {
    const rsa = await rsaKeyPair();
    rsaPrivateKey = rsa.privatePem;
    updates.push(() => prepared(db, 'UPDATE x_apps SET rsa_public_key = ? WHERE consumer_key = ?').run(rsa.publicPem, record.consumer_key));
    replaced.push("the demo app's RSA key pair");
  }
  // The seeding order in the warning, whatever order the hashes finished in.
  const order = (name: string) => record.users.findIndex((u) => name === `@${u.username}'s password`) >>> 0;
  replaced.sort((a, b) => order(a) - order(b));
  return { secrets: { passwords, rsaPrivateKey }, updates, replaced };
}

/** What {@link loadDemoCredentials} works with. */
export interface DemoCredentialsDeps {
  db: SandboxDatabase;
  /** Used to seed on first start only. */
  accounts: Accounts;
  store: ProviderStore;
  now: number;
  /** The data dir, `null` in memory mode (secrets in memory only). */
  dataDir: string | null;
  warn(message: string): void;
}

/**
 * The demo credentials of a sandbox database: seeded on first start, else the record in `sandbox_meta` plus the
 * secrets of `<data>/demo-credentials.json`, checked, repaired and migrated as the module says. Run it before
 * `Accounts` has looked up the seeded users: it may change their password hashes with SQL of its own.
 *
 * @example
 * ```ts
 * const credentials = await loadDemoCredentials({ db, accounts, store, now: Date.now(), dataDir, warn: console.warn });
 * ```
 */
export async function loadDemoCredentials(deps: DemoCredentialsDeps): Promise<DemoCredentials> {
  const { db, dataDir, warn } = deps;
  const file = dataDir === null ? null : join(dataDir, 'demo-credentials.json');
  const row = prepared(db, META).get('demo_credentials') as { value: string } | undefined;
  if (row === undefined) {
    const credentials = await seed(deps.accounts, deps.store, deps.now);
    prepared(db, 'INSERT INTO sandbox_meta (key, value) VALUES (?, ?)').run('demo_credentials', JSON.stringify(split(credentials).record));
    // Always written: a file left from a data dir whose database was deleted holds another app's credentials.
    if (file !== null) writeFileAtomic(file, serialize(credentials));
    return credentials;
  }
  const stored = split(JSON.parse(row.value) as DemoCredentials);
  const legacy = stored.secrets.passwords.size > 0 || stored.secrets.rsaPrivateKey !== undefined;
  const found = file === null ? { text: null, secrets: null, problem: '' } : readFile(file, stored.record);
  // An older version's row holds the secrets the database was seeded with; else the file's, when they are this app's.
  const checked = await verify(
    db,
    stored.record,
    legacy ? stored.secrets : (found.secrets ?? { passwords: new Map(), rsaPrivateKey: undefined }),
  );
  const credentials = assemble(stored.record, checked.secrets);
  if (file !== null) {
    if (found.text !== serialize(credentials)) writeFileAtomic(file, serialize(credentials));
    else if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
  if (checked.updates.length > 0 || legacy) {
    const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
    db.pragma('secure_delete = ON');
    try {
      db.transaction(() => {
        for (const update of checked.updates) update();
        if (legacy) prepared(db, "UPDATE sandbox_meta SET value = ? WHERE key = 'demo_credentials'").run(JSON.stringify(stored.record));
      })();
    } finally {
      db.pragma(`secure_delete = ${secureDelete === 2 ? 'FAST' : secureDelete}`);
    }
    if (dataDir !== null) db.pragma('wal_checkpoint(TRUNCATE)');
  }
  if (checked.replaced.length > 0) {
    const where = file ?? 'the database';
    warn(
      `${where} ${legacy ? 'held secrets that did not match the database' : found.problem}: ${checked.replaced.join(', ')} cannot be recovered from the database's hashes, so new ones were made and written to ${where}`,
    );
  }
  return credentials;
}
