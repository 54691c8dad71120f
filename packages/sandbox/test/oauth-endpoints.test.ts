import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, json, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
let sandbox: Sandbox;
let clockShift = 0;

before(async () => {
  sandbox = await createSandbox({ memory: true, now: () => Date.now() + clockShift });
});
after(async () => sandbox.close());

describe('sandbox OAuth endpoints (X formats)', { timeout: 30_000 }, () => {
  it('xAuth answers oauth_token, oauth_token_secret, user_id, screen_name, x_auth_expires', async () => {
    const c = sandbox.credentials;
    const response = await xAuth(sandbox, c.username, c.password);
    assert.equal(response.status, 200);
    const form = new URLSearchParams(await response.text());
    assert.deepEqual([...form.keys()], ['oauth_token', 'oauth_token_secret', 'user_id', 'screen_name', 'x_auth_expires']);
    assert.equal(form.get('user_id'), c.user_id);
    assert.equal(form.get('screen_name'), 'demo');
    assert.equal(form.get('x_auth_expires'), '0');
    assert.ok(form.get('oauth_token')?.startsWith(`${c.user_id}-`));
  });

  it('xAuth with a wrong password answers 401 without telling which part was wrong', async () => {
    const wrong = await xAuth(sandbox, 'alice', 'not-the-password');
    const unknown = await xAuth(sandbox, 'nobody_here', 'x');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(await wrong.text(), await unknown.text());
  });

  it('request_token (oob) → authorize page → access_token, with the plain-text invalid verifier answer', async () => {
    const rt = await call(sandbox, 'POST', `${API}/oauth/request_token`, { extra: { oauthParams: { oauth_callback: 'oob' } } });
    assert.equal(rt.status, 200);
    const form = new URLSearchParams(await rt.text());
    assert.equal(form.get('oauth_callback_confirmed'), 'true');
    const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    const bad = await call(sandbox, 'POST', `${API}/oauth/access_token`, { token, extra: { oauthParams: { oauth_verifier: '0000000' } } });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('content-type') ?? '', /text\/plain/);
    assert.equal(await bad.text(), 'Error processing your OAuth request: Invalid oauth_verifier parameter');
    assert.match(bad.headers.get('www-authenticate') ?? '', /oauth_problem="verifier_invalid"/);
  });

  it('request_token with an unregistered callback answers 403 code 415', async () => {
    const response = await call(sandbox, 'POST', `${API}/oauth/request_token`, {
      extra: { oauthParams: { oauth_callback: 'https://evil.example/cb' } },
    });
    assert.equal(response.status, 403);
    assert.ok(Array.isArray((await json(response)).errors));
    assert.deepEqual(
      (
        (await call(sandbox, 'POST', `${API}/oauth/request_token`, {
          extra: { oauthParams: { oauth_callback: 'https://evil.example/cb' } },
        }).then(json)) as { errors: Array<{ code: number }> }
      ).errors[0]?.code,
      415,
    );
  });

  it('GET works on the token endpoints too', async () => {
    const response = await call(sandbox, 'GET', `${API}/oauth/request_token`, { extra: { oauthParams: { oauth_callback: 'oob' } } });
    assert.equal(response.status, 200);
  });

  it('answers 32 for a bad signature, with WWW-Authenticate', async () => {
    const token = { ...demoToken(sandbox), secret: 'wrong' };
    const response = await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { errors: [{ code: 32, message: 'Could not authenticate you.' }] });
    assert.match(
      response.headers.get('www-authenticate') ?? '',
      /^OAuth realm="https:\/\/api\.x\.com", oauth_problem="signature_invalid"$/,
    );
  });

  it('answers 32 for an unknown token, like a bad signature (X answers credential failures alike); 89 with uniformCredentialErrors off', async () => {
    const response = await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: { key: '1-nope', secret: 'x' } });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { errors: [{ code: 32, message: 'Could not authenticate you.' }] });
    const precise = await createSandbox({ memory: true, uniformCredentialErrors: false });
    try {
      const answer = await call(precise, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: { key: '1-nope', secret: 'x' } });
      assert.equal(answer.status, 401);
      assert.deepEqual(await answer.json(), { errors: [{ code: 89, message: 'Invalid or expired token.' }] });
    } finally {
      await precise.close();
    }
  });

  it('answers 135 with a Date header from the sandbox clock when the timestamp is out of bounds', async () => {
    clockShift = 3_600_000;
    try {
      const response = await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token: demoToken(sandbox) });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { errors: [{ code: 135, message: 'Timestamp out of bounds.' }] });
      const date = Date.parse(response.headers.get('date') ?? '');
      assert.ok(Math.abs(date - (Date.now() + 3_600_000)) < 5000, 'Date is the sandbox clock');
    } finally {
      clockShift = 0;
    }
  });

  it('answers 215 for a request without authentication', async () => {
    const response = await sandbox.fetch(new Request(`${API}/1.1/statuses/home_timeline.json`));
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { errors: [{ code: 215, message: 'Bad Authentication data.' }] });
    const v2 = await sandbox.fetch(new Request(`${API}/2/users/me`));
    assert.equal(v2.status, 401);
    assert.deepEqual(await v2.json(), { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
  });

  it('checks the signature against the host the client used (api.twitter.com, 127.0.0.1:port)', async () => {
    for (const base of ['https://api.twitter.com', 'http://127.0.0.1:8787', 'https://upload.x.com']) {
      const response = await call(sandbox, 'GET', `${base}/1.1/account/verify_credentials.json`, { token: demoToken(sandbox) });
      assert.equal(response.status, 200, base);
    }
    // Signed for one host, sent to another: the base string differs.
    const c = sandbox.credentials;
    const { signRequest } = await import('oauth1x');
    const signed = await signRequest({
      method: 'GET',
      url: `${API}/2/users/me`,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: demoToken(sandbox),
    });
    const moved = await sandbox.fetch(
      new Request('https://api.twitter.com/2/users/me', { headers: { authorization: signed.authorization } }),
    );
    assert.equal(moved.status, 401);
  });

  it('invalidate_token answers {"access_token"} and the token stops working (401)', async () => {
    const c = sandbox.credentials;
    const bob = c.users.find((u) => u.username === 'bob');
    assert.ok(bob);
    const form = new URLSearchParams(await (await xAuth(sandbox, bob.username, bob.password)).text());
    const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    const response = await call(sandbox, 'POST', `${API}/1.1/oauth/invalidate_token`, { token });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { access_token: token.key });
    const after = await call(sandbox, 'GET', `${API}/2/users/me`, { token });
    assert.equal(after.status, 401);
  });

  it('the console shows the base string the sandbox computed for a rejected request', async () => {
    await call(sandbox, 'GET', `${API}/1.1/statuses/user_timeline.json?count=3`, { token: { ...demoToken(sandbox), secret: 'bad' } });
    const page = await sandbox.fetch(new Request('http://127.0.0.1/console'));
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    const html = await page.text();
    assert.match(html, /GET&amp;https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fuser_timeline.json&amp;count%3D3%26oauth_consumer_key/);
    assert.doesNotMatch(html, new RegExp(sandbox.credentials.consumer_secret));
  });

  it('never leaks the xAuth password into the request log', async () => {
    await xAuth(sandbox, 'demo', 'wrong-password-secret-123');
    const html = await (await sandbox.fetch(new Request('http://127.0.0.1/console'))).text();
    assert.doesNotMatch(html, /wrong-password-secret-123/);
  });
});

