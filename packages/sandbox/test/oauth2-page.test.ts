import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API, authorizeUrl, consent, demoUser, pkce } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;

before(async () => {
  sandbox = await createSandbox({ memory: true });
});
after(async () => sandbox.close());

const get = (url: string) => sandbox.fetch(new Request(url));

describe('sandbox OAuth 2.0 consent page', () => {
  it('is served at /i/oauth2/authorize and /oauth2/authorize, lists the scopes, denies framing, limits form-action', async () => {
    const { challenge } = pkce();
    for (const path of ['/i/oauth2/authorize', '/oauth2/authorize']) {
      const url = new URL(authorizeUrl(sandbox, { scopes: ['tweet.read', 'users.read', 'offline.access'], challenge }));
      url.pathname = path;
      const page = await get(url.href);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:53682;/);
      const html = await page.text();
      for (const scope of ['tweet.read', 'users.read', 'offline.access']) assert.ok(html.includes(`<code>${scope}</code>`));
      assert.ok(html.includes(sandbox.credentials.app_name));
    }
  });

  it('redirects a denial with error=access_denied and the state', async () => {
    const { username, password } = demoUser(sandbox);
    const response = await consent(
      sandbox.fetch,
      authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge: pkce().challenge, state: 'xyz' }),
      username,
      password,
      'deny',
    );
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location') as string);
    assert.equal(location.origin + location.pathname, 'http://127.0.0.1:53682/callback');
    assert.deepEqual(
      [...location.searchParams],
      [
        ['error', 'access_denied'],
        ['state', 'xyz'],
      ],
    );
  });

  it('never redirects to an unregistered redirect URI or for an unknown client (RFC 6749 §4.1.2.1)', async () => {
    const { challenge } = pkce();
    for (const redirectUri of [
      'https://evil.example/callback',
      'http://127.0.0.1:53682/other',
      'http://127.0.0.1.evil.example/callback',
      'http://u@127.0.0.1/callback',
    ]) {
      const page = await get(authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge, redirectUri }));
      assert.equal(page.status, 400, redirectUri);
      assert.equal(page.headers.get('location'), null);
      assert.match(await page.text(), /redirect_uri does not match/);
    }
    const url = new URL(authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge }));
    url.searchParams.set('client_id', 'unknown');
    const unknown = await get(url.href);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('location'), null);
    // localhost and ::1 loopback on another port match the registered http://localhost/callback.
    const local = await get(authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge, redirectUri: 'http://localhost:8123/callback' }));
    assert.equal(local.status, 200);
  });

  it('sends request errors back to the client with error= and state', async () => {
    const { challenge } = pkce();
    const cases: Array<[(url: URL) => void, string]> = [
      [(u) => u.searchParams.set('response_type', 'token'), 'unsupported_response_type'],
      [(u) => u.searchParams.delete('code_challenge'), 'invalid_request'],
      [(u) => u.searchParams.set('code_challenge_method', 'S512'), 'invalid_request'],
      [(u) => u.searchParams.set('scope', 'tweet.read admin'), 'invalid_scope'],
      [(u) => u.searchParams.set('scope', ''), 'invalid_request'],
      [(u) => u.searchParams.set('state', 'x'.repeat(501)), 'invalid_request'],
    ];
    for (const [change, error] of cases) {
      const url = new URL(authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge }));
      change(url);
      const response = await get(url.href);
      assert.equal(response.status, 302, url.search);
      const location = new URL(response.headers.get('location') as string);
      assert.equal(location.searchParams.get('error'), error, url.search);
    }
  });

  it('refuses a cross-origin post, a post without the form token, and an approval without the password', async () => {
    const url = authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge: pkce().challenge });
    const page = await get(url);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] as string;
    const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const { username, password } = demoUser(sandbox);
    const send = (headers: Record<string, string>, fields: Record<string, string>) =>
      sandbox.fetch(
        new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
          body: new URLSearchParams(fields),
        }),
      );
    const full = { csrf, action: 'allow', 'session[username_or_email]': username, 'session[password]': password };
    assert.equal((await send({ origin: 'https://evil.example' }, full)).status, 403);
    assert.equal((await send({ origin: API, 'sec-fetch-site': 'cross-site' }, full)).status, 403);
    assert.equal((await send({}, full)).status, 403);
    assert.equal((await send({ origin: API }, { ...full, csrf: 'forged' })).status, 403);
    const other = new URL(url);
    other.searchParams.set('scope', 'tweet.read tweet.write');
    // A form token of one authorization request does not approve another (wider scopes).
    const widened = await sandbox.fetch(
      new Request(other, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: API },
        body: new URLSearchParams(full),
      }),
    );
    assert.equal(widened.status, 403);
    const noPassword = await send({ origin: API }, { ...full, 'session[password]': '' });
    assert.equal(noPassword.status, 401);
    const wrong = await send({ origin: API }, { ...full, 'session[password]': 'wrong' });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /did not match our records/);
    const ok = await send({ origin: API }, full);
    assert.equal(ok.status, 302);
    assert.ok(new URL(ok.headers.get('location') as string).searchParams.get('code'));
  });

  it('throttles sign-ins with the web sign-in throttle: the 11th try in 15 minutes is a 429, right password or not', async () => {
    const bob = sandbox.credentials.users.find((u) => u.username === 'bob');
    assert.ok(bob);
    const url = authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge: pkce().challenge });
    for (let i = 0; i < 10; i++) assert.equal((await consent(sandbox.fetch, url, 'bob', `wrong-${i}`)).status, 401);
    const throttled = await consent(sandbox.fetch, url, 'bob', bob.password);
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get('retry-after')) > 0);
    assert.match(await throttled.text(), /Too many failed sign-in attempts/);
  });

  it('sets the sign-in’s device cookie on approval, as the OAuth 1.0a page does', async () => {
    const { username, password } = demoUser(sandbox);
    const approved = await consent(
      sandbox.fetch,
      authorizeUrl(sandbox, { scopes: ['tweet.read'], challenge: pkce().challenge }),
      username,
      password,
    );
    assert.equal(approved.status, 302);
    assert.ok(approved.headers.getSetCookie().some((c) => c.startsWith('oauth1x_device=')));
  });

  it('escapes what it shows: the app name and the username field', async () => {
    const app = sandbox.accounts.createApp({ name: '<script>alert(1)</script>', redirectUris: ['https://app.example/cb?x=1'] });
    const url = new URL('/i/oauth2/authorize', API);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: app.oauth2ClientId,
      redirect_uri: 'https://app.example/cb?x=1',
      scope: 'tweet.read',
      state: '"><b>',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }).toString();
    const html = await (await get(url.href)).text();
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('"><b>'));
    // The client's own query is kept on the redirect (RFC 6749 §3.1.2).
    const { username, password } = demoUser(sandbox);
    const approved = await consent(sandbox.fetch, url.href, username, password);
    const location = new URL(approved.headers.get('location') as string);
    assert.equal(location.searchParams.get('x'), '1');
    assert.equal(location.searchParams.get('state'), '"><b>');
  });
});
