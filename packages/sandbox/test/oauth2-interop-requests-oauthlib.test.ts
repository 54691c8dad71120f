/**
 * requests-oauthlib's OAuth2Session (Python, Debian python3-requests-oauthlib 1.3, oauthlib 3.2), unchanged,
 * against the sandbox over HTTPS (certificate verified): PKCE S256 with oauthlib's own helpers, the consent
 * page, the code exchange, v2 calls with the token, a refresh. One Python process for the whole file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consent, demoUser } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { type PythonWorker, startPythonWorker } from './python-worker.js';

const SCRIPT = new URL('../../test/requests-oauthlib-oauth2-client.py', import.meta.url).pathname;
let sandbox: Sandbox;
let running: RunningSandbox;
let python: PythonWorker | undefined;
const REDIRECT = 'http://127.0.0.1:8912/callback';

function py(command: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (python as PythonWorker).call(command);
}

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0 });
  python = startPythonWorker(SCRIPT);
});
after(async () => {
  python?.stop();
  await running?.close();
  await sandbox?.close();
});

function base() {
  const c = sandbox.credentials;
  return {
    client_id: c.oauth2_client_id,
    client_secret: c.oauth2_client_secret,
    ca: running.certPath,
    base: running.httpsUrl,
    redirect_uri: REDIRECT,
  };
}

describe('requests-oauthlib OAuth2Session against the sandbox (HTTPS)', { timeout: 60_000 }, () => {
  it('PKCE S256, code exchange, GET /2/users/me, refresh, a read with the refreshed token', async () => {
    const scope = ['tweet.read', 'users.read', 'offline.access'];
    const started = (await py({ op: 'authorize_url', scope, ...base() })) as { url: string; state: string; verifier: string };
    const page = new URL(started.url);
    assert.equal(page.searchParams.get('code_challenge_method'), 'S256');
    const { username, password } = demoUser(sandbox);
    const approved = await consent((r) => fetch(r), `${running.httpUrl}${page.pathname}${page.search}`, username, password);
    const callback = new URL(approved.headers.get('location') as string);
    assert.equal(callback.searchParams.get('state'), started.state);
    const fetched = (await py({
      op: 'fetch_token',
      code: callback.searchParams.get('code'),
      state: started.state,
      verifier: started.verifier,
      scope,
      ...base(),
    })) as {
      token: Record<string, unknown>;
    };
    assert.equal(fetched.token.token_type, 'bearer');
    assert.deepEqual(fetched.token.scope, scope);
    const me = (await py({ op: 'get', path: '/2/users/me', token: fetched.token, ...base() })) as { status: number; body: string };
    assert.equal(me.status, 200, me.body);
    assert.equal((JSON.parse(me.body) as { data: { username: string } }).data.username, 'demo');
    const refreshed = (await py({ op: 'refresh', token: fetched.token, ...base() })) as { token: Record<string, unknown> };
    assert.notEqual(refreshed.token.access_token, fetched.token.access_token);
    const again = (await py({ op: 'get', path: '/2/users/by/username/alice', token: refreshed.token, ...base() })) as { status: number };
    assert.equal(again.status, 200);
  });
});
