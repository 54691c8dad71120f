/**
 * OAuth 2.0 authorization codes and tokens of the sandbox, in SQLite by their SHA-256 only (a copy of the
 * database gives no usable token). A family is one authorization: its code and every access and refresh token
 * issued from it, revoked together when the code comes back (RFC 6749 §4.1.2) or a rotated refresh token is
 * used again (RFC 6749 §10.4, OAuth 2.0 Security BCP §4.14.2). App-only bearers are derived from the sandbox
 * secret and a per-app generation, so X's "same token until invalidated" holds without storing it.
 *
 * @module
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { prepared, type SandboxDatabase } from './db.js';

/** Access token lifetime: two hours, as X's. */
export const ACCESS_TOKEN_SECONDS = 7200;
/** Authorization code lifetime: 30 seconds, as X's. */
export const CODE_SECONDS = 30;

/** What a stored authorization code grants. */
export interface CodeGrant {
  appId: number;
  userId: string;
  redirectUri: string;
  scopes: string[];
  /** PKCE S256 code challenge (RFC 7636 §4.2). */
  challenge: string;
  family: string;
  expiresAt: number;
}

/** What a bearer on an API request is. */
export type BearerGrant =
  | { kind: 'user'; appId: number; userId: string; scopes: string[]; expiresAt: number }
  | { kind: 'app'; appId: number };

/** Tokens issued by the token endpoint (RFC 6749 §5.1). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
  scopes: string[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

interface TokenRow {
  kind: string;
  app_id: number;
  user_id: string | null;
  scopes: string;
  family: string;
  expires_at: number | null;
  rotated: number;
}

/**
 * The OAuth 2.0 grants of one sandbox database.
 *
 * @example
 * ```ts
 * const store = new OAuth2Store(db, () => Date.now(), secret);
 * const code = store.issueCode({ appId: 1, userId: '42', redirectUri, scopes: ['tweet.read'], challenge });
 * ```
 */
