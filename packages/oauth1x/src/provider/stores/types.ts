/**
 * The provider store contract (RFC 5849 §2): nonces, temporary credentials (request tokens) with their
 * verifier, token credentials (access tokens) and attempt counters. Three implementations share it and one
 * contract test suite: memory (`oauth1x/provider`), SQLite (`oauth1x/provider/sqlite`) and Redis
 * (`oauth1x/provider/redis`). Consumers (client applications) are the host's business: the handler looks
 * them up through an injected function.
 *
 * Every state change that matters for security is one atomic step in the store: claiming a nonce, approving a
 * request token, consuming it (so it is exchanged exactly once) and counting attempts.
 *
 * @module
 */
import type { NonceStore } from '../nonce-store.js';

/** Where a request token is in its life (RFC 5849 §2.1–2.3). */
export type RequestTokenState = 'pending' | 'authorized' | 'used';

/** Temporary credentials (RFC 5849 §2.1) and what the user decided about them (§2.2). */
export interface RequestTokenRecord {
  /** `oauth_token`: unguessable, unique. */
  token: string;
  /** `oauth_token_secret`. */
  secret: string;
  /** The consumer the token was issued to. */
  consumerKey: string;
  /** `oauth_callback` as sent: an absolute URL or `oob`. */
  callback: string;
  state: RequestTokenState;
  /** `oauth_verifier`, set when the user approved (§2.2), `null` before. */
  verifier: string | null;
  /** The user who approved, `null` before. */
  userId: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds after which the token can no longer be approved or exchanged. */
  expiresAt: number;
  /** Free-form host data (e.g. `x_auth_access_type`), kept with the token. */
  meta: Record<string, string>;
}

/** Token credentials (RFC 5849 §2.3). */
export interface AccessTokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  userId: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds, or `null` for a token that lasts until revoked. */
  expiresAt: number | null;
  /** Free-form host data (e.g. the access level), kept with the token. */
  meta: Record<string, string>;
}

/** Why a request token could not be approved or consumed. */
export type RequestTokenFailure = 'unknown' | 'expired' | 'used' | 'not_pending' | 'not_authorized';

/** The result of an atomic request-token transition. */
export type RequestTokenTransition = { ok: true; record: RequestTokenRecord } | { ok: false; reason: RequestTokenFailure };

/**
 * The store every provider setup needs. All methods may reject when the backing service is unreachable; the
 * handler then answers 503 and never treats a failure as success (fail closed).
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'oauth1x/provider';
 * const store: ProviderStore = createMemoryStore();
 * await store.claim('8:consumer|0:|10:1318622958|3:abc', Date.now() + 600_000); // true, then false
 * ```
 */
export interface ProviderStore extends NonceStore {
  /** Saves a new request token (state `pending`). Rejects when the token already exists. */
  saveRequestToken(record: RequestTokenRecord): Promise<void>;
  /**
   * Returns the request token, expired or used ones included while they are retained (so the caller can tell
   * `token_expired` and `token_used` from an unknown token), or `null`.
   */
  getRequestToken(token: string): Promise<RequestTokenRecord | null>;
  /**
   * Atomically moves a `pending`, unexpired token to `authorized`, recording the verifier and the user.
   * Fails with `unknown`, `expired` or `not_pending` (already approved or used).
   */
  authorizeRequestToken(token: string, userId: string, verifier: string, now: number): Promise<RequestTokenTransition>;
  /**
   * Atomically moves an `authorized`, unexpired token to `used` and returns it: of many concurrent calls
   * exactly one succeeds. Fails with `unknown`, `expired`, `used` or `not_authorized`.
   */
  consumeRequestToken(token: string, now: number): Promise<RequestTokenTransition>;
  /** Deletes a request token (the user denied access). Resolves `true` when it existed. */
  deleteRequestToken(token: string): Promise<boolean>;
  /** Saves a new access token. Rejects when the token already exists. */
  saveAccessToken(record: AccessTokenRecord): Promise<void>;
  /** Returns the access token (expired ones included until cleaned up), or `null` when unknown or revoked. */
  getAccessToken(token: string): Promise<AccessTokenRecord | null>;
  /** The most recent unrevoked access token of this consumer and user, or `null` (for stable per-user tokens). */
  findAccessToken(consumerKey: string, userId: string): Promise<AccessTokenRecord | null>;
  /** Revokes an access token. Resolves `true` when it existed. */
  revokeAccessToken(token: string): Promise<boolean>;
  /**
   * Atomically adds one to the counter `key` and returns the new count. A counter starts at 1 and is reset
   * `windowMs` after its first hit (fixed window), e.g. failed xAuth logins per username.
   */
  hit(key: string, windowMs: number): Promise<number>;
  /** Current count of `key` (0 when absent or its window ended). */
  count(key: string): Promise<number>;
  /** Resets a counter. */
  resetCount(key: string): Promise<void>;
  /** Removes rows past their retention; resolves to how many were removed. Stores also do this on their own. */
  cleanup(now?: number): Promise<number>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** Options shared by every store. */
export interface StoreOptions {
  /**
   * How long used and expired request tokens and expired access tokens stay readable after they expire, in
   * milliseconds, so a replay is answered `token_used` / `token_expired` rather than `token_rejected`.
   * Default 15 minutes.
   */
  retentionMs?: number | undefined;
  /** Time source in epoch milliseconds, for cleanup. Default `Date.now`. */
  clock?:
    | {
        /** The current time in epoch milliseconds. */
        now(): number;
      }
    | undefined;
}

/**
 * Default retention of used/expired tokens: 15 minutes.
 *
 * @example
 * ```ts
 * import { createMemoryStore, DEFAULT_RETENTION_MS } from 'oauth1x/provider';
 * createMemoryStore({ retentionMs: 2 * DEFAULT_RETENTION_MS });
 * ```
 */
export const DEFAULT_RETENTION_MS = 15 * 60 * 1000;
