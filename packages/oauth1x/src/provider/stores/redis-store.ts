/**
 * A Redis {@link ProviderStore} (ioredis) for providers that run several instances. Nonces are claimed with
 * one atomic `SET key 1 NX PX ttl`, inside a script that also notices when Redis lost its data, checked again
 * on every connect, so a loss while no provider was connected is noticed too (redis-nonces.ts); tokens are
 * hashes with a TTL (expiry plus retention); every state change (approve, consume, revoke, count) is one Lua
 * script (redis-scripts.ts), so it is atomic across all instances. Node only: `oauth1x/provider/redis`. ioredis is an
 * optional peer dependency, loaded when the store makes its own client: without it `createRedisStore` throws
 * `ERR_MISSING_PEER` (`npm install ioredis`).
 *
 * Fail closed: when Redis cannot be reached every call rejects within `connectWaitMs` (no offline queue, no
 * unbounded retries) and the handler answers 503; the client keeps reconnecting in the background and the
 * store works again as soon as Redis is back.
 *
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis';
import { requirePeer } from './optional-peer.js';
import { redisNonces } from './redis-nonces.js';
import { CLAIM, CREATE, CREATE_ACCESS, FIND_ACCESS, HIT, MARK, REVOKE, type RedisScript, TRANSITION } from './redis-scripts.js';
import type { AccessTokenRecord, ProviderStore, RequestTokenRecord, RequestTokenTransition, StoreOptions } from './types.js';
import { DEFAULT_RETENTION_MS } from './types.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions extends StoreOptions {
  /** A `redis://` URL for a client the store creates (and closes). Default `REDIS_URL`, then `redis://127.0.0.1:6379`. */
  url?: string | undefined;
  /**
   * An existing ioredis client (never closed by the store). Configure it to fail fast as the store's own client
   * does: `enableOfflineQueue: false`, `maxRetriesPerRequest: 1`, a `commandTimeout`.
   */
  client?: Redis | undefined;
  /** Extra options for the client the store creates. */
  redisOptions?: RedisOptions | undefined;
  /** Key prefix. Default `oauth1x:`. */
  prefix?: string | undefined;
  /** How long a call waits for a (re)connecting client before it rejects, in milliseconds. Default 500. */
  connectWaitMs?: number | undefined;
}

function pairsToObject(pairs: readonly string[], start = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = start; i + 1 < pairs.length; i += 2) out[pairs[i] as string] = pairs[i + 1] as string;
  return out;
}

function toRequest(h: Record<string, string>): RequestTokenRecord {
  return {
    token: h.token ?? '',
    secret: h.secret ?? '',
    consumerKey: h.consumerKey ?? '',
    callback: h.callback ?? '',
    state: (h.state ?? 'pending') as RequestTokenRecord['state'],
    verifier: h.verifier ?? null,
    userId: h.userId ?? null,
    createdAt: Number(h.createdAt),
    expiresAt: Number(h.expiresAt),
    meta: JSON.parse(h.meta ?? '{}') as Record<string, string>,
  };
}

function toAccess(h: Record<string, string>): AccessTokenRecord {
  return {
    token: h.token ?? '',
    secret: h.secret ?? '',
    consumerKey: h.consumerKey ?? '',
    userId: h.userId ?? '',
    createdAt: Number(h.createdAt),
    expiresAt: h.expiresAt === undefined || h.expiresAt === '' ? null : Number(h.expiresAt),
    meta: JSON.parse(h.meta ?? '{}') as Record<string, string>,
  };
}

/**
 * The options the store's own client uses: fail fast while Redis is down, reconnect forever in the background.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisStore, FAIL_FAST_REDIS_OPTIONS } from 'oauth1x/provider/redis';
 * const client = new Redis(process.env.REDIS_URL!, { ...FAIL_FAST_REDIS_OPTIONS, db: 2 });
 * const store = createRedisStore({ client });
 * ```
 */
export const FAIL_FAST_REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 2000,
  retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
};

/**
 * The Redis store: a {@link ProviderStore} plus a readiness wait for startup.
 *
 * @example
 * ```ts
 * const store: RedisProviderStore = createRedisStore({ url: process.env.REDIS_URL });
 * await store.ready(5000);
 * ```
 */
