import assert from 'node:assert/strict';
import { createHmac, createSign, generateKeyPairSync, webcrypto } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { hashOf } from '../../src/core/signature-methods.js';
import {
  createSignature,
  isSignatureMethod,
  OAuthError,
  SIGNATURE_METHODS,
  signingKey,
  signRequest,
  timingSafeEqual,
  verifySignature,
} from '../../src/index.js';

const base = 'POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&a%3D%25C3%25A9%26oauth_nonce%3Dn';
const NODE_HASH = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' } as const;

let pkcs8: string;
let pkcs1: string;
let spki: string;
let publicPkcs1: string;

before(() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  publicPkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
});

function importPrivate(hash: string): Promise<CryptoKey> {
  const der = Buffer.from(pkcs8.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']) as Promise<CryptoKey>;
}

describe('signature method names', () => {
  it('lists the seven methods and matches names exactly (case-sensitive)', () => {
    assert.deepEqual(
      [...SIGNATURE_METHODS],
      ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512', 'PLAINTEXT'],
    );
    assert.equal(isSignatureMethod('HMAC-SHA1'), true);
    for (const bad of ['hmac-sha1', 'HMAC-MD5', '', 'toString', 1]) assert.equal(isSignatureMethod(bad), false, String(bad));
    assert.equal(hashOf('RSA-SHA256'), 'SHA-256');
    assert.equal(hashOf('PLAINTEXT'), null);
  });
});

describe('HMAC-SHA1/256/512 and PLAINTEXT (§3.4.2, §3.4.4)', () => {
  it('signs with HMAC keyed by encoded consumer secret & encoded token secret', async () => {
    for (const [method, hash] of [
      ['HMAC-SHA1', 'sha1'],
      ['HMAC-SHA256', 'sha256'],
      ['HMAC-SHA512', 'sha512'],
    ] as const) {
      const expected = createHmac(hash, 'c%20s%C3%A9&t%21s').update(base).digest('base64');
      assert.equal(await createSignature(method, base, { consumerSecret: 'c sé', tokenSecret: 't!s' }), expected, method);
      assert.equal(await createSignature(method, base, { consumerSecret: 'c' }), createHmac(hash, 'c&').update(base).digest('base64'));
    }
  });

  it('PLAINTEXT is the signing key; signingKey encodes both secrets', async () => {
    assert.equal(signingKey('kd94hf93k423kf44', 'pfkkdhi9sl3r4s00'), 'kd94hf93k423kf44&pfkkdhi9sl3r4s00');
    assert.equal(signingKey('a b'), 'a%20b&');
    assert.equal(await createSignature('PLAINTEXT', 'ignored', { consumerSecret: 'a&b', tokenSecret: '😀' }), 'a%26b&%F0%9F%98%80');
  });

  it('verifySignature accepts the right signature and rejects others (HMAC and PLAINTEXT)', async () => {
    for (const method of ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'PLAINTEXT'] as const) {
      const secrets = { consumerSecret: 'cs', tokenSecret: 'ts' };
      const signature = await createSignature(method, base, secrets);
      assert.equal(await verifySignature(method, base, signature, secrets), true, method);
      assert.equal(await verifySignature(method, base, signature, { ...secrets, tokenSecret: 'tX' }), false, method);
      assert.equal(await verifySignature(method, `${base}x`, signature, secrets), method === 'PLAINTEXT', method);
      assert.equal(await verifySignature(method, base, `${signature}A`, secrets), false, method);
    }
  });
});