export class OAuth2Store {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly now: () => number,
    private readonly secret: string,
  ) {}

  /** A new single-use authorization code (RFC 6749 §4.1.2), valid {@link CODE_SECONDS}. */
  issueCode(grant: Omit<CodeGrant, 'family' | 'expiresAt'>): string {
    const code = newToken();
    // Spent and expired codes are kept a day for reuse detection (RFC 6749 §4.1.2), then dropped, as are
    // access tokens expired as long.
    const horizon = this.now() - 86_400_000;
    prepared(this.db, 'DELETE FROM x_oauth2_codes WHERE expires_at < ?').run(horizon);
    prepared(this.db, "DELETE FROM x_oauth2_tokens WHERE kind = 'access' AND expires_at < ?").run(horizon);
    prepared(
      this.db,
      `INSERT INTO x_oauth2_codes (code_hash, app_id, user_id, redirect_uri, scopes, challenge, family, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      sha256(code),
      grant.appId,
      BigInt(grant.userId),
      grant.redirectUri,
      grant.scopes.join(' '),
      grant.challenge,
      randomBytes(16).toString('hex'),
      this.now() + CODE_SECONDS * 1000,
    );
    return code;
  }

  /**
   * Takes a code for `appId` once. A code seen before is refused and its family revoked (RFC 6749 §4.1.2); an
   * unknown, expired or other client's code is `null`. The caller checks the rest (redirect URI, verifier).
   */
  takeCode(code: string, appId: number): CodeGrant | 'reused' | null {
    const hash = sha256(code);
    const row = prepared(
      this.db,
      `SELECT app_id, CAST(user_id AS TEXT) AS user_id, redirect_uri, scopes, challenge, family, expires_at, used
       FROM x_oauth2_codes WHERE code_hash = ?`,
    ).get(hash) as
      | {
          app_id: number;
          user_id: string;
          redirect_uri: string;
          scopes: string;
          challenge: string;
          family: string;
          expires_at: number;
          used: number;
        }
      | undefined;
    if (row === undefined || row.app_id !== appId) return null;
    if (row.used === 1) {
      this.revokeFamily(row.family);
      return 'reused';
    }
    prepared(this.db, 'UPDATE x_oauth2_codes SET used = 1 WHERE code_hash = ?').run(hash);
    if (row.expires_at <= this.now()) return null;
    return {
      appId: row.app_id,
      userId: row.user_id,
      redirectUri: row.redirect_uri,
      scopes: row.scopes === '' ? [] : row.scopes.split(' '),
      challenge: row.challenge,
      family: row.family,
      expiresAt: row.expires_at,
    };
  }

  /** An access token (two hours) and, with `offline.access`, a refresh token, in `family`. */
  issueTokens(appId: number, userId: string, scopes: string[], family: string): IssuedTokens {
    const insert = prepared(
      this.db,
      'INSERT INTO x_oauth2_tokens (token_hash, kind, app_id, user_id, scopes, family, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const accessToken = newToken();
    const refreshToken = scopes.includes('offline.access') ? newToken() : null;
    this.db.transaction(() => {
      insert.run(sha256(accessToken), 'access', appId, BigInt(userId), scopes.join(' '), family, this.now() + ACCESS_TOKEN_SECONDS * 1000);
      if (refreshToken !== null) insert.run(sha256(refreshToken), 'refresh', appId, BigInt(userId), scopes.join(' '), family, null);
    })();
    return { accessToken, refreshToken, scopes };
  }

  #row(token: string): TokenRow | undefined {
    return prepared(
      this.db,
      'SELECT kind, app_id, CAST(user_id AS TEXT) AS user_id, scopes, family, expires_at, rotated FROM x_oauth2_tokens WHERE token_hash = ?',
    ).get(sha256(token)) as TokenRow | undefined;
  }

  /**
   * Rotates a refresh token of `appId`: the old one dies, a new pair is issued in the same family. A rotated
   * token used again revokes the family (`'reused'`); unknown or another client's: `null`.
   */
  refresh(refreshToken: string, appId: number): IssuedTokens | 'reused' | null {
    const row = this.#row(refreshToken);
    if (row === undefined || row.kind !== 'refresh' || row.app_id !== appId || row.user_id === null) return null;
    if (row.rotated === 1) {
      this.revokeFamily(row.family);
      return 'reused';
    }
    prepared(this.db, 'UPDATE x_oauth2_tokens SET rotated = 1 WHERE token_hash = ?').run(sha256(refreshToken));
    return this.issueTokens(appId, row.user_id, row.scopes === '' ? [] : row.scopes.split(' '), row.family);
  }

  /**
   * Revokes an access or refresh token of `appId` (RFC 7009 §2.1): a refresh token takes its family with it, an
   * access token goes alone. Unknown tokens and other clients' tokens are left alone (§2.2: answered 200 all the same).
   */
  revoke(token: string, appId: number): void {
    const row = this.#row(token);
    if (row === undefined || row.app_id !== appId) return;
    if (row.kind === 'refresh') this.revokeFamily(row.family);
    else prepared(this.db, 'DELETE FROM x_oauth2_tokens WHERE token_hash = ?').run(sha256(token));
  }

  /** Revokes every token of an authorization. */
  revokeFamily(family: string): void {
    prepared(this.db, 'DELETE FROM x_oauth2_tokens WHERE family = ?').run(family);
  }

  #generation(appId: number): number {
    const row = prepared(this.db, 'SELECT generation FROM x_oauth2_app_bearers WHERE app_id = ?').get(appId) as
      | { generation: number }
      | undefined;
    return row?.generation ?? 0;
  }

  #derive(appId: number, generation: number): string {
    const mac = createHmac('sha256', this.secret).update(`app-bearer|${appId}|${generation}`).digest('base64url');
    return `AAAAAAAAAAAAAAAAAAAAA${appId}${'A'.repeat(8)}${mac}`;
  }

  /** The app-only bearer of `appId`: the same until invalidated (X's `POST /oauth2/token`). */
  appBearer(appId: number): string {
    return this.#derive(appId, this.#generation(appId));
  }

  /** Invalidates `appId`'s bearer when `token` is it; `false` otherwise (X's `POST /oauth2/invalidate_token`). */
  invalidateAppBearer(appId: number, token: string): boolean {
    const generation = this.#generation(appId);
    if (sha256(this.#derive(appId, generation)) !== sha256(token)) return false;
    prepared(
      this.db,
      'INSERT INTO x_oauth2_app_bearers (app_id, generation) VALUES (?, ?) ON CONFLICT (app_id) DO UPDATE SET generation = excluded.generation',
    ).run(appId, generation + 1);
    return true;
  }

  /**
   * What a bearer on an API request is: an OAuth 2.0 user access token (expired ones included: the caller
   * answers 401) or an app's current app-only bearer; `null` when neither.
   */
  lookup(token: string): BearerGrant | null {
    const app = /^A{21}(\d+)A{8}[A-Za-z0-9_-]{43}$/.exec(token);
    if (app !== null) {
      const appId = Number(app[1]);
      return sha256(this.appBearer(appId)) === sha256(token) ? { kind: 'app', appId } : null;
    }
    const row = this.#row(token);
    if (row === undefined || row.kind !== 'access' || row.user_id === null) return null;
    return {
      kind: 'user',
      appId: row.app_id,
      userId: row.user_id,
      scopes: row.scopes === '' ? [] : row.scopes.split(' '),
      expiresAt: row.expires_at ?? Number.POSITIVE_INFINITY,
    };
  }
}
