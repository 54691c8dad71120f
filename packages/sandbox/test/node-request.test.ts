/**
 * The Node listener's lazy Request: a Request to every reader (instanceof, method, normalised url, headers),
 * the real one built only on demand, and the same refusals as `new Request`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headersFromRaw } from 'oauth1x/provider/node';
import { nodeRequest } from '../src/node-request.js';

const RAW = ['Host', '127.0.0.1:8787', 'Authorization', 'OAuth oauth_consumer_key="k"', 'X-Many', 'a', 'x-many', 'b'];

describe('nodeRequest', () => {
  it('reads like the Request it stands for', async () => {
    const url = 'http://127.0.0.1:8787/1.1/statuses/update.json?a=1%202&b=c d';
    const lazy = nodeRequest('POST', url, RAW);
    const real = new Request(url, { method: 'POST', headers: headersFromRaw(RAW) });
    assert.ok(lazy instanceof Request);
    assert.equal(Object.prototype.toString.call(lazy), '[object Request]');
    assert.equal(lazy.method, real.method);
    assert.equal(lazy.url, real.url, 'the URL is normalised like new Request does');
    assert.deepEqual([...lazy.headers], [...real.headers]);
    assert.equal(lazy.headers.get('x-many'), 'a, b');
    assert.equal(lazy.headers, lazy.headers, 'one Headers object');
    // Everything else comes from a real Request built on demand (without a body: it is on the side channel).
    assert.equal(lazy.body, null);
    assert.equal(lazy.bodyUsed, false);
    assert.ok(lazy.signal instanceof AbortSignal);
    assert.equal(lazy.redirect, 'follow');
    assert.equal(await lazy.text(), '');
    const copy = lazy.clone();
    assert.ok(copy instanceof Request);
    assert.equal(copy.url, real.url);
    assert.equal(copy.headers.get('authorization'), 'OAuth oauth_consumer_key="k"');
    // A Request built from its fields carries them over.
    const rebuilt = new Request(lazy.url, { method: lazy.method, headers: lazy.headers, body: 'x=1' });
    assert.equal(await rebuilt.text(), 'x=1');
  });

  it('refuses what new Request refuses, header values included (a 400, no longer dropped)', () => {
    assert.throws(() => nodeRequest('GET', 'http://[::1/x', []), TypeError);
    assert.throws(() => headersFromRaw(['Good', 'yes', 'Bad', 'a\0b']), /Malformed header/);
    assert.throws(() => nodeRequest('GET', 'http://h/', ['Bad', 'a\0b']).headers, /Malformed header/);
  });

  it('its getters refuse an object that is not one', () => {
    const fake = Object.create(Object.getPrototypeOf(nodeRequest('GET', 'http://h/', [])));
    assert.throws(() => fake.method, TypeError);
  });
});