describe('RSA-SHA1/256/512 (§3.4.3)', () => {
  for (const [method, hash] of [
    ['RSA-SHA1', 'SHA-1'],
    ['RSA-SHA256', 'SHA-256'],
    ['RSA-SHA512', 'SHA-512'],
  ] as const) {
    it(`${method}: PKCS#8 PEM, PKCS#1 PEM and a CryptoKey give node:crypto's signature`, async () => {
      const expected = createSign(NODE_HASH[hash]).update(base).sign(pkcs8, 'base64');
      assert.equal(await createSignature(method, base, { consumerSecret: '', privateKey: pkcs8 }), expected);
      assert.equal(await createSignature(method, base, { consumerSecret: '', privateKey: pkcs1 }), expected);
      assert.equal(await createSignature(method, base, { consumerSecret: '', privateKey: await importPrivate(hash) }), expected);
    });

    it(`${method}: verifies with SPKI, PKCS#1 public PEM and rejects a tampered signature or base string`, async () => {
      const signature = await createSignature(method, base, { consumerSecret: '', privateKey: pkcs1 });
      for (const publicKey of [spki, publicPkcs1]) {
        assert.equal(await verifySignature(method, base, signature, { publicKey }), true);
        assert.equal(await verifySignature(method, `${base}x`, signature, { publicKey }), false);
      }
      const bytes = Buffer.from(signature, 'base64');
      bytes[0] = (bytes[0] as number) ^ 1;
      assert.equal(await verifySignature(method, base, bytes.toString('base64'), { publicKey: spki }), false);
      assert.equal(await verifySignature(method, base, `${signature.slice(0, -2)}?=`, { publicKey: spki }), false, 'not base64');
    });
  }

  it('verifies with an X.509 certificate', async () => {
    const pems = await generate([{ name: 'commonName', value: 'oauth1x test' }], { keySize: 2048, algorithm: 'sha256' });
    const signature = await createSignature('RSA-SHA1', base, { consumerSecret: '', privateKey: pems.private });
    assert.equal(await verifySignature('RSA-SHA1', base, signature, { publicKey: pems.cert }), true);
    assert.equal(await verifySignature('RSA-SHA1', base, signature, { publicKey: spki }), false, 'another key');
  });

  it('signs through signRequest with every key form (the RFC 5849 §3.4.3 method names are sent)', async () => {
    const options = { method: 'GET', url: 'https://e.com/', consumer: { key: 'k', secret: '' }, nonce: 'n', timestamp: 1 };
    const a = await signRequest({ ...options, signatureMethod: 'RSA-SHA256', privateKey: pkcs8 });
    const b = await signRequest({ ...options, signatureMethod: 'RSA-SHA256', privateKey: await importPrivate('SHA-256') });
    assert.equal(a.signature, b.signature);
    assert.ok(a.authorization.includes('oauth_signature_method="RSA-SHA256"'));
    assert.equal(await verifySignature('RSA-SHA256', a.baseString, a.signature, { publicKey: spki }), true);
  });

  it('rejects missing keys, wrong PEM labels, garbage and a CryptoKey for another hash (ERR_INVALID_KEY)', async () => {
    const invalidKey = (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_KEY';
    await assert.rejects(
      createSignature('RSA-SHA1', base, { consumerSecret: '' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
    );
    await assert.rejects(createSignature('RSA-SHA1', base, { consumerSecret: '', privateKey: spki }), invalidKey);
    await assert.rejects(createSignature('RSA-SHA1', base, { consumerSecret: '', privateKey: 'not a pem' }), invalidKey);
    await assert.rejects(
      createSignature('RSA-SHA1', base, { consumerSecret: '', privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }),
      invalidKey,
    );
    await assert.rejects(createSignature('RSA-SHA1', base, { consumerSecret: '', privateKey: await importPrivate('SHA-256') }), invalidKey);
    await assert.rejects(verifySignature('RSA-SHA1', base, 'AAAA', { publicKey: pkcs8 }), invalidKey);
    await assert.rejects(
      verifySignature('RSA-SHA1', base, 'AAAA', {}),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
    );
  });

  it('does not block the event loop while signing (Web Crypto)', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const signing = Promise.all(
      Array.from({ length: 20 }, () => createSignature('RSA-SHA512', `${base}${Math.random()}`, { consumerSecret: '', privateKey: pkcs8 })),
    );
    await signing;
    clearInterval(timer);
    assert.ok(ticks > 0, 'timers ran while RSA signatures were computed');
  });
});

describe('timingSafeEqual', () => {
  it('compares strings exactly, including different lengths and prefixes', () => {
    assert.equal(timingSafeEqual('abc', 'abc'), true);
    assert.equal(timingSafeEqual('', ''), true);
    for (const [a, b] of [
      ['abc', 'abd'],
      ['abc', 'ab'],
      ['ab', 'abc'],
      ['', 'a'],
      ['a\u0100', 'a\u0000'],
    ]) {
      assert.equal(timingSafeEqual(a as string, b as string), false, `${a} vs ${b}`);
    }
  });

  it('does not exit early: the time does not depend on where the strings differ', () => {
    const a = 'x'.repeat(200_000);
    const early = `y${a.slice(1)}`;
    const late = `${a.slice(1)}y`;
    const time = (b: string): number => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 20; i++) timingSafeEqual(a, b);
      return Number(process.hrtime.bigint() - start);
    };
    time(early);
    time(late);
    const samples = Array.from({ length: 7 }, () => time(early) / time(late)).sort((p, q) => p - q);
    const median = samples[3] as number;
    // An early-exit comparison would be thousands of times faster on `early`.
    assert.ok(median > 0.2 && median < 5, `ratio ${median}`);
  });
});
