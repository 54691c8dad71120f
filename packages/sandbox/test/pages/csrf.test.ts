import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formActionSources, formGuard, formOriginRefusal, formPostRefusal } from '../../src/pages/csrf.js';

const BASE = 'http://127.0.0.1:8787';
const SECRET = 'test-secret';
const request = (headers: Record<string, string>, method = 'POST') => new Request(`${BASE}/oauth/authorize`, { method, headers });

describe('sandbox consent pages: CSRF rules', () => {
  it('formOriginRefusal: the own Origin, or Origin null / absent with Sec-Fetch-Site: same-origin; nothing else', () => {
    const table: Array<[Record<string, string>, ReturnType<typeof formOriginRefusal>]> = [
      [{ origin: BASE }, null],
      [{ origin: BASE, 'sec-fetch-site': 'same-origin' }, null],
      [{ origin: 'null', 'sec-fetch-site': 'same-origin' }, null],
      [{ 'sec-fetch-site': 'same-origin' }, null],
      [{ origin: 'null' }, 'no-origin'],
      [{}, 'no-origin'],
      [{ origin: 'null', 'sec-fetch-site': 'same-site' }, 'cross-site'],
      [{ origin: BASE, 'sec-fetch-site': 'same-site' }, 'cross-site'],
      [{ origin: BASE, 'sec-fetch-site': 'cross-site' }, 'cross-site'],
      [{ origin: BASE, 'sec-fetch-site': 'none' }, 'cross-site'],
      [{ origin: BASE, 'sec-fetch-site': 'SAME-ORIGIN' }, 'cross-site'],
      [{ origin: 'http://127.0.0.1:6666' }, 'other-origin'],
      [{ origin: 'http://127.0.0.1:6666', 'sec-fetch-site': 'same-origin' }, 'other-origin'],
      [{ origin: 'https://127.0.0.1:8787' }, 'other-origin'],
      [{ origin: `${BASE}/` }, 'other-origin'],
    ];
    for (const [headers, expected] of table) assert.equal(formOriginRefusal(request(headers), BASE), expected, JSON.stringify(headers));
  });

  it('formGuard binds the token to the subject, the nonce cookie and the session; a missing or malformed nonce gets a new cookie', () => {
    const fresh = formGuard(SECRET, request({}, 'GET'), 'rt-1', null);
    assert.match(fresh.setCookie ?? '', /^oauth1x_csrf=[A-Za-z0-9_-]{24}; Path=\/; HttpOnly; SameSite=Lax$/);
    const nonce = (fresh.setCookie as string).split(';')[0] as string;
    const again = formGuard(SECRET, request({ cookie: nonce }, 'GET'), 'rt-1', null);
    assert.equal(again.setCookie, null);
    assert.equal(again.token, fresh.token);
    assert.notEqual(formGuard(SECRET, request({ cookie: nonce }, 'GET'), 'rt-2', null).token, fresh.token);
    assert.notEqual(formGuard(SECRET, request({ cookie: nonce }, 'GET'), 'rt-1', 'session-a').token, fresh.token);
    assert.notEqual(formGuard('other-secret', request({ cookie: nonce }, 'GET'), 'rt-1', null).token, fresh.token);
    assert.notEqual(formGuard(SECRET, request({ cookie: 'oauth1x_csrf=short' }, 'GET'), 'rt-1', null).setCookie, null);
    const secure = formGuard(SECRET, new Request('https://127.0.0.1:8788/oauth/authorize'), 'rt-1', null);
    assert.match(secure.setCookie ?? '', /; Secure$/);
  });

  it('formPostRefusal checks the origin first, then the token for this subject, nonce and session', () => {
    const nonce = 'oauth1x_csrf=abcdefghijklmnopqrstuvwx';
    const { token } = formGuard(SECRET, request({ cookie: nonce }, 'GET'), 'rt-1', 'session-a');
    const headers = { cookie: nonce, origin: BASE };
    assert.equal(formPostRefusal(SECRET, request(headers), 'rt-1', 'session-a', token), null);
    assert.equal(formPostRefusal(SECRET, request({ ...headers, origin: 'null' }), 'rt-1', 'session-a', token), 'no-origin');
    assert.equal(formPostRefusal(SECRET, request(headers), 'rt-2', 'session-a', token), 'token');
    assert.equal(formPostRefusal(SECRET, request(headers), 'rt-1', 'session-b', token), 'token');
    assert.equal(formPostRefusal(SECRET, request(headers), 'rt-1', null, token), 'token');
    assert.equal(
      formPostRefusal(SECRET, request({ ...headers, cookie: 'oauth1x_csrf=zzzzzzzzzzzzzzzzzzzzzzzz' }), 'rt-1', 'session-a', token),
      'token',
    );
    assert.equal(formPostRefusal(SECRET, request({ origin: BASE }), 'rt-1', 'session-a', token), 'token');
    assert.equal(formPostRefusal(SECRET, request(headers), 'rt-1', 'session-a', `${token}x`), 'token');
    assert.equal(formPostRefusal(SECRET, request(headers), 'rt-1', 'session-a', ''), 'token');
  });

  it('formActionSources: self plus the callback origin; a scheme for what is no plain host-source; nothing for oob', () => {
    assert.deepEqual(formActionSources('oob'), ["'self'"]);
    assert.deepEqual(formActionSources('https://app.example/cb?x=1'), ["'self'", 'https://app.example']);
    assert.deepEqual(formActionSources('HTTP://App.Example:80/cb'), ["'self'", 'http://app.example']);
    assert.deepEqual(formActionSources('http://127.0.0.1:9/cb'), ["'self'", 'http://127.0.0.1:9']);
    assert.deepEqual(formActionSources('myapp://callback/x'), ["'self'", 'myapp:']);
    assert.deepEqual(formActionSources('http://[::1]:8080/cb'), ["'self'", 'http:']);
    // A host the URL parser accepts but that would break out of the CSP source list.
    assert.deepEqual(formActionSources("http://a;script-src*'/cb"), ["'self'", 'http:']);
    assert.deepEqual(formActionSources('not a url'), ["'self'"]);
  });
});
