/**
 * X's own TypeScript SDK (`@xdevplatform/xdk`), unchanged, against a listening sandbox with OAuth 2.0
 * credentials: `bearerToken` (an app-only bearer from POST /oauth2/token) and `accessToken` (an OAuth 2.0 user
 * token from the PKCE flow). The SDK picks the credential per operation from the spec's `security`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codeFor, exchange, pkce, tokenPost } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let xdk: typeof import('@xdevplatform/xdk');

before(async () => {
  xdk = await import('@xdevplatform/xdk');
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
});
after(async () => {
  await running?.close();
  await sandbox?.close();
});

describe('@xdevplatform/xdk with OAuth 2.0 credentials against the sandbox', { timeout: 30_000 }, () => {
  it('accessToken (OAuth 2.0 user token): users.getMe, posts.create, posts.getById', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(sandbox, ['tweet.read', 'tweet.write', 'users.read'], challenge);
    const { access_token } = (await (await exchange(sandbox, code, verifier)).json()) as { access_token: string };
    const client = new xdk.Client({ baseUrl: running.httpUrl, accessToken: access_token });
    const me = await client.users.getMe();
    assert.equal(me.data?.username, 'demo');
    const posted = await client.posts.create({ text: 'posted by X’s SDK with an OAuth 2.0 user token' });
    const id = posted.data?.id as string;
    const read = await client.posts.getById(id);
    assert.equal(read.data?.id, id);
  });

  it('bearerToken (app-only): users.getByUsername and posts.getById; users.getMe refused by the SDK as X’s spec says', async () => {
    const c = sandbox.credentials;
    const basic = `Basic ${Buffer.from(`${c.consumer_key}:${c.consumer_secret}`).toString('base64')}`;
    const { access_token } = (await (await tokenPost(sandbox, '/oauth2/token', { grant_type: 'client_credentials' }, basic)).json()) as {
      access_token: string;
    };
    const client = new xdk.Client({ baseUrl: running.httpUrl, bearerToken: access_token });
    const alice = await client.users.getByUsername('alice');
    assert.equal(alice.data?.username, 'alice');
    // The SDK reads the same `security` and refuses before sending (the sandbox's own 403 is tested in oauth2-bearer).
    await assert.rejects(client.users.getMe(), /Authentication required for \/2\/users\/me/);
  });
});
