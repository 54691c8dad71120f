/**
 * The Lua scripts of the Redis store, each one atomic in Redis: request-token transitions, creations that refuse
 * an existing key, the access-token index, revocation, counters, and the nonce scripts of redis-nonces.ts.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { CLAIM_LUA, MARK_LUA, type RedisScript } from './redis-nonces.js';

export type { RedisScript } from './redis-nonces.js';

function script(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** KEYS[1] token hash. ARGV: now, from-state, failure-when-state-differs, to-state, [userId, verifier]. */
export const TRANSITION = script(`
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt')
if not f[1] then return {'unknown'} end
if f[1] == 'used' then return {'used'} end
if tonumber(f[2]) <= tonumber(ARGV[1]) then return {'expired'} end
if f[1] ~= ARGV[2] then return {ARGV[3]} end
redis.call('HSET', KEYS[1], 'state', ARGV[4])
if ARGV[5] then redis.call('HSET', KEYS[1], 'userId', ARGV[5], 'verifier', ARGV[6]) end
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, 'ok')
return out`);

/** KEYS[1] hash. ARGV[1] ttl ms, then field/value pairs. Creates only when absent. */
export const CREATE = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1`);

/** KEYS[1] access hash, KEYS[2] user index. ARGV[1] ttl ms (0: none), ARGV[2] score, ARGV[3] token, then fields. */
export const CREATE_ACCESS = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
local ttl = tonumber(ARGV[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  local current = redis.call('PTTL', KEYS[2])
  if current ~= -1 and current < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
else
  redis.call('PERSIST', KEYS[2])
end
return 1`);

/** KEYS[1] user index. ARGV[1] access hash key prefix. Returns the newest live token's fields, pruning stale ones. */
export const FIND_ACCESS = script(`
local tokens = redis.call('ZREVRANGE', KEYS[1], 0, -1)
for _, token in ipairs(tokens) do
  local fields = redis.call('HGETALL', ARGV[1] .. token)
  if #fields > 0 then return fields end
  redis.call('ZREM', KEYS[1], token)
end
return {}`);

/** KEYS[1] access hash. ARGV[1] index key prefix, ARGV[2] token. */
export const REVOKE = script(`
local f = redis.call('HMGET', KEYS[1], 'consumerKey', 'userId')
if not f[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', ARGV[1] .. string.len(f[1]) .. ':' .. f[1] .. '|' .. f[2], ARGV[2])
return 1`);

/** The nonce claim and the marker check on connect (see redis-nonces.ts). */
export const CLAIM = script(CLAIM_LUA);
export const MARK = script(MARK_LUA);

/** KEYS[1] counter. ARGV[1] window ms. */
export const HIT = script(`
local c = redis.call('INCR', KEYS[1])
if c == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return c`);
