/**
 * Nonce claims for the Redis store that notice when Redis lost its data (RFC 5849 §3.3: a nonce must be
 * remembered for as long as its timestamp is accepted). A Redis restarted without persistence, flushed, or
 * restored from an older snapshot has forgotten the nonces of the current window, and `SET NX` alone would then
 * accept a replay of any request seen before.
 *
 * Each claim is one script, atomic in Redis, over three keys: the nonce, an **epoch** sentinel (no TTL) and a
 * **lost-at** time (no TTL). The first store to claim in an empty Redis writes the sentinel; every store
 * remembers the epoch it last saw. When a store that knew an epoch finds the sentinel missing (or replaced by a
 * store that did not know of a loss), the data was lost: it writes a new sentinel and records the moment. From
 * then on, a claim whose timestamp is not after that moment is refused (`false`, which `verifyRequest` reports
 * as `nonce_used`): such a request may have been accepted before the loss, and nothing can tell. Requests signed
 * after it are claimed as usual, and the refused ones leave the timestamp window on their own.
 *
 * What it cannot see: a Redis that lost its data while no store was connected to notice (every provider
 * restarted at the same time as Redis). Run Redis with `appendonly yes` and `appendfsync always` to be safe there.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { canonicalSeconds, parseNonceKey } from '../nonce-store.js';

/** A Lua script and its SHA-1 (for `EVALSHA`). */
export interface RedisScript {
  lua: string;
  sha: string;
}

/**
 * KEYS: nonce, epoch sentinel, lost-at. ARGV: TTL (ms), now (ms), the claim's timestamp in ms or '' (a key not in
 * `nonceKey` form), the epoch this store last saw or '' (none yet), a new epoch (`<now ms>:<id>`) should one be
 * needed. An epoch found that this store did not know, created after the last recorded loss, was written by a
 * store that never saw the old one: the loss is recorded now. Returns `{1 | 0, epoch}`.
 */
export const CLAIM_LUA = `
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[5]
  redis.call('SET', KEYS[2], epoch)
  if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[2]) end
elseif ARGV[4] ~= '' and epoch ~= ARGV[4] then
  local lost = tonumber(redis.call('GET', KEYS[3]) or '-1')
  local created = tonumber(string.match(epoch, '^(%d+):') or '0')
  if lost < created then redis.call('SET', KEYS[3], ARGV[2]) end
end
if ARGV[3] ~= '' then
  local lost = redis.call('GET', KEYS[3])
  if lost and tonumber(ARGV[3]) <= tonumber(lost) then return {0, epoch} end
end
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return {1, epoch} end
return {0, epoch}`;

/** What {@link redisNonceClaim} needs from its store. */
export interface RedisNonceDeps {
  /** Runs a script (`EVALSHA`, then `EVAL` when Redis does not have it); rejects while Redis is unreachable. */
  run(script: RedisScript, keys: string[], args: Array<string | number>): Promise<unknown>;
  script: RedisScript;
  /** The store's key prefix. */
  prefix: string;
  clock: { now(): number };
}

/**
 * The Redis store's `claim(key, expiresAtMs)`: atomic across every instance, and refusing what may have been
 * claimed before Redis lost its data (see the module).
 *
 * @example
 * ```ts
 * const claim = redisNonceClaim({ run, script: CLAIM, prefix: 'oauth1x:', clock: Date });
 * await claim(nonceKey('consumer', 'token', '1700000000', 'abc'), 1_700_000_300_000); // true, then false
 * ```
 */
export function redisNonceClaim(deps: RedisNonceDeps): (key: string, expiresAtMs: number) => Promise<boolean> {
  const { run, script, prefix, clock } = deps;
  const epochKey = `${prefix}nonce-epoch`;
  const lostKey = `${prefix}nonce-lost-at`;
  const instance = randomUUID();
  let generation = 0;
  /** The epoch this store last saw; '' before its first claim. */
  let known = '';
  return async (key, expiresAtMs) => {
    const now = clock.now();
    const ttl = Math.max(1, Math.ceil(expiresAtMs - now));
    const parts = parseNonceKey(key);
    const seconds = parts === undefined ? -1 : canonicalSeconds(parts[2]);
    const out = (await run(
      script,
      [`${prefix}n:${key}`, epochKey, lostKey],
      [ttl, Math.floor(now), seconds < 0 ? '' : seconds * 1000, known, `${Math.floor(now)}:${instance}:${++generation}`],
    )) as [number, string];
    known = out[1];
    return out[0] === 1;
  };
}
