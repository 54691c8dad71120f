import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthProblemError } from '../../src/core/errors.js';
import { callbackMatches, checkCallback } from '../../src/provider/endpoints/helpers.js';

const consumer = (callbackUrls: string[]) => ({ secret: 's', callbackUrls });

describe('callback URL matching (parsed, never by string prefix)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:*', true],
    ['http://127.0.0.1/cb?x=1', 'http://127.0.0.1:*', true],
    // The raw-prefix matcher accepted these: user info and a different host behind the loopback prefix.
    ['http://127.0.0.1:80@evil.example/', 'http://127.0.0.1:*', false],
    ['http://127.0.0.1.evil.example/', 'http://127.0.0.1:*', false],
    ['https://127.0.0.1:8080/cb', 'http://127.0.0.1:*', false],
    ['https://app.example/prefix/a?b=1', 'https://app.example/prefix/*', true],
    ['https://app.example/prefix/../evil', 'https://app.example/prefix/*', false],
    ['https://app.example.evil/prefix/a', 'https://app.example/prefix/*', false],
    ['https://app.example:8443/prefix/a', 'https://app.example/prefix/*', false],
    ['https://APP.example/cb', 'https://app.example/cb', true],
    ['https://app.example/cb2', 'https://app.example/cb', false],
    ['http://localhost:9000/cb', 'http://localhost:*/cb', true],
    ['http://localhost:9000/cbx', 'http://localhost:*/cb', false],
    ['myapp://done', 'myapp://done', true],
  ];
  for (const [callback, entry, expected] of cases) {
    it(`${callback} ${expected ? 'matches' : 'does not match'} ${entry}`, () => {
      assert.equal(callbackMatches(new URL(callback), entry), expected);
    });
  }

  it('checkCallback rejects user info with parameter_rejected', () => {
    assert.throws(
      () => checkCallback('http://127.0.0.1:80@evil.example/', consumer(['http://127.0.0.1:*'])),
      (error: unknown) => error instanceof OAuthProblemError && error.problem === 'parameter_rejected' && error.status === 400,
    );
    assert.doesNotThrow(() => checkCallback('http://127.0.0.1:5555/done', consumer(['http://127.0.0.1:*'])));
  });
});
