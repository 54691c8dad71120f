/**
 * requests-oauthlib (Python, Debian python3-requests-oauthlib), a client we did not write, against the
 * sandbox over HTTPS (certificate verified): the three-legged flow with a callback and the PIN flow, then
 * POST /2/tweets. One long-lived Python process for the whole file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approveOnPage } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { type PythonWorker, startPythonWorker } from './python-worker.js';

const SCRIPT = new URL('../../test/requests-oauthlib-client.py', import.meta.url).pathname;
let sandbox: Sandbox;
let running: RunningSandbox;
let python: PythonWorker | undefined;

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
  return { key: c.consumer_key, secret: c.consumer_secret, ca: running.certPath, base: running.httpsUrl };
}

describe('requests-oauthlib against the sandbox (HTTPS)', { timeout: 60_000 }, () => {
  it('three-legged with a callback, then POST /2/tweets', async () => {
    const callback = 'http://127.0.0.1:9/callback';
    const started = (await py({ op: 'request_token', callback, ...base() })) as { token: Record<string, string>; authorize_url: string };
    assert.equal(started.token.oauth_callback_confirmed, 'true');
    const page = new URL(started.authorize_url);
    const answer = await approveOnPage(
      `${running.httpUrl}${page.pathname}${page.search}`,
      sandbox.credentials.username,
      sandbox.credentials.password,
    );
    assert.equal(answer.status, 302);
    const redirect = answer.headers.get('location') as string;
    const exchanged = (await py({
      op: 'access_token',
      token: started.token.oauth_token,
      token_secret: started.token.oauth_token_secret,
      redirect,
      ...base(),
    })) as {
      token: Record<string, string>;
    };
    assert.equal(exchanged.token.screen_name, 'demo');
    const posted = (await py({
      op: 'post',
      path: '/2/tweets',
      json: { text: 'Hello from requests-oauthlib' },
      token: exchanged.token.oauth_token,
      token_secret: exchanged.token.oauth_token_secret,
      ...base(),
    })) as { status: number; body: string };
    assert.equal(posted.status, 201, posted.body);
    const data = (JSON.parse(posted.body) as { data: { id: string; text: string; edit_history_tweet_ids: string[] } }).data;
    assert.equal(data.text, 'Hello from requests-oauthlib');
    assert.deepEqual(data.edit_history_tweet_ids, [data.id]);
  });

  it('PIN flow (oob), then POST /2/tweets and GET /2/users/me', async () => {
    const started = (await py({ op: 'request_token', callback: 'oob', ...base() })) as {
      token: Record<string, string>;
      authorize_url: string;
    };
    const page = new URL(started.authorize_url);
    const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
    const answer = await approveOnPage(`${running.httpUrl}${page.pathname}${page.search}`, 'alice', alice?.password as string);
    const pin = /<code id="pin">(\d{7})<\/code>/.exec(await answer.text())?.[1];
    assert.ok(pin);
    const exchanged = (await py({
      op: 'access_token',
      token: started.token.oauth_token,
      token_secret: started.token.oauth_token_secret,
      verifier: pin,
      ...base(),
    })) as {
      token: Record<string, string>;
    };
    assert.equal(exchanged.token.screen_name, 'alice');
    const auth = { token: exchanged.token.oauth_token, token_secret: exchanged.token.oauth_token_secret, ...base() };
    const posted = (await py({ op: 'post', path: '/2/tweets', json: { text: 'PIN flow tweet' }, ...auth })) as { status: number };
    assert.equal(posted.status, 201);
    const me = (await py({ op: 'get', path: '/2/users/me', ...auth })) as { status: number; body: string };
    assert.equal((JSON.parse(me.body) as { data: { username: string } }).data.username, 'alice');
  });
});
