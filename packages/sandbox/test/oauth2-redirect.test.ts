import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRedirectUri, redirectUriMatches } from '../src/oauth2-redirect.js';

describe('sandbox OAuth 2.0 redirect URI matching (RFC 6749 §3.1.2, RFC 8252 §7.3)', () => {
  it('matches exactly, and a portless loopback registration on any port', () => {
    const registered = ['https://app.example/cb', 'http://127.0.0.1/callback', 'http://localhost/callback', 'http://[::1]/cb'];
    for (const uri of [
      'https://app.example/cb',
      'http://127.0.0.1/callback',
      'http://127.0.0.1:53682/callback',
      'http://localhost:8080/callback',
      'http://[::1]:9/cb',
    ])
      assert.ok(redirectUriMatches(registered, uri), uri);
    for (const uri of [
      'https://app.example/cb/',
      'https://app.example:8443/cb',
      'https://app.example/cb?x=1',
      'http://127.0.0.1:53682/callback2',
      'http://127.0.0.1:53682/callback?x=1',
      'http://127.0.0.1:53682/callback#f',
      'https://127.0.0.1:53682/callback',
      'http://user@127.0.0.1:53682/callback',
      'http://127.0.0.2:53682/callback',
      'not a url',
    ])
      assert.ok(!redirectUriMatches(registered, uri), uri);
  });

  it('holds a loopback registration with a port to that port', () => {
    assert.ok(redirectUriMatches(['http://127.0.0.1:3000/cb'], 'http://127.0.0.1:3000/cb'));
    assert.ok(!redirectUriMatches(['http://127.0.0.1:3000/cb'], 'http://127.0.0.1:3001/cb'));
  });

  it('registers only absolute URIs without a fragment', () => {
    checkRedirectUri('com.example.app:/oauth2redirect');
    for (const bad of ['/relative', 'https://app.example/cb#frag', 'http://a b/', ''])
      assert.throws(() => checkRedirectUri(bad), RangeError, bad);
  });
});
