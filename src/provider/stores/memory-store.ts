/**
 * An in-memory {@link ProviderStore} for one process (tests, single-instance providers, edge workers with
 * sticky routing). Web APIs only. Every operation is synchronous under the hood, so each check-and-set is
 * atomic within the process. State is lost on restart; run several instances with the Redis store instead.
 *
 * @module
 */

import { SYNC_CLAIM } from '../nonce-store.js';
import {
  type AccessTokenRecord,
  DEFAULT_RETENTION_MS,
  type ProviderStore,
  type RequestTokenRecord,
  type RequestTokenTransition,
  type StoreOptions,
} from './types.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions extends StoreOptions {
  /**
   * Most nonces kept at once. When full (after removing expired ones) `claim` rejects: the store fails closed
   * rather than forgetting a nonce inside its window. Default 1,000,000.
   */
  maxNonces?: number | undefined;
}

const SWEEP_EVERY = 1024;

/**
 * Flattens a concatenated string in place. V8 keeps `a + b` as a tree of its pieces until something needs it
 * flat, and hashing it for a map does not: a nonce key (consumer key, token, timestamp and nonce, sliced from
 * the received Authorization header) would keep a dozen string nodes and the whole header alive for as long
 * as the nonce is held. Converting it to a number flattens it (the tree collapses to one flat copy).
 */
function flatten(text: string): void {
  Number(text);
}

function copyRequest(record: RequestTokenRecord): RequestTokenRecord {
  return { ...record, meta: { ...record.meta } };
}

function copyAccess(record: AccessTokenRecord): AccessTokenRecord {
  return { ...record, meta: { ...record.meta } };
}

function userIndexKey(consumerKey: string, userId: string): string {
  return `${consumerKey.length}:${consumerKey}|${userId}`;
}

