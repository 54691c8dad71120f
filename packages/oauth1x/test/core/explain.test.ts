import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { explainRequest, redactSecret, signRequest } from '../../src/index.js';

const consumer = { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' };
const token = { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const X = {
  method: 'post',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  body: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
  consumer,
  token,
  nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  timestamp: 1318622958,
};

describe('explainRequest', () => {
  it('lists every parameter with its source, sorted as signed, and the same base string and signature as signRequest', async () => {
    const explanation = await explainRequest(X);
    const signed = await signRequest(X);
    assert.equal(explanation.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    assert.equal(explanation.baseString, signed.baseString);
    assert.equal(explanation.authorization, signed.authorization);
    assert.equal(explanation.method, 'POST');
    assert.equal(explanation.baseUri, 'https://api.twitter.com/1.1/statuses/update.json');
    assert.deepEqual(
      explanation.parameters.map((p) => [p.source, p.name]),
      [
        ['query', 'include_entities'],
        ['oauth', 'oauth_consumer_key'],
        ['oauth', 'oauth_nonce'],
        ['oauth', 'oauth_signature_method'],
        ['oauth', 'oauth_timestamp'],
        ['oauth', 'oauth_token'],
        ['oauth', 'oauth_version'],
        ['body', 'status'],
      ],
    );
    const status = explanation.parameters.at(-1);
    assert.equal(status?.value, 'Hello Ladies + Gentlemen, a signed OAuth request!');
    assert.equal(status?.encodedValue, 'Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21');
    assert.equal(explanation.normalizedParameters, decodeURIComponent(signed.baseString.split('&')[2] as string));
  });

  it('redacts the signing key: lengths only, and no secret anywhere in the output', async () => {
    const explanation = await explainRequest(X);
    assert.equal(explanation.signingKey, '<consumer secret: 43 chars>&<token secret: 41 chars>');
    const text = JSON.stringify(explanation);
    for (const secret of [consumer.secret, token.secret, encodeURIComponent(consumer.secret), `${consumer.secret}&${token.secret}`]) {
      assert.ok(!text.includes(secret), 'a secret leaked');
    }
  });

  it('reproduces a captured request: generated nonce/timestamp are fixed once and reused', async () => {
    const explanation = await explainRequest({ ...X, nonce: undefined, timestamp: undefined });
    const nonce = explanation.parameters.find((p) => p.name === 'oauth_nonce')?.value as string;
    const timestamp = explanation.parameters.find((p) => p.name === 'oauth_timestamp')?.value as string;
    const again = await signRequest({ ...X, nonce, timestamp });
    assert.equal(again.signature, explanation.signature);
  });

  it('never reveals PLAINTEXT signatures or RSA keys through the signing key', async () => {
    const plain = await explainRequest({ ...X, signatureMethod: 'PLAINTEXT' });
    assert.equal(plain.signingKey, '<consumer secret: 43 chars>&<token secret: 41 chars>');
    assert.match(plain.authorization, /oauth_signature="<PLAINTEXT signature = signing key, redacted>"$/);
    assert.ok(!JSON.stringify(plain).includes(consumer.secret) && !JSON.stringify(plain).includes(token.secret));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = await explainRequest({ ...X, signatureMethod: 'RSA-SHA256', privateKey: pem });
    assert.equal(rsa.signingKey, '<RSA private key>');
    assert.ok(!JSON.stringify(rsa).includes(pem.split('\n')[1] as string));
  });

  it('redactSecret describes a secret by its length only', () => {
    assert.equal(redactSecret('consumer secret', 'abc'), '<consumer secret: 3 chars>');
    assert.equal(redactSecret('token secret', ''), '');
    assert.equal(redactSecret('token secret', undefined), '');
  });
});
