/**
 * The core's RSA signing behind the sign scheduler (issue 19): `signRequest` with an RSA method queues on the
 * process-wide scheduler (or the one it is given) instead of dispatching every Web Crypto sign at once, signs
 * exactly what it signed before, and leaves HMAC alone. The event-loop figures themselves live in
 * `npm run bench -- event-loop`, never in a timed test.
 */
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSignScheduler, defaultSignScheduler, OAuthError, type SignRequestOptions, signRequest } from '../../src/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const base = (i: number): SignRequestOptions => ({
  method: 'POST',
  url: `https://api.x.com/1.1/statuses/update.json?i=${i}`,
  body: { status: `hello ${i}` },
  consumer: { key: 'ck', secret: 'cs' },
  token: { key: 'tk', secret: 'ts' },
  signatureMethod: 'RSA-SHA256',
  privateKey: privatePem,
  nonce: `nonce${i}`,
  timestamp: 1_700_000_000 + i,
});

describe('signRequest and the sign scheduler', () => {
  it('queues a burst of RSA signatures on the process-wide scheduler instead of dispatching them all at once', async () => {
    const scheduler = defaultSignScheduler();
    const before = scheduler.pending;
    const all = Array.from({ length: 20 }, (_, i) => signRequest(base(i)));
    // Nothing starts inside the caller's burst: all twenty wait for a slot, started one per macrotask.
    assert.equal(scheduler.pending - before, 20);
    const signed = await Promise.all(all);
    assert.equal(scheduler.pending, 0);
    assert.equal(scheduler.active, 0);
    for (const s of signed) assert.ok(createVerify('RSA-SHA256').update(s.baseString).verify(publicPem, s.signature, 'base64'));
  });

  it('signs exactly as without a scheduler: same base strings, same signatures, same headers', async () => {
    const custom = createSignScheduler({ concurrency: 2 });
    const direct = await Promise.all(Array.from({ length: 8 }, (_, i) => signRequest({ ...base(i), scheduler: null })));
    const shared = await Promise.all(Array.from({ length: 8 }, (_, i) => signRequest(base(i))));
    const own = await Promise.all(Array.from({ length: 8 }, (_, i) => signRequest({ ...base(i), scheduler: custom })));
    assert.deepEqual(shared, direct);
    assert.deepEqual(own, direct);
    for (const s of direct) assert.ok(createVerify('RSA-SHA256').update(s.baseString).verify(publicPem, s.signature, 'base64'));
  });

  it('uses the scheduler it is given, never more than its concurrency at once, and not the shared one', async () => {
    const custom = createSignScheduler({ concurrency: 2 });
    let peak = 0;
    const watched = {
      run<T>(task: () => Promise<T>): Promise<T> {
        return custom.run(() => {
          peak = Math.max(peak, custom.active);
          return task();
        });
      },
      get active() {
        return custom.active;
      },
      get pending() {
        return custom.pending;
      },
    };
    const all = Array.from({ length: 10 }, (_, i) => signRequest({ ...base(i), scheduler: watched }));
    assert.equal(custom.pending, 10);
    assert.equal(defaultSignScheduler().pending, 0);
    await Promise.all(all);
    // Never above its concurrency; how many overlap depends on the machine's load (1 when each signature ends
    // before the scheduler starts the next), so the bound is what is asserted.
    assert.ok(peak >= 1 && peak <= 2, `peak ${peak}`);
    assert.equal(custom.active + custom.pending, 0);
  });

  it('never queues HMAC or PLAINTEXT', async () => {
    const hmac = signRequest({ ...base(0), signatureMethod: 'HMAC-SHA1', privateKey: undefined });
    const plaintext = signRequest({ ...base(1), signatureMethod: 'PLAINTEXT', privateKey: undefined });
    assert.equal(defaultSignScheduler().pending, 0);
    await Promise.all([hmac, plaintext]);
  });

  it('still rejects bad options and bad keys with OAuthError, as a rejected promise', async () => {
    await assert.rejects(
      signRequest({ ...base(0), method: 'GET /' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
    );
    await assert.rejects(
      signRequest({ ...base(0), privateKey: 'not a pem' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_KEY',
    );
    await assert.rejects(
      signRequest({ ...base(0), signatureMethod: 'RSA-MD5' as 'RSA-SHA1' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
    );
  });
});
