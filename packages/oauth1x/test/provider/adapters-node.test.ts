import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { generate } from 'selfsigned';
import { signRequest } from '../../src/index.js';
import { clientAddressOf, headersFromRaw, requestUrl, toNodeHandler, toWebRequest } from '../../src/provider/adapters/node.js';
import { APP, form, setup, XAUTH_APP } from './endpoints-fixtures.js';

function fakeRequest(init: {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  encrypted?: boolean;
  httpVersion?: string;
}) {
  const req = Readable.from(init.body === undefined ? [] : [Buffer.from(init.body)]) as unknown as IncomingMessage;
  const headers = init.headers ?? { host: 'api.example' };
  Object.assign(req, {
    url: init.url ?? '/oauth/request_token?a=1',
    method: init.method ?? 'GET',
    httpVersion: init.httpVersion ?? '1.0',
    headers,
    rawHeaders: Object.entries(headers).flat(),
    socket: { encrypted: init.encrypted ?? false, localAddress: '127.0.0.1', localPort: 8080 },
  });
  return req;
}

async function listen(listener: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('node adapter: request conversion (no sockets)', () => {
  test('URL from Host and TLS state; forwarded headers only when trusted', () => {
    assert.equal(requestUrl(fakeRequest({})), 'http://api.example/oauth/request_token?a=1');
    assert.equal(
      requestUrl(fakeRequest({ encrypted: true, headers: { host: 'api.example:8443' } })),
      'https://api.example:8443/oauth/request_token?a=1',
    );
    const proxied = fakeRequest({
      headers: { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example, proxy' },
    });
    assert.equal(requestUrl(proxied), 'http://internal:3000/oauth/request_token?a=1');
    assert.equal(requestUrl(proxied, { trustProxy: true }), 'https://api.example/oauth/request_token?a=1');
    // Absolute form: the target is the URL, the Host header is ignored (RFC 9112 §3.3; this adapter used to keep Host).
    assert.equal(requestUrl(fakeRequest({ url: 'http://target.example/p?q=1' })), 'http://target.example/p?q=1');
    assert.equal(requestUrl(fakeRequest({ url: 'HTTPS://Target.example:8443/p', encrypted: false })), 'https://target.example:8443/p');
    for (const url of ['http://user:pw@target.example/p', 'ftp://target.example/p', 'http://target.example/p#f']) {
      assert.throws(() => requestUrl(fakeRequest({ url })), /Malformed request target/, url);
    }
    // `//x` is an origin-form path with an empty first segment (RFC 3986 §3.3), not an authority.
    assert.equal(requestUrl(fakeRequest({ url: '//evil.example/p' })), 'http://api.example//evil.example/p');
    assert.equal(new URL(requestUrl(fakeRequest({ url: '//evil.example/p' }))).host, 'api.example');
    // HTTP/1.1 without Host is a 400 (RFC 9112 §3.2); HTTP/1.0 falls back to the local address (below).
    assert.throws(() => requestUrl(fakeRequest({ headers: {}, httpVersion: '1.1' })), /Missing Host/);
    assert.equal(requestUrl(fakeRequest({ headers: {} })), 'http://127.0.0.1:8080/oauth/request_token?a=1');
    assert.equal(requestUrl(fakeRequest({ headers: { host: '[::1]:80' } })), 'http://[::1]:80/oauth/request_token?a=1');
    assert.throws(() => requestUrl(fakeRequest({ headers: { host: 'evil.example/path' } })), /Malformed Host/);
    assert.throws(() => requestUrl(fakeRequest({ url: '*' })), /Malformed request target/);
    // Hosts the pattern admits but the URL parser refuses, and an absolute target it refuses: 400s, not 500s.
    for (const host of ['example.com:99999', '1.2.3.999', '[1:2]']) {
      assert.throws(() => requestUrl(fakeRequest({ headers: { host } })), /Malformed Host/, host);
    }
    assert.throws(() => requestUrl(fakeRequest({ url: 'http://[zz/oauth/request_token' })), /Malformed request target/);
  });

  test('headers from rawHeaders: repeated names joined, pseudo-headers skipped, a refused value is a 400 error', () => {
    const headers = headersFromRaw(['X-Many', 'a', 'x-many', 'b', ':authority', 'h', 'Authorization', 'OAuth x="1"']);
    assert.equal(headers.get('x-many'), 'a, b');
    assert.equal(headers.get('authorization'), 'OAuth x="1"');
    assert.equal([...headers].length, 2);
    // Dropping it would turn a malformed request into another one (an Authorization header silently gone).
    assert.throws(() => headersFromRaw(['Authorization', 'OAuth\0x']), /Malformed header/);
    assert.throws(() => headersFromRaw(['bad name', 'x']), /Malformed header/);
  });

  test('headers, method and body carried over; oversized bodies refused; Express-parsed bodies re-used', async () => {
    const body = 'status=hello%20world&x=1';
    const req = fakeRequest({
      method: 'POST',
      body,
      headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded', 'x-a': '1' },
    });
    const request = await toWebRequest(req);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.get('x-a'), '1');
    assert.equal(await request.text(), body);
    await assert.rejects(toWebRequest(fakeRequest({ method: 'POST', body: 'x'.repeat(100) }), { maxBodyBytes: 99 }), /too large/);
    await assert.rejects(
      toWebRequest(fakeRequest({ method: 'POST', body: 'x', headers: { host: 'h', 'content-length': '1000' } }), { maxBodyBytes: 99 }),
      /too large/,
    );
    const parsed = fakeRequest({
      method: 'POST',
      body: 'status=a+b&tag=x&tag=y',
      headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded' },
    });
    for await (const _ of parsed) {
      // What a body parser does: read the stream, keep the result on req.body.
    }
    Object.assign(parsed, { body: { status: 'a b', tag: ['x', 'y'] } });
    assert.equal(await (await toWebRequest(parsed)).text(), 'status=a+b&tag=x&tag=y');
    // The bytes a parser kept (req.rawBody) are the bytes the client signed; a nested form cannot be rebuilt.
    Object.assign(parsed, { body: { filter: { a: '1' } }, rawBody: Buffer.from('filter%5Ba%5D=1') });
    assert.equal(await (await toWebRequest(parsed)).text(), 'filter%5Ba%5D=1');
    Object.assign(parsed, { rawBody: undefined });
    await assert.rejects(toWebRequest(parsed), /"filter" into an object/);
    const json = fakeRequest({ method: 'POST', body: '{"a": [1]}', headers: { host: 'h', 'content-type': 'application/json' } });
    for await (const _ of json) {
      // express.json()
    }
    Object.assign(json, { body: { a: [1] } });
    assert.equal(await (await toWebRequest(json)).text(), '{"a":[1]}');
    // A parser that skipped this content type leaves {} and the stream unread: the stream wins.
    const skipped = fakeRequest({ method: 'POST', body: 'raw=1', headers: { host: 'h', 'content-type': 'text/plain' } });
    Object.assign(skipped, { body: {} });
    assert.equal(await (await toWebRequest(skipped)).text(), 'raw=1');
  });
});

describe('node adapter: real socket', { timeout: 20_000 }, () => {
  test("clientAddressOf gives the TCP peer of a request the adapter built (the xAuth throttle's clientKey); null otherwise", async () => {
    const s = setup({ xAuthThrottle: { maxFailures: 1, clientKey: clientAddressOf } });
    const seen: Array<string | null> = [];
    const inner = s.handler.fetch.bind(s.handler);
    const handler = {
      ...s.handler,
      fetch: (request: Request) => {
        seen.push(clientAddressOf(request));
        return inner(request);
      },
    };
    const { server, base } = await listen(toNodeHandler(handler));
    try {
      const login = async (password: string) => {
        const signed = await signRequest({
          method: 'POST',
          url: `${base}/oauth/access_token`,
          consumer: XAUTH_APP,
          body: { x_auth_username: 'bob', x_auth_password: password, x_auth_mode: 'client_auth' },
          timestamp: Math.floor(s.clock.now() / 1000),
        });
        return fetch(signed.url, {
          method: 'POST',
          headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
          body: signed.body,
        });
      };
      assert.equal((await login('bad')).status, 401);
      assert.equal((await login('builder')).status, 429, 'counted per username and client address');
      assert.match(String(seen[0]), /^(::ffff:)?127\.0\.0\.1$/);
      assert.equal(clientAddressOf(new Request('https://api.example/')), null);
    } finally {
      await close(server);
    }
  });

  test('the whole three-legged flow over HTTP on 127.0.0.1; 413, 404 and 405 answers', async () => {
    const s = setup();
    const { server, base } = await listen(toNodeHandler(s.handler, { maxBodyBytes: 4096 }));
    try {
      const now = () => Math.floor(s.clock.now() / 1000);
      const rt = await signRequest({
        method: 'POST',
        url: `${base}/oauth/request_token`,
        consumer: APP,
        oauthParams: { oauth_callback: 'oob' },
        body: { x_auth_access_type: 'write' },
        timestamp: now(),
      });
      const first = await fetch(rt.url, {
        method: 'POST',
        headers: { authorization: rt.authorization, 'content-type': rt.contentType as string },
        body: rt.body,
      });
      assert.equal(first.status, 200);
      const issued = await form(first);
      const token = { key: issued.oauth_token as string, secret: issued.oauth_token_secret as string };
      const { verifier } = await s.handler.approve(token.key, '1001');
      const at = await signRequest({
        method: 'GET',
        url: `${base}/oauth/access_token`,
        consumer: APP,
        token,
        oauthParams: { oauth_verifier: verifier },
        timestamp: now(),
        transport: 'query',
      });
      const second = await fetch(at.url);
      assert.equal(second.status, 200);
      assert.equal((await form(second)).user_id, '1001');
      const big = await fetch(`${base}/oauth/request_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'x='.padEnd(10_000, 'y'),
      });
      assert.equal(big.status, 413);
      assert.equal((await fetch(`${base}/nowhere`)).status, 404);
      assert.equal((await fetch(`${base}/oauth/request_token`, { method: 'DELETE' })).status, 405);
      const problem = await fetch(`${base}/oauth/request_token`, { method: 'POST' });
      assert.equal(problem.status, 400);
      assert.match(problem.headers.get('www-authenticate') ?? '', /oauth_problem="parameter_absent"/);
    } finally {
      await close(server);
    }
  });

  test('streams the response body chunk by chunk; HEAD has no body; Set-Cookie stays separate; middleware falls through', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const streaming = {
      fetch: (request: Request) => {
        if (new URL(request.url).pathname === '/cookies') {
          const headers = new Headers();
          headers.append('set-cookie', 'a=1');
          headers.append('set-cookie', 'b=2');
          return new Response('ok', { headers });
        }
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode('first;'));
            await gate;
            controller.enqueue(new TextEncoder().encode('second'));
            controller.close();
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/plain' } });
      },
      handles: (path: string) => path !== '/other',
    };
    const middleware = toNodeHandler(streaming);
    const { server, base } = await listen((req, res) => middleware(req, res, () => res.end('fell through')));
    try {
      const response = await fetch(`${base}/stream`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const chunk = await reader.read();
      assert.equal(new TextDecoder().decode(chunk.value), 'first;', 'the first chunk arrives before the stream ends');
      release();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
      assert.equal(rest, 'second');
      const head = await fetch(`${base}/cookies`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      const cookies = await fetch(`${base}/cookies`);
      assert.deepEqual(cookies.headers.getSetCookie(), ['a=1', 'b=2']);
      assert.equal(await (await fetch(`${base}/other`)).text(), 'fell through');
    } finally {
      release();
      await close(server);
    }
  });

  test('a throwing handler answers 500 (listener) or reaches next(error) (middleware)', async () => {
    const broken = {
      fetch: () => {
        throw new Error('boom');
      },
    };
    const errors: unknown[] = [];
    const listener = toNodeHandler(broken);
    const { server, base } = await listen((req, res) => {
      if (req.url === '/mw') {
        listener(req, res, (error) => {
          errors.push(error);
          res.statusCode = 502;
          res.end();
        });
      } else listener(req, res);
    });
    try {
      const plain = await fetch(`${base}/x`);
      assert.equal(plain.status, 500);
      assert.equal(await plain.text(), 'Internal Server Error');
      assert.equal((await fetch(`${base}/mw`)).status, 502);
      assert.equal((errors[0] as Error).message, 'boom');
    } finally {
      await close(server);
    }
  });

  test('over TLS the URL is https: a PLAINTEXT request_token is accepted there and refused over plain http', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const s = setup();
    const server = createHttpsServer({ key: pems.private, cert: pems.cert }, toNodeHandler(s.handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const plain = await listen(toNodeHandler(s.handler));
    try {
      const sign = (base: string) =>
        signRequest({
          method: 'POST',
          url: `${base}/oauth/request_token`,
          consumer: APP,
          oauthParams: { oauth_callback: 'oob' },
          signatureMethod: 'PLAINTEXT',
          timestamp: Math.floor(s.clock.now() / 1000),
        });
      const overTls = await sign(`https://127.0.0.1:${port}`);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          overTls.url,
          { method: 'POST', headers: { authorization: overTls.authorization }, rejectUnauthorized: false },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, /oauth_callback_confirmed=true/);
      const overHttp = await sign(plain.base);
      const refused = await fetch(overHttp.url, { method: 'POST', headers: { authorization: overHttp.authorization } });
      assert.equal(refused.status, 400);
      assert.match(refused.headers.get('www-authenticate') ?? '', /signature_method_rejected/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await close(plain.server);
    }
  });
});
