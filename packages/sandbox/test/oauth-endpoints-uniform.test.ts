/**
 * The sandbox answers every credential failure alike, as X does (uniformCredentialErrors, on by default): an
 * unknown consumer key, an unknown or revoked token and a bad signature get the same status, headers (Date
 * aside) and body on every route — v1.1, v2, request_token, access_token (verifier and xAuth),
 * invalidate_token, reverse auth — so nobody without the secrets can test which keys exist. The console keeps
 * the precise reason. With the option off, the answers differ as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { type Credentials, type SignRequestOptions, signRequest } from 'oauth1x';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
let uniform: Sandbox;
let precise: Sandbox;

before(async () => {
  uniform = await createSandbox({ memory: true });
  precise = await createSandbox({ memory: true, uniformCredentialErrors: false });
});
after(async () => {
  await uniform.close();
  await precise.close();
});

type Send = (consumer: Credentials, token: Credentials | null) => Promise<Response>;

function sender(sandbox: Sandbox, method: 'GET' | 'POST', url: string, extra: Partial<SignRequestOptions> = {}): Send {
  return async (consumer, token) => {
    const signed = await signRequest({ method, url, consumer, token, ...extra } as SignRequestOptions);
    const headers: Record<string, string> = { authorization: signed.authorization };
    if (signed.contentType !== undefined) headers['content-type'] = signed.contentType;
    return sandbox.fetch(new Request(signed.url, { method, headers, ...(method === 'POST' ? { body: signed.body ?? '' } : {}) }));
  };
}

async function wire(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== 'date').sort();
  return { status: response.status, headers, body: await response.text() };
}

/** A token of bob, revoked through invalidate_token. */
async function revokedToken(sandbox: Sandbox): Promise<Credentials> {
  const bob = sandbox.credentials.users.find((u) => u.username === 'bob');
  const form = new URLSearchParams(await (await xAuth(sandbox, 'bob', bob?.password as string)).text());
  const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
  const c = sandbox.credentials;
  const revoked = await sender(
    sandbox,
    'POST',
    `${API}/1.1/oauth/invalidate_token`,
  )({ key: c.consumer_key, secret: c.consumer_secret }, token);
  assert.equal(revoked.status, 200);
  return token;
}

