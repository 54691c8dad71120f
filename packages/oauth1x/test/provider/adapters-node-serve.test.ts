/**
 * `serve()` of `oauth1x/provider/node` over real sockets: the URL the client signed (Host, absolute form, `//`
 * paths), 400/413/431/500 answers instead of crashes, `Expect: 100-continue`, the lingering close after a 413,
 * the header timeout, TLS, and the body hook the sandbox uses.
 */
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { generate } from 'selfsigned';
import { clientAddressOf, type NodeServer, serve } from '../../src/provider/adapters/node.js';

interface Seen {
  url: string;
  method: string;
  body: string;
  client: string | null;
}

/** Sends raw bytes and resolves with everything received until the server closes (or `waitMs`). */
function raw(port: number, data: string | Buffer, waitMs = 3000): Promise<{ text: string; closed: boolean; error: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    let error = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false, error });
    }, waitMs);
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', () => (error = true));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true, error });
    });
  });
}

describe('serve(): a node:http server for a Web handler', { timeout: 30_000 }, () => {
  const seen: Seen[] = [];
  let plain: NodeServer;
  let hooked: NodeServer;
  const hookBodies = new WeakMap<Request, Uint8Array>();
  const texts = new WeakMap<Response, string>();
  before(async () => {
    plain = await serve(
      async (request) => {
        if (new URL(request.url).pathname === '/throw') throw new Error('handler failure');
        seen.push({ url: request.url, method: request.method, body: await request.text(), client: clientAddressOf(request) });
        return new Response(`echo ${request.method}`, { status: 201, headers: { 'x-echo': 'yes' } });
      },
      { maxBodyBytes: 1000, headersTimeoutMs: 400, requestTimeoutMs: 1000 },
    );
    hooked = await serve(
      {
        fetch(request) {
          const bytes = hookBodies.get(request);
          const response = new Response('stream', { headers: { 'content-type': 'text/plain' } });
          texts.set(response, `hook ${request.body === null} ${bytes === undefined ? '-' : Buffer.from(bytes).toString()}`);
          return response;
        },
      },
      {
        maxBodyBytes: 1000,
        bodyHook: {
          request(method, url, rawHeaders, body) {
            const request = new Request(url, { method, headers: rawHeaders.length > 0 ? { 'x-raw': String(rawHeaders.length) } : {} });
            if (body !== null) hookBodies.set(request, body);
            return request;
          },
          responseText: (response) => texts.get(response),
        },
      },
    );
  });
  after(async () => {
    await plain.close();
    await hooked.close();
  });

  test('carries method, URL, headers and body; records the client address; streams the answer', async () => {
    const response = await fetch(`http://127.0.0.1:${plain.port}/p?q=1`, { method: 'POST', body: 'a=1&b=%E2%98%83' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-echo'), 'yes');
    assert.equal(await response.text(), 'echo POST');
    assert.deepEqual(seen.at(-1), {
      url: `http://127.0.0.1:${plain.port}/p?q=1`,
      method: 'POST',
      body: 'a=1&b=%E2%98%83',
      client: '127.0.0.1',
    });
    const head = await fetch(`http://127.0.0.1:${plain.port}/h`, { method: 'HEAD' });
    assert.equal(head.status, 201);
    assert.equal(await head.text(), '');
  });

  test('the URL as the client signed it: Host, the absolute form (Host ignored), a `//` path', async () => {
    const get = (target: string, host: string) => raw(plain.port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.match((await get('/a', 'api.example:8080')).text, /^HTTP\/1\.1 201/);
    assert.equal(seen.at(-1)?.url, 'http://api.example:8080/a');
    assert.match((await get('http://target.example/b?x=1', 'api.example')).text, /^HTTP\/1\.1 201/);
    assert.equal(seen.at(-1)?.url, 'http://target.example/b?x=1');
    assert.match((await get('//evil.example/c', 'api.example')).text, /^HTTP\/1\.1 201/);
    assert.equal(seen.at(-1)?.url, 'http://api.example//evil.example/c');
  });

  test('400 for a malformed or missing Host and an odd target; 500 when the handler fails; no crash', async () => {
    const before = seen.length;
    for (const head of [
      'GET /a HTTP/1.1\r\nHost: evil.example/path',
      'GET /a HTTP/1.1\r\nHost: 1.2.3.999',
      'GET /a HTTP/1.1',
      'GET * HTTP/1.1\r\nHost: h',
      'GET http://user@h/a HTTP/1.1\r\nHost: h',
    ]) {
      const answer = await raw(plain.port, `${head}\r\nConnection: close\r\n\r\n`);
      assert.match(answer.text, /^HTTP\/1\.1 400/, head);
    }
    assert.equal(seen.length, before, 'the handler never saw them');
    assert.equal((await fetch(`http://127.0.0.1:${plain.port}/throw`)).status, 500);
    assert.equal((await fetch(`http://127.0.0.1:${plain.port}/after`)).status, 201, 'still serving');
  });

  test('413 for a declared or streamed body over the limit, answered before a clean close; 431 for huge headers', async () => {
    const declared = await fetch(`http://127.0.0.1:${plain.port}/big`, { method: 'POST', body: 'x'.repeat(1001) });
    assert.equal(declared.status, 413);
    const head = 'POST /big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = `${(600).toString(16)}\r\n${'y'.repeat(600)}\r\n`;
    const streamed = await raw(plain.port, `${head}${chunk}${chunk}${chunk}0\r\n\r\n`);
    assert.match(streamed.text, /^HTTP\/1\.1 413/);
    assert.ok(streamed.closed && !streamed.error, 'closed without a reset');
    const atLimit = await fetch(`http://127.0.0.1:${plain.port}/ok`, { method: 'POST', body: 'z'.repeat(1000) });
    assert.equal(atLimit.status, 201);
    assert.equal(seen.at(-1)?.body.length, 1000);
    const header = await fetch(`http://127.0.0.1:${plain.port}/h`, { headers: { 'x-big': 'y'.repeat(20_000) } });
    assert.equal(header.status, 431);
  });

  test('Expect: 100-continue invites a body within the limit only', async () => {
    const expect = (length: number) =>
      raw(
        plain.port,
        `POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
        1500,
      );
    const small = await expect(10);
    assert.match(small.text, /^HTTP\/1\.1 100 Continue/);
    const large = await expect(5000);
    assert.match(large.text, /^HTTP\/1\.1 413/);
    assert.doesNotMatch(large.text, /100 Continue/);
  });

  test('a client that never finishes its headers is cut off', async () => {
    const slow = await raw(plain.port, 'GET /slow HTTP/1.1\r\nHost: h\r\n', 5000);
    assert.ok(slow.closed, 'closed by the header timeout');
  });

  test('the body hook builds the Request and supplies the text written', async () => {
    const response = await fetch(`http://127.0.0.1:${hooked.port}/x`, { method: 'PUT', body: 'k=v' });
    const text = await response.text();
    assert.equal(text, 'hook true k=v', 'a body-less Request, the bytes beside it, the recorded text written');
    assert.equal(response.headers.get('content-length'), String(text.length));
    assert.equal(response.headers.get('content-type'), 'text/plain');
    assert.equal(await (await fetch(`http://127.0.0.1:${hooked.port}/x`)).text(), 'hook true -');
  });

  test('TLS: https with the scheme in the URL', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const urls: string[] = [];
    const secure = await serve(
      (request) => {
        urls.push(request.url);
        return new Response('tls');
      },
      { tls: { cert: pems.cert, key: pems.private } },
    );
    try {
      const body = await new Promise<string>((resolve, reject) => {
        httpsRequest({ host: '127.0.0.1', port: secure.port, path: '/s', rejectUnauthorized: false }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      assert.equal(body, 'tls');
      assert.equal(urls[0], `https://127.0.0.1:${secure.port}/s`);
    } finally {
      await secure.close();
    }
  });
});
