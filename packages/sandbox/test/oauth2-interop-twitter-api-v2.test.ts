/**
 * twitter-api-v2 (npm), unchanged, against the sandbox's HTTPS listener over OAuth 2.0: generateOAuth2AuthLink,
 * the consent page, loginWithOAuth2, v2 calls with the user token, refreshOAuth2Token, revokeOAuth2Token and
 * appLogin. Its hosts are fixed (x.com, api.x.com): an https.Agent connects every request to the sandbox (the
 * certificate is checked) while SNI and Host stay X's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import { consent, demoUser } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import { TwitterApi } from 'twitter-api-v2';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let agent: Agent;
const REDIRECT = 'http://127.0.0.1:43110/callback';

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0 });
  const port = Number(new URL(running.httpsUrl as string).port);
  const ca = readFileSync(running.certPath as string, 'utf8');
  agent = new Agent({ keepAlive: false });
  agent.createConnection = (options) => {
    const servername = (options as { servername?: string; host?: string }).servername ?? (options as { host?: string }).host;
    return connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'] });
  };
});
after(async () => {
  agent?.destroy();
  await running?.close();
  await sandbox?.close();
});

describe('twitter-api-v2 OAuth 2.0 against the sandbox', { timeout: 60_000 }, () => {
  it('generateOAuth2AuthLink → consent → loginWithOAuth2 → v2 calls → refreshOAuth2Token → revokeOAuth2Token', async () => {
    const c = sandbox.credentials;
    const app = new TwitterApi({ clientId: c.oauth2_client_id, clientSecret: c.oauth2_client_secret }, { httpAgent: agent });
    const link = app.generateOAuth2AuthLink(REDIRECT, { scope: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'] });
    // It asks for code_challenge_method=s256 (lower case), which X takes.
    assert.equal(new URL(link.url).searchParams.get('code_challenge_method'), 's256');
    const page = new URL(link.url);
    const { username, password } = demoUser(sandbox);
    const approved = await consent((r) => fetch(r), `${running.httpUrl}${page.pathname}${page.search}`, username, password);
    const callback = new URL(approved.headers.get('location') as string);
    assert.equal(callback.searchParams.get('state'), link.state);
    const login = await app.loginWithOAuth2({
      code: callback.searchParams.get('code') as string,
      codeVerifier: link.codeVerifier,
      redirectUri: REDIRECT,
    });
    assert.equal(login.expiresIn, 7200);
    assert.deepEqual(login.scope, ['tweet.read', 'tweet.write', 'users.read', 'offline.access']);
    const me = await login.client.v2.me();
    assert.equal(me.data.username, 'demo');
    const tweet = await login.client.v2.tweet('posted by twitter-api-v2 with OAuth 2.0');
    assert.ok(tweet.data.id);

    const refreshed = await app.refreshOAuth2Token(login.refreshToken as string);
    assert.notEqual(refreshed.refreshToken, login.refreshToken);
    assert.equal((await refreshed.client.v2.me()).data.id, c.user_id);
    await assert.rejects(app.refreshOAuth2Token(login.refreshToken as string), (error: { code?: number }) => error.code === 400);

    await app.revokeOAuth2Token(refreshed.accessToken, 'access_token');
    await assert.rejects(refreshed.client.v2.me(), (error: { code?: number }) => error.code === 401);
  });

  it('appLogin (consumer key and secret) reads where app-only is allowed and is refused on /2/users/me', async () => {
    const c = sandbox.credentials;
    const consumer = new TwitterApi({ appKey: c.consumer_key, appSecret: c.consumer_secret }, { httpAgent: agent });
    const appOnly = await consumer.appLogin();
    const alice = await appOnly.v2.userByUsername('alice');
    assert.equal(alice.data.username, 'alice');
    await assert.rejects(appOnly.v2.me(), (error: { code?: number; data?: { type?: string } }) => {
      return error.code === 403 && error.data?.type === 'https://api.x.com/2/problems/unsupported-authentication';
    });
  });
});
