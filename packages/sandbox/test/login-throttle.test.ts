/**
 * Password sign-in throttling in the sandbox (xAuth and the consent page's web sign-in), driven in-process with
 * the client address recorded on each request the way the sandbox's listener does (`recordClientAddress`),
 * plus one real-socket check that the listener records it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call } from '@oauth1x/test-kit/sandbox/helpers.js';
import { signRequest } from 'oauth1x';
import { recordClientAddress } from 'oauth1x/provider/node';
import { createSandbox, type Sandbox } from '../src/index.js';
import { passwordChecks } from '../src/password-gate.js';

const API = 'https://api.x.com';

function passwordOf(sandbox: Sandbox, username: string): string {
  const user = sandbox.credentials.users.find((u) => u.username === username);
  assert.ok(user);
  return user.password;
}

/** A signed xAuth request, from `address` (none: an in-process caller). */
async function xAuthFrom(sandbox: Sandbox, address: string | null, username: string, password: string, base = API): Promise<Response> {
  const c = sandbox.credentials;
  const signed = await signRequest({
    method: 'POST',
    url: `${base}/oauth/access_token`,
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    body: { x_auth_mode: 'client_auth', x_auth_username: username, x_auth_password: password },
  });
  const init = {
    method: 'POST',
    headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
    body: signed.body,
  };
  if (base !== API) return fetch(signed.url, init);
  const request = new Request(signed.url, init);
  recordClientAddress(request, address);
  return sandbox.fetch(request);
}

interface ConsentPage {
  url: string;
  action: string;
  fields: Record<string, string>;
  cookie: string;
}

/** A request token (oob) and its consent page as a browser received it: the form's hidden fields and cookies. */
async function consentPage(sandbox: Sandbox): Promise<ConsentPage> {
  const rt = await call(sandbox, 'POST', `${API}/oauth/request_token`, { extra: { oauthParams: { oauth_callback: 'oob' } } });
  const token = new URLSearchParams(await rt.text()).get('oauth_token') as string;
  const url = `${API}/oauth/authorize?oauth_token=${encodeURIComponent(token)}`;
  const page = await sandbox.fetch(new Request(url));
  assert.equal(page.status, 200);
  const html = await page.text();
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] as string] = decode(m[2] as string);
  const action = decode(/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { url, action, fields, cookie };
}