describe('sandbox signature methods', { timeout: 30_000 }, () => {
  it('the demo app accepts every method the provider supports (PLAINTEXT only over https); --x-strict only HMAC-SHA1', async () => {
    const token = demoToken(sandbox);
    const privateKey = sandbox.credentials.rsa_private_key;
    for (const signatureMethod of [
      'HMAC-SHA1',
      'HMAC-SHA256',
      'HMAC-SHA512',
      'RSA-SHA1',
      'RSA-SHA256',
      'RSA-SHA512',
      'PLAINTEXT',
    ] as const) {
      const response = await call(sandbox, 'GET', `${API}/2/users/me`, { token, extra: { signatureMethod, privateKey } });
      assert.equal(response.status, 200, signatureMethod);
    }
    const insecure = await call(sandbox, 'GET', 'http://127.0.0.1:8787/1.1/account/verify_credentials.json', {
      token,
      extra: { signatureMethod: 'PLAINTEXT' },
    });
    assert.equal(insecure.status, 400);
    assert.match(insecure.headers.get('www-authenticate') ?? '', /signature_method_rejected/);

    const strict = await createSandbox({ memory: true, xStrict: true });
    try {
      const strictToken = demoToken(strict);
      assert.equal((await call(strict, 'GET', `${API}/2/users/me`, { token: strictToken })).status, 200);
      const refused = await call(strict, 'GET', `${API}/1.1/account/verify_credentials.json`, {
        token: strictToken,
        extra: { signatureMethod: 'HMAC-SHA256' },
      });
      // A method this app may not use is a credential failure: answered like a bad signature (code 32), so it
      // does not tell that the consumer key exists; the console keeps signature_method_rejected.
      assert.equal(refused.status, 401);
      assert.deepEqual(await refused.json(), { errors: [{ code: 32, message: 'Could not authenticate you.' }] });
      assert.match(await (await strict.fetch(new Request('http://127.0.0.1/console'))).text(), /signature_method_rejected/);
    } finally {
      await strict.close();
    }
  });
});

describe('sandbox app permissions', { timeout: 30_000 }, () => {
  it('a read-only app can read but not write (403 code 261 / v2 oauth1-permissions)', async () => {
    const app = sandbox.accounts.createApp({ name: 'Reader', xauth: true, accessLevel: 'read' });
    const { signRequest } = await import('oauth1x');
    const consumer = { key: app.consumerKey, secret: app.consumerSecret };
    const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
    const send = async (method: string, url: string, body?: Record<string, string>, token?: { key: string; secret: string }) => {
      const signed = await signRequest({ method, url, consumer, token: token ?? null, ...(body ? { body } : {}) });
      return sandbox.fetch(
        new Request(url, {
          method,
          headers: { authorization: signed.authorization, ...(signed.contentType ? { 'content-type': signed.contentType } : {}) },
          body: signed.body ?? null,
        }),
      );
    };
    const form = new URLSearchParams(
      await (
        await send('POST', `${API}/oauth/access_token`, {
          x_auth_mode: 'client_auth',
          x_auth_username: 'alice',
          x_auth_password: alice?.password as string,
        })
      ).text(),
    );
    const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    assert.equal((await send('GET', `${API}/2/users/me`, undefined, token)).status, 200);
    const write = await send('POST', `${API}/1.1/statuses/update.json`, { status: 'not allowed' }, token);
    assert.equal(write.status, 403);
    assert.equal(((await write.json()) as { errors: Array<{ code: number }> }).errors[0]?.code, 261);
  });
});
