import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodePem, importRsaKey, OAuthError } from '../../src/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const publicPkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('decodePem', () => {
  it('returns the label and DER bytes', () => {
    const { label, der } = decodePem(pkcs8);
    assert.equal(label, 'PRIVATE KEY');
    assert.deepEqual(Buffer.from(der), privateKey.export({ type: 'pkcs8', format: 'der' }));
    assert.equal(decodePem(`junk before\n${pkcs1}\njunk after`).label, 'RSA PRIVATE KEY');
  });

  it('rejects text without a PEM block and bad base64 (ERR_INVALID_KEY)', () => {
    const invalidKey = (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_KEY';
    assert.throws(() => decodePem('hello'), invalidKey);
    assert.throws(() => decodePem('-----BEGIN PRIVATE KEY-----\n@@@\n-----END PRIVATE KEY-----'), invalidKey);
    assert.throws(() => decodePem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PUBLIC KEY-----'), invalidKey);
  });
});

describe('importRsaKey', () => {
  it('imports PKCS#8 and PKCS#1 private keys and SPKI / PKCS#1 public keys for each hash', async () => {
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
      for (const pem of [pkcs8, pkcs1]) {
        const key = await importRsaKey(pem, hash, 'sign');
        assert.equal(key.type, 'private');
        assert.equal((key.algorithm as RsaHashedKeyAlgorithm).hash.name, hash);
      }
      for (const pem of [spki, publicPkcs1]) assert.equal((await importRsaKey(pem, hash, 'verify')).type, 'public');
    }
  });

  it('caches per PEM, hash and usage', async () => {
    assert.equal(await importRsaKey(pkcs8, 'SHA-1', 'sign'), await importRsaKey(pkcs8, 'SHA-1', 'sign'));
    assert.notEqual(await importRsaKey(pkcs8, 'SHA-1', 'sign'), await importRsaKey(pkcs8, 'SHA-256', 'sign'));
  });

  it('checks a CryptoKey’s algorithm, hash and usage', async () => {
    const key = await importRsaKey(pkcs8, 'SHA-256', 'sign');
    assert.equal(await importRsaKey(key, 'SHA-256', 'sign'), key);
    await assert.rejects(importRsaKey(key, 'SHA-1', 'sign'), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_KEY');
    await assert.rejects(importRsaKey(key, 'SHA-256', 'verify'), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_KEY');
  });

  it('refuses a public key for signing and a private key for verifying', async () => {
    await assert.rejects(importRsaKey(spki, 'SHA-1', 'sign'), /private key PEM/);
    await assert.rejects(importRsaKey(pkcs8, 'SHA-1', 'verify'), /public key or certificate/);
  });
});
