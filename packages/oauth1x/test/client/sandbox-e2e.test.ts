/**
 * End to end against the oauth1x sandbox (a separate X-compatible server): the seed scenario — xAuth with a
 * username and password, then post and read back — over a real loopback socket with the global fetch, plus
 * X-style failures (code 32, clock skew code 135) through the handler.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { createSignedFetch, OAuth1Client, OAuthResponseError, xEndpoints } from '../../src/client/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;

describe('client against the oauth1x sandbox', { timeout: 60_000 }, () => {
  before(async () => {
    sandbox = await createSandbox({ memory: true });
    running = await sandbox.listen({ port: 0, httpsPort: false });
  });
  after(async () => {
    await running?.close();
    await sandbox?.close();
  });

  const consumer = () => ({ key: sandbox.credentials.consumer_key, secret: sandbox.credentials.consumer_secret });

  it('xAuth over a real socket, then posts a tweet with the signed fetch and reads it back', async () => {
    const client = new OAuth1Client({ consumer: consumer(), endpoints: xEndpoints(running.httpUrl) });
    const { token, params } = await client.xauth(sandbox.credentials.username, sandbox.credentials.password);
    assert.equal(params.screen_name, sandbox.credentials.screen_name);
    assert.equal(params.user_id, sandbox.credentials.user_id);
    assert.equal(params.x_auth_expires, '0');
    const signedFetch = createSignedFetch({ consumer: consumer(), token });
    const text = `Hello Ladies + Gentlemen, a signed OAuth request! ${Date.now()}`;
    const posted = await signedFetch(`${running.httpUrl}/1.1/statuses/update.json?include_entities=true`, {
      method: 'POST',
      body: new URLSearchParams({ status: text }),
    });
    assert.equal(posted.status, 200, await posted.clone().text());
    const tweet = (await posted.json()) as { id_str: string; text: string };
    assert.equal(tweet.text, text);
    const me = await signedFetch(`${running.httpUrl}/1.1/account/verify_credentials.json`);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { screen_name: string }).screen_name, sandbox.credentials.screen_name);
  });

  it('posts a v2 tweet with a JSON body (not signed) through the handler', async () => {
    const fetch = (input: string | URL | Request, init?: RequestInit) => sandbox.fetch(new Request(input, init));
    const client = new OAuth1Client({ consumer: consumer(), endpoints: xEndpoints(), fetch });
    const { token } = await client.xauth(sandbox.credentials.username, sandbox.credentials.password);
    const response = await client.signedFetch(token)('https://api.x.com/2/tweets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'json body, signed header only' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(((await response.json()) as { data: { text: string } }).data.text, 'json body, signed header only');
  });

  it('a wrong password is an OAuthResponseError (401) without the password', async () => {
    const fetch = (input: string | URL | Request, init?: RequestInit) => sandbox.fetch(new Request(input, init));
    const client = new OAuth1Client({ consumer: consumer(), endpoints: xEndpoints(), fetch });
    const wrong = 'not-the-password-✓';
    const error = await client.xauth(sandbox.credentials.username, wrong).catch((e: unknown) => e);
    assert.ok(error instanceof OAuthResponseError);
    assert.equal(error.status, 401);
    // X answers a failed xAuth in plain text; the error keeps it.
    assert.match(error.message, /Invalid user name or password/);
    for (const text of [error.message, JSON.stringify(error)])
      assert.ok(!text.includes(wrong) && !text.includes(encodeURIComponent(wrong)));
  });

  it('recovers from a clock an hour slow (X code 135) and keeps the offset', async () => {
    const fetch = (input: string | URL | Request, init?: RequestInit) => sandbox.fetch(new Request(input, init));
    const client = new OAuth1Client({ consumer: consumer(), endpoints: xEndpoints(), fetch, clock: -3600 });
    const { token } = await client.xauth(sandbox.credentials.username, sandbox.credentials.password);
    assert.ok(token.key);
    assert.ok(Math.abs(client.clockOffset) <= 2, String(client.clockOffset));
  });
});
