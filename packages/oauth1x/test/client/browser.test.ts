/**
 * `oauth1x/client` in headless Chromium (Debian `chromium` driven by playwright-core), loaded straight from
 * dist/ as ES modules with `#crypto` mapped to its Web implementation: proves the client uses Web APIs
 * only. In the page: xAuth, a signed form POST and a signed GET against the sandbox (same origin), and RSA
 * signatures through the sign scheduler (MessageChannel path), checked here with the public key.
 */
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox } from '@oauth1x/sandbox';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import type { Browser } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PAGE = `<!doctype html><script type="importmap">{"imports":{"#crypto":"/dist/src/core/crypto-web.js"}}</script><p>oauth1x</p>`;

let sandbox: Sandbox;
let server: Server;
let origin: string;
let browser: Browser;

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    return;
  }
  if (url.pathname.startsWith('/dist/src/')) {
    const path = normalize(`${ROOT}${url.pathname.slice(1)}`);
    if (!path.startsWith(`${ROOT}dist/src/`) || !path.endsWith('.js')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(path));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const response = await sandbox.fetch(new Request(url, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) }));
  res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
}

describe('oauth1x/client in headless Chromium', { timeout: 90_000 }, () => {
  before(async () => {
    sandbox = await createSandbox({ memory: true });
    server = createServer((req, res) => {
      serve(req, res).catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await sandbox?.close();
  });

  it('runs xAuth, a signed form POST, a signed GET and scheduled RSA signatures in the page', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const page = await (await browser.newContext()).newPage();
    await page.goto(origin);
    const c = sandbox.credentials;
    const result = await page.evaluate(
      async ({ origin, c, privateKey }) => {
        const client = await import(`${origin}/dist/src/client/index.js`);
        const core = await import(`${origin}/dist/src/core/index.js`);
        const consumer = { key: c.consumer_key, secret: c.consumer_secret };
        const oauth = new client.OAuth1Client({ consumer, endpoints: client.xEndpoints(origin) });
        const { token, params } = await oauth.xauth(c.username, c.password);
        const signedFetch = client.createSignedFetch({ consumer, token });
        const posted = await signedFetch(`${origin}/1.1/statuses/update.json`, {
          method: 'POST',
          body: new URLSearchParams({ status: 'from Chromium ✓ + friends' }),
        });
        const me = await signedFetch(new Request(`${origin}/1.1/account/verify_credentials.json?skip_status=true`));
        const scheduler = client.createSignScheduler({ concurrency: 2 });
        const rsa = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            scheduler.run(() =>
              core.signRequest({ method: 'GET', url: `${origin}/x?i=${i}`, consumer, signatureMethod: 'RSA-SHA256', privateKey }),
            ),
          ),
        );
        return {
          implementation: typeof process === 'undefined' ? 'browser' : 'node',
          screenName: params.screen_name,
          posted: [posted.status, ((await posted.json()) as { text: string }).text],
          me: [me.status, ((await me.json()) as { screen_name: string }).screen_name],
          rsa: rsa.map((s: { baseString: string; signature: string }) => [s.baseString, s.signature]),
        };
      },
      { origin, c, privateKey },
    );
    assert.equal(result.implementation, 'browser');
    assert.equal(result.screenName, c.screen_name);
    assert.deepEqual(result.posted, [200, 'from Chromium ✓ + friends']);
    assert.deepEqual(result.me, [200, c.screen_name]);
    assert.equal(result.rsa.length, 20);
    for (const [base, signature] of result.rsa as Array<[string, string]>) {
      assert.ok(createVerify('RSA-SHA256').update(base).verify(keys.publicKey, signature, 'base64'));
    }
  });
});
