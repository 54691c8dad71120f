/**
 * The cross-port CSRF probe of `browser-csrf.test.ts`, run against the OAuth 2.0 consent page
 * (`/i/oauth2/authorize`) in headless Chromium: the victim is signed in on a listening sandbox and opens a page on
 * another loopback port. Cookies ignore ports (RFC 6265 §8.5), so that page tosses an `oauth1x_csrf` nonce it
 * chose, learns the matching form token server-side (the page binds it to the exact authorization request, which
 * the attacker builds itself), then auto-submits the consent form (allow, the demo user's name, no password) from a
 * `no-referrer` page, with the demo app's client and a loopback redirect URI on its own port (the demo app
 * registers `http://127.0.0.1/callback`, any port). Chromium really sends `Origin: null`, `Sec-Fetch-Site:
 * same-site`, the tossed nonce and the victim's session cookie; the sandbox answers 403 (CSRF check failed) and no
 * `code` reaches the attacker's redirect URI. The same token posted by the attacker's own client with a forged
 * `Origin` gets past the form check and is stopped by the password (401): the token was right, the origin rule
 * refused the browser's post.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import { pkce } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
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
/** The authorization request the attacker wants approved (its query), fixed per test. */
let search: string;
/** Every hit on the attacker's redirect URI. */
let callbacks: URL[] = [];

const consentUrl = () => `${running.httpUrl}/i/oauth2/authorize?${search}`;

/** The consent page fetched by the attacker's own HTTP client with the nonce it chose: the form token. */
async function learnFormToken(): Promise<string> {
  const html = await (await fetch(consentUrl(), { headers: { cookie: `oauth1x_csrf=${TOSSED}` } })).text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the attacker learns a form token server-side');
  return token;
}

/** The consent form's fields as the attacker fills them: allow, the demo user's name, no password. */
const fields = (csrf: string) => ({
  csrf,
  'session[username_or_email]': sandbox.credentials.username,
  'session[password]': '',
  action: 'allow',
});

async function attackerRoutes(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', attackerUrl);
  if (url.pathname === '/toss') {
    // Cookie tossing: a cookie for 127.0.0.1 set from this port is sent to the sandbox's port too; its longer
    // path puts it before the sandbox's own `Path=/` nonce.
    send(res, '<p>loading</p><script>location.replace("/attack")</script>', {
      'set-cookie': `oauth1x_csrf=${TOSSED}; Path=/i/oauth2; SameSite=Lax`,
    });
    return;
  }
  if (url.pathname === '/attack') {
    send(res, autoSubmitPage(consentUrl(), fields(await learnFormToken())));
    return;
  }
  if (url.pathname === '/callback') {
    callbacks.push(url);
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
});
after(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
  await running?.close();
  await sandbox?.close();
});

/** A browser context where the demo user has signed in on the sandbox (approving the demo app with the password). */
async function signedInVictim(): Promise<BrowserContext> {
  const c = sandbox.credentials;
  const demo = new OAuth1Client({ consumer: { key: c.consumer_key, secret: c.consumer_secret }, endpoints: xEndpoints(running.httpUrl) });
  const { token } = await demo.requestToken({ callback: 'oob' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(demo.authorizeUrl(token));
  await page.fill('#username', c.username);
  await page.fill('#password', c.password);
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

describe('CSRF on the OAuth 2.0 consent page from another loopback port (headless Chromium)', { timeout: 120_000 }, () => {
  it('cookie tossing + token learned server-side + no-referrer auto-submit: 403, no code at the attacker', async () => {
    callbacks = [];
    search = new URLSearchParams({
      response_type: 'code',
      client_id: sandbox.credentials.oauth2_client_id,
      redirect_uri: `${attackerUrl}/callback`,
      scope: 'tweet.read tweet.write users.read offline.access',
      state: 'attacker-state',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }).toString();
    const context = await signedInVictim();
    try {
      const page = await context.newPage();
      const finished = page.waitForEvent('requestfinished', { predicate: (r) => r.method() === 'POST', timeout: 20_000 });
      await page.goto(`${attackerUrl}/toss`);
      const request = await finished;
      const post = { url: request.url(), headers: await request.allHeaders(), status: (await request.response())?.status() };
      await page.waitForURL((u) => u.href.startsWith(running.httpUrl) || u.pathname === '/callback', {
        waitUntil: 'load',
        timeout: 20_000,
      });
      // The probe's request, exactly: to the consent page, Origin null, same-site, the tossed nonce and the session.
      assert.equal(post.url, consentUrl());
      assert.equal(post.headers.origin, 'null');
      assert.equal(post.headers['sec-fetch-site'], 'same-site');
      assert.match(post.headers.cookie ?? '', new RegExp(`^oauth1x_csrf=${TOSSED}(;|$)`), 'the tossed nonce is the one read');
      assert.match(post.headers.cookie ?? '', /oauth1x_session=/);
      assert.deepEqual(
        callbacks.map((u) => u.href),
        [],
        'nothing reached the attacker’s redirect URI',
      );
      assert.equal(post.status, 403);
      assert.match((await page.textContent('#error')) ?? '', /CSRF check failed/);
      // Control: the learned token with the tossed nonce is valid; the attacker's own client, forging Origin, gets
      // past the form check and is stopped by the password it does not have.
      const replay = await fetch(consentUrl(), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `oauth1x_csrf=${TOSSED}`, origin: running.httpUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields(await learnFormToken())),
      });
      assert.equal(replay.status, 401);
      assert.match(await replay.text(), /Enter your password/);
      assert.equal(callbacks.length, 0);
    } finally {
      await context.close();
    }
  });
});
