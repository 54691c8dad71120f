/**
 * The OAuth 2.0 part of the sandbox database: the tables of oauth2-store.ts and the client columns of x_apps,
 * added to data dirs created before OAuth 2.0.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { SandboxDatabase } from './db.js';

/** The OAuth 2.0 tables. */
export const OAUTH2_SCHEMA = `
-- OAuth 2.0 (oauth2-store.ts): codes and tokens by their SHA-256 only; a family is one authorization (its code
-- and every token issued from it), revoked as a whole when a used code or a rotated refresh token comes back.
CREATE TABLE IF NOT EXISTS x_oauth2_codes (
  code_hash TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  redirect_uri TEXT NOT NULL,
  scopes TEXT NOT NULL,
  challenge TEXT NOT NULL,
  family TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS x_oauth2_tokens (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  app_id INTEGER NOT NULL,
  user_id INTEGER,
  scopes TEXT NOT NULL,
  family TEXT NOT NULL,
  expires_at INTEGER,
  rotated INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS x_oauth2_tokens_family ON x_oauth2_tokens (family);
-- The app-only bearer of each app is derived from the sandbox secret and this generation (X answers the same
-- token until it is invalidated), so the bearer itself is never stored.
CREATE TABLE IF NOT EXISTS x_oauth2_app_bearers (app_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
`;

/**
 * Data dirs created before OAuth 2.0: the client columns of x_apps, and a client id and secret (confidential, no
 * redirect URI yet) for every app that has none.
 *
 * @example
 * ```ts
 * migrateOAuth2Clients(db);
 * ```
 */
export function migrateOAuth2Clients(db: SandboxDatabase): void {
  const columns = new Set((db.prepare('PRAGMA table_info(x_apps)').all() as Array<{ name: string }>).map((c) => c.name));
  if (!columns.has('oauth2_client_id')) db.exec('ALTER TABLE x_apps ADD COLUMN oauth2_client_id TEXT');
  if (!columns.has('oauth2_client_secret')) db.exec('ALTER TABLE x_apps ADD COLUMN oauth2_client_secret TEXT');
  if (!columns.has('oauth2_redirect_uris')) db.exec("ALTER TABLE x_apps ADD COLUMN oauth2_redirect_uris TEXT NOT NULL DEFAULT '[]'");
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS x_apps_oauth2_client ON x_apps (oauth2_client_id)');
  const missing = db.prepare('SELECT id FROM x_apps WHERE oauth2_client_id IS NULL').all() as Array<{ id: number }>;
  const update = db.prepare('UPDATE x_apps SET oauth2_client_id = ?, oauth2_client_secret = ? WHERE id = ?');
  for (const { id } of missing) update.run(randomBytes(24).toString('base64url'), randomBytes(36).toString('base64url'), id);
}
