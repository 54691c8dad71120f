/**
 * The memory store's nonce table (RFC 5849 §3.3), bucketed by timestamp: a claim key (see `nonceKey`) holds the
 * timestamp, and its expiry derives from it, so the nonces of one timestamp share a bucket that expires as a
 * whole. Inside a bucket, nonces are nested by consumer key, then token: a claim hashes three short strings and
 * stores only the nonce (a copy of it), instead of building and hashing one long key from the four pieces.
 * Expired buckets are dropped whole. Keys that are not in `nonceKey` form (or carry a timestamp with leading
 * zeros) keep one expiry each in a plain map. Everything is synchronous, so each check-and-set is atomic within
 * the process.
 *
 * @module
 */

import { canonicalSeconds, parseNonceKey } from '../nonce-store.js';

/** How many claims between two periodic sweeps. */
const SWEEP_EVERY = 1024;

/** The most buckets one periodic sweep looks at (all of them for any realistic timestamp window). */
const SWEEP_BUCKETS = 4096;

/** The nonces of one timestamp by consumer key, then token, kept until `expiresAt` (the latest expiry claimed into it). */
interface Bucket {
  expiresAt: number;
  /** How many nonces the bucket holds. */
  size: number;
  scopes: Map<string, Map<string, Set<string>>>;
}

/**
 * The nonce table of {@link createMemoryNonces}.
 *
 * @example
 * ```ts
 * import { createMemoryNonces, type MemoryNonces } from 'oauth1x/provider';
 * const nonces: MemoryNonces = createMemoryNonces({ now: () => Date.now() }, 100_000);
 * nonces.size; // 0
 * ```
 */
export interface MemoryNonces {
  /** The `claim(key, expiresAtMs)` contract, synchronous: `true` when fresh, `false` on a replay. */
  claim(key: string, expiresAtMs: number): boolean;
  /** The same claim from the pieces of `nonceKey(consumerKey, token, timestamp, nonce)`, without building it. */
  claimParts(consumerKey: string, token: string, timestamp: string, nonce: string, expiresAtMs: number): boolean;
  /** Removes expired nonces (every one when `full`, else a bounded periodic pass); returns how many. */
  sweep(now: number, full: boolean): number;
  /** How many nonces are held. */
  readonly size: number;
  /** Forgets everything. */
  clear(): void;
}

/**
 * A flat copy of `text`. V8 keeps `a + b` as a tree of its pieces, and a piece sliced out of a longer string
 * keeps that whole string alive: a key built from the consumer key, token and nonce sliced from a received
 * Authorization header would hold the header for as long as the nonce is held. `Array#join` writes one new flat
 * string (converting to a number, which once flattened such a tree in place, does not release the pieces on
 * Node 20: measured, ~4 KB held per nonce with a 4 KB header).
 */
function flatCopy(...pieces: Array<string | number>): string {
  return pieces.join('');
}

/**
 * A copy of `text` that holds nothing else alive (see {@link flatCopy}): V8 copies strings shorter than 13
 * characters when slicing, so those are returned as they are; a longer one is prefixed (a two-piece tree), then
 * sliced, which writes the tree flat once and keeps only that short flat string. Cheaper than `join` for one piece.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/**
 * Creates a nonce table. `maxNonces` bounds what it holds: when full (after removing what expired) a claim
 * throws, so the store fails closed rather than forgetting a nonce inside its window.
 *
 * @example
 * ```ts
 * import { createMemoryNonces, nonceKey } from 'oauth1x/provider';
 * const nonces = createMemoryNonces({ now: () => Date.now() }, 1_000_000);
 * nonces.claimParts('consumer', 'token', '1700000000', 'abc', 1_700_000_300_000); // true
 * nonces.claim(nonceKey('consumer', 'token', '1700000000', 'abc'), 1_700_000_300_000); // false: the same nonce
 * ```
 */
