/**
 * The consent page's hostile table (handler level, no ports): the classes the outside probe of issue 15 used
 * against `POST /oauth/authorize`, each with what a signed-in victim's browser would carry. Every case is a 403
 * with the page's CSRF error, and the request token stays pending.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../../src/index.js';

const BASE = 'http://127.0.0.1:8787';
const OTHER_PORT = 'http://127.0.0.1:6666';
const TOSSED = 'oauth1x_csrf=attackerChosenNonce0123456789';
const CALLBACK = 'http://127.0.0.1:9/cb';

let sandbox: Sandbox;
/** `oauth1x_csrf=…; oauth1x_session=…` of a browser where alice (the victim) / bob signed in. */
let alice: string;
let bob: string;

async function requestToken(): Promise<string> {
  const response = await call(sandbox, 'POST', `${BASE}/oauth/request_token`, { extra: { oauthParams: { oauth_callback: CALLBACK } } });
  return new URLSearchParams(await response.text()).get('oauth_token') as string;
}

const pageUrl = (token: string) => `${BASE}/oauth/authorize?oauth_token=${encodeURIComponent(token)}`;

/** The consent page's form token for `token`, as a client sending `cookie` is given it. */
async function formToken(token: string, cookie: string): Promise<string> {
  const html = await (await sandbox.fetch(new Request(pageUrl(token), { headers: { cookie } }))).text();
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] as string;
}

function post(token: string, headers: Record<string, string>, fields: Record<string, string>): Promise<Response> {
  return sandbox.fetch(
    new Request(pageUrl(token), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({
        oauth_token: token,
        'session[username_or_email]': '',
        'session[password]': '',
        action: 'allow',
        ...fields,
      }),
    }),
  );
}

/** A browser where `username` signed in on the consent page: its nonce and session cookies. */
async function signIn(username: string): Promise<string> {
  const token = await requestToken();
  const page = await sandbox.fetch(new Request(pageUrl(token)));
  const nonce = (page.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] as string;
  const password = sandbox.credentials.users.find((u) => u.username === username)?.password as string;
  const approved = await post(
    token,
    { cookie: nonce, origin: BASE },
    { csrf, 'session[username_or_email]': username, 'session[password]': password },
  );
  assert.equal(approved.status, 302);
  const session = approved.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('oauth1x_session='));
  assert.ok(session);
  return `${nonce}; ${session}`;
}

async function assertPending(token: string): Promise<void> {
  const page = await sandbox.fetch(new Request(pageUrl(token)));
  assert.equal(page.status, 200, 'the request token is still pending');
  assert.match(await page.text(), /<form method="post"/);
}

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  alice = await signIn('alice');
  bob = await signIn('bob');
});
after(async () => sandbox.close());

/** One hostile POST: the headers and form token it carries, built against the pending request token. */
interface HostileCase {
  name: string;
  build(token: string): Promise<{ headers: Record<string, string>; csrf: string }>;
}

const sameOrigin = { origin: BASE, 'sec-fetch-site': 'same-origin' };
/** The victim's cookies and the form token that goes with them: only the request's origin headers differ. */
const fromOrigin = (headers: Record<string, string>) => async (token: string) => ({
  headers: { cookie: alice, ...headers },
  csrf: await formToken(token, alice),
});

