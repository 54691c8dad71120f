import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEndpoints } from '../../src/client/endpoints.js';
import { OAuthError, parseCallback, xEndpoints } from '../../src/client/index.js';

function code(expected: string) {
  return (error: unknown) => error instanceof OAuthError && error.code === expected;
}

describe('xEndpoints', () => {
  it('defaults to the real X API', () => {
    assert.deepEqual(xEndpoints(), {
      requestTokenUrl: 'https://api.x.com/oauth/request_token',
      authorizeUrl: 'https://api.x.com/oauth/authorize',
      authenticateUrl: 'https://api.x.com/oauth/authenticate',
      accessTokenUrl: 'https://api.x.com/oauth/access_token',
      method: 'POST',
    });
  });
  it('accepts api.twitter.com as an alias', () => {
    assert.equal(xEndpoints('https://api.twitter.com').accessTokenUrl, 'https://api.twitter.com/oauth/access_token');
  });
  it('hangs every URL off a custom base (sandbox), trailing slash or path prefix included', () => {
    const local = xEndpoints('http://127.0.0.1:8787/');
    assert.equal(local.requestTokenUrl, 'http://127.0.0.1:8787/oauth/request_token');
    assert.equal(local.authorizeUrl, 'http://127.0.0.1:8787/oauth/authorize');
    assert.equal(local.authenticateUrl, 'http://127.0.0.1:8787/oauth/authenticate');
    assert.equal(xEndpoints(new URL('https://proxy.example/x/')).accessTokenUrl, 'https://proxy.example/x/oauth/access_token');
  });
  it('rejects relative or non-http base URLs', () => {
    assert.throws(() => xEndpoints('api.x.com'), code('ERR_INVALID_ARGUMENT'));
    assert.throws(() => xEndpoints('ftp://api.x.com'), code('ERR_INVALID_ARGUMENT'));
  });
});

describe('checkEndpoints', () => {
  const good = { requestTokenUrl: 'https://p.example/rt', authorizeUrl: 'https://p.example/a', accessTokenUrl: 'https://p.example/at' };
  it('defaults the method to POST and keeps GET', () => {
    assert.equal(checkEndpoints(good).method, 'POST');
    assert.equal(checkEndpoints({ ...good, method: 'GET' }).method, 'GET');
  });
  it('rejects a missing or relative URL and an unknown method', () => {
    assert.throws(() => checkEndpoints({ ...good, accessTokenUrl: '/at' }), /accessTokenUrl/);
    assert.throws(() => checkEndpoints({ ...good, authenticateUrl: 'nope' }), /authenticateUrl/);
    assert.throws(() => checkEndpoints({ ...good, method: 'PUT' as 'GET' }), /method/);
  });
});

describe('parseCallback', () => {
  const pending = { key: 'rt-123', secret: 'rts' };
  it('returns token and verifier from a full callback URL, a URL object or a bare query', () => {
    assert.deepEqual(parseCallback('https://app.example/cb?oauth_token=rt-123&oauth_verifier=v%2F1#frag', pending), {
      token: 'rt-123',
      verifier: 'v/1',
    });
    assert.deepEqual(parseCallback(new URL('https://app.example/cb?oauth_verifier=v&oauth_token=rt-123'), 'rt-123'), {
      token: 'rt-123',
      verifier: 'v',
    });
    assert.deepEqual(parseCallback('oauth_token=rt-123&oauth_verifier=v', 'rt-123').verifier, 'v');
    assert.deepEqual(parseCallback(new URLSearchParams({ oauth_token: 'rt-123', oauth_verifier: 'w' }), pending).verifier, 'w');
  });
  it('rejects a token other than the pending one (CSRF)', () => {
    assert.throws(() => parseCallback('https://app.example/cb?oauth_token=attacker&oauth_verifier=v', pending), code('ERR_TOKEN_MISMATCH'));
  });
  it('reports denied= as a user refusal (and checks the token it names)', () => {
    assert.throws(() => parseCallback('https://app.example/cb?denied=rt-123', pending), code('ERR_ACCESS_DENIED'));
    assert.throws(() => parseCallback('https://app.example/cb?denied=other', pending), code('ERR_TOKEN_MISMATCH'));
  });
  it('rejects a callback without token or verifier, and a missing pending token', () => {
    assert.throws(() => parseCallback('https://app.example/cb?oauth_verifier=v', pending), code('ERR_INVALID_CALLBACK'));
    assert.throws(() => parseCallback('https://app.example/cb?oauth_token=rt-123', pending), code('ERR_INVALID_CALLBACK'));
    assert.throws(() => parseCallback('https://app.example/cb', pending), code('ERR_INVALID_CALLBACK'));
    assert.throws(() => parseCallback('https://app.example/cb?oauth_token=a&oauth_verifier=b', ''), code('ERR_INVALID_ARGUMENT'));
  });
});
