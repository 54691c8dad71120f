import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorizeUrl,
  bearerGet,
  codeFor,
  consent,
  demoUser,
  exchange,
  pkce,
  tokenPost,
} from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let clock = Date.parse('2026-08-22T12:00:00Z');
const REDIRECT = 'http://127.0.0.1:53682/callback';
const READ = ['tweet.read', 'users.read'];
const BAD_CODE = { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' };
const BAD_TOKEN = { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' };
const UNAUTHORIZED = { error: 'unauthorized_client', error_description: 'Missing valid authorization header' };

before(async () => {
  sandbox = await createSandbox({ memory: true, now: () => clock });
});
after(async () => sandbox.close());

async function tokens(scopes = [...READ, 'offline.access']): Promise<Record<string, string | number>> {
  const { verifier, challenge } = pkce();
  const response = await exchange(sandbox, await codeFor(sandbox, scopes, challenge), verifier);
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, string | number>;
}

describe('sandbox OAuth 2.0 token endpoint (RFC 6749, RFC 7636)', () => {
  it('exchanges a code with the right verifier for X token answer; no-store; a refresh token only with offline.access', async () => {
    const { verifier, challenge } = pkce();
    const response = await exchange(sandbox, await codeFor(sandbox, READ, challenge), verifier);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 7200);
    assert.equal(body.scope, 'tweet.read users.read');
    const me = await bearerGet(sandbox, '/2/users/me', body.access_token as string);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { data: { username: string } }).data.username, 'demo');
    const offline = await tokens();
    assert.equal(typeof offline.refresh_token, 'string');
  });

  it('takes code_challenge_method=plain, which X’s docs allow, comparing the verifier as is (RFC 7636 §4.6)', async () => {
    const verifier = pkce().verifier;
    const url = authorizeUrl(sandbox, { scopes: READ, challenge: verifier, method: 'plain' });
    const { username, password } = demoUser(sandbox);
    const code = new URL((await consent(sandbox.fetch, url, username, password)).headers.get('location') as string).searchParams.get(
      'code',
    ) as string;
    assert.equal((await exchange(sandbox, code, verifier)).status, 200);
  });

  it('refuses a wrong code_verifier with 400 and burns the code', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(sandbox, READ, challenge);
    const wrong = await exchange(sandbox, code, pkce().verifier);
    assert.equal(wrong.status, 400);
    assert.deepEqual(await wrong.json(), BAD_CODE);
    const right = await exchange(sandbox, code, verifier);
    assert.equal(right.status, 400);
    assert.deepEqual(await right.json(), BAD_CODE);
  });

  it('refuses a reused code and revokes the tokens issued from it (RFC 6749 §4.1.2)', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(sandbox, [...READ, 'offline.access'], challenge);
    const first = (await (await exchange(sandbox, code, verifier)).json()) as Record<string, string>;
    assert.equal((await bearerGet(sandbox, '/2/users/me', first.access_token as string)).status, 200);
    const again = await exchange(sandbox, code, verifier);
    assert.equal(again.status, 400);
    assert.deepEqual(await again.json(), BAD_CODE);
    const me = await bearerGet(sandbox, '/2/users/me', first.access_token as string);
    assert.equal(me.status, 401);
    assert.deepEqual(await me.json(), { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const refresh = await tokenPost(sandbox, '/2/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    assert.equal(refresh.status, 400);
    assert.deepEqual(await refresh.json(), BAD_TOKEN);
  });

  it('refuses a redirect_uri other than the authorization request’s', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(sandbox, READ, challenge);
    const response = await exchange(sandbox, code, verifier, 'http://127.0.0.1:9999/callback');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), BAD_CODE);
  });

  it('refuses a code older than 30 seconds', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(sandbox, READ, challenge);
    clock += 31_000;
    const response = await exchange(sandbox, code, verifier);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), BAD_CODE);
  });

  it('rotates refresh tokens; the old one is refused afterwards and its reuse revokes the new pair', async () => {
    const first = await tokens();
    const rotated = await tokenPost(sandbox, '/2/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    assert.equal(rotated.status, 200);
    const second = (await rotated.json()) as Record<string, string>;
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);
    assert.equal(second.scope, 'tweet.read users.read offline.access');
    assert.equal((await bearerGet(sandbox, '/2/users/me', second.access_token as string)).status, 200);
    const reuse = await tokenPost(sandbox, '/2/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    assert.equal(reuse.status, 400);
    assert.deepEqual(await reuse.json(), BAD_TOKEN);
    // The family is revoked: the pair issued by the rotation is dead too.
    assert.equal((await bearerGet(sandbox, '/2/users/me', second.access_token as string)).status, 401);
    const next = await tokenPost(sandbox, '/2/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token as string,
    });
    assert.equal(next.status, 400);
  });

  it('revokes access and refresh tokens (RFC 7009): 200 {"revoked":true}, also for unknown tokens', async () => {
    const issued = await tokens();
    const revoke = await tokenPost(sandbox, '/2/oauth2/revoke', { token: issued.access_token as string });
    assert.equal(revoke.status, 200);
    assert.deepEqual(await revoke.json(), { revoked: true });
    assert.equal((await bearerGet(sandbox, '/2/users/me', issued.access_token as string)).status, 401);
    const refresh = await tokenPost(sandbox, '/2/oauth2/revoke', {
      token: issued.refresh_token as string,
      token_type_hint: 'refresh_token',
    });
    assert.deepEqual(await refresh.json(), { revoked: true });
    const use = await tokenPost(sandbox, '/2/oauth2/token', { grant_type: 'refresh_token', refresh_token: issued.refresh_token as string });
    assert.deepEqual(await use.json(), BAD_TOKEN);
    const unknown = await tokenPost(sandbox, '/2/oauth2/revoke', { token: 'not-a-token' });
    assert.equal(unknown.status, 200);
  });

  it('expires access tokens after two hours (401), and a refresh still works', async () => {
    const issued = await tokens();
    clock += 7199_000;
    assert.equal((await bearerGet(sandbox, '/2/users/me', issued.access_token as string)).status, 200);
    clock += 2_000;
    const expired = await bearerGet(sandbox, '/2/users/me', issued.access_token as string);
    assert.equal(expired.status, 401);
    assert.deepEqual(await expired.json(), { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const refreshed = await tokenPost(sandbox, '/2/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token as string,
    });
    assert.equal(refreshed.status, 200);
  });

  it('refuses bad client authentication alike: wrong secret, unknown client, confidential client without Basic', async () => {
    const c = sandbox.credentials;
    const { verifier, challenge } = pkce();
    const code = await codeFor(sandbox, READ, challenge);
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    for (const authorization of [
      `Basic ${Buffer.from(`${c.oauth2_client_id}:wrong`).toString('base64')}`,
      `Basic ${Buffer.from(`unknown:${c.oauth2_client_secret}`).toString('base64')}`,
      'Basic !!!',
      null,
    ]) {
      const response = await tokenPost(
        sandbox,
        '/2/oauth2/token',
        authorization === null ? { ...form, client_id: c.oauth2_client_id } : form,
        authorization,
      );
      assert.equal(response.status, 401, String(authorization));
      assert.deepEqual(await response.json(), UNAUTHORIZED);
    }
    // The code was not spent by the refused requests.
    assert.equal((await exchange(sandbox, code, verifier)).status, 200);
  });

  it('answers malformed requests with 4xx and RFC 6749 §5.2 JSON, never 5xx', async () => {
    const cases: Array<[Record<string, string>, number, string]> = [
      [{}, 400, 'invalid_request'],
      [{ grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'authorization_code' }, 400, 'invalid_request'],
      [{ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT }, 400, 'invalid_request'],
      [{ grant_type: 'refresh_token' }, 400, 'invalid_request'],
      [{ grant_type: 'authorization_code', code: 'x'.repeat(5000), redirect_uri: REDIRECT, code_verifier: 'y' }, 400, 'invalid_request'],
    ];
    for (const [form, status, error] of cases) {
      const response = await tokenPost(sandbox, '/2/oauth2/token', form);
      assert.equal(response.status, status, JSON.stringify(form));
      assert.equal(((await response.json()) as { error: string }).error, error);
    }
    const duplicate = await sandbox.fetch(
      new Request('https://api.x.com/2/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
        body: 'grant_type=refresh_token&grant_type=authorization_code',
      }),
    );
    assert.equal(duplicate.status, 400);
    for (const body of ['[]', '{"grant_type":1}', 'not json', 'null']) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
      assert.equal((await sandbox.fetch(new Request('https://api.x.com/2/oauth2/token', init))).status, 400, body);
    }
    const text = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a=b' };
    assert.equal((await sandbox.fetch(new Request('https://api.x.com/2/oauth2/token', text))).status, 400);
    const get = await sandbox.fetch(new Request('https://api.x.com/2/oauth2/token'));
    assert.equal(get.status, 405);
    const huge = await tokenPost(sandbox, '/2/oauth2/token', { grant_type: 'x'.repeat(20000) });
    assert.equal(huge.status, 413);
    const badUtf8 = await sandbox.fetch(
      new Request('https://api.x.com/2/oauth2/revoke', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new Uint8Array([0x74, 0x3d, 0xff]),
      }),
    );
    assert.equal(badUtf8.status, 400);
  });
});
