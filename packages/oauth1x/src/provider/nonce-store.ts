/**
 * The nonce store contract every provider store implements (memory, SQLite, Redis). RFC 5849 §3.3: a nonce
 * is unique per consumer key, token and timestamp.
 *
 * @module
 */

/** Atomic replay protection. */
export interface NonceStore {
  /**
   * Records `key` (the scope: consumer key, token and timestamp, plus the nonce) and resolves `true` when it
   * was not recorded before, `false` when it was (a replay). Check and record happen in one atomic step, so
   * of many concurrent claims of one key exactly one resolves `true`. The record is kept until at least
   * `expiresAtMs` (epoch milliseconds). Rejects when the store cannot be reached: callers fail closed.
   */
  claim(key: string, expiresAtMs: number): Promise<boolean>;
}

/**
 * A synchronous claim from the pieces of {@link nonceKey} (see {@link withSyncClaim}).
 *
 * @example
 * ```ts
 * import { nonceKey, type SyncClaimParts } from 'oauth1x/provider';
 * const seen = new Set<string>();
 * const claimParts: SyncClaimParts = (consumerKey, token, timestamp, nonce) => {
 *   const key = nonceKey(consumerKey, token, timestamp, nonce);
 *   return seen.has(key) ? false : (seen.add(key), true);
 * };
 * ```
 */
export type SyncClaimParts = (consumerKey: string, token: string, timestamp: string, nonce: string, expiresAtMs: number) => boolean;

/**
 * The synchronous twins {@link withSyncClaim} attaches to a store's `claim`.
 *
 * @example
 * ```ts
 * import type { SyncClaims } from 'oauth1x/provider';
 * const seen = new Set<string>();
 * const twins: SyncClaims = { claim: (key) => (seen.has(key) ? false : (seen.add(key), true)) };
 * ```
 */
export interface SyncClaims {
  /** Same contract as `claim`, answered at once: returns the boolean, throws when the store cannot answer. */
  claim: (key: string, expiresAtMs: number) => boolean;
  /**
   * The same claim from the pieces of the key: `claimParts(c, t, ts, n, exp)` is
   * `claim(nonceKey(c, t, ts, n), exp)` (a nonce claimed one way is a replay the other way), minus building
   * the key. `verifyRequest` prefers it.
   */
  claimParts?: SyncClaimParts | undefined;
}

/**
 * Internal marks on a `claim` function (module-private symbols, not part of the public API): set only through
 * {@link withSyncClaim}, read by `verifyRequest`.
 */
export const SYNC_CLAIM: unique symbol = Symbol('oauth1x.syncClaim');
export const SYNC_CLAIM_PARTS: unique symbol = Symbol('oauth1x.syncClaimParts');

/**
 * Declares that a store's asynchronous `claim` has synchronous twins (a store that decides in memory, like
 * the memory store), so `verifyRequest` completes without an await (RFC 5849 §3.3's check stays atomic: a
 * check and a set with nothing in between). Returns `claim` itself, marked. The mark sits on the function, so
 * a store whose `claim` is later replaced or wrapped is called through its own `claim`, never around it.
 *
 * @example
 * ```ts
 * import { type NonceStore, nonceKey, withSyncClaim } from 'oauth1x/provider';
 * const seen = new Map<string, number>();
 * const claimNow = (key: string, expiresAtMs: number): boolean => {
 *   if ((seen.get(key) ?? 0) > Date.now()) return false;
 *   seen.set(key, expiresAtMs);
 *   return true;
 * };
 * const store: NonceStore = {
 *   claim: withSyncClaim(async (key: string, expiresAtMs: number) => claimNow(key, expiresAtMs), {
 *     claim: claimNow,
 *     claimParts: (consumerKey, token, timestamp, nonce, expiresAtMs) =>
 *       claimNow(nonceKey(consumerKey, token, timestamp, nonce), expiresAtMs),
 *   }),
 * };
 * ```
 */
export function withSyncClaim<F extends NonceStore['claim']>(claim: F, twins: SyncClaims): F {
  Object.defineProperty(claim, SYNC_CLAIM, { value: twins.claim });
  if (twins.claimParts !== undefined) Object.defineProperty(claim, SYNC_CLAIM_PARTS, { value: twins.claimParts });
  return claim;
}

/** The synchronous twin of `store.claim`, when it has one (see {@link withSyncClaim}). */
export function syncClaimOf(store: NonceStore): ((key: string, expiresAtMs: number) => boolean) | undefined {
  return (store.claim as { [SYNC_CLAIM]?: (key: string, expiresAtMs: number) => boolean })[SYNC_CLAIM];
}

/** The synchronous, by-pieces twin of `store.claim`, when it has one (see {@link withSyncClaim}). */
export function syncClaimPartsOf(store: NonceStore): SyncClaimParts | undefined {
  return (store.claim as { [SYNC_CLAIM_PARTS]?: SyncClaimParts })[SYNC_CLAIM_PARTS];
}

/**
 * The key under which a nonce is claimed: consumer key, token (empty for none), timestamp and nonce, each
 * length-prefixed so no two different tuples share a key.
 *
 * @example
 * ```ts
 * import { nonceKey } from 'oauth1x/provider';
 * nonceKey('consumer', 'token', '1318622958', 'abc'); // '8:consumer|5:token|10:1318622958|3:abc'
 * ```
 */
export function nonceKey(consumerKey: string, token: string, timestamp: string, nonce: string): string {
  return `${consumerKey.length}:${consumerKey}|${token.length}:${token}|${timestamp.length}:${timestamp}|${nonce.length}:${nonce}`;
}

/**
 * The value of `text` when it is canonical decimal (no sign, no leading zero, at most 15 digits), else -1.
 *
 * @example
 * ```ts
 * canonicalSeconds('1318622958'); // 1318622958
 * canonicalSeconds('01'); // -1
 * ```
 */
export function canonicalSeconds(text: string): number {
  const length = text.length;
  if (length === 0 || length > 15 || (length > 1 && text.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Reads `<length>:<text>` at `at` (the length canonical decimal); returns the text's end, or -1. */
function field(key: string, at: number, out: { text: string }): number {
  const colon = key.indexOf(':', at);
  if (colon === -1) return -1;
  const length = canonicalSeconds(key.slice(at, colon));
  if (length < 0 || colon + 1 + length > key.length) return -1;
  out.text = key.slice(colon + 1, colon + 1 + length);
  return colon + 1 + length;
}

/**
 * The pieces of a key in {@link nonceKey} form, or `undefined` when `key` is not exactly `nonceKey` of them.
 *
 * @example
 * ```ts
 * parseNonceKey('8:consumer|5:token|10:1318622958|3:abc'); // ['consumer', 'token', '1318622958', 'abc']
 * parseNonceKey('anything else'); // undefined
 * ```
 */
export function parseNonceKey(key: string): [consumerKey: string, token: string, timestamp: string, nonce: string] | undefined {
  const out = { text: '' };
  const pieces: string[] = [];
  let at = 0;
  for (let i = 0; i < 4; i++) {
    at = field(key, at, out);
    if (at < 0) return undefined;
    pieces.push(out.text);
    if (i < 3) {
      if (key.charCodeAt(at) !== 124 /* | */) return undefined;
      at++;
    }
  }
  if (at !== key.length) return undefined;
  const [consumerKey, token, timestamp, nonce] = pieces as [string, string, string, string];
  return [consumerKey, token, timestamp, nonce];
}
