// The one contract suite every ProviderStore runs (memory, SQLite, Redis): call it from a *.test.ts file with a
// factory that returns a fresh, empty store.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { signRequest } from '../../src/index.js';
import { verifyRequest } from '../../src/provider/index.js';
import type { AccessTokenRecord, ProviderStore, RequestTokenRecord, StoreOptions } from '../../src/provider/stores/types.js';
import { verifierAttemptsContract } from './stores-contract-verifier.js';

export type StoreFactory = (options: StoreOptions) => ProviderStore | Promise<ProviderStore>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function requestToken(overrides: Partial<RequestTokenRecord> = {}): RequestTokenRecord {
  const now = Date.now();
  return {
    token: `rt-${randomUUID()}`,
    secret: 'rt-secret',
    consumerKey: 'consumer-a',
    callback: 'https://app.example/cb?x=1',
    state: 'pending',
    verifier: null,
    userId: null,
    createdAt: now,
    expiresAt: now + 60_000,
    meta: {},
    ...overrides,
  };
}

export function accessToken(overrides: Partial<AccessTokenRecord> = {}): AccessTokenRecord {
  return {
    token: `at-${randomUUID()}`,
    secret: 'at-secret',
    consumerKey: 'consumer-a',
    userId: 'user-1',
    createdAt: Date.now(),
    expiresAt: null,
    meta: {},
    ...overrides,
  };
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, { timeout: 30_000 }, () => {
    const opened: ProviderStore[] = [];
    const open = async (options: StoreOptions = {}) => {
      const store = await factory(options);
      opened.push(store);
      return store;
    };
    after(async () => {
      for (const store of opened) await store.close();
    });

    test('verifyRequest refuses a replay in the last second its timestamp is accepted (RFC 5849 §3.3)', async () => {
      // checkTimestamp compares whole seconds: with a 300 s window, timestamp t is still accepted 200 ms after
      // (t + 300) s. A nonce kept only until (t + 300) s had expired there, and every replay in that second passed.
      const window = 300;
      const timestamp = Math.floor(Date.now() / 1000) - window;
      const clock = { now: () => (timestamp + window) * 1000 + 200 };
      const store = await open({ clock });
      const consumer = { key: 'consumer-a', secret: 'consumer-secret' };
      const nonce = `n-${randomUUID()}`;
      const signed = await signRequest({ method: 'GET', url: 'https://api.example.test/r?x=1', consumer, timestamp, nonce });
      const request = () => new Request(signed.url, { headers: { authorization: signed.authorization } });
      const options = {
        lookupConsumer: () => ({ secret: consumer.secret }),
        expectToken: 'none' as const,
        nonceStore: store,
        clock,
        timestampWindowSeconds: window,
      };
      assert.equal((await verifyRequest(request(), options)).consumerKey, consumer.key);
      await assert.rejects(verifyRequest(request(), options), (error: { problem?: string }) => error.problem === 'nonce_used');
    });

    test('claim records a nonce once; a replay resolves false; keys are independent', async () => {
      const store = await open();
      const key = `n-${randomUUID()}`;
      assert.equal(await store.claim(key, Date.now() + 60_000), true);
      assert.equal(await store.claim(key, Date.now() + 60_000), false);
      assert.equal(await store.claim(`${key}x`, Date.now() + 60_000), true);
    });

    test('of 200 concurrent claims of one key exactly one wins', async () => {
      const store = await open();
      const key = `n-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 200 }, () => store.claim(key, Date.now() + 60_000)));
      assert.equal(results.filter(Boolean).length, 1);
    });

    test('a nonce can be claimed again only after it expired', async () => {
      const store = await open();
      // A 300 ms lifetime, doubled while the machine is too loaded to claim twice inside it: only a second claim
      // answered before the expiry shows that the nonce was still held (a late one proves nothing either way).
      for (let lifetime = 300; ; lifetime *= 2) {
        assert.ok(lifetime <= 4800, 'two claims never fit in 4.8 s');
        const key = `n-${randomUUID()}`;
        const sent = Date.now();
        const expiresAt = sent + lifetime;
        assert.equal(await store.claim(key, expiresAt), true);
        const answered = Date.now();
        const again = await store.claim(key, expiresAt);
        if (Date.now() >= expiresAt) continue;
        assert.equal(again, false);
        // A store may count the lifetime from when it received the claim (Redis: PX expiresAt - now), so the
        // nonce may live up to the first claim's round trip past expiresAt; a timer may fire early by the clock.
        const gone = expiresAt + (answered - sent) + 20;
        while (Date.now() < gone) await sleep(gone - Date.now());
        assert.equal(await store.claim(key, Date.now() + 300), true);
        return;
      }
    });

    test('request tokens round-trip, duplicates are refused, unknown is null', async () => {
      const store = await open();
      const record = requestToken({ meta: { x_auth_access_type: 'read', ü: 'é & =' }, callback: 'oob' });
      await store.saveRequestToken(record);
      assert.deepEqual(await store.getRequestToken(record.token), record);
      await assert.rejects(store.saveRequestToken({ ...record, secret: 'other' }));
      assert.equal((await store.getRequestToken(record.token))?.secret, 'rt-secret');
      assert.equal(await store.getRequestToken('nope'), null);
    });

    test('authorize: pending → authorized once, with verifier and user', async () => {
      const store = await open();
      const record = requestToken();
      await store.saveRequestToken(record);
      const now = Date.now();
      const result = await store.authorizeRequestToken(record.token, 'user-7', 'verif', now);
      assert.ok(result.ok);
      assert.deepEqual(result.record, { ...record, state: 'authorized', userId: 'user-7', verifier: 'verif' });
      assert.deepEqual(await store.getRequestToken(record.token), result.record);
      assert.deepEqual(await store.authorizeRequestToken(record.token, 'user-8', 'v2', now), { ok: false, reason: 'not_pending' });
      assert.deepEqual(await store.authorizeRequestToken('nope', 'u', 'v', now), { ok: false, reason: 'unknown' });
      const expired = requestToken();
      await store.saveRequestToken(expired);
      assert.deepEqual(await store.authorizeRequestToken(expired.token, 'u', 'v', expired.expiresAt), { ok: false, reason: 'expired' });
      assert.equal((await store.getRequestToken(expired.token))?.state, 'pending');
    });

    test('consume: only an authorized, unexpired token, exactly once', async () => {
      const store = await open();
      const record = requestToken();
      await store.saveRequestToken(record);
      const now = Date.now();
      assert.deepEqual(await store.consumeRequestToken(record.token, now), { ok: false, reason: 'not_authorized' });
      await store.authorizeRequestToken(record.token, 'user-7', 'verif', now);
      const first = await store.consumeRequestToken(record.token, now);
      assert.ok(first.ok);
      assert.equal(first.record.state, 'used');
      assert.equal(first.record.userId, 'user-7');
      assert.deepEqual(await store.consumeRequestToken(record.token, now), { ok: false, reason: 'used' });
      assert.deepEqual(await store.authorizeRequestToken(record.token, 'u', 'v', now), { ok: false, reason: 'used' });
      assert.equal((await store.getRequestToken(record.token))?.state, 'used');
      assert.deepEqual(await store.consumeRequestToken('nope', now), { ok: false, reason: 'unknown' });
      const late = requestToken();
      await store.saveRequestToken(late);
      await store.authorizeRequestToken(late.token, 'u', 'v', now);
      assert.deepEqual(await store.consumeRequestToken(late.token, late.expiresAt + 1), { ok: false, reason: 'expired' });
    });

    test('of 100 concurrent consumes exactly one succeeds', async () => {
      const store = await open();
      const record = requestToken();
      await store.saveRequestToken(record);
      await store.authorizeRequestToken(record.token, 'u', 'v', Date.now());
      const results = await Promise.all(Array.from({ length: 100 }, () => store.consumeRequestToken(record.token, Date.now())));
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.ok(results.every((r) => r.ok || r.reason === 'used'));
    });

    test('delete removes a request token', async () => {
      const store = await open();
      const record = requestToken();
      await store.saveRequestToken(record);
      assert.equal(await store.deleteRequestToken(record.token), true);
      assert.equal(await store.deleteRequestToken(record.token), false);
      assert.equal(await store.getRequestToken(record.token), null);
    });

    test('access tokens: save, get, find newest per consumer and user, revoke', async () => {
      const store = await open();
      const user = `user-${randomUUID()}`;
      const older = accessToken({ userId: user, createdAt: Date.now() - 1000, meta: { screen_name: 'alice' } });
      const newer = accessToken({ userId: user, expiresAt: Date.now() + 60_000 });
      const other = accessToken({ userId: user, consumerKey: 'consumer-b' });
      await store.saveAccessToken(older);
      await store.saveAccessToken(newer);
      await store.saveAccessToken(other);
      await assert.rejects(store.saveAccessToken({ ...older }));
      assert.deepEqual(await store.getAccessToken(older.token), older);
      assert.deepEqual(await store.getAccessToken(newer.token), newer);
      assert.deepEqual(await store.findAccessToken('consumer-a', user), newer);
      assert.deepEqual(await store.findAccessToken('consumer-b', user), other);
      assert.equal(await store.findAccessToken('consumer-a', 'nobody'), null);
      assert.equal(await store.revokeAccessToken(newer.token), true);
      assert.equal(await store.revokeAccessToken(newer.token), false);
      assert.equal(await store.getAccessToken(newer.token), null);
      assert.deepEqual(await store.findAccessToken('consumer-a', user), older);
      assert.equal(await store.revokeAccessToken(older.token), true);
      assert.equal(await store.findAccessToken('consumer-a', user), null);
      assert.equal(await store.getAccessToken('nope'), null);
    });

    test('counters count atomically within a fixed window and reset', async () => {
      const store = await open();
      const key = `c-${randomUUID()}`;
      assert.equal(await store.count(key), 0);
      assert.equal(await store.hit(key, 60_000), 1);
      assert.equal(await store.hit(key, 60_000), 2);
      assert.equal(await store.count(key), 2);
      await store.resetCount(key);
      assert.equal(await store.count(key), 0);
      const many = await Promise.all(Array.from({ length: 100 }, () => store.hit(key, 60_000)));
      assert.deepEqual(
        [...many].sort((a, b) => a - b),
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      const short = `c-${randomUUID()}`;
      await store.hit(short, 300);
      await store.hit(short, 300);
      await sleep(400);
      assert.equal(await store.count(short), 0);
      assert.equal(await store.hit(short, 300), 1);
    });

    test('used and expired tokens stay readable for the retention period, then go', async () => {
      // A retention of 1 s, doubled while the machine is too loaded to read the tokens back inside it.
      for (let retentionMs = 1000; ; retentionMs *= 2) {
        assert.ok(retentionMs <= 4000, 'the reads never fit in 4 s');
        const store = await open({ retentionMs });
        const sent = Date.now();
        const record = requestToken({ expiresAt: sent + 200 });
        const access = accessToken({ expiresAt: sent + 200 });
        await store.saveRequestToken(record);
        await store.saveAccessToken(access);
        const saved = Date.now();
        await sleep(250);
        const readable = (await store.getRequestToken(record.token))?.token;
        const consumed = await store.consumeRequestToken(record.token, Date.now());
        const readableAccess = (await store.getAccessToken(access.token))?.token;
        if (Date.now() >= record.expiresAt + retentionMs) continue;
        assert.equal(readable, record.token);
        assert.deepEqual(consumed, { ok: false, reason: 'expired' });
        assert.equal(readableAccess, access.token);
        // A store may count the retention from when it received the save (Redis: a TTL of expiresAt + retention
        // - now), so up to the saves' round trip later; a timer may fire early by the clock.
        const gone = record.expiresAt + retentionMs + (saved - sent) + 20;
        while (Date.now() < gone) await sleep(gone - Date.now());
        await store.cleanup();
        assert.equal(await store.getRequestToken(record.token), null);
        assert.equal(await store.getAccessToken(access.token), null);
        return;
      }
    });

    verifierAttemptsContract(open);
  });
}
