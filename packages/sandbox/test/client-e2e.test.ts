/**
 * oauth1x's own client against a listening sandbox over HTTP: xAuth → tweet → read back, the PIN and
 * callback flows through the consent page (plain HTTP, no browser), reverse auth, and clock-skew recovery
 * against a sandbox whose clock is shifted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approveOnPage as approve } from '@oauth1x/test-kit/sandbox/helpers.js';
import { OAuth1Client, xEndpoints } from 'oauth1x/client';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
});
after(async () => {
  await running.close();
  await sandbox.close();
});

function demoClient(base = running.httpUrl): OAuth1Client {
  const c = sandbox.credentials;
  return new OAuth1Client({ consumer: { key: c.consumer_key, secret: c.consumer_secret }, endpoints: xEndpoints(base) });
}

const approveOnPage = (url: string, username: string, password: string, action = 'allow') => approve(url, username, password, action);

describe('oauth1x client against the sandbox', { timeout: 60_000 }, () => {
  it('xAuth → POST statuses/update → read back with v1.1 and v2', async () => {
    const client = demoClient();
    const { token, params } = await client.xauth(sandbox.credentials.username, sandbox.credentials.password);
    assert.equal(params.screen_name, 'demo');
    const userFetch = client.signedFetch(token);
    const posted = await userFetch(`${running.httpUrl}/1.1/statuses/update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' }),
    });
    assert.equal(posted.status, 200);
    const tweet = (await posted.json()) as { id_str: string; text: string };
    assert.equal(tweet.text, 'Hello Ladies + Gentlemen, a signed OAuth request!');
    const v2 = (await (await userFetch(`${running.httpUrl}/2/tweets/${tweet.id_str}`)).json()) as { data: { text: string } };
    assert.equal(v2.data.text, tweet.text);
    const timeline = (await (await userFetch(`${running.httpUrl}/1.1/statuses/user_timeline.json?count=1`)).json()) as Array<{
      id_str: string;
    }>;
    assert.equal(timeline[0]?.id_str, tweet.id_str);
  });

  it('PIN flow: request token (oob) → consent page → PIN → access token', async () => {
    const client = demoClient();
    const { token: requestToken } = await client.requestToken({ callback: 'oob' });
    const answer = await approveOnPage(client.authorizeUrl(requestToken), 'alice', sandbox.credentials.users[1]?.password as string);
    assert.equal(answer.status, 200);
    const pin = /<code id="pin">(\d{7})<\/code>/.exec(await answer.text())?.[1];
    assert.ok(pin, 'the page shows a 7-digit PIN');
    const { token, params } = await client.accessToken(requestToken, pin);
    assert.equal(params.screen_name, 'alice');
    const me = (await (await client.signedFetch(token)(`${running.httpUrl}/2/users/me`)).json()) as { data: { username: string } };
    assert.equal(me.data.username, 'alice');
  });

  it('callback flow redirects with oauth_token + oauth_verifier; deny redirects with denied=', async () => {
    const client = demoClient();
    const callback = 'http://127.0.0.1:9/callback?state=1';
    const { token: requestToken } = await client.requestToken({ callback });
    const answer = await approveOnPage(client.authorizeUrl(requestToken), 'demo', sandbox.credentials.password);
    assert.equal(answer.status, 302);
    const location = new URL(answer.headers.get('location') as string);
    assert.equal(location.origin + location.pathname, 'http://127.0.0.1:9/callback');
    assert.equal(location.searchParams.get('state'), '1');
    assert.equal(location.searchParams.get('oauth_token'), requestToken.key);
    const verifier = location.searchParams.get('oauth_verifier') as string;
    const { params } = await client.accessToken(requestToken, verifier);
    assert.equal(params.user_id, sandbox.credentials.user_id);
    // A second exchange of the same request token fails.
    await assert.rejects(client.accessToken(requestToken, verifier));

    const { token: denied } = await client.requestToken({ callback });
    const refusal = await approveOnPage(client.authorizeUrl(denied), '', '', 'deny');
    assert.equal(refusal.status, 302);
    assert.equal(new URL(refusal.headers.get('location') as string).searchParams.get('denied'), denied.key);
  });

  it('/oauth/authenticate skips the prompt for a signed-in user who already authorized the app ("Sign in with X")', async () => {
    const client = demoClient();
    const callback = 'http://127.0.0.1:9/signin';
    const { token: first } = await client.requestToken({ callback });
    const approved = await approveOnPage(client.authorizeUrl(first), 'demo', sandbox.credentials.password);
    const session = approved.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c?.startsWith('oauth1x_session='));
    assert.ok(session, 'a session cookie is set');
    await client.accessToken(first, new URL(approved.headers.get('location') as string).searchParams.get('oauth_verifier') as string);
    const { token: second } = await client.requestToken({ callback });
    const again = await fetch(client.authorizeUrl(second, { authenticate: true }), {
      headers: { cookie: session },
      redirect: 'manual',
    });
    assert.equal(again.status, 302);
    assert.equal(new URL(again.headers.get('location') as string).searchParams.get('oauth_token'), second.key);
    const forced = await fetch(
      `${running.httpUrl}/oauth/authenticate?oauth_token=${encodeURIComponent((await client.requestToken({ callback })).token.key)}&force_login=true`,
      {
        headers: { cookie: session },
        redirect: 'manual',
      },
    );
    assert.equal(forced.status, 200, 'force_login shows the page');
  });

  it('x_auth_access_type=read: the page asks for read access and the token cannot write (403 code 261)', async () => {
    await sandbox.accounts.createUser({ screenName: 'reader', password: 'reader-pw' });
    const client = demoClient();
    const { token: requestToken } = await client.requestToken({ callback: 'oob', params: { x_auth_access_type: 'read' } });
    const page = await (await fetch(client.authorizeUrl(requestToken))).text();
    assert.match(page, /Read your posts and profile information\.</);
    const answer = await approveOnPage(client.authorizeUrl(requestToken), 'reader', 'reader-pw');
    const pin = /<code id="pin">(\d{7})<\/code>/.exec(await answer.text())?.[1] as string;
    const { token } = await client.accessToken(requestToken, pin);
    const userFetch = client.signedFetch(token);
    assert.equal((await userFetch(`${running.httpUrl}/2/users/me`)).status, 200);
    const write = await userFetch(`${running.httpUrl}/1.1/statuses/update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'read-only token' }),
    });
    assert.equal(write.status, 403);
    assert.equal(((await write.json()) as { errors: Array<{ code: number }> }).errors[0]?.code, 261);
  });

  it('serves a per-user timeline page with the tweets, escaped', async () => {
    const client = demoClient();
    const { token } = await client.xauth('bob', sandbox.credentials.users.find((u) => u.username === 'bob')?.password as string);
    await client.signedFetch(token)(`${running.httpUrl}/1.1/statuses/update.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: '<script>alert(1)</script> & friends' }),
    });
    const page = await fetch(`${running.httpUrl}/timeline/bob`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    const html = await page.text();
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; friends/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.equal((await fetch(`${running.httpUrl}/timeline/nobody_here`)).status, 404);
  });

  it('the consent page refuses a post without the CSRF cookie and field, and a wrong password', async () => {
    const client = demoClient();
    const { token: requestToken } = await client.requestToken({ callback: 'oob' });
    const url = client.authorizeUrl(requestToken);
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        oauth_token: requestToken.key,
        'session[username_or_email]': 'demo',
        'session[password]': sandbox.credentials.password,
        action: 'allow',
      }),
    });
    assert.equal(forged.status, 403);
    const wrong = await approveOnPage(url, 'demo', 'wrong password');
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /did not match/);
  });

  it('reverse auth: the server app gets a token for the device user', async () => {
    const device = sandbox.accounts.createApp({ name: 'Device app', xauth: true, callbackUrls: ['oob'] });
    const deviceClient = new OAuth1Client({
      consumer: { key: device.consumerKey, secret: device.consumerSecret },
      endpoints: xEndpoints(running.httpUrl),
    });
    const bob = sandbox.credentials.users.find((u) => u.username === 'bob');
    assert.ok(bob);
    const { token: deviceToken } = await deviceClient.xauth(bob.username, bob.password);
    const serverClient = demoClient();
    const reverse = await serverClient.reverseAuth();
    assert.match(reverse.parameters, /^OAuth /);
    const { token, params } = await deviceClient.exchangeReverseAuth(deviceToken, reverse);
    assert.equal(params.screen_name, 'bob');
    const me = (await (await serverClient.signedFetch(token)(`${running.httpUrl}/2/users/me`)).json()) as { data: { username: string } };
    assert.equal(me.data.username, 'bob');
    // The reverse-auth parameters are single-use.
    await assert.rejects(deviceClient.exchangeReverseAuth(deviceToken, reverse));
  });

  it('recovers from clock skew against a sandbox whose clock is 2 hours ahead', async () => {
    const shifted = await createSandbox({ memory: true, now: () => Date.now() + 2 * 3600 * 1000 });
    const server = await shifted.listen({ port: 0, httpsPort: false });
    try {
      const c = shifted.credentials;
      const client = new OAuth1Client({
        consumer: { key: c.consumer_key, secret: c.consumer_secret },
        endpoints: xEndpoints(server.httpUrl),
      });
      const raw = await fetch(`${server.httpUrl}/2/users/me`);
      assert.ok(Math.abs(Date.parse(raw.headers.get('date') as string) - (Date.now() + 7_200_000)) < 5000);
      const { token } = await client.xauth(c.username, c.password);
      const me = await client.signedFetch(token)(`${server.httpUrl}/1.1/account/verify_credentials.json`);
      assert.equal(me.status, 200);
      assert.ok(Math.abs(client.clockOffset - 7200) < 10, `clock offset ${client.clockOffset}`);
    } finally {
      await server.close();
      await shifted.close();
    }
  });
});
