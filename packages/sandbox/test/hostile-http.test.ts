/**
 * The provider's hostile-input table run against the sandbox over HTTP (a real socket, the Node starter's
 * URL reconstruction from the Host header, X's error formats): every case gets the table's status and
 * `oauth_problem` (in `WWW-Authenticate`) — an unknown consumer or token the bad-signature answer, as the
 * sandbox answers credential failures alike — and nothing answers 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOSTILE_CASES, type HostileContext, problemOf, uniformAnswer } from '@oauth1x/test-kit/hostile/hostile-cases.js';
import { signRequest } from 'oauth1x';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let ctx: HostileContext;

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  running = await sandbox.listen({ port: 0, httpsPort: false });
  const c = sandbox.credentials;
  const other = sandbox.accounts.createApp({ name: 'Other app', xauth: true });
  const signed = await signRequest({
    method: 'POST',
    url: 'https://api.x.com/oauth/access_token',
    body: {
      x_auth_mode: 'client_auth',
      x_auth_username: 'bob',
      x_auth_password: c.users.find((u) => u.username === 'bob')?.password as string,
    },
    consumer: { key: other.consumerKey, secret: other.consumerSecret },
  });
  const otherForm = new URLSearchParams(
    await (
      await sandbox.fetch(
        new Request('https://api.x.com/oauth/access_token', {
          method: 'POST',
          headers: { authorization: signed.authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body: signed.body,
        }),
      )
    ).text(),
  );
  const rt = await signRequest({
    method: 'POST',
    url: `${running.httpUrl}/oauth/request_token`,
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    oauthParams: { oauth_callback: 'oob' },
  });
  const rtForm = new URLSearchParams(await (await fetch(rt.url, { method: 'POST', headers: { authorization: rt.authorization } })).text());
  ctx = {
    baseUrl: `${running.httpUrl}/sandbox/echo`,
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    token: { key: c.access_token, secret: c.access_token_secret },
    otherConsumerToken: { key: otherForm.get('oauth_token') as string, secret: otherForm.get('oauth_token_secret') as string },
    requestToken: { key: rtForm.get('oauth_token') as string, secret: rtForm.get('oauth_token_secret') as string },
    maxParameters: 256,
  };
});
after(async () => {
  await running.close();
  await sandbox.close();
});

describe('hostile-input table against the sandbox over HTTP', { timeout: 120_000 }, () => {
  it('a correctly signed request passes (control)', async () => {
    const signed = await signRequest({ method: 'GET', url: ctx.baseUrl, consumer: ctx.consumer, token: ctx.token });
    const response = await fetch(signed.url, { headers: { authorization: signed.authorization } });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { screen_name: string }).screen_name, 'demo');
  });

  for (const hostile of HOSTILE_CASES) {
    it(hostile.name, async (t) => {
      if (hostile.applies !== undefined && !hostile.applies(ctx)) {
        t.skip('not applicable');
        return;
      }
      const requests = await hostile.build(ctx);
      let last: Response | undefined;
      for (const request of requests) {
        const init: RequestInit & { duplex?: string } = { method: request.method, headers: request.headers };
        if (request.body !== null) {
          init.body = await request.arrayBuffer();
        }
        last = await fetch(request.url, init);
        assert.ok(last.status < 500, `${request.method} ${request.url} → ${last.status}`);
        if (request !== requests[requests.length - 1]) await last.arrayBuffer();
      }
      assert.ok(last);
      // The sandbox answers every credential failure alike (uniformCredentialErrors, its default). A Bearer
      // header is X's OAuth 2.0: an unknown bearer is X's 401 code 89 (docs: application-only), not an OAuth 1.0a problem.
      if (hostile.name === 'header: another scheme only') {
        assert.equal(last.status, 401);
        assert.deepEqual(await last.json(), { errors: [{ code: 89, message: 'Invalid or expired token.' }] });
        return;
      }
      const expected = uniformAnswer(hostile);
      const problem = await problemOf(last.clone());
      assert.equal(last.status, expected.status, `status for ${hostile.name} (problem ${problem}): ${await last.text()}`);
      assert.equal(problem, expected.problem);
    });
  }
});