/** A pending request token of the demo app. */
async function requestToken(sandbox: Sandbox): Promise<Credentials> {
  const c = sandbox.credentials;
  const send = sender(sandbox, 'POST', `${API}/oauth/request_token`, { oauthParams: { oauth_callback: 'oob' } });
  const form = new URLSearchParams(await (await send({ key: c.consumer_key, secret: c.consumer_secret }, null)).text());
  return { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
}

/** Every credential failure of every route, answered by `sandbox`: route → case → wire answer. */
async function failures(sandbox: Sandbox) {
  const c = sandbox.credentials;
  const app = { key: c.consumer_key, secret: c.consumer_secret };
  const badSecret = { key: c.consumer_key, secret: 'not-the-secret' };
  const unknownApp = { key: 'no-such-consumer-key', secret: 'x' };
  const token = { key: c.access_token, secret: c.access_token_secret };
  const unknownToken = { key: `${c.user_id}-no-such-token`, secret: 'x' };
  const revoked = await revokedToken(sandbox);
  const pending = await requestToken(sandbox);
  const protectedCases = (send: Send) => ({
    'bad consumer secret': () => send(badSecret, token),
    'bad token secret': () => send(app, { ...token, secret: 'x' }),
    'unknown consumer': () => send(unknownApp, token),
    'unknown token': () => send(app, unknownToken),
    'revoked token': () => send(app, revoked),
  });
  const verifier = sender(sandbox, 'POST', `${API}/oauth/access_token`, { oauthParams: { oauth_verifier: '1234567' } });
  const password = { body: { x_auth_mode: 'client_auth', x_auth_username: 'demo', x_auth_password: c.password } };
  const xauth = sender(sandbox, 'POST', `${API}/oauth/access_token`, password);
  const requestTokenRoute = sender(sandbox, 'POST', `${API}/oauth/request_token`, { oauthParams: { oauth_callback: 'oob' } });
  const reverse = sender(sandbox, 'POST', `${API}/oauth/request_token`, { body: { x_auth_mode: 'reverse_auth' } });
  const routes: Record<string, Record<string, () => Promise<Response>>> = {
    'v1.1 verify_credentials': protectedCases(sender(sandbox, 'GET', `${API}/1.1/account/verify_credentials.json`)),
    'v2 users/me': protectedCases(sender(sandbox, 'GET', `${API}/2/users/me`)),
    'v1.1 statuses/update': protectedCases(sender(sandbox, 'POST', `${API}/1.1/statuses/update.json`, { body: { status: 'x' } })),
    invalidate_token: protectedCases(sender(sandbox, 'POST', `${API}/1.1/oauth/invalidate_token`)),
    request_token: {
      'bad consumer secret': () => requestTokenRoute(badSecret, null),
      'unknown consumer': () => requestTokenRoute(unknownApp, null),
    },
    'access_token (verifier)': {
      'bad consumer secret': () => verifier(badSecret, pending),
      'bad token secret': () => verifier(app, { ...pending, secret: 'x' }),
      'unknown consumer': () => verifier(unknownApp, pending),
      'unknown request token': () => verifier(app, { key: 'no-such-request-token', secret: 'x' }),
    },
    'access_token (xAuth)': { 'bad consumer secret': () => xauth(badSecret, null), 'unknown consumer': () => xauth(unknownApp, null) },
    'reverse auth step 1': { 'bad consumer secret': () => reverse(badSecret, null), 'unknown consumer': () => reverse(unknownApp, null) },
  };
  const out: Record<string, Record<string, Awaited<ReturnType<typeof wire>>>> = {};
  for (const [route, cases] of Object.entries(routes)) {
    out[route] = {};
    for (const [name, send] of Object.entries(cases)) (out[route] as Record<string, unknown>)[name] = await wire(await send());
  }
  return out;
}

describe('sandbox: credential failures answered alike', { timeout: 60_000 }, () => {
  it('by default every credential failure of a route gets the same status, headers and body (401, code 32 on v1.1)', async () => {
    for (const [route, cases] of Object.entries(await failures(uniform))) {
      const [first, ...rest] = Object.entries(cases);
      assert.ok(first !== undefined && rest.length > 0);
      assert.equal(first[1].status, 401, route);
      for (const [name, answer] of rest) assert.deepEqual(answer, first[1], `${route}: ${name} vs ${first[0]}`);
      if (!route.startsWith('v2')) assert.match(first[1].body, /"code":32/, route);
    }
  });

  it('the console keeps the precise reason for the developer', async () => {
    const send = sender(uniform, 'GET', `${API}/2/users/me`);
    const answer = await send({ key: 'console-unknown-key', secret: 'x' }, { key: 'console-unknown-token', secret: 'x' });
    assert.equal(answer.status, 401);
    assert.match(answer.headers.get('www-authenticate') ?? '', /oauth_problem="signature_invalid"/);
    const html = await (await uniform.fetch(new Request('http://127.0.0.1/console'))).text();
    // The row of that request: its base string (which names the key), the status, the precise problem.
    assert.match(html, /console-unknown-key[^<]*<\/pre><\/td><td>401<\/td><td>consumer_key_unknown<\/td>/);
  });

  it('with uniformCredentialErrors: false the answers tell the failures apart (89 vs 32, consumer_key_unknown)', async () => {
    const all = await failures(precise);
    const v1 = all['v1.1 verify_credentials'] ?? {};
    assert.match(v1['unknown token']?.body ?? '', /"code":89/);
    assert.match(v1['bad consumer secret']?.body ?? '', /"code":32/);
    const v2 = all['v2 users/me'] ?? {};
    assert.notDeepEqual(v2['unknown consumer'], v2['bad consumer secret']);
    const rt = all.request_token ?? {};
    assert.notDeepEqual(rt['unknown consumer'], rt['bad consumer secret']);
  });
});