const CASES: HostileCase[] = [
  {
    name: 'Origin: null with Sec-Fetch-Site: same-site (a no-referrer page on another port)',
    build: fromOrigin({ origin: 'null', 'sec-fetch-site': 'same-site' }),
  },
  { name: 'Origin: null with Sec-Fetch-Site: cross-site', build: fromOrigin({ origin: 'null', 'sec-fetch-site': 'cross-site' }) },
  { name: 'Origin: null without Sec-Fetch-Site', build: fromOrigin({ origin: 'null' }) },
  { name: 'no Origin and no Sec-Fetch-Site', build: fromOrigin({}) },
  { name: 'no Origin with Sec-Fetch-Site: same-site', build: fromOrigin({ 'sec-fetch-site': 'same-site' }) },
  { name: 'the page’s own Origin with Sec-Fetch-Site: same-site', build: fromOrigin({ origin: BASE, 'sec-fetch-site': 'same-site' }) },
  { name: 'the page’s own Origin with Sec-Fetch-Site: cross-site', build: fromOrigin({ origin: BASE, 'sec-fetch-site': 'cross-site' }) },
  { name: 'the page’s own Origin with Sec-Fetch-Site: none', build: fromOrigin({ origin: BASE, 'sec-fetch-site': 'none' }) },
  { name: 'Origin of another loopback port', build: fromOrigin({ origin: OTHER_PORT }) },
  {
    name: 'Origin of another port claiming Sec-Fetch-Site: same-origin',
    build: fromOrigin({ origin: OTHER_PORT, 'sec-fetch-site': 'same-origin' }),
  },
  {
    name: 'the probe: tossed csrf cookie, the token learned by the attacker’s own fetch, the victim’s session, Origin: null',
    build: async (token) => ({
      headers: { cookie: `${TOSSED}; ${alice.split('; ')[1]}`, origin: 'null', 'sec-fetch-site': 'same-site' },
      csrf: await formToken(token, TOSSED),
    }),
  },
  {
    name: 'tossed csrf cookie and a token learned by another fetch, sent with same-origin headers and the victim’s session',
    build: async (token) => ({
      headers: { cookie: `${TOSSED}; ${alice.split('; ')[1]}`, ...sameOrigin },
      csrf: await formToken(token, TOSSED),
    }),
  },
  {
    name: 'a session-bound token (the attacker’s own session) replayed with the victim’s session',
    build: async (token) => ({
      headers: { cookie: `${TOSSED}; ${alice.split('; ')[1]}`, ...sameOrigin },
      csrf: await formToken(token, `${TOSSED}; ${bob.split('; ')[1]}`),
    }),
  },
  {
    name: 'the form token of another request token',
    build: async () => ({ headers: { cookie: alice, ...sameOrigin }, csrf: await formToken(await requestToken(), alice) }),
  },
  {
    name: 'no csrf cookie',
    build: async (token) => ({ headers: { cookie: alice.split('; ')[1] as string, ...sameOrigin }, csrf: await formToken(token, alice) }),
  },
  { name: 'an empty csrf field', build: async () => ({ headers: { cookie: alice, ...sameOrigin }, csrf: '' }) },
];

describe('consent page: hostile POSTs (CSRF classes of issue 15)', { timeout: 30_000 }, () => {
  for (const hostile of CASES) {
    it(hostile.name, async () => {
      const token = await requestToken();
      const { headers, csrf } = await hostile.build(token);
      const response = await post(token, headers, { csrf });
      assert.equal(response.status, 403);
      assert.match(await response.text(), /CSRF check failed/);
      await assertPending(token);
    });
  }

  it('controls: the same form token passes with Origin: null + Sec-Fetch-Site: same-origin (Chromium, from the page) and with the page’s Origin (the CLI)', async () => {
    const alicePassword = sandbox.credentials.users.find((u) => u.username === 'alice')?.password as string;
    for (const headers of [{ origin: 'null', 'sec-fetch-site': 'same-origin' }, { origin: BASE }, sameOrigin]) {
      const token = await requestToken();
      const csrf = await formToken(token, alice);
      const response = await post(
        token,
        { cookie: alice, ...headers },
        { csrf, 'session[username_or_email]': 'alice', 'session[password]': alicePassword },
      );
      assert.equal(response.status, 302, JSON.stringify(headers));
      assert.ok(new URL(response.headers.get('location') as string).searchParams.get('oauth_verifier'));
    }
  });

  it('a valid session and form token with empty fields do not approve: the password is asked every time', async () => {
    const token = await requestToken();
    const response = await post(token, { cookie: alice, ...sameOrigin }, { csrf: await formToken(token, alice) });
    assert.equal(response.status, 401);
    assert.match(await response.text(), /Enter your password/);
    await assertPending(token);
  });

  it('the form page’s CSP allows form submissions to the page and the callback’s origin only; other pages none', async () => {
    const withCallback = await sandbox.fetch(new Request(pageUrl(await requestToken())));
    assert.match(withCallback.headers.get('content-security-policy') ?? '', /; form-action 'self' http:\/\/127\.0\.0\.1:9;/);
    const rt = await call(sandbox, 'POST', `${BASE}/oauth/request_token`, { extra: { oauthParams: { oauth_callback: 'oob' } } });
    const oob = await sandbox.fetch(new Request(pageUrl(new URLSearchParams(await rt.text()).get('oauth_token') as string)));
    assert.match(oob.headers.get('content-security-policy') ?? '', /; form-action 'self';/);
    const invalid = await sandbox.fetch(new Request(pageUrl('nope')));
    assert.match(invalid.headers.get('content-security-policy') ?? '', /; form-action 'none';/);
  });
});
