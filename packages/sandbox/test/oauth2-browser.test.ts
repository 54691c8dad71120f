/**
 * The OAuth 2.0 consent page in headless Chromium (Debian `chromium` driven by playwright-core), by clicks
 * against a listening sandbox: a wrong password first, then allow, redirected (through the page's CSP
 * `form-action`) to the client's loopback callback on its own port with `code` and `state`; the code is then
 * exchanged; cancel redirects with `error=access_denied`; the page refuses to be framed.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import { pkce } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import type { Browser } from 'playwright-core';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let browser: Browser;
let app: Server;
let hits: URL[] = [];

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
  browser = await launchChromium();
  app = createServer((req, res) => {
    const hit = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (hit.pathname === '/callback') hits.push(hit);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      hit.pathname === '/frame' ? `<iframe id="f" src="${hit.searchParams.get('src')}"></iframe>` : '<p id="done">back in the app</p>',
    );
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
});
after(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  await running?.close();
  await sandbox?.close();
});

function authorizeUrl(challenge: string, state: string): string {
  const url = new URL('/i/oauth2/authorize', running.httpUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: sandbox.credentials.oauth2_client_id,
    redirect_uri: `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`,
    scope: 'tweet.read users.read',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

describe('OAuth 2.0 consent page in headless Chromium', { timeout: 90_000 }, () => {
  it('wrong password, then allow: redirected to the loopback callback with code and state; the code is exchanged', async () => {
    hits = [];
    const { verifier, challenge } = pkce();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(authorizeUrl(challenge, 'browser-state'));
      assert.match((await page.textContent('h1')) ?? '', /oauth1x demo app wants to access your X account/);
      assert.deepEqual(await page.locator('#scopes code').allTextContents(), ['tweet.read', 'users.read']);
      await page.fill('#username', sandbox.credentials.username);
      await page.fill('#password', 'wrong');
      await page.click('#allow');
      assert.match((await page.textContent('#error')) ?? '', /did not match/);
      await page.fill('#password', sandbox.credentials.password);
      await page.click('#allow');
      await page.waitForSelector('#done', { timeout: 10_000 });
      const hit = hits.at(-1) as URL;
      assert.equal(hit.searchParams.get('state'), 'browser-state');
      const redirectUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
      const c = sandbox.credentials;
      const token = await fetch(`${running.httpUrl}/2/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${c.oauth2_client_id}:${c.oauth2_client_secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: hit.searchParams.get('code') as string,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      });
      assert.equal(token.status, 200);
    } finally {
      await context.close();
    }
  });

  it('cancel redirects with error=access_denied', async () => {
    hits = [];
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(authorizeUrl(pkce().challenge, 's2'));
      await page.click('#deny');
      await page.waitForSelector('#done', { timeout: 10_000 });
      assert.equal(hits.at(-1)?.searchParams.get('error'), 'access_denied');
      assert.equal(hits.at(-1)?.searchParams.get('state'), 's2');
    } finally {
      await context.close();
    }
  });

  it('is not rendered inside another site’s frame', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const src = encodeURIComponent(authorizeUrl(pkce().challenge, 's3'));
      await page.goto(`http://127.0.0.1:${(app.address() as AddressInfo).port}/frame?src=${src}`);
      await page.waitForTimeout(500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const password =
        frame === undefined
          ? 0
          : await frame
              .locator('#password')
              .count()
              .catch(() => 0);
      assert.equal(password, 0);
    } finally {
      await context.close();
    }
  });
});
