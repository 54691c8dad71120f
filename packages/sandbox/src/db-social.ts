/**
 * The social-graph part of the sandbox database (social.ts): reposts, bookmarks, protected accounts and the
 * follow requests pending on them. Created with `CREATE … IF NOT EXISTS`, so older data dirs gain them as is.
 *
 * @module
 */

/** The social-graph tables. */
export const SOCIAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS x_reposts (
  user_id INTEGER NOT NULL,
  tweet_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, tweet_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_reposts_tweet ON x_reposts (tweet_id, created_at);
CREATE TABLE IF NOT EXISTS x_bookmarks (
  user_id INTEGER NOT NULL,
  tweet_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, tweet_id)
) WITHOUT ROWID;
-- Accounts whose posts only their approved followers see (X's "protected" accounts).
CREATE TABLE IF NOT EXISTS x_protected (user_id INTEGER PRIMARY KEY);
-- Follows asked of a protected account, waiting for its approval.
CREATE TABLE IF NOT EXISTS x_follow_requests (
  follower_id INTEGER NOT NULL,
  followee_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
-- Who may reply to a post (reply_settings of POST /2/tweets); posts without a row: everyone.
CREATE TABLE IF NOT EXISTS x_reply_settings (tweet_id INTEGER PRIMARY KEY, setting TEXT NOT NULL);
`;
