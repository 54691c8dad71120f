import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidArgument } from '../../src/core/errors.js';
import * as api from '../../src/index.js';
import { OAuthError, OAuthProblemError, percentDecode, signRequest } from '../../src/index.js';

describe('OAuthError / OAuthProblemError', () => {
  it('carry a stable code, a name and an optional cause', () => {
    const cause = new Error('inner');
    const error = new OAuthError('ERR_INVALID_URL', 'bad url', { cause });
    assert.equal(error.code, 'ERR_INVALID_URL');
    assert.equal(error.name, 'OAuthError');
    assert.equal(error.cause, cause);
    assert.ok(error instanceof Error);
    const problem = new OAuthProblemError('nonce_used', 401, 'The nonce was already used', { oauth_acceptable_timestamps: '1-2' });
    assert.equal(problem.code, 'ERR_OAUTH_PROBLEM');
    assert.equal(problem.problem, 'nonce_used');
    assert.equal(problem.status, 401);
    assert.deepEqual(problem.params, { oauth_acceptable_timestamps: '1-2' });
    assert.ok(problem instanceof OAuthError);
  });

  it('invalidArgument throws ERR_INVALID_ARGUMENT', () => {
    assert.throws(
      () => invalidArgument('nope'),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT' && e.message === 'nope',
    );
  });

  it('bad encoding anywhere in a request is ERR_INVALID_ENCODING, and messages carry no secrets', async () => {
    const consumer = { key: 'k', secret: 'VERY-SECRET-VALUE' };
    const cases = [
      { method: 'POST', url: 'https://e.com/', body: { a: 'x\uD800' }, consumer },
      { method: 'POST', url: 'https://e.com/', body: 'a=%E2%28', consumer },
      { method: 'GET', url: 'https://e.com/?q=%', consumer },
      { method: 'GET', url: 'https://e.com/', consumer, oauthParams: { oauth_callback: '\uDC00' } },
      { method: 'GET', url: 'https://e.com/', consumer: { key: '\uD83D', secret: 's' } },
    ];
    for (const options of cases) {
      await assert.rejects(
        signRequest(options),
        (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ENCODING' && !e.message.includes('VERY-SECRET'),
      );
    }
    assert.throws(
      () => percentDecode('%C3%28'),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ENCODING',
    );
  });
});

describe('the public entry (oauth1x, oauth1x/core)', () => {
  it('exports the signing API', () => {
    for (const name of [
      'signRequest',
      'prepareRequest',
      'explainRequest',
      'createSignature',
      'verifySignature',
      'signingKey',
      'timingSafeEqual',
      'percentEncode',
      'percentDecode',
      'formDecode',
      'parseFormEncoded',
      'toParameterList',
      'normalizeParameters',
      'formEncode',
      'isFormContentType',
      'baseStringUri',
      'parseRequestUrl',
      'signatureBaseString',
      'toAuthorizationHeader',
      'parseAuthorizationHeader',
      'generateNonce',
      'currentTimestamp',
      'bodyHash',
      'importRsaKey',
      'decodePem',
      'OAuthError',
      'OAuthProblemError',
      'SIGNATURE_METHODS',
    ]) {
      assert.ok(name in api, name);
    }
  });
});
