/**
 * The database rows of sandbox apps and users, and the records made from them.
 *
 * @module
 */

import { isSignatureMethod } from 'oauth1x';
import type { AccessLevel, AppRecord, UserRecord } from './apps-users.js';
import type { Plan } from './plans.js';

export interface AppRow {
  id: number;
  name: string;
  consumer_key: string;
  consumer_secret: string;
  callback_urls: string;
  xauth: number;
  signature_methods: string;
  access_level: string;
  website: string;
  rsa_public_key: string | null;
  created_at: number;
  plan: string;
  oauth2_client_id: string;
  oauth2_client_secret: string | null;
  oauth2_redirect_uris: string;
}

export interface UserRow {
  id: string;
  screen_name: string;
  name: string;
  password_hash: string;
  description: string;
  location: string;
  email: string | null;
  created_at: number;
}

export const USER_COLUMNS = 'CAST(id AS TEXT) AS id, screen_name, name, password_hash, description, location, email, created_at';

/**
 * An app record from its x_apps row.
 *
 * @example
 * ```ts
 * const app = toApp(db.prepare('SELECT * FROM x_apps WHERE id = ?').get(1) as AppRow);
 * ```
 */
export function toApp(row: AppRow): AppRecord {
  return {
    id: row.id,
    name: row.name,
    consumerKey: row.consumer_key,
    consumerSecret: row.consumer_secret,
    callbackUrls: JSON.parse(row.callback_urls) as string[],
    xauth: row.xauth === 1,
    signatureMethods: row.signature_methods.split(',').filter(isSignatureMethod),
    accessLevel: row.access_level as AccessLevel,
    website: row.website,
    rsaPublicKey: row.rsa_public_key,
    createdAt: row.created_at,
    plan: row.plan as Plan,
    oauth2ClientId: row.oauth2_client_id,
    oauth2ClientSecret: row.oauth2_client_secret,
    oauth2RedirectUris: JSON.parse(row.oauth2_redirect_uris) as string[],
  };
}

/**
 * A user record from its x_users row (selected with {@link USER_COLUMNS}).
 *
 * @example
 * ```ts
 * const user = toUser(db.prepare(`SELECT ${USER_COLUMNS} FROM x_users WHERE id = ?`).get(id) as UserRow);
 * ```
 */
export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    screenName: row.screen_name,
    name: row.name,
    passwordHash: row.password_hash,
    description: row.description,
    location: row.location,
    email: row.email,
    createdAt: row.created_at,
  };
}
