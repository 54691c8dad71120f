import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { OAuthProblemError, signRequest } from '../../src/index.js';
import { verifyRequest } from '../../src/provider/index.js';
import { ACCESS, CONSUMER, fixtureOptions, problem, signed, URL_BASE } from './verify-fixtures.js';

describe('verifyRequest policy: failures, limits, methods, responses', () => {
  it('fails closed with 503 temporarily_unavailable when a lookup or the nonce store fails', async () => {
    const down = () => Promise.reject(new Error('connection refused'));
    for (const options of [
      fixtureOptions({ lookupConsumer: down }),
      fixtureOptions({
        lookupToken: () => {
          throw new Error('sync failure');
        },
      }),
      fixtureOptions({ nonceStore: { claim: down } }),
    ]) {
      const error = await problem(verifyRequest(await signed(), options));
      assert.deepEqual([error.problem, error.status], ['temporarily_unavailable', 503]);
      assert.doesNotMatch(error.message, /secret/);
    }
    const refused = fixtureOptions({
      lookupConsumer: () => {
        throw new OAuthProblemError('consumer_key_refused', 401, 'blocked');
      },
    });
    assert.equal((await problem(verifyRequest(await signed(), refused))).problem, 'consumer_key_refused');
  });

  it('limits: body size (413), URL length, nonce length, per-consumer signature methods', async () => {
    const big = await signed({ body: { status: 'x'.repeat(2000) } });
    const error = await problem(verifyRequest(big, fixtureOptions({ limits: { maxBodyBytes: 1000 } })));
    assert.deepEqual([error.problem, error.status], ['parameter_rejected', 413]);
    assert.equal((await problem(verifyRequest(await signed(), fixtureOptions({ limits: { maxUrlLength: 20 } })))).status, 414);
    assert.equal(
      (await problem(verifyRequest(await signed({ nonce: 'x'.repeat(20) }), fixtureOptions({ limits: { maxNonceLength: 10 } })))).problem,
      'parameter_rejected',
    );
    const sha1Only = fixtureOptions({ signatureMethods: ['HMAC-SHA256'] });
    assert.equal((await problem(verifyRequest(await signed(), sha1Only))).problem, 'signature_method_rejected');
    const perConsumer = fixtureOptions({ lookupConsumer: () => ({ secret: CONSUMER.secret, signatureMethods: ['HMAC-SHA512'] }) });
    assert.equal((await problem(verifyRequest(await signed(), perConsumer))).problem, 'signature_method_rejected');
    await verifyRequest(await signed({ signatureMethod: 'HMAC-SHA512' }), perConsumer);
  });

  it('RSA: verifies with the consumer public key; a bad key or a missing key is signature_method_rejected, not a 5xx', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const options = (record: object) => fixtureOptions({ lookupConsumer: () => record });
    for (const method of ['RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512'] as const) {
      await verifyRequest(await signed({ signatureMethod: method, privateKey }), options({ publicKey }));
    }
    const tampered = await signed({ signatureMethod: 'RSA-SHA256', privateKey, url: `${URL_BASE}&x=1` });
    const wrongUrl = new Request(tampered.url.replace('x=1', 'x=2'), {
      method: 'POST',
      headers: tampered.headers,
      body: await tampered.text(),
    });
    assert.equal((await problem(verifyRequest(wrongUrl, options({ publicKey })))).problem, 'signature_invalid');
    assert.equal(
      (await problem(verifyRequest(await signed({ signatureMethod: 'RSA-SHA1', privateKey }), options({ publicKey: 'not a pem' }))))
        .problem,
      'signature_method_rejected',
    );
    assert.equal(
      (await problem(verifyRequest(await signed({ signatureMethod: 'RSA-SHA1', privateKey }), options({ secret: 'x' })))).problem,
      'signature_method_rejected',
    );
    assert.equal(
      (
        await problem(
          verifyRequest(await signed({ signatureMethod: 'RSA-SHA1', privateKey }), fixtureOptions({ lookupConsumer: () => null })),
        )
      ).problem,
      'consumer_key_unknown',
    );
  });

  it('PLAINTEXT: https only unless allowInsecurePlaintext', async () => {
    await verifyRequest(await signed({ signatureMethod: 'PLAINTEXT' }), fixtureOptions());
    const http = await signed({ signatureMethod: 'PLAINTEXT', url: 'http://api.example.test/r' });
    assert.equal((await problem(verifyRequest(http.clone(), fixtureOptions()))).problem, 'signature_method_rejected');
    await verifyRequest(http, fixtureOptions({ allowInsecurePlaintext: true }));
  });

  it('oauth_body_hash is checked against a non-form body', async () => {
    const body = '{"text":"hi"}';
    const s = await signRequest({
      method: 'POST',
      url: URL_BASE,
      body: new TextEncoder().encode(body),
      contentType: 'application/json',
      bodyHash: true,
      consumer: CONSUMER,
      token: ACCESS,
    });
    const make = (b: string) =>
      new Request(s.url, { method: 'POST', headers: { authorization: s.authorization, 'content-type': 'application/json' }, body: b });
    await verifyRequest(make(body), fixtureOptions());
    assert.equal((await problem(verifyRequest(make('{"text":"ho"}'), fixtureOptions()))).problem, 'signature_invalid');
    assert.equal(
      (await problem(verifyRequest(make('{"text":"ho"}'), fixtureOptions({ body: '{"text":"ho"}' })))).problem,
      'signature_invalid',
    );
  });

  it('toResponse: status, WWW-Authenticate and form body with the problem parameters', async () => {
    const error = await problem(verifyRequest(await signed({ timestamp: 1 }), fixtureOptions({ clock: { now: () => 1_000_000_000 } })));
    const response = error.toResponse({ realm: 'Photos' });
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('www-authenticate'),
      'OAuth realm="Photos", oauth_problem="timestamp_refused", oauth_acceptable_timestamps="999700-1000300"',
    );
    assert.equal(await response.text(), 'oauth_problem=timestamp_refused&oauth_acceptable_timestamps=999700-1000300');
  });
});