export function createMemoryNonces(clock: { now(): number }, maxNonces: number): MemoryNonces {
  /** By timestamp (seconds), in insertion order, which is about expiry order. */
  const buckets = new Map<number, Bucket>();
  /** Every other key (not `nonceKey`'s form, or a timestamp with leading zeros), with its expiry, in insertion order. */
  const loose = new Map<string, number>();
  let bucketed = 0;
  let claims = 0;

  function dropBucket(timestamp: number, bucket: Bucket): number {
    buckets.delete(timestamp);
    bucketed -= bucket.size;
    return bucket.size;
  }

  function sweep(now: number, full: boolean): number {
    let removed = 0;
    let visited = 0;
    for (const [timestamp, bucket] of buckets) {
      if (bucket.expiresAt <= now) removed += dropBucket(timestamp, bucket);
      if (++visited >= SWEEP_BUCKETS && !full) break;
    }
    // Loose keys: the front of the map (insertion order ≈ expiry order), or every one when `full`.
    for (const [key, expiresAt] of loose) {
      if (expiresAt <= now) {
        loose.delete(key);
        removed++;
      } else if (!full) break;
    }
    return removed;
  }

  /** Makes room for one more nonce, or throws (fail closed). */
  function reserve(now: number): void {
    if (bucketed + loose.size < maxNonces) return;
    sweep(now, true);
    if (bucketed + loose.size >= maxNonces) throw new Error('Memory nonce store is full');
  }

  function counted(now: number): void {
    if (++claims % SWEEP_EVERY === 0) sweep(now, false);
  }

  function claimLoose(key: string, expiresAtMs: number): boolean {
    const now = clock.now();
    const existing = loose.get(key);
    if (existing !== undefined) {
      if (existing > now) return false;
      loose.delete(key); // expired: claimed afresh, at the end of the insertion order
    } else reserve(now);
    loose.set(key, expiresAtMs);
    counted(now);
    return true;
  }

  /** The nonces of `consumerKey` + `token` in `bucket`, created (with copies of both keys) when new. */
  function scopeOf(bucket: Bucket, consumerKey: string, token: string): Set<string> {
    let byToken = bucket.scopes.get(consumerKey);
    if (byToken === undefined) {
      byToken = new Map();
      bucket.scopes.set(ownCopy(consumerKey), byToken);
    }
    let nonces = byToken.get(token);
    if (nonces === undefined) {
      nonces = new Set();
      byToken.set(ownCopy(token), nonces);
    }
    return nonces;
  }

  /** The claim of `nonce` for `consumerKey` + `token` under `timestamp`: three lookups and one insertion when fresh. */
  function claimBucketed(timestamp: number, consumerKey: string, token: string, nonce: string, expiresAtMs: number): boolean {
    const now = clock.now();
    let bucket = buckets.get(timestamp);
    if (bucket !== undefined && bucket.expiresAt <= now) {
      dropBucket(timestamp, bucket); // every nonce in it expired: claimed afresh
      bucket = undefined;
    }
    if (bucket === undefined) {
      reserve(now);
      bucket = { expiresAt: expiresAtMs, size: 0, scopes: new Map() };
      buckets.set(timestamp, bucket);
    }
    const nonces = scopeOf(bucket, consumerKey, token);
    if (nonces.has(nonce)) return false;
    if (bucketed + loose.size >= maxNonces) reserve(now);
    nonces.add(ownCopy(nonce));
    bucket.size++;
    bucketed++;
    if (expiresAtMs > bucket.expiresAt) bucket.expiresAt = expiresAtMs;
    counted(now);
    return true;
  }

  function claimParts(consumerKey: string, token: string, timestamp: string, nonce: string, expiresAtMs: number): boolean {
    const seconds = canonicalSeconds(timestamp);
    if (seconds < 0) {
      // nonceKey's text, written flat.
      const key = flatCopy(
        consumerKey.length,
        ':',
        consumerKey,
        '|',
        token.length,
        ':',
        token,
        '|',
        timestamp.length,
        ':',
        timestamp,
        '|',
        nonce.length,
        ':',
        nonce,
      );
      return claimLoose(key, expiresAtMs);
    }
    return claimBucketed(seconds, consumerKey, token, nonce, expiresAtMs);
  }

  return {
    claim(key, expiresAtMs) {
      const parts = parseNonceKey(key);
      if (parts === undefined || canonicalSeconds(parts[2]) < 0) return claimLoose(key, expiresAtMs);
      return claimParts(parts[0], parts[1], parts[2], parts[3], expiresAtMs);
    },
    claimParts,
    sweep,
    get size() {
      return bucketed + loose.size;
    },
    clear() {
      buckets.clear();
      loose.clear();
      bucketed = 0;
    },
  };
}
