import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeParameters, parseFormEncoded, signatureBaseString } from '../../src/index.js';

describe('signatureBaseString (§3.4.1.1)', () => {
  it('upper-cases the method and encodes URI and parameters', () => {
    assert.equal(signatureBaseString('get', 'http://example.com/', 'a=1&b=x%20y'), 'GET&http%3A%2F%2Fexample.com%2F&a%3D1%26b%3Dx%2520y');
  });

  it('reproduces the RFC 5849 §3.4.1.1 example', () => {
    const params = parseFormEncoded('b5=%3D%253D&a3=a&c%40=&a2=r%20b&c2&a3=2+q').concat([
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
    ]);
    assert.equal(
      signatureBaseString('POST', 'http://example.com/request', normalizeParameters(params)),
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('is empty-safe: no parameters gives a trailing &', () => {
    assert.equal(signatureBaseString('GET', 'https://example.com/', ''), 'GET&https%3A%2F%2Fexample.com%2F&');
  });
});
