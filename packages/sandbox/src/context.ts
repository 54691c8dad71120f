/**
 * Everything one sandbox instance works with: the database, stores, formatters, clock, rate limiter and
 * request log, plus first-start seeding of the demo app and users.
 *
 * @module
 */
import { SIGNATURE_METHODS } from 'oauth1x';
import type { ProviderStore } from 'oauth1x/provider';
import { createSqliteStore, GroupCommit } from 'oauth1x/provider/sqlite';
import { Accounts, randomKey, X_STRICT_METHODS } from './apps-users.js';
import { Billing } from './billing.js';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { metaValue, openSandboxDatabase, type SandboxDatabase } from './db.js';
import { type DemoCredentials, loadDemoCredentials } from './demo-credentials.js';
import { startProcessKey } from './demo-key.js';
import { SnowflakeIds } from './ids.js';
import { MediaStore } from './media.js';
import { createSandboxNonces } from './nonces.js';
import { OAuth2Store } from './oauth2-store.js';
import { Posts } from './posts.js';
import { type RateLimitConfig, RateLimiter } from './rate-limit.js';
import { Relations } from './relations.js';
import { RequestLog } from './request-log.js';
import { Social } from './social.js';
import { cacheAccessTokens } from './token-cache.js';
import { Tweets } from './tweets.js';
import type { FormatSources } from './x-format-v1.js';

export type { DemoCredentials } from './demo-credentials.js';
export { writeFileAtomic } from './private-files.js';

/** Options of `createSandbox`. */
export interface SandboxOptions {
  /** Data directory (SQLite database, certificate, demo credentials). Default: the platform data dir. */
  dataDir?: string;
  /** Keep everything in memory (nothing is written to disk). */
  memory?: boolean;
  /** Clock in epoch milliseconds (shift it to test clock-skew handling). Default `Date.now`. */
  now?: () => number;
  /**
   * `true` restricts the demo app to what the real X accepts (HMAC-SHA1 only), `false` lets it use every
   * method the provider supports; absent leaves the stored setting (default on first start: every method).
   */
  xStrict?: boolean;
  /**
   * Rate limits by endpoint, laid over X's (per user per 15 minutes, per user / per app per 24 hours; see
   * `X_RATE_LIMITS`); `false` disables them (`oauth1x sandbox --no-rate-limits`). Default: X's limits.
   */
  rateLimits?: RateLimitConfig;
  /**
   * SQLite `synchronous`: `NORMAL` (default; with WAL every acknowledged write survives a crash or `kill -9`
   * of the process, the last commits may be lost on power loss) or `FULL` (also survives power loss; one
   * fsync per write).
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** Accepted clock difference in seconds for `oauth_timestamp`. Default 300. */
  timestampWindowSeconds?: number;
  /**
   * Receives warnings, e.g. that `demo-credentials.json` was missing and the seeded users got new passwords.
   * Default: one line on stderr.
   */
  onWarning?: (message: string) => void;
  /**
   * Answer every credential failure alike, as X does (the provider's `uniformCredentialErrors`): an unknown
   * consumer key, an unknown or revoked token and a bad signature all get code 32 (v1.1 and token endpoints)
   * or the same 401 (v2). The request log and console keep the precise reason. Default `true`; `false`
   * answers each precisely (code 89 for a token, `consumer_key_unknown` in `WWW-Authenticate`).
   */
  uniformCredentialErrors?: boolean;
  /** Posts a pay-per-use app may read per calendar month before 429 `usage-capped`. Default X's 3,000,000. */
  postReadCap?: number;
}

