/**
 * What real X tolerated, the sandbox takes; where it refuses, it says why. A client that repeats a parameter
 * with the same value in the Authorization header and in the form body (oauth-1.0a signing `request_token`
 * with `data: { oauth_callback: 'oob' }`; clients that put `x_auth_*` in the header too) completes the flow;
 * a different value is a 400 naming the parameter and both places, never a callback error (403, code 415).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { oauth10aSign } from '@oauth1x/test-kit/fixtures/oauth-1-0a.js';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
const FORM = 'application/x-www-form-urlencoded';
let sandbox: Sandbox;

before(async () => {
  sandbox = await createSandbox({ memory: true });
});
after(async () => sandbox.close());

function consumer() {
  return { key: sandbox.credentials.consumer_key, secret: sandbox.credentials.consumer_secret };
}

function post(url: string, authorization: string, body: string): Promise<Response> {
  return sandbox.fetch(new Request(url, { method: 'POST', headers: { authorization, 'content-type': FORM }, body }));
}

describe('sandbox: the same parameter in the header and the body', { timeout: 30_000 }, () => {
  it('oauth-1.0a request_token with data { oauth_callback: "oob" } (callback in header and body) → 200, callback confirmed', async () => {
    const url = `${API}/oauth/request_token`;
    const s = oauth10aSign(consumer(), url, { oauth_callback: 'oob' });
    assert.match(s.authorization, /oauth_callback="oob"/);
    const response = await post(url, s.authorization, s.body);
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const form = new URLSearchParams(text);
    assert.equal(form.get('oauth_callback_confirmed'), 'true');
    assert.ok(form.get('oauth_token'));
  });

  it('an RFC-literal signer (oauth_callback signed twice) is taken as well', async () => {
    const response = await call(sandbox, 'POST', `${API}/oauth/request_token`, {
      body: { oauth_callback: 'oob' },
      extra: { oauthParams: { oauth_callback: 'oob' } },
    });
    assert.equal(response.status, 200, await response.clone().text());
  });

  it('xAuth with x_auth_* in the header and in the body (same values) → an access token that works', async () => {
    const c = sandbox.credentials;
    const url = `${API}/oauth/access_token`;
    const data = { x_auth_mode: 'client_auth', x_auth_username: c.username, x_auth_password: c.password };
    const s = oauth10aSign(consumer(), url, data, { headerExtras: Object.keys(data) });
    const response = await post(url, s.authorization, s.body);
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const form = new URLSearchParams(text);
    const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    assert.equal(form.get('screen_name'), 'demo');
    const me = await call(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`, { token });
    assert.equal(me.status, 200);
  });

  it('oauth_callback with different values in header and body → 400 code 215 naming it and both places, not 403/415', async () => {
    const url = `${API}/oauth/request_token`;
    const s = oauth10aSign(consumer(), url, { oauth_callback: 'oob' });
    const response = await post(url, s.authorization, 'oauth_callback=https%3A%2F%2Fevil.example%2Fcb');
    assert.equal(response.status, 400);
    const body = (await response.json()) as { errors: Array<{ code: number; message: string }> };
    assert.equal(body.errors[0]?.code, 215);
    assert.equal(
      body.errors[0]?.message,
      'oauth_callback appears in the Authorization header and in the body with different values (protocol parameters travel in one location, RFC 5849 §3.5)',
    );
    assert.match(response.headers.get('www-authenticate') ?? '', /oauth_problem="parameter_rejected"/);
  });

  it('x_auth_password with different values → 400 naming x_auth_password, the values never echoed', async () => {
    const c = sandbox.credentials;
    const url = `${API}/oauth/access_token`;
    const data = { x_auth_mode: 'client_auth', x_auth_username: c.username, x_auth_password: c.password };
    const s = oauth10aSign(consumer(), url, data, { headerExtras: ['x_auth_password'] });
    const body = new URLSearchParams({ ...data, x_auth_password: 'another-password' }).toString();
    const response = await post(url, s.authorization, body);
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /x_auth_password appears in the Authorization header and in the body with different values/);
    assert.doesNotMatch(text, new RegExp(`${c.password}|another-password`));
  });

  it('an unregistered callback (no duplicate) is still 403 code 415', async () => {
    const response = await call(sandbox, 'POST', `${API}/oauth/request_token`, {
      extra: { oauthParams: { oauth_callback: 'https://evil.example/cb' } },
    });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { errors: Array<{ code: number }> }).errors[0]?.code, 415);
  });

  it('API routes stay strict: a duplicate with a different value there is 400 code 215 naming both places', async () => {
    const url = `${API}/1.1/statuses/update.json`;
    const token = demoToken(sandbox);
    const s = oauth10aSign(consumer(), url, { status: 'hello' }, { token });
    const nonce = /oauth_nonce="([^"]+)"/.exec(s.authorization)?.[1] as string;
    const response = await post(url, s.authorization, `status=hello&oauth_nonce=${nonce}x`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { errors: Array<{ code: number; message: string }> };
    assert.equal(body.errors[0]?.code, 215);
    assert.match(body.errors[0]?.message ?? '', /^oauth_nonce appears in the Authorization header and in the body with different values/);
  });
});
