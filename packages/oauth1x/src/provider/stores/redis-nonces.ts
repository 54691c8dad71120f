/**
 * Nonce claims for the Redis store that notice when Redis lost its data (RFC 5849 §3.3: a nonce must be
 * remembered for as long as its timestamp is accepted). A Redis restarted without persistence, flushed, or
 * restored from an older snapshot has forgotten the nonces of the current window, and `SET NX` alone would then
 * accept a replay of any request seen before.
 *
 * Two keys without a TTL guard the nonces: an **epoch** marker and a **lost-at** time. A missing marker means the
 * nonce history is unknown, whoever finds it missing and whenever: a Redis that lost its data while no provider
 * was connected looks exactly like one that was never used. The finder writes a new marker and records the
 * moment as lost-at (never moving it back). From then on, a claim whose timestamp is not after that moment is
 * refused (`false`, which `verifyRequest` reports as `nonce_used`): such a request may have been accepted before
 * the loss, and nothing can tell. Requests signed after it are claimed as usual, and the refused ones leave the
 * timestamp window on their own. The marker is checked when a store connects (and on every reconnect) and
 * inside every claim, atomically with it, so a loss while stores are connected is seen at their next claim.
 *
 * The trade-off, unavoidable since an empty Redis cannot tell "new" from "flushed": on a genuinely fresh first
 * start, requests timestamped in or before the second the first store connected are refused too, for at most the
 * timestamp window. A provider that awaits `store.ready()` before serving meets none of them from clients with a
 * correct clock (`ready()` returns in the second after the marker); a client whose clock is behind is refused
 * for as long as it is behind. A Redis with the marker (any start but the first) costs nothing. Run Redis with
 * `appendonly yes` and `appendfsync always` so that a restart does not count as a loss.
 *
 * A store also remembers the epoch it last saw: an epoch it did not know, created after the last recorded loss,
 * was written by a store that did not record the loss (an older version of this module): it is recorded then.
 *
 * What it cannot see: a Redis restored from a snapshot that holds the marker (the nonces written since the
 * snapshot are gone, the marker is not). Persistence that keeps every write (`appendfsync always`) avoids it.
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
 * The marker check both scripts start with. Expects locals `epochKey`, `lostKey`, `now` (ms), `known` (the epoch
 * this store last saw, '' for none) and `fresh` (a new epoch, `<now ms>:<id>`); leaves `epoch` set.
 */
const ENSURE_EPOCH = `
local epoch = redis.call('GET', epochKey)
if not epoch then
  epoch = fresh
  redis.call('SET', epochKey, epoch)
  local lost = tonumber(redis.call('GET', lostKey) or '-1')
  if lost < tonumber(now) then redis.call('SET', lostKey, now) end
elseif known ~= '' and epoch ~= known then
  local lost = tonumber(redis.call('GET', lostKey) or '-1')
  local created = tonumber(string.match(epoch, '^(%d+):') or '0')
  if lost < created then redis.call('SET', lostKey, now) end
end`;

/**
 * KEYS: nonce, epoch marker, lost-at. ARGV: TTL (ms), now (ms), the claim's timestamp in ms or '' (a key not in
 * `nonceKey` form), the epoch this store last saw or '', a new epoch should one be needed. Returns `{1 | 0, epoch}`.
 */
export const CLAIM_LUA = `
local epochKey, lostKey, now, known, fresh = KEYS[2], KEYS[3], ARGV[2], ARGV[4], ARGV[5]
${ENSURE_EPOCH}
if ARGV[3] ~= '' then
  local lost = redis.call('GET', lostKey)
  if lost and tonumber(ARGV[3]) <= tonumber(lost) then return {0, epoch} end
end
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return {1, epoch} end
return {0, epoch}`;

/**
 * KEYS: epoch marker, lost-at. ARGV: now (ms), the epoch this store last saw or '', a new epoch. Run when a store
 * connects. Returns `{epoch, lost-at or ''}`.
 */
export const MARK_LUA = `
local epochKey, lostKey, now, known, fresh = KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3]
${ENSURE_EPOCH}
return {epoch, redis.call('GET', lostKey) or ''}`;

/** What {@link redisNonces} needs from its store. */
export interface RedisNonceDeps {
  /** Runs a script (`EVALSHA`, then `EVAL` when Redis does not have it); rejects while Redis is unreachable. */
  run(script: RedisScript, keys: string[], args: Array<string | number>): Promise<unknown>;
  /** {@link CLAIM_LUA} and {@link MARK_LUA}. */
  scripts: { claim: RedisScript; mark: RedisScript };
  /** The store's key prefix. */
  prefix: string;
  clock: { now(): number };
}

/** The Redis store's nonce guard. */
export interface RedisNonces {
  /** `claim(key, expiresAtMs)`: atomic across every instance, refusing what may have been claimed before a loss. */
  claim(key: string, expiresAtMs: number): Promise<boolean>;
  /** Checks the marker (run it on every connect): resolves the recorded loss time in ms, `null` for none. */
  mark(): Promise<number | null>;
}

/**
 * The Redis store's nonce claims and marker check (see the module).
 *
 * @example
 * ```ts
 * const nonces = redisNonces({ run, scripts: { claim: CLAIM, mark: MARK }, prefix: 'oauth1x:', clock: Date });
 * await nonces.mark(); // on connect
 * await nonces.claim(nonceKey('consumer', 'token', '1700000000', 'abc'), 1_700_000_300_000); // true, then false
 * ```
 */
export function redisNonces(deps: RedisNonceDeps): RedisNonces {
  const { run, scripts, prefix, clock } = deps;
  const epochKey = `${prefix}nonce-epoch`;
  const lostKey = `${prefix}nonce-lost-at`;
  const instance = randomUUID();
  let generation = 0;
  /** The epoch this store last saw; '' before its first contact. */
  let known = '';
  const fresh = (now: number) => `${now}:${instance}:${++generation}`;
  return {
    async claim(key, expiresAtMs) {
      const now = clock.now();
      const ttl = Math.max(1, Math.ceil(expiresAtMs - now));
      const parts = parseNonceKey(key);
      const seconds = parts === undefined ? -1 : canonicalSeconds(parts[2]);
      const ms = Math.floor(now);
      const out = (await run(
        scripts.claim,
        [`${prefix}n:${key}`, epochKey, lostKey],
        [ttl, ms, seconds < 0 ? '' : seconds * 1000, known, fresh(ms)],
      )) as [number, string];
      known = out[1];
      return out[0] === 1;
    },
    async mark() {
      const ms = Math.floor(clock.now());
      const out = (await run(scripts.mark, [epochKey, lostKey], [ms, known, fresh(ms)])) as [string, string];
      known = out[0];
      return out[1] === '' ? null : Number(out[1]);
    },
  };
}
