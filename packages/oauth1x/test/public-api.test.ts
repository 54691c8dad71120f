/**
 * The public entries export what their guides document and nothing else (issue 17): a name added to or removed
 * from an entry must be a deliberate change of this list. Internals are imported by tests from their files.
 * The error `code` and `oauth_problem` unions are checked at compile time (`@ts-expect-error` below fails the
 * build when they widen back to `string`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError, type OAuthErrorCode, type OAuthProblem, OAuthProblemError } from '../src/index.js';

const ROOT = [
  'OAuthError',
  'OAuthProblemError',
  'OAuthResponseError',
  'SIGNATURE_METHODS',
  'baseStringUri',
  'bodyHash',
  'createSignScheduler',
  'createSignature',
  'currentTimestamp',
  'decodePem',
  'defaultSignScheduler',
  'explainRequest',
  'formDecode',
  'formEncode',
  'generateNonce',
  'importRsaKey',
  'isFormContentType',
  'isSignatureMethod',
  'normalizeParameters',
  'parseAuthorizationHeader',
  'parseFormEncoded',
  'parseRequestUrl',
  'percentDecode',
  'percentEncode',
  'prepareRequest',
  'realmValue',
  'redactSecret',
  'signRequest',
  'signatureBaseString',
  'signingKey',
  'timingSafeEqual',
  'toAuthorizationHeader',
  'toParameterList',
  'verifySignature',
];
const CLIENT = [
  'ClockState',
  'OAuth1Client',
  'OAuthError',
  'OAuthResponseError',
  'TWITTER_API_BASE_URL',
  'X_API_BASE_URL',
  'X_TIMESTAMP_OUT_OF_BOUNDS',
  'createSignScheduler',
  'createSignedFetch',

  'defaultSignScheduler',
  'detectClockSkew',
  'offsetFromAcceptableTimestamps',
  'offsetFromDateHeader',
  'parseCallback',
  'parseErrorBody',
  'parseTokenResponse',

  'responseError',
  'xEndpoints',
];
const PROVIDER = [
  'DEFAULT_PATHS',
  'DEFAULT_RETENTION_MS',
  'PROBLEM_STATUS',
  'X_PATHS',
  'X_PRESET',
  'canonicalUsername',
  'collectParameters',
  'createLoginThrottle',
  'createMemoryNonces',
  'createMemoryStore',
  'createProviderHandler',
  'declaresMoreThan',
  'duplicateParameterOf',
  'formResponse',
  'formatXError',
  'nonceKey',
  'oauthProblem',
  'problemResponse',
  'randomToken',
  'readBodyWithin',
  'storeTokenLookup',
  'timestampExpiresAt',
  'toProblemError',
  'uniformCredentialError',
  'verifyRequest',
  'withSyncClaim',
  'xErrorFor',
  'xVerifier',
];

/** Names the issue found exported though nothing outside their area needs them. */
const INTERNAL = [
  'invalidArgument',
  'hashOf',
  'callLookup',
  'weighCredentials',
  'checkSignature',
  'reportCredentials',
  'claimNonce',
  'nonceUsed',
  'requestBaseString',
  'encodedBaseString',
  'SYNC_CLAIM',
  'SYNC_CLAIM_PARTS',
  'parseFormPairs',
  'dualParameter',
  'scanOAuthHeader',
  'parseOAuthHeader',
];

describe('public entries', () => {
  for (const [entry, expected] of [
    ['../src/index.js', ROOT],
    ['../src/client/index.js', CLIENT],
    ['../src/provider/index.js', PROVIDER],
  ] as const) {
    it(`${entry} exports exactly its documented names`, async () => {
      const names = Object.keys(await import(entry)).sort();
      assert.deepEqual(names, [...expected].sort());
      for (const name of INTERNAL) assert.ok(!names.includes(name), `${name} is internal`);
    });
  }

  it('error codes and problems are string-literal unions (checked at compile time)', () => {
    const describeCode = (error: OAuthError): string => {
      switch (error.code) {
        case 'ERR_INVALID_ENCODING':
          return 'encoding';
        // @ts-expect-error: not an oauth1x error code
        case 'ERR_NOT_A_CODE':
          return 'never';
        default:
          return error.code;
      }
    };
    assert.equal(describeCode(new OAuthError('ERR_INVALID_ENCODING', 'x')), 'encoding');
    // @ts-expect-error: not an oauth1x error code
    assert.equal(new OAuthError('ERR_NOT_A_CODE', 'x').name, 'OAuthError');
    const problem: OAuthProblem = new OAuthProblemError('nonce_used', 401, 'replay').problem;
    // @ts-expect-error: not an oauth_problem value
    const wrong: OAuthProblem = 'nonce_reused';
    assert.notEqual(problem, wrong);
    const code: OAuthErrorCode = 'ERR_OAUTH_PROBLEM';
    assert.equal(new OAuthProblemError(problem, 401, 'replay').code, code);
  });
});
