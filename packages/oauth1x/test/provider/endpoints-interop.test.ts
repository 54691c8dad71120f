// Clients oauth1x did not write, against the token endpoints over a real loopback socket: Python
// requests-oauthlib (one long-lived /usr/bin/python3 process, JSON lines) and the npm `oauth` package; plus
// oauth1x's own OAuth1Client against the handler without a port.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OAuth1Client } from '../../src/client/index.js';
import { toNodeHandler } from '../../src/provider/adapters/node.js';
import { APP, type Setup, setup, XAUTH_APP } from './endpoints-fixtures.js';

type Answer = Record<string, string | number | undefined>;

function python() {
  const script = fileURLToPath(new URL('../../../test/provider/endpoints-interop.py', import.meta.url));
  const child = spawn('/usr/bin/python3', [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(answer: Answer) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Answer));
  return {
    call(command: Record<string, string | Record<string, string> | undefined>): Promise<Answer> {
      return new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${JSON.stringify(command)}\n`);
      });
    },
    close: () => child.stdin.end(),
  };
}

describe('token endpoints interop over a real socket', { timeout: 30_000 }, () => {
  let s: Setup;
  let server: Server;
  let base = '';
  const py = python();
  before(async () => {
    // The real clock: these clients stamp their own timestamps.
    s = setup({ verify: {} });
    server = createServer(toNodeHandler(s.handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    py.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const [method, transport] of [
    ['HMAC-SHA1', 'AUTH_HEADER'],
    ['HMAC-SHA256', 'AUTH_HEADER'],
    ['HMAC-SHA1', 'BODY'],
    ['HMAC-SHA256', 'QUERY'],
  ] as const) {
    test(`requests-oauthlib ${method} / ${transport}: request token, approve, access token, invalidate`, async () => {
      const keys = { consumer_key: APP.key, consumer_secret: APP.secret, method, transport };
      const rt = await py.call({ ...keys, op: 'request_token', url: `${base}/oauth/request_token`, callback: 'https://app.example/cb' });
      assert.equal(rt.error, undefined, String(rt.message));
      assert.equal(rt.oauth_callback_confirmed, 'true');
      const { verifier } = await s.handler.approve(rt.oauth_token as string, '1002');
      const at = await py.call({
        ...keys,
        op: 'access_token',
        url: `${base}/oauth/access_token`,
        token: rt.oauth_token as string,
        token_secret: rt.oauth_token_secret as string,
        verifier,
      });
      assert.equal(at.error, undefined, String(at.message));
      assert.equal(at.user_id, '1002');
      assert.equal(at.screen_name, 'bob');
      const again = await py.call({
        ...keys,
        op: 'access_token',
        url: `${base}/oauth/access_token`,
        token: rt.oauth_token as string,
        token_secret: rt.oauth_token_secret as string,
        verifier,
      });
      assert.match(String(again.message), /token_used/);
      const revoke = await py.call({
        ...keys,
        op: 'post',
        url: `${base}/oauth/invalidate_token`,
        token: at.oauth_token as string,
        token_secret: at.oauth_token_secret as string,
      });
      assert.equal(revoke.status, 200, String(revoke.body));
    });
  }

  test('requests-oauthlib xAuth: right password → token; wrong password → 401', async () => {
    const keys = { consumer_key: XAUTH_APP.key, consumer_secret: XAUTH_APP.secret };
    const data = { x_auth_mode: 'client_auth', x_auth_username: 'alice', x_auth_password: 'wonderland' };
    const ok = await py.call({ ...keys, op: 'post', url: `${base}/oauth/access_token`, data });
    assert.equal(ok.status, 200, String(ok.body));
    assert.match(String(ok.body), /oauth_token=.+&oauth_token_secret=.+&user_id=1001/);
    const bad = await py.call({ ...keys, op: 'post', url: `${base}/oauth/access_token`, data: { ...data, x_auth_password: 'nope' } });
    assert.equal(bad.status, 401);
  });

  test('npm `oauth` (OAuth 1.0A client): request token, approve, access token', async () => {
    const require = createRequire(import.meta.url);
    const { OAuth } = require('oauth') as {
      OAuth: new (
        ...args: unknown[]
      ) => {
        getOAuthRequestToken(cb: (error: unknown, token: string, secret: string, results: Record<string, string>) => void): void;
        getOAuthAccessToken(
          token: string,
          secret: string,
          verifier: string,
          cb: (error: unknown, token: string, secret: string, results: Record<string, string>) => void,
        ): void;
      };
    };
    // The version argument is sent as oauth_version: '1.0' (RFC 5849 §3.1). Its README's '1.0A' sends
    // oauth_version=1.0A, which verifyRequest answers with 400 version_rejected.
    const client = new OAuth(`${base}/oauth/request_token`, `${base}/oauth/access_token`, APP.key, APP.secret, '1.0', 'oob', 'HMAC-SHA1');
    const rt = await new Promise<{ token: string; secret: string; results: Record<string, string> }>((resolve, reject) =>
      client.getOAuthRequestToken((error, token, secret, results) => (error ? reject(error) : resolve({ token, secret, results }))),
    );
    assert.equal(rt.results.oauth_callback_confirmed, 'true');
    const { verifier } = await s.handler.approve(rt.token, '1001');
    const at = await new Promise<Record<string, string>>((resolve, reject) =>
      client.getOAuthAccessToken(rt.token, rt.secret, verifier, (error, _t, _s, results) => (error ? reject(error) : resolve(results))),
    );
    assert.equal(at.user_id, '1001');
  });
});

test("oauth1x's OAuth1Client against the handler without a port (GET endpoints, query transport, xAuth)", async () => {
  const s = setup({ verify: {} });
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => s.handler.fetch(new Request(input, init));
  const endpoints = {
    requestTokenUrl: 'https://provider.test/oauth/request_token',
    authorizeUrl: 'https://provider.test/oauth/authorize',
    accessTokenUrl: 'https://provider.test/oauth/access_token',
  };
  const client = new OAuth1Client({ consumer: APP, endpoints: { ...endpoints, method: 'GET' }, fetch, transport: 'query' });
  const rt = await client.requestToken({ callback: 'oob' });
  const { verifier } = await s.handler.approve(rt.token.key, '1001');
  const at = await client.accessToken(rt.token, verifier);
  assert.equal(at.params.user_id, '1001');
  assert.ok((await s.store.getAccessToken(at.token.key)) !== null);
  const xauthClient = new OAuth1Client({ consumer: XAUTH_APP, endpoints, fetch });
  const x = await xauthClient.xauth('bob', 'builder');
  assert.equal(x.params.screen_name, 'bob');
  await assert.rejects(xauthClient.xauth('bob', 'wrong'), (error: { status?: number }) => error.status === 401);
});
