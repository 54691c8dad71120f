/**
 * The sandbox's SQLite database: opening (file or memory), durability settings and the schema of the X data
 * (apps, users, tweets, follows, likes, media). Token state lives in the provider's SQLite store, which
 * shares this database file.
 *
 * Durability: WAL journal with `synchronous = FULL`, so every committed transaction is fsynced to the WAL
 * before the HTTP answer is sent. A `kill -9` (or a power cut) never loses an acknowledged write; the cost is
 * one fsync per write request, which is fine for a development server.
 *
 * @module
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { migrateOAuth2Clients, OAUTH2_SCHEMA } from './db-oauth2.js';
import { POSTS_SCHEMA } from './db-posts.js';
import { RELATIONS_LISTS_DMS_SCHEMA } from './db-relations.js';
import { SOCIAL_SCHEMA } from './db-social.js';
import { ensurePrivateDir } from './private-files.js';
import { loadBetterSqlite3 } from './sqlite-binding.js';

/** A better-sqlite3 database handle. */
export type SandboxDatabase = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS x_apps (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  consumer_key TEXT NOT NULL UNIQUE,
  consumer_secret TEXT NOT NULL,
  callback_urls TEXT NOT NULL DEFAULT '[]',
  xauth INTEGER NOT NULL DEFAULT 0,
  signature_methods TEXT NOT NULL,
  access_level TEXT NOT NULL DEFAULT 'read-write',
  website TEXT NOT NULL DEFAULT '',
  rsa_public_key TEXT,
  created_at INTEGER NOT NULL,
  plan TEXT NOT NULL DEFAULT 'pay-per-use'
);
CREATE TABLE IF NOT EXISTS x_users (
  id INTEGER PRIMARY KEY,
  screen_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  email TEXT,
  created_at INTEGER NOT NULL
);
-- Accepted nonces, appended in claim order (see nonces.ts); the in-memory table decides replays. No index:
-- an append dirties one page, and the sweep deletes from the oldest end.
CREATE TABLE IF NOT EXISTS x_nonces (id INTEGER PRIMARY KEY, key TEXT NOT NULL, expires_at INTEGER NOT NULL);
DROP INDEX IF EXISTS x_nonces_expires;
CREATE TABLE IF NOT EXISTS x_tweets (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  app_id INTEGER,
  reply_to_id INTEGER,
  reply_to_user_id INTEGER,
  quote_id INTEGER,
  media_ids TEXT NOT NULL DEFAULT ''
);
-- Each user's tweets newest first, with their text: the duplicate check (the user's last 20 texts) reads the
-- index alone, no table row per tweet (2.4 instead of 6.8 µs a tweet POST); timelines walk it as before.
-- Replaces x_tweets_user (user_id, id), dropped from older data dirs.
CREATE INDEX IF NOT EXISTS x_tweets_user_text ON x_tweets (user_id, id, text);
DROP INDEX IF EXISTS x_tweets_user;
-- reply_count / quote_count (v2 public_metrics) without a full scan per rendered tweet.
CREATE INDEX IF NOT EXISTS x_tweets_reply ON x_tweets (reply_to_id) WHERE reply_to_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS x_tweets_quote ON x_tweets (quote_id) WHERE quote_id IS NOT NULL;
-- Each user's tweet count, kept by triggers: COUNT(*) over x_tweets costs O(tweets of the user) per user object.
CREATE TABLE IF NOT EXISTS x_user_counts (user_id INTEGER PRIMARY KEY, statuses INTEGER NOT NULL DEFAULT 0);
CREATE TRIGGER IF NOT EXISTS x_tweets_count_insert AFTER INSERT ON x_tweets BEGIN
  INSERT INTO x_user_counts (user_id, statuses) VALUES (NEW.user_id, 1)
  ON CONFLICT (user_id) DO UPDATE SET statuses = statuses + 1;
END;
CREATE TRIGGER IF NOT EXISTS x_tweets_count_delete AFTER DELETE ON x_tweets BEGIN
  UPDATE x_user_counts SET statuses = statuses - 1 WHERE user_id = OLD.user_id;
