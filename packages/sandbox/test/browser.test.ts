/**
 * The consent pages in headless Chromium (Debian `chromium` driven by playwright-core): the full PIN flow, the
 * callback flow (which the page's CSP `form-action` must let through), a signed-in user's flows and cancel, by
 * clicks, against a listening sandbox.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import { OAuth1Client, xEndpoints } from 'oauth1x/client';
import type { Browser } from 'playwright-core';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let browser: Browser;
let app: Server;
let callbackHits: URL[] = [];

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
  browser = await launchChromium();
  // The client app's callback endpoint.
  app = createServer((req, res) => {
    const hit = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (hit.pathname === '/callback') callbackHits.push(hit);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<p id="done">signed in</p>');
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
});
after(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  await running?.close();
  await sandbox?.close();
});

function client(): OAuth1Client {
  const c = sandbox.credentials;
  return new OAuth1Client({ consumer: { key: c.consumer_key, secret: c.consumer_secret }, endpoints: xEndpoints(running.httpUrl) });
}

describe('consent pages in headless Chromium', { timeout: 90_000 }, () => {
  it('PIN flow: sign in, authorize, read the PIN, exchange it', async () => {
    const oauth = client();
    const { token: requestToken } = await oauth.requestToken({ callback: 'oob' });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(oauth.authorizeUrl(requestToken));
      assert.match((await page.textContent('h1')) ?? '', /Authorize oauth1x demo app/);
      await page.fill('#username', sandbox.credentials.username);
      await page.fill('#password', sandbox.credentials.password);
      await page.click('#allow');
      const pin = (await page.textContent('#pin', { timeout: 10_000 }))?.trim() ?? '';
      assert.match(pin, /^\d{7}$/);
      const { params } = await oauth.accessToken(requestToken, pin);
      assert.equal(params.screen_name, 'demo');
    } finally {
      await context.close();
    }
  });

  it('callback flow: authorize redirects to the app with oauth_token and oauth_verifier; a wrong password first shows an error', async () => {
    callbackHits = [];
    const oauth = client();
    const callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    const { token: requestToken } = await oauth.requestToken({ callback });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(oauth.authorizeUrl(requestToken));
      await page.fill('#username', 'alice');
      await page.fill('#password', 'wrong');
      await page.click('#allow');
      assert.match((await page.textContent('#error')) ?? '', /did not match/);
      const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
      await page.fill('#username', 'alice');
      await page.fill('#password', alice?.password ?? '');
      await page.click('#allow');
      await page.waitForSelector('#done', { timeout: 10_000 });
      const hit = callbackHits.at(-1);
      assert.ok(hit);
      assert.equal(hit.searchParams.get('oauth_token'), requestToken.key);
      const { params } = await oauth.accessToken(requestToken, hit.searchParams.get('oauth_verifier') as string);
      assert.equal(params.screen_name, 'alice');
    } finally {
      await context.close();
    }
  });

  it('signed in: the page names the user and pre-fills the name, approving asks for the password; authenticate skips the prompt', async () => {
    callbackHits = [];
    const oauth = client();
    const callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    const bob = sandbox.credentials.users.find((u) => u.username === 'bob');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Sign in (PIN flow), then a second consent page for the same browser.
      const first = (await oauth.requestToken({ callback: 'oob' })).token;
      await page.goto(oauth.authorizeUrl(first));
      await page.fill('#username', 'bob');
      await page.fill('#password', bob?.password ?? '');
      await page.click('#allow');
      await page.waitForSelector('#pin', { timeout: 10_000 });
      const second = (await oauth.requestToken({ callback })).token;
      const response = await page.goto(oauth.authorizeUrl(second));
      assert.match(response?.headers()['content-security-policy'] ?? '', new RegExp(`form-action 'self' ${new URL(callback).origin};`));
      assert.match((await page.textContent('.card')) ?? '', /Signed in as @bob/);
      assert.equal(await page.inputValue('#username'), 'bob');
      await page.click('#allow');
      assert.match((await page.textContent('#error')) ?? '', /Enter your password/);
      await page.fill('#password', bob?.password ?? '');
      await page.click('#allow');
      await page.waitForSelector('#done', { timeout: 10_000 });
      const hit = callbackHits.at(-1);
      assert.equal(hit?.searchParams.get('oauth_token'), second.key);
      assert.equal((await oauth.accessToken(second, hit?.searchParams.get('oauth_verifier') as string)).params.screen_name, 'bob');
      // "Sign in with X": bob authorized this app, so /oauth/authenticate goes straight to the callback.
      const third = (await oauth.requestToken({ callback })).token;
      await page.goto(oauth.authorizeUrl(third, { authenticate: true }));
      await page.waitForSelector('#done', { timeout: 10_000 });
      const skipped = callbackHits.at(-1);
      assert.equal(skipped?.searchParams.get('oauth_token'), third.key);
      assert.equal((await oauth.accessToken(third, skipped?.searchParams.get('oauth_verifier') as string)).params.screen_name, 'bob');
    } finally {
      await context.close();
    }
  });

  it('cancel redirects with denied=; the page cannot be framed', async () => {
    callbackHits = [];
    const oauth = client();
    const callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    const { token: requestToken } = await oauth.requestToken({ callback });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(oauth.authorizeUrl(requestToken));
      assert.equal(response?.headers()['x-frame-options'], 'DENY');
      await page.click('#deny');
      await page.waitForSelector('#done', { timeout: 10_000 });
      assert.equal(callbackHits.at(-1)?.searchParams.get('denied'), requestToken.key);
    } finally {
      await context.close();
    }
  });
});