/** Posts the consent form (allow) with a username and password, from `address`. */
function signIn(sandbox: Sandbox, page: ConsentPage, address: string | null, username: string, password: string): Promise<Response> {
  const body = new URLSearchParams({
    ...page.fields,
    'session[username_or_email]': username,
    'session[password]': password,
    action: 'allow',
  });
  const request = new Request(new URL(page.action, page.url), {
    method: 'POST',
    headers: { cookie: page.cookie, origin: API, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  recordClientAddress(request, address);
  return sandbox.fetch(request);
}

async function signedIn(response: Response): Promise<boolean> {
  return response.status === 200 && /id="pin"/.test(await response.text());
}

describe('sandbox web sign-in throttle', { timeout: 60_000 }, () => {
  it('100 concurrent wrong passwords from one client: 10 reach the password check, the rest 429 with Retry-After', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const page = await consentPage(sandbox);
      const before = passwordChecks.stats.started;
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(sandbox, page, '10.0.0.5', 'alice', `wrong-${i}`)));
      const statuses = answers.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 401).length, 10, String(statuses));
      assert.equal(statuses.filter((s) => s === 429).length, 90);
      assert.equal(passwordChecks.stats.started - before, 10, 'password checks');
      const throttled = answers.find((r) => r.status === 429) as Response;
      assert.equal(throttled.headers.get('retry-after'), '900');
      assert.match(await throttled.text(), /Too many failed sign-in attempts/);
    } finally {
      await sandbox.close();
    }
  });

  it('an attacker at another address exhausts only its own attempts: the real user signs in', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const page = await consentPage(sandbox);
      for (let i = 0; i < 10; i++) assert.equal((await signIn(sandbox, page, '10.0.0.66', 'alice', `guess-${i}`)).status, 401);
      assert.equal((await signIn(sandbox, page, '10.0.0.66', 'alice', passwordOf(sandbox, 'alice'))).status, 429);
      assert.ok(await signedIn(await signIn(sandbox, page, '10.0.0.7', 'alice', passwordOf(sandbox, 'alice'))), 'alice is not locked out');
    } finally {
      await sandbox.close();
    }
  });

  it('on one address (loopback): a browser that signed in as the user before has its own count; others share the address', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const password = passwordOf(sandbox, 'alice');
      const first = await signIn(sandbox, await consentPage(sandbox), '127.0.0.1', 'alice', password);
      const device = first.headers.getSetCookie().find((c) => c.startsWith('oauth1x_device='));
      assert.ok(device && /HttpOnly/.test(device) && /SameSite=Lax/.test(device), String(device));
      assert.ok(await signedIn(first));
      const cookie = device.split(';')[0] as string;
      // Another process on the machine guesses from the same address and exhausts it.
      const page = await consentPage(sandbox);
      for (let i = 0; i < 10; i++) assert.equal((await signIn(sandbox, page, '127.0.0.1', 'alice', `guess-${i}`)).status, 401);
      assert.equal((await signIn(sandbox, page, '127.0.0.1', 'alice', password)).status, 429, 'a browser without the cookie waits');
      const altered = { ...page, cookie: `${page.cookie}; ${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}` };
      assert.equal((await signIn(sandbox, altered, '127.0.0.1', 'alice', password)).status, 429, 'an altered cookie is no device');
      const bobsPage = await consentPage(sandbox);
      const bob = { ...bobsPage, cookie: `${bobsPage.cookie}; ${cookie}` };
      for (let i = 0; i < 10; i++) assert.equal((await signIn(sandbox, bob, '127.0.0.1', 'bob', `guess-${i}`)).status, 401);
      assert.equal(
        (await signIn(sandbox, bob, '127.0.0.1', 'bob', passwordOf(sandbox, 'bob'))).status,
        429,
        "alice's device is no device for bob",
      );
      const mine = await consentPage(sandbox);
      const withDevice = { ...mine, cookie: `${mine.cookie}; ${cookie}` };
      assert.ok(await signedIn(await signIn(sandbox, withDevice, '127.0.0.1', 'alice', password)), "alice's browser signs in");
      // The device's own count still holds.
      const again = await consentPage(sandbox);
      const guessing = { ...again, cookie: `${again.cookie}; ${cookie}` };
      for (let i = 0; i < 10; i++) assert.equal((await signIn(sandbox, guessing, '127.0.0.1', 'alice', `guess-${i}`)).status, 401);
      assert.equal((await signIn(sandbox, guessing, '127.0.0.1', 'alice', password)).status, 429);
    } finally {
      await sandbox.close();
    }
  });

  it('@alice, alice, ALICE and ＡＬＩＣＥ share one counter; the canonical name signs in', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const page = await consentPage(sandbox);
      const forms = ['@alice', 'alice', 'ALICE', 'ＡＬＩＣＥ', '@Alice'];
      for (let i = 0; i < 10; i++) assert.equal((await signIn(sandbox, page, '10.0.0.8', forms[i % 5] as string, 'wrong')).status, 401);
      assert.equal((await signIn(sandbox, page, '10.0.0.8', 'alice', passwordOf(sandbox, 'alice'))).status, 429);
      assert.ok(await signedIn(await signIn(sandbox, page, '10.0.0.9', '@ALICE', passwordOf(sandbox, 'alice'))));
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox xAuth throttle', { timeout: 60_000 }, () => {
  it('an attacker at another address exhausts only its own attempts (429, code 88, Retry-After): the real user gets a token', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await xAuthFrom(sandbox, '10.0.0.66', 'alice', `guess-${i}`)).status, 401);
      const throttled = await xAuthFrom(sandbox, '10.0.0.66', 'alice', passwordOf(sandbox, 'alice'));
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '900');
      assert.deepEqual(await throttled.json(), { errors: [{ code: 88, message: 'Rate limit exceeded' }] });
      assert.equal((await xAuthFrom(sandbox, '10.0.0.7', 'alice', passwordOf(sandbox, 'alice'))).status, 200, 'alice is not locked out');
    } finally {
      await sandbox.close();
    }
  });

  it('@alice, alice, ALICE and ＡＬＩＣＥ share one counter; the canonical name gets a token', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      for (const name of ['@alice', 'alice', 'ALICE', 'ＡＬＩＣＥ', '@Alice'])
        assert.equal((await xAuthFrom(sandbox, '10.0.0.8', name, 'x')).status, 401);
      assert.equal((await xAuthFrom(sandbox, '10.0.0.8', 'alice', passwordOf(sandbox, 'alice'))).status, 429);
      const ok = await xAuthFrom(sandbox, '10.0.0.9', '@ALICE', passwordOf(sandbox, 'alice'));
      assert.equal(ok.status, 200);
      assert.equal(new URLSearchParams(await ok.text()).get('screen_name'), 'alice');
    } finally {
      await sandbox.close();
    }
  });

  it('over a real socket the listener records the peer: its failures count for 127.0.0.1, not for an in-process caller', async () => {
    const sandbox = await createSandbox({ memory: true });
    const running = await sandbox.listen({ port: 0, httpsPort: false });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await xAuthFrom(sandbox, null, 'bob', `guess-${i}`, running.httpUrl)).status, 401);
      assert.equal((await xAuthFrom(sandbox, null, 'bob', passwordOf(sandbox, 'bob'), running.httpUrl)).status, 429);
      assert.equal((await xAuthFrom(sandbox, null, 'bob', passwordOf(sandbox, 'bob'))).status, 200);
    } finally {
      await running.close();
      await sandbox.close();
    }
  });
});