/**
 * Creates an in-memory store.
 *
 * @example
 * ```ts
 * import { createMemoryStore, createProviderHandler } from 'oauth1x/provider';
 * const store = createMemoryStore();
 * const provider = createProviderHandler({ store, lookupConsumer: (key) => apps.get(key) ?? null });
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): ProviderStore {
  const retention = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const clock = options.clock ?? { now: () => Date.now() };
  const maxNonces = options.maxNonces ?? 1_000_000;
  const nonces = new Map<string, number>();
  const requestTokens = new Map<string, RequestTokenRecord>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const byUser = new Map<string, Set<string>>();
  const counters = new Map<string, { count: number; resetAt: number }>();
  let writes = 0;
  let nonceWrites = 0;

  /**
   * Removes expired nonces from the front of the map (insertion order) up to the first one still live. Expiry
   * times rise roughly in insertion order (a nonce expires `window` after its timestamp, which is within
   * `window` of the clock when it is claimed), so this visits about as many entries as it removes instead of
   * every nonce held; an expired nonce behind a live one waits at most two windows. A re-claimed key is moved
   * to the end (see `claim`), so the order holds.
   */
  function sweepNonceFront(now: number): number {
    let removed = 0;
    for (const [key, expiresAt] of nonces) {
      if (expiresAt > now) break;
      nonces.delete(key);
      removed++;
    }
    return removed;
  }

  /** Removes what expired: every nonce when `full` (cleanup, store full), else the front of the nonce map. */
  function sweep(now: number, full = true): number {
    let removed = full ? 0 : sweepNonceFront(now);
    if (full) for (const [key, expiresAt] of nonces) if (expiresAt <= now) removed += Number(nonces.delete(key));
    for (const [key, record] of requestTokens) if (record.expiresAt + retention <= now) removed += Number(requestTokens.delete(key));
    for (const [key, record] of accessTokens) {
      if (record.expiresAt !== null && record.expiresAt + retention <= now) {
        removeAccess(key, record);
        removed++;
      }
    }
    for (const [key, counter] of counters) if (counter.resetAt <= now) removed += Number(counters.delete(key));
    return removed;
  }

  function removeAccess(token: string, record: AccessTokenRecord): void {
    accessTokens.delete(token);
    const index = userIndexKey(record.consumerKey, record.userId);
    const tokens = byUser.get(index);
    tokens?.delete(token);
    if (tokens?.size === 0) byUser.delete(index);
  }

  function wrote(): void {
    if (++writes % SWEEP_EVERY === 0) sweep(clock.now(), false);
  }

  /** The nonce claim, synchronous: a check and a set with nothing in between, so atomic in this process. */
  function claimNonce(key: string, expiresAtMs: number): boolean {
    flatten(key);
    const now = clock.now();
    const existing = nonces.get(key);
    if (existing !== undefined) {
      if (existing > now) return false;
      nonces.delete(key); // expired: claimed afresh, at the end of the insertion order
    } else if (nonces.size >= maxNonces) {
      sweep(now);
      if (nonces.size >= maxNonces) throw new Error('Memory nonce store is full');
    }
    nonces.set(key, expiresAtMs);
    // Nonces are the bulk of the writes: the periodic nonce sweep looks at the front of the map only.
    if (++nonceWrites % SWEEP_EVERY === 0) sweepNonceFront(now);
    return true;
  }

  const claim = async (key: string, expiresAtMs: number): Promise<boolean> => claimNonce(key, expiresAtMs);
  Object.defineProperty(claim, SYNC_CLAIM, { value: claimNonce });

  function transition(token: string, now: number, from: 'pending' | 'authorized'): RequestTokenTransition {
    const record = requestTokens.get(token);
    if (record === undefined) return { ok: false, reason: 'unknown' };
    if (record.state === 'used') return { ok: false, reason: 'used' };
    if (record.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (record.state !== from) return { ok: false, reason: from === 'pending' ? 'not_pending' : 'not_authorized' };
    return { ok: true, record };
  }

  return {
    claim,
    async saveRequestToken(record) {
      if (requestTokens.has(record.token)) throw new Error('Request token already exists');
      requestTokens.set(record.token, copyRequest(record));
      wrote();
    },
    async getRequestToken(token) {
      const record = requestTokens.get(token);
      return record === undefined ? null : copyRequest(record);
    },
    async authorizeRequestToken(token, userId, verifier, now) {
      const result = transition(token, now, 'pending');
      if (!result.ok) return result;
      result.record.state = 'authorized';
      result.record.userId = userId;
      result.record.verifier = verifier;
      return { ok: true, record: copyRequest(result.record) };
    },
    async consumeRequestToken(token, now) {
      const result = transition(token, now, 'authorized');
      if (!result.ok) return result;
      result.record.state = 'used';
      return { ok: true, record: copyRequest(result.record) };
    },
    async deleteRequestToken(token) {
      return requestTokens.delete(token);
    },
    async saveAccessToken(record) {
      if (accessTokens.has(record.token)) throw new Error('Access token already exists');
      accessTokens.set(record.token, copyAccess(record));
      const index = userIndexKey(record.consumerKey, record.userId);
      const tokens = byUser.get(index) ?? new Set<string>();
      tokens.add(record.token);
      byUser.set(index, tokens);
      wrote();
    },
    async getAccessToken(token) {
      const record = accessTokens.get(token);
      return record === undefined ? null : copyAccess(record);
    },
    async findAccessToken(consumerKey, userId) {
      let latest: AccessTokenRecord | undefined;
      for (const token of byUser.get(userIndexKey(consumerKey, userId)) ?? []) {
        const record = accessTokens.get(token);
        if (record !== undefined && (latest === undefined || record.createdAt >= latest.createdAt)) latest = record;
      }
      return latest === undefined ? null : copyAccess(latest);
    },
    async revokeAccessToken(token) {
      const record = accessTokens.get(token);
      if (record === undefined) return false;
      removeAccess(token, record);
      return true;
    },
    async hit(key, windowMs) {
      const now = clock.now();
      const counter = counters.get(key);
      if (counter === undefined || counter.resetAt <= now) {
        counters.set(key, { count: 1, resetAt: now + windowMs });
        wrote();
        return 1;
      }
      return ++counter.count;
    },
    async count(key) {
      const counter = counters.get(key);
      return counter === undefined || counter.resetAt <= clock.now() ? 0 : counter.count;
    },
    async resetCount(key) {
      counters.delete(key);
    },
    async cleanup(now = clock.now()) {
      return sweep(now);
    },
    async close() {
      nonces.clear();
      requestTokens.clear();
      accessTokens.clear();
      byUser.clear();
      counters.clear();
    },
  };
}
