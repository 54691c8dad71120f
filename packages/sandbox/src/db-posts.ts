/**
 * What a post carries beyond its text (posts.ts): polls, the community it was posted to, the users tagged in its
 * media and, for a long post (X's `note_tweet`), the cut text shown in `text`; and the accounts that may post long
 * text (an X Premium subscription). `CREATE … IF NOT EXISTS`, so older data dirs gain them as they are.
 *
 * @module
 */

/** The post-extras tables. */
export const POSTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS x_post_extras (
  tweet_id INTEGER PRIMARY KEY,
  community_id TEXT,
  tagged_user_ids TEXT NOT NULL DEFAULT '',
  -- A long post: its text cut to 280 weighted characters (the full text stays in x_tweets.text).
  cut_text TEXT,
  poll_id INTEGER
);
CREATE TABLE IF NOT EXISTS x_polls (
  id INTEGER PRIMARY KEY,
  tweet_id INTEGER NOT NULL,
  options TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  ends_at INTEGER NOT NULL
);
-- X Premium (Basic, Premium, PremiumPlus): may post up to 25,000 weighted characters; others 280.
CREATE TABLE IF NOT EXISTS x_subscriptions (user_id INTEGER PRIMARY KEY, type TEXT NOT NULL);
`;