describe('sandbox scrypt flood', { timeout: 120_000 }, () => {
  it('one client trying made-up usernames: at most 100 password checks per 15 minutes, xAuth and web alike', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const page = await consentPage(sandbox);
      const before = passwordChecks.stats.started;
      const statuses = { xauth: [] as number[], web: [] as number[] };
      // In batches of 20 at once, within the password gate's queue.
      for (let batch = 0; batch < 6; batch++) {
        const names = Array.from({ length: 20 }, (_, i) => `nobody_${batch}_${i}`);
        statuses.xauth.push(...(await Promise.all(names.map((n) => xAuthFrom(sandbox, '10.0.0.13', n, 'x')))).map((r) => r.status));
        statuses.web.push(...(await Promise.all(names.map((n) => signIn(sandbox, page, '10.0.0.13', n, 'x')))).map((r) => r.status));
      }
      for (const list of [statuses.xauth, statuses.web]) {
        assert.equal(list.filter((s) => s === 401).length, 100, String(list));
        assert.equal(list.filter((s) => s === 429).length, 20);
      }
      assert.equal(passwordChecks.stats.started - before, 200);
      assert.equal(
        (await xAuthFrom(sandbox, '10.0.0.14', 'alice', passwordOf(sandbox, 'alice'))).status,
        200,
        'other clients are not affected',
      );
    } finally {
      await sandbox.close();
    }
  });

  it('a burst beyond the password gate: 503 with Retry-After (X-shaped for xAuth, the page for web), never 500', async () => {
    const sandbox = await createSandbox({ memory: true });
    try {
      const page = await consentPage(sandbox);
      const refusedBefore = passwordChecks.stats.refused;
      const xauth = await Promise.all(Array.from({ length: 150 }, (_, i) => xAuthFrom(sandbox, `10.1.0.${i}`, `nobody_${i}`, 'x')));
      const web = await Promise.all(Array.from({ length: 150 }, (_, i) => signIn(sandbox, page, `10.2.0.${i}`, `nobody_${i}`, 'x')));
      for (const answers of [xauth, web]) {
        const statuses = answers.map((r) => r.status);
        assert.deepEqual([...new Set(statuses)].sort(), [401, 503], String(statuses));
      }
      const busyX = xauth.filter((r) => r.status === 503);
      const busyWeb = web.filter((r) => r.status === 503);
      assert.equal(passwordChecks.stats.refused - refusedBefore, busyX.length + busyWeb.length);
      assert.ok(passwordChecks.stats.peak <= passwordChecks.maxActive, `peak ${passwordChecks.stats.peak}`);
      assert.equal(busyX[0]?.headers.get('retry-after'), '1');
      assert.deepEqual(await busyX[0]?.json(), { errors: [{ code: 130, message: 'Over capacity' }] });
      assert.equal(busyWeb[0]?.headers.get('retry-after'), '1');
      assert.match((await busyWeb[0]?.text()) ?? '', /Too many sign-ins at once/);
    } finally {
      await sandbox.close();
    }
  });
});
