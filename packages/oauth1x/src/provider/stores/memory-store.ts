/**
 * An in-memory {@link ProviderStore} for one process (tests, single-instance providers, edge workers with
 * sticky routing). Web APIs only. Every operation is synchronous under the hood, so each check-and-set is
 * atomic within the process. State is lost on restart; run several instances with the Redis store instead.
 *
 * @module
 */

import { withSyncClaim } from '../nonce-store.js';
import { createMemoryNonces } from './memory-nonces.js';
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
  const nonces = createMemoryNonces(clock, maxNonces);
  const requestTokens = new Map<string, RequestTokenRecord>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const byUser = new Map<string, Set<string>>();
  const counters = new Map<string, { count: number; resetAt: number }>();
  let writes = 0;

  /** Removes what expired: every nonce when `full` (cleanup), else a bounded pass over the nonces. */
  function sweep(now: number, full = true): number {
    let removed = nonces.sweep(now, full);
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

  // The nonce claim is synchronous (a check and a set with nothing in between, so atomic in this process); its
  // synchronous twins are marked on the function, and `verifyRequest` passes the key's pieces (claimParts).
  const claim = withSyncClaim(async (key: string, expiresAtMs: number): Promise<boolean> => nonces.claim(key, expiresAtMs), {
    claim: nonces.claim,
    claimParts: nonces.claimParts,
  });

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
