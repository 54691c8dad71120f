import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseStringUri, OAuthError, parseRequestUrl } from '../../src/index.js';

describe('baseStringUri (§3.4.1.2)', () => {
  it('lower-cases scheme and host', () => {
    assert.equal(baseStringUri('HTTP://EXAMPLE.COM/r%20v/X?id=123'), 'http://example.com/r%20v/X');
    assert.equal(baseStringUri('HttpS://Api.X.Com/Path'), 'https://api.x.com/Path');
  });

  it('drops port 80 for http and 443 for https', () => {
    assert.equal(baseStringUri('http://example.com:80/a'), 'http://example.com/a');
    assert.equal(baseStringUri('https://example.com:443/a'), 'https://example.com/a');
  });

  it('keeps every other port, including 443 on http and 80 on https', () => {
    assert.equal(baseStringUri('https://www.example.net:8080/?q=1'), 'https://www.example.net:8080/');
    assert.equal(baseStringUri('http://example.com:443/'), 'http://example.com:443/');
    assert.equal(baseStringUri('https://example.com:80/'), 'https://example.com:80/');
  });

  it('turns an empty path into /', () => {
    assert.equal(baseStringUri('http://example.com'), 'http://example.com/');
    assert.equal(baseStringUri('http://example.com?a=1'), 'http://example.com/');
  });

  it('drops the fragment, the query and user info', () => {
    assert.equal(baseStringUri('https://user:pw@example.com/p?q=1#frag'), 'https://example.com/p');
  });

  it('brackets IPv6 hosts (lower-cased, compressed) and keeps non-default ports after them', () => {
    assert.equal(baseStringUri('http://[2001:DB8:0:0:0:0:0:1]/'), 'http://[2001:db8::1]/');
    assert.equal(baseStringUri('https://[::1]:8443/x'), 'https://[::1]:8443/x');
    assert.equal(baseStringUri('http://[::1]:80/x'), 'http://[::1]/x');
  });

  it('keeps the path as sent: escapes kept, characters a client must escape escaped', () => {
    assert.equal(baseStringUri('https://example.com/a%2Fb/c%3B'), 'https://example.com/a%2Fb/c%3B');
    assert.equal(baseStringUri('https://example.com/café {x}'), 'https://example.com/caf%C3%A9%20%7Bx%7D');
  });

  it('accepts URL objects and rejects relative URLs and other schemes with ERR_INVALID_URL', () => {
    assert.equal(baseStringUri(new URL('https://Example.com:443')), 'https://example.com/');
    for (const bad of ['/relative', 'ftp://example.com/', 'not a url']) {
      assert.throws(
        () => baseStringUri(bad),
        (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_URL',
        bad,
      );
    }
  });
});

describe('parseRequestUrl', () => {
  it('decodes query parameters once, + as space, duplicates and empty values kept', () => {
    assert.deepEqual(parseRequestUrl('https://api.x.com/1.1/search/tweets.json?q=a+b&q=&q=%2520&flag#x'), {
      baseUri: 'https://api.x.com/1.1/search/tweets.json',
      query: [
        ['q', 'a b'],
        ['q', ''],
        ['q', '%20'],
        ['flag', ''],
      ],
    });
  });

  it('returns no parameters for an absent or empty query', () => {
    assert.deepEqual(parseRequestUrl('https://example.com/?').query, []);
    assert.deepEqual(parseRequestUrl('https://example.com/').query, []);
  });

  it('rejects bad percent-encoding in the query with ERR_INVALID_ENCODING', () => {
    assert.throws(
      () => parseRequestUrl('https://example.com/?a=%E2%98'),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ENCODING',
    );
  });
});
