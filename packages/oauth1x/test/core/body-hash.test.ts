import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { bodyHash, OAuthError, signRequest } from '../../src/index.js';

const b64 = (hash: string, data: string | Uint8Array): string => createHash(hash).update(data).digest('base64');
const fixed = { consumer: { key: 'ck', secret: 'cs' }, nonce: 'n', timestamp: 1, method: 'POST', url: 'https://e.com/' };
const json = '{"text":"héllo 😀"}';

describe('bodyHash (OAuth Request Body Hash)', () => {
  it('hashes with the signature method’s hash: SHA-1, SHA-256, SHA-512', async () => {
    assert.equal(await bodyHash(json, 'HMAC-SHA1'), b64('sha1', json));
    assert.equal(await bodyHash(json, 'RSA-SHA1'), b64('sha1', json));
    assert.equal(await bodyHash(json, 'HMAC-SHA256'), b64('sha256', json));
    assert.equal(await bodyHash(json, 'RSA-SHA512'), b64('sha512', json));
  });

  it('hashes bytes as they are and an absent body as the empty string', async () => {
    const bytes = new Uint8Array([0, 255, 128, 1]);
    assert.equal(await bodyHash(bytes, 'HMAC-SHA256'), b64('sha256', bytes));
    assert.equal(await bodyHash(null, 'HMAC-SHA1'), '2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
  });

  it('is not defined for PLAINTEXT', async () => {
    await assert.rejects(bodyHash(json, 'PLAINTEXT'), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT');
  });
});

describe('signRequest with bodyHash', () => {
  it('adds and signs oauth_body_hash for a JSON body, with the method’s hash', async () => {
    for (const [method, hash] of [
      ['HMAC-SHA1', 'sha1'],
      ['HMAC-SHA256', 'sha256'],
      ['HMAC-SHA512', 'sha512'],
    ] as const) {
      const signed = await signRequest({ ...fixed, body: json, contentType: 'application/json', bodyHash: true, signatureMethod: method });
      const value = b64(hash, json);
      assert.deepEqual(
        signed.oauthParams.find(([n]) => n === 'oauth_body_hash'),
        ['oauth_body_hash', value],
      );
      assert.ok(signed.authorization.includes(`oauth_body_hash="${encodeURIComponent(value)}"`));
      assert.ok(signed.baseString.includes(`oauth_body_hash%3D${encodeURIComponent(encodeURIComponent(value))}`));
      assert.equal(signed.body, undefined, 'a JSON body is not part of the form body');
    }
  });

  it('is opt-in: no oauth_body_hash without bodyHash', async () => {
    const signed = await signRequest({ ...fixed, body: json, contentType: 'application/json' });
    assert.ok(!signed.authorization.includes('oauth_body_hash'));
  });

  it('hashes an absent body as empty and takes a precomputed value as is', async () => {
    const empty = await signRequest({ ...fixed, method: 'GET', bodyHash: true });
    assert.ok(empty.authorization.includes('oauth_body_hash="2jmj7l5rSw0yVb%2FvlWAYkK%2FYBwk%3D"'));
    const given = await signRequest({ ...fixed, body: json, contentType: 'application/json', bodyHash: 'abc=' });
    assert.ok(given.authorization.includes('oauth_body_hash="abc%3D"'));
  });

  it('is an error with a form body and with PLAINTEXT', async () => {
    const isArgumentError = (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT';
    await assert.rejects(signRequest({ ...fixed, body: 'a=1', bodyHash: true }), isArgumentError);
    await assert.rejects(signRequest({ ...fixed, body: { a: '1' }, bodyHash: true }), isArgumentError);
    await assert.rejects(
      signRequest({ ...fixed, body: json, contentType: 'application/json', bodyHash: true, signatureMethod: 'PLAINTEXT' }),
      isArgumentError,
    );
  });
});