export interface RedisProviderStore extends ProviderStore {
  /**
   * Resolves once connected and the nonce marker is checked (await it before the server starts listening);
   * a connection lost on the way (also one ioredis still reports `ready` for) is waited out and checked again;
   * rejects after `timeoutMs` (default 10 s). When the marker was just (re)created it resolves in the next
   * second, so the requests clients sign from then on postdate it (see redis-nonces.ts).
   */
  ready(timeoutMs?: number): Promise<void>;
}

/** The outcome of one marker check: the recorded loss time (`null` for none), or why it failed. */
type MarkResult = { ok: true; lost: number | null } | { ok: false; error: unknown };

/**
 * Creates a Redis store. Connection errors are not thrown from the constructor: each call rejects while Redis
 * is unreachable, and succeeds again once the client has reconnected.
 *
 * @example
 * ```ts
 * import { createRedisStore } from 'oauth1x/provider/redis';
 * const store = createRedisStore({ url: process.env.REDIS_URL, prefix: 'api:' });
 * await store.ready(); // connected: start serving
 * await store.claim('8:consumer|0:|10:1318622958|3:abc', Date.now() + 600_000); // true once across all instances
 * await store.close();
 * ```
 */
export function createRedisStore(options: RedisStoreOptions = {}): RedisProviderStore {
  const retention = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const clock = options.clock ?? { now: () => Date.now() };
  const prefix = options.prefix ?? 'oauth1x:';
  const connectWaitMs = options.connectWaitMs ?? 500;
  const owned = options.client === undefined;
  const client =
    options.client ??
    // ioredis is an optional peer: loaded here, so a missing one is a clear error (ERR_MISSING_PEER).
    new (requirePeer<{ Redis: typeof Redis }>('ioredis', 'oauth1x/provider/redis').Redis)(
      options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      { ...FAIL_FAST_REDIS_OPTIONS, ...options.redisOptions },
    );
  // Without a listener ioredis reports every failed reconnect on stderr; calls reject on their own.
  if (owned) client.on('error', () => {});
  const k = {
    request: (token: string) => `${prefix}rt:${token}`,
    access: (token: string) => `${prefix}at:${token}`,
    user: (consumerKey: string, userId: string) => `${prefix}atu:${consumerKey.length}:${consumerKey}|${userId}`,
    counter: (key: string) => `${prefix}c:${key}`,
  };

  /**
   * Connected and able to send. ioredis reports `ready` until the socket's `close` event, but a socket whose peer
   * went away (Redis killed or restarted, the connection dropped) has already ended before that: in that window
   * every command fails at once ("Stream isn't writeable"), so it counts as reconnecting here.
   */
  const connected = () => client.status === 'ready' && client.stream?.writable === true;
  let readyPromise: Promise<void> | undefined;
  async function ready(waitMs = connectWaitMs): Promise<void> {
    if (connected()) return;
    if (!owned && (client.status === 'end' || client.status === 'close')) throw new Error('Redis client is closed');
    // One shared listener however many calls wait (in the window above, it is the reconnect's `ready`).
    readyPromise ??= new Promise<void>((resolve) => client.once('ready', resolve)).finally(() => {
      readyPromise = undefined;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const state = client.status === 'ready' ? 'connection lost, reconnecting' : `status ${client.status}`;
      timer = setTimeout(() => reject(new Error(`Redis not reachable (${state})`)), waitMs);
    });
    try {
      await Promise.race([readyPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function run(s: RedisScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    await ready();
    try {
      return await client.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(s.lua, keys.length, ...keys, ...args);
    }
  }

  async function transition(token: string, args: (string | number)[]): Promise<RequestTokenTransition> {
    const out = (await run(TRANSITION, [k.request(token)], args)) as string[];
    if (out[0] !== 'ok') return { ok: false, reason: out[0] as Exclude<RequestTokenTransition, { ok: true }>['reason'] };
    return { ok: true, record: toRequest(pairsToObject(out, 1)) };
  }

  const nonces = redisNonces({ run, scripts: { claim: CLAIM, mark: MARK }, prefix, clock });
  /** The marker check of the current connection; claims wait for it, so they never run before it. */
  let marking: Promise<MarkResult> | undefined;
  const check = (): Promise<MarkResult> =>
    nonces.mark().then(
      (lost) => ({ ok: true, lost }),
      (error: unknown) => ({ ok: false, error }),
    );
  const mark = () => {
    const current = check();
    marking = current;
    void current.finally(() => {
      if (marking === current) marking = undefined;
    });
  };
  client.on('ready', mark);
  if (connected()) mark();

  /** Connects and checks the marker, again on a connection lost meanwhile, until it succeeds or the time is up. */
  async function checked(timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await ready(Math.max(0, deadline - Date.now()));
      const result = await (marking ?? check());
      if (result.ok) return result.lost;
      const left = deadline - Date.now();
      const reason = result.error instanceof Error ? result.error.message : String(result.error);
      if (left <= 0) throw new Error(`Redis not ready: the nonce marker check failed (${reason})`, { cause: result.error });
      // Lost again: the next round waits for the reconnect. Failed on a live connection: retry shortly.
      if (connected()) await new Promise((resolve) => setTimeout(resolve, Math.min(50, left)));
    }
  }

  return {
    async ready(timeoutMs = 10_000) {
      const lost = await checked(timeoutMs);
      if (lost === null) return;
      // A loss recorded in this second: wait for the next, after which every new timestamp postdates it. A timer
      // may fire a millisecond early by the clock: look again (a few times at most, the clock may be a test's).
      const next = Math.floor(lost / 1000) * 1000 + 1000;
      for (let i = 0, wait = next - clock.now(); wait > 0 && i < 3; i++, wait = next - clock.now()) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait + 1, 1000)));
      }
    },
    async claim(key, expiresAtMs) {
      if (marking !== undefined) await marking;
      return nonces.claim(key, expiresAtMs);
    },
    async saveRequestToken(r) {
      const ttl = Math.max(1, r.expiresAt + retention - clock.now());
      const fields = ['token', r.token, 'secret', r.secret, 'consumerKey', r.consumerKey, 'callback', r.callback, 'state', r.state];
      if (r.verifier !== null) fields.push('verifier', r.verifier);
      if (r.userId !== null) fields.push('userId', r.userId);
      fields.push('createdAt', String(r.createdAt), 'expiresAt', String(r.expiresAt), 'meta', JSON.stringify(r.meta ?? {}));
      if ((await run(CREATE, [k.request(r.token)], [ttl, ...fields])) !== 1) throw new Error('Request token already exists');
    },
    async getRequestToken(token) {
      await ready();
      const h = await client.hgetall(k.request(token));
      return h.state === undefined ? null : toRequest(h);
    },
    async authorizeRequestToken(token, userId, verifier, now) {
      return transition(token, [now, 'pending', 'not_pending', 'authorized', userId, verifier]);
    },
    async consumeRequestToken(token, now) {
      return transition(token, [now, 'authorized', 'not_authorized', 'used']);
    },
    async deleteRequestToken(token) {
      await ready();
      return (await client.del(k.request(token))) === 1;
    },
    async saveAccessToken(r) {
      const ttl = r.expiresAt === null ? 0 : Math.max(1, r.expiresAt + retention - clock.now());
      const fields = ['token', r.token, 'secret', r.secret, 'consumerKey', r.consumerKey, 'userId', r.userId];
      fields.push('createdAt', String(r.createdAt), 'expiresAt', r.expiresAt === null ? '' : String(r.expiresAt));
      fields.push('meta', JSON.stringify(r.meta ?? {}));
      const keys = [k.access(r.token), k.user(r.consumerKey, r.userId)];
      if ((await run(CREATE_ACCESS, keys, [ttl, r.createdAt, r.token, ...fields])) !== 1) throw new Error('Access token already exists');
    },
    async getAccessToken(token) {
      await ready();
      const h = await client.hgetall(k.access(token));
      return h.token === undefined ? null : toAccess(h);
    },
    async findAccessToken(consumerKey, userId) {
      const out = (await run(FIND_ACCESS, [k.user(consumerKey, userId)], [`${prefix}at:`])) as string[];
      return out.length === 0 ? null : toAccess(pairsToObject(out));
    },
    async revokeAccessToken(token) {
      return (await run(REVOKE, [k.access(token)], [`${prefix}atu:`, token])) === 1;
    },
    async hit(key, windowMs) {
      return Number(await run(HIT, [k.counter(key)], [Math.max(1, Math.ceil(windowMs))]));
    },
    async count(key) {
      await ready();
      return Number((await client.get(k.counter(key))) ?? 0);
    },
    async resetCount(key) {
      await ready();
      await client.del(k.counter(key));
    },
    async cleanup() {
      // Redis expires every key on its own.
      return 0;
    },
    async close() {
      client.off('ready', mark);
      if (owned && client.status !== 'end') await client.quit().catch(() => client.disconnect());
    },
  };
}
