/**
 * The seeded demo app and users, and where their secrets live. The database keeps what it needs to serve them
 * (the users' scrypt hashes, the app's RSA public key) and, in `sandbox_meta.demo_credentials`, the demo record
 * without its secrets. The users' passwords and the app's RSA private key live in `<data>/demo-credentials.json`
 * (mode 0600, written atomically) or, with `memory: true`, in memory only.
 *
 * Each open of a data dir checks the file against the database: unchanged since the database wrote it (its
 * SHA-256 in `sandbox_meta`), or else every password against its user's scrypt hash, the private key against
 * the app's public key, the consumer key against the record. A secret that is missing or does not match cannot
 * be recovered from a hash: that user gets a new random password (the app a new RSA key pair), the file is
 * written again and a warning names what was replaced (never the secret). No crash, and never credentials that
 * do not work.
 *
 * Data dirs of older versions kept the secrets in the meta row: they are migrated on open. The file is written
 * first (or found to hold them already), then the row loses its secrets in one statement, with `secure_delete`
 * on so the old bytes are zeroed, and the WAL is checkpointed and truncated so no copy stays in `sandbox.db-wal`.
 * A crash in between leaves the secrets in the row and the file: the next open migrates again.
 *
 * @module
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderStore } from 'oauth1x/provider';
import { type Accounts, randomKey } from './apps-users.js';
import { prepared, type SandboxDatabase } from './db.js';
import { rsaKeyPair } from './demo-key.js';
import { assemble, DEMO_REDIRECT_URIS, type DemoCredentials, type DemoRecord, type Secrets, seedDemo, split } from './demo-seed.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { writeFileAtomic } from './private-files.js';

export type { DemoCredentials } from './demo-seed.js';

const META = 'SELECT value FROM sandbox_meta WHERE key = ?';
/**
 * The meta key of the SHA-256 of the file this database wrote last. The file's secrets are random (passwords of
 * about 95 bits, an RSA key): the digest reveals nothing of them, and it spares a restart the scrypt checks (about
 * 65 ms) while the file is unchanged.
 */
const DIGEST = 'demo_credentials_file_sha256';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

/**
 * A record of a data dir seeded before OAuth 2.0 gets the demo app's client (made by the database migration)
 * and the demo redirect URIs; `true` when it changed (the row is updated, the file must be rewritten).
 */
function withOAuth2Client(db: SandboxDatabase, accounts: Accounts, record: DemoRecord): boolean {
  if (typeof record.oauth2_client_id === 'string' && Array.isArray(record.oauth2_redirect_uris)) return false;
  const app = accounts.appByKey(record.consumer_key);
  if (app === undefined) return false;
  if (app.oauth2RedirectUris.length === 0) accounts.setRedirectUris(app.consumerKey, DEMO_REDIRECT_URIS);
  const current = accounts.appByKey(record.consumer_key) as typeof app;
  record.oauth2_client_id = current.oauth2ClientId;
  record.oauth2_client_secret = current.oauth2ClientSecret ?? '';
  record.oauth2_redirect_uris = current.oauth2RedirectUris;
  prepared(db, "UPDATE sandbox_meta SET value = ? WHERE key = 'demo_credentials'").run(JSON.stringify(record));
  return true;
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
  const save = (credentials: DemoCredentials) => {
    if (file === null) return;
    const text = serialize(credentials);
    writeFileAtomic(file, text);
    prepared(db, 'INSERT INTO sandbox_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      DIGEST,
      digest(text),
    );
  };
  const row = prepared(db, META).get('demo_credentials') as { value: string } | undefined;
  if (row === undefined) {
    const { credentials, record } = await seedDemo(deps.accounts, deps.store, deps.now, dataDir === null);
    prepared(db, 'INSERT INTO sandbox_meta (key, value) VALUES (?, ?)').run('demo_credentials', JSON.stringify(record));
    // Always written: a file left from a data dir whose database was deleted holds another app's credentials.
    save(credentials);
    return credentials;
  }
  const stored = split(JSON.parse(row.value) as DemoCredentials);
  const upgraded = withOAuth2Client(db, deps.accounts, stored.record);
  const legacy = stored.secrets.passwords.size > 0 || stored.secrets.rsaPrivateKey !== undefined;
  const found = file === null ? { text: null, secrets: null, problem: '' } : readFile(file, stored.record);
  if (file !== null && found.text !== null && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  // The file this database wrote last, unchanged: its secrets were checked then.
  const written = (prepared(db, META).get(DIGEST) as { value: string } | undefined)?.value;
  if (!legacy && !upgraded && found.secrets !== null && found.text !== null && digest(found.text) === written)
    return assemble(stored.record, found.secrets);
  // An older version's row holds the secrets the database was seeded with; else the file's, when they are this app's.
  const checked = await verify(
    db,
    stored.record,
    legacy ? stored.secrets : (found.secrets ?? { passwords: new Map(), rsaPrivateKey: undefined }),
  );
  const credentials = assemble(stored.record, checked.secrets);
  if (file !== null && (found.text !== serialize(credentials) || digest(found.text) !== written)) save(credentials);
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
