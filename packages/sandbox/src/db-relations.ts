/**
 * The tables of blocks, mutes, DM blocks and hidden replies (relations.ts), of lists (lists.ts) and of direct
 * messages (dms.ts): issue 18's part of the sandbox database, applied by `openSandboxDatabase` after the core
 * schema. Every table is created if missing, so older data dirs gain them on their next start.
 *
 * @module
 */

/** Blocks, mutes, DM blocks, hidden replies. */
export const RELATIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS x_blocks (
  blocker_id INTEGER NOT NULL,
  blocked_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_blocks_blocked ON x_blocks (blocked_id);
CREATE TABLE IF NOT EXISTS x_mutes (
  muter_id INTEGER NOT NULL,
  muted_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (muter_id, muted_id)
) WITHOUT ROWID;
-- POST /2/users/{id}/dm/block: the user no longer receives DMs from blocked_id.
CREATE TABLE IF NOT EXISTS x_dm_blocks (
  user_id INTEGER NOT NULL,
  blocked_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, blocked_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS x_hidden_replies (tweet_id INTEGER PRIMARY KEY, hidden_by INTEGER NOT NULL);
`;

/** Lists, their members, followers and pins. */
export const LISTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS x_lists (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  private INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS x_lists_owner ON x_lists (owner_id, id);
CREATE TABLE IF NOT EXISTS x_list_members (
  list_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (list_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_list_members_user ON x_list_members (user_id);
CREATE TABLE IF NOT EXISTS x_list_followers (
  list_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (list_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_list_followers_user ON x_list_followers (user_id);
CREATE TABLE IF NOT EXISTS x_list_pins (
  user_id INTEGER NOT NULL,
  list_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, list_id)
) WITHOUT ROWID;
`;

/** Direct-message conversations, their participants and events. */
export const DMS_SCHEMA = `
CREATE TABLE IF NOT EXISTS x_dm_conversations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS x_dm_participants (
  conversation_id TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_dm_participants_user ON x_dm_participants (user_id);
CREATE TABLE IF NOT EXISTS x_dm_events (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  sender_id INTEGER NOT NULL,
  text TEXT,
  media_ids TEXT NOT NULL DEFAULT '',
  participant_ids TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS x_dm_events_conversation ON x_dm_events (conversation_id, id);
`;

/**
 * The three schemas, in the order they are applied.
 *
 * @example
 * ```ts
 * db.exec(RELATIONS_LISTS_DMS_SCHEMA);
 * ```
 */
export const RELATIONS_LISTS_DMS_SCHEMA = RELATIONS_SCHEMA + LISTS_SCHEMA + DMS_SCHEMA;