END;
CREATE TABLE IF NOT EXISTS x_mentions (
  user_id INTEGER NOT NULL,
  tweet_id INTEGER NOT NULL,
  PRIMARY KEY (user_id, tweet_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS x_follows (
  follower_id INTEGER NOT NULL,
  followee_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_follows_followee ON x_follows (followee_id);
CREATE TABLE IF NOT EXISTS x_likes (
  user_id INTEGER NOT NULL,
  tweet_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, tweet_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_likes_tweet ON x_likes (tweet_id);
-- Follow and like counters kept by triggers (tweet counts: x_user_counts above), so a user object costs
-- two key lookups however large the graph is.
CREATE TABLE IF NOT EXISTS x_user_stats (
  user_id INTEGER PRIMARY KEY,
  followers INTEGER NOT NULL DEFAULT 0,
  friends INTEGER NOT NULL DEFAULT 0,
  favourites INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER IF NOT EXISTS x_follows_count_insert AFTER INSERT ON x_follows BEGIN
  INSERT INTO x_user_stats (user_id, friends) VALUES (NEW.follower_id, 1) ON CONFLICT (user_id) DO UPDATE SET friends = friends + 1;
  INSERT INTO x_user_stats (user_id, followers) VALUES (NEW.followee_id, 1) ON CONFLICT (user_id) DO UPDATE SET followers = followers + 1;
END;
CREATE TRIGGER IF NOT EXISTS x_follows_count_delete AFTER DELETE ON x_follows BEGIN
  UPDATE x_user_stats SET friends = friends - 1 WHERE user_id = OLD.follower_id;
  UPDATE x_user_stats SET followers = followers - 1 WHERE user_id = OLD.followee_id;
END;
CREATE TRIGGER IF NOT EXISTS x_likes_count_insert AFTER INSERT ON x_likes BEGIN
  INSERT INTO x_user_stats (user_id, favourites) VALUES (NEW.user_id, 1) ON CONFLICT (user_id) DO UPDATE SET favourites = favourites + 1;
END;
CREATE TRIGGER IF NOT EXISTS x_likes_count_delete AFTER DELETE ON x_likes BEGIN
  UPDATE x_user_stats SET favourites = favourites - 1 WHERE user_id = OLD.user_id;
END;
CREATE TABLE IF NOT EXISTS x_media (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  media_category TEXT NOT NULL,
  total_bytes INTEGER NOT NULL,
  state TEXT NOT NULL,
  width INTEGER,
  height INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS x_media_segments (
  media_id INTEGER NOT NULL,
  segment_index INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (media_id, segment_index)
) WITHOUT ROWID;
-- Alt text set with POST /2/media/metadata.
CREATE TABLE IF NOT EXISTS x_media_alt (media_id INTEGER PRIMARY KEY, alt_text TEXT NOT NULL);
-- Billing (billing.ts). Amounts in micro-USD. An app without a row in x_credits has no balance configured
-- (not limited); the ledger has one row per successful API call.
CREATE TABLE IF NOT EXISTS x_credits (app_id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS x_ledger (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL,
  endpoint TEXT NOT NULL,
  units INTEGER NOT NULL,
  cost INTEGER NOT NULL,
  at INTEGER NOT NULL
);
-- Resources read and charged, per app and UTC day (X charges a resource once a day); older days are pruned.
CREATE TABLE IF NOT EXISTS x_billed_reads (
  app_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  resource TEXT NOT NULL,
  PRIMARY KEY (app_id, day, resource)
) WITHOUT ROWID;
-- Posts read per app and calendar month (UTC): the pay-per-use monthly cap.
CREATE TABLE IF NOT EXISTS x_post_reads (
  app_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (app_id, month)
) WITHOUT ROWID;
`;

/**
 * Opens (creating when needed) the sandbox database: `<dataDir>/sandbox.db`, or an in-memory database when
 * `dataDir` is `null`. The data dir is created 0700, or restricted to 0700 when it exists (see
 * `ensurePrivateDir`). Applies WAL + `synchronous=FULL`, a busy timeout and the schema.
 *
 * @example
 * ```ts
 * const db = openSandboxDatabase('/tmp/sandbox-data');
 * db.close();
 * ```
 */
export function openSandboxDatabase(dataDir: string | null): SandboxDatabase {
  // Throws SqliteUnavailableError (one line: what is missing, the ways out) when better-sqlite3 cannot load.
  const Sqlite = loadBetterSqlite3();
  let db: SandboxDatabase;
  if (dataDir === null) {
    db = new Sqlite(':memory:');
  } else {
    ensurePrivateDir(dataDir);
    const file = join(dataDir, 'sandbox.db');
    // The database holds consumer and token secrets: owner-only, like demo-credentials.json and key.pem. SQLite
    // gives its -wal and -shm files the database file's mode, so creating it 0600 covers all three; files of an
    // older data dir are tightened.
    closeSync(openSync(file, 'a', 0o600));
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
    }
    db = new Sqlite(file);
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  // Data dirs created before plans existed: their apps are pay-per-use (with no balance: not limited).
  if (!(db.prepare('PRAGMA table_info(x_apps)').all() as Array<{ name: string }>).some((c) => c.name === 'plan')) {
    db.exec("ALTER TABLE x_apps ADD COLUMN plan TEXT NOT NULL DEFAULT 'pay-per-use'");
  }
  db.exec(OAUTH2_SCHEMA);
  db.exec(SOCIAL_SCHEMA);
  migrateOAuth2Clients(db);
  db.exec(RELATIONS_LISTS_DMS_SCHEMA);
  db.exec(POSTS_SCHEMA);
  cacheStatements(db);
  // Data dirs created before x_user_counts existed: count their tweets once.
  metaValue(db, 'user_counts_v1', () => {
    db.exec(
      'DELETE FROM x_user_counts; INSERT INTO x_user_counts (user_id, statuses) SELECT user_id, COUNT(*) FROM x_tweets GROUP BY user_id;',
    );
    return '1';
  });
  // Data dirs created before x_user_stats existed: count their follows and likes once.
  metaValue(db, 'user_stats_v1', () => {
    db.exec(`DELETE FROM x_user_stats;
      INSERT INTO x_user_stats (user_id, followers, friends, favourites)
      SELECT u.id, (SELECT COUNT(*) FROM x_follows f WHERE f.followee_id = u.id), (SELECT COUNT(*) FROM x_follows f WHERE f.follower_id = u.id),
        (SELECT COUNT(*) FROM x_likes l WHERE l.user_id = u.id)
      FROM x_users u;`);
    return '1';
  });
  return db;
}

/**
 * better-sqlite3 compiles the SQL on every `prepare()`, and the sandbox prepares in its request paths: reuse
 * each compiled statement (bounded; no sandbox code changes a statement's mode per call). Measured with
 * `npm run bench -- sandbox-throughput`: about 40% less CPU per authenticated tweet POST.
 */
function cacheStatements(db: SandboxDatabase): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      if (cache.size >= 512) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as SandboxDatabase['prepare'];
}

/**
 * Reads a value of the `sandbox_meta` table, creating it with `create()` on first use.
 *
 * @example
 * ```ts
 * const secret = metaValue(db, 'cookie_secret', () => randomBytes(32).toString('base64url'));
 * ```
 */
export function metaValue(db: SandboxDatabase, key: string, create: () => string): string {
  const row = db.prepare('SELECT value FROM sandbox_meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (row !== undefined) return row.value;
  const value = create();
  db.prepare('INSERT OR IGNORE INTO sandbox_meta (key, value) VALUES (?, ?)').run(key, value);
  return (db.prepare('SELECT value FROM sandbox_meta WHERE key = ?').get(key) as { value: string }).value;
}

const statements = new WeakMap<SandboxDatabase, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql`, prepared once per database and reused.
 *
 * @example
 * ```ts
 * const row = prepared(db, 'SELECT value FROM sandbox_meta WHERE key = ?').get('secret');
 * ```
 */
export function prepared(db: SandboxDatabase, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (cache === undefined) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