/** One sandbox instance's state. */
export interface SandboxContext {
  db: SandboxDatabase;
  /**
   * The group commit every request-path write goes through (nonce claims, tokens, tweets): writes of
   * concurrent requests share one transaction and each resolves once committed.
   */
  writes: GroupCommit;
  /** The WAL checkpoint worker of an on-disk database (`null` in memory). */
  checkpointer: Checkpointer | null;
  dataDir: string | null;
  now: () => number;
  ids: SnowflakeIds;
  accounts: Accounts;
  tweets: Tweets;
  /** Reposts, bookmarks, follower lists, protected accounts and follow requests. */
  social: Social;
  /** What posts carry beyond text (polls, community, tagged users, long text) and who may post long text. */
  posts: Posts;
  media: MediaStore;
  store: ProviderStore;
  limiter: RateLimiter;
  /** Plans, credits and the cost ledger. */
  billing: Billing;
  /** OAuth 2.0 codes and tokens (hashes only). */
  oauth2: OAuth2Store;
  log: RequestLog;
  /** Secret for CSRF tokens and session cookies. */
  secret: string;
  credentials: DemoCredentials;
  timestampWindowSeconds: number;
  /** Whether credential failures are answered alike (see {@link SandboxOptions.uniformCredentialErrors}). */
  uniformCredentialErrors: boolean;
  /** Format sources for a public base URL. */
  sources(baseUrl: string): FormatSources;
}

function maxId(db: SandboxDatabase): bigint {
  const rows = db
    .prepare('SELECT MAX(id) AS m FROM x_tweets UNION ALL SELECT MAX(id) FROM x_users UNION ALL SELECT MAX(id) FROM x_media')
    .safeIntegers(true)
    .all() as Array<{ m: bigint | null }>;
  let max = 0n;
  for (const row of rows) if (row.m !== null && row.m > max) max = row.m;
  return max;
}

/**
 * Opens the database, creates the stores and seeds the demo app and users on first start.
 *
 * @example
 * ```ts
 * const ctx = await createContext({ memory: true }, null);
 * ```
 */
export async function createContext(options: SandboxOptions, dataDir: string | null): Promise<SandboxContext> {
  const now = options.now ?? (() => Date.now());
  // A memory sandbox's demo key is its process's: started first, it is made while the database opens.
  if (dataDir === null) startProcessKey();
  const db = openSandboxDatabase(dataDir);
  const synchronous = options.synchronous ?? 'NORMAL';
  const writes = new GroupCommit(db);
  const tokens = createSqliteStore({ database: db, synchronous, clock: { now }, groupCommit: writes });
  const nonces = createSandboxNonces(db, writes, now);
  const store: ProviderStore = {
    ...cacheAccessTokens(tokens, db),
    claim: nonces.claim,
    async close() {
      nonces.close();
      await tokens.close();
    },
  };
  db.pragma(`synchronous = ${synchronous}`);
  const ids = new SnowflakeIds(now, maxId(db));
  const accounts = new Accounts(db, ids, now);
  const tweets = new Tweets(db, ids, now, (name) => accounts.userByScreenName(name)?.id);
  const social = new Social(db, now);
  const posts = new Posts(db, ids, now);
  const relations = new Relations(db, now);
  const media = new MediaStore(db, ids, now);
  const secret = metaValue(db, 'secret', () => randomKey(32));
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`oauth1x sandbox: ${message}\n`));
  const credentials = await loadDemoCredentials({ db, accounts, store, now: now(), dataDir, warn });
  // The demo app follows the --x-strict switch of each server start: HMAC-SHA1 only, or every supported method.
  // Left as stored when the option is absent (e.g. `oauth1x sandbox app create` next to a running server).
  if (options.xStrict !== undefined) {
    accounts.setAppMethods(credentials.consumer_key, options.xStrict ? X_STRICT_METHODS : [...SIGNATURE_METHODS]);
  }
  const checkpointer = dataDir === null ? null : startCheckpointer(db);
  return {
    db,
    writes,
    checkpointer,
    dataDir,
    now,
    ids,
    accounts,
    tweets,
    social,
    posts,
    media,
    store,
    limiter: new RateLimiter(options.rateLimits, now),
    billing: new Billing(db, writes, now, accounts, options.postReadCap),
    oauth2: new OAuth2Store(db, now, secret),
    log: new RequestLog(200),
    secret,
    credentials,
    timestampWindowSeconds: options.timestampWindowSeconds ?? 300,
    uniformCredentialErrors: options.uniformCredentialErrors ?? true,
    sources: (baseUrl) => ({ accounts, tweets, media, social, posts, relations, baseUrl }),
  };
}
