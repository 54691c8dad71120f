/**
 * The Node starter's protections against slow and oversized clients: a client that never finishes its
 * headers or its body is cut off by the timeouts, oversized bodies and headers are refused, and a request
 * target that is neither a path nor an http(s) URL, or a bad Host, answers 400; the URL is rebuilt from the
 * listener's scheme and the Host header, or is the absolute-form target.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signRequest } from 'oauth1x';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let port: number;

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({
    port: 0,
    httpsPort: false,
    limits: { headersTimeoutMs: 600, requestTimeoutMs: 1200, maxBodyBytes: 100_000 },
  });
  port = Number(new URL(running.httpUrl).port);
});
after(async () => {
  await running.close();
  await sandbox.close();
});

/** Sends raw bytes and resolves with everything received until the server closes (or `waitMs`). */
function raw(data: string, waitMs: number): Promise<{ text: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false, ms: Date.now() - started });
    }, waitMs);
    socket.on('data', (chunk) => (text += chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true, ms: Date.now() - started });
    });
    socket.on('error', () => undefined);
  });
}

describe('sandbox Node starter limits', { timeout: 30_000 }, () => {
  it('closes a connection whose headers never finish', async () => {
    const result = await raw('GET /2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 8000);
    assert.ok(result.closed, 'the server closed the slow connection');
    assert.ok(result.ms < 5000, `closed after ${result.ms} ms`);
  });

  it('closes a connection whose body never finishes', async () => {
    const result = await raw(
      'POST /1.1/statuses/update.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nstatus=',
      8000,
    );
    assert.ok(result.closed);
    assert.ok(result.ms < 6000, `closed after ${result.ms} ms`);
  });

  it('refuses oversized bodies (413), oversized headers (431) and odd request targets (400)', async () => {
    const big = await fetch(`${running.httpUrl}/2/tweets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(200_000),
    });
    assert.equal(big.status, 413);
    const header = await fetch(`${running.httpUrl}/2/users/me`, { headers: { 'x-big': 'y'.repeat(20_000) } });
    assert.equal(header.status, 431);
    // Odd targets and hosts (RFC 9112 §3.2): not a path nor an http(s) URL, a malformed or (HTTP/1.1) missing Host.
    for (const head of [
      'GET * HTTP/1.1\r\nHost: 127.0.0.1',
      'GET ftp://127.0.0.1/2/users/me HTTP/1.1\r\nHost: 127.0.0.1',
      'GET /2/users/me HTTP/1.1\r\nHost: evil.example/path',
      'GET /2/users/me HTTP/1.1\r\nHost: 127.0.0.1:99999',
      'GET /2/users/me HTTP/1.1',
    ]) {
      const odd = await raw(`${head}\r\nConnection: close\r\n\r\n`, 3000);
      assert.match(odd.text, /^HTTP\/1\.1 400/, head);
    }
    // `//evil.example/…` is an origin-form path with an empty first segment (RFC 9112 §3.2.1, RFC 3986 §3.3),
    // not a host: this server's URL with that path, which no route serves (the sandbox used to answer 400).
    const slashes = await raw('GET //evil.example/2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 3000);
    assert.match(slashes.text, /^HTTP\/1\.1 404/);
  });

  it('verifies against the Host header the client sent (any host name, this port)', async () => {
    const c = sandbox.credentials;
    const url = `http://api.x.com:${port}/1.1/account/verify_credentials.json`;
    const signed = await signRequest({
      method: 'GET',
      url,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
    });
    const request = `GET /1.1/account/verify_credentials.json HTTP/1.1\r\nHost: api.x.com:${port}\r\nAuthorization: ${signed.authorization}\r\nConnection: close\r\n\r\n`;
    const ok = await raw(request, 5000);
    assert.match(ok.text, /^HTTP\/1\.1 200/);
    const wrongHost = await raw(request.replace(`Host: api.x.com:${port}`, `Host: api.twitter.com:${port}`), 5000);
    assert.match(wrongHost.text, /^HTTP\/1\.1 401/);
    // An absolute-form target is the URL (RFC 9112 §3.3): its host counts, the Host header is ignored.
    const fresh = await signRequest({
      method: 'GET',
      url,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
    });
    const absolute = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: api.twitter.com:${port}\r\nAuthorization: ${fresh.authorization}\r\nConnection: close\r\n\r\n`;
    assert.match((await raw(absolute(url.replace('api.x.com', 'api.twitter.com')), 5000)).text, /^HTTP\/1\.1 401/);
    assert.match((await raw(absolute(url), 5000)).text, /^HTTP\/1\.1 200/);
  });
});

/** Streams `total` bytes of body after `head` (16 kB writes, `trickleMs` apart if given), recording the answer. */
function upload(
  head: string,
  total: number,
  options: { waitFor100?: boolean; trickleMs?: number; giveUpMs?: number } = {},
): Promise<{ text: string; error: string | null; ms: number; closed: boolean }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | null = null;
    let sent = 0;
    let streaming = false;
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const pump = () => {
      while (!socket.destroyed && sent < total) {
        sent += chunk.length;
        if (options.trickleMs !== undefined) {
          socket.write(chunk);
          setTimeout(pump, options.trickleMs);
          return;
        }
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    const startBody = () => {
      if (streaming) return;
      streaming = true;
      pump();
    };
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, error, ms: Date.now() - started, closed: false });
    }, options.giveUpMs ?? 8000);
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      socket.write(head);
      if (options.waitFor100 !== true) startBody();
    });
    socket.on('data', (data: string) => {
      text += data;
      if (text.startsWith('HTTP/1.1 100') && text.includes('\r\n\r\n')) startBody();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, error, ms: Date.now() - started, closed: true });
    });
  });
}

describe('sandbox Node starter: 413 with lingering close, 100-continue only for acceptable sizes', { timeout: 30_000 }, () => {
  const post = (extra: string) =>
    `POST /1.1/statuses/update.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}\r\n`;

  it('a body streamed blindly past the limit gets the 413, then a clean close (no reset)', async () => {
    const total = 256 * 16 * 1024; // 4 MiB against a 100 kB limit, whole 16 kB writes
    for (const framing of ['chunked', 'content-length']) {
      const head =
        framing === 'chunked' ? `${post('Transfer-Encoding: chunked\r\n')}${total.toString(16)}\r\n` : post(`Content-Length: ${total}\r\n`);
      const result = await upload(head, total);
      assert.match(result.text, /^HTTP\/1\.1 413/, `${framing}: ${result.text.slice(0, 40)} / ${result.error}`);
      assert.equal(result.error, null, 'no reset or broken pipe while the body was still being sent');
      assert.ok(result.closed && result.ms < 5000, `closed after ${result.ms} ms`);
    }
  });

  it('Expect: 100-continue: 413 without inviting an oversized body; 100 Continue for one within the limit', async () => {
    const big = await upload(post('Content-Length: 4194304\r\nExpect: 100-continue\r\n'), 4_194_304, { waitFor100: true });
    assert.match(big.text, /^HTTP\/1\.1 413/, big.text.slice(0, 40));
    assert.doesNotMatch(big.text, /100 Continue/);
    const small = await upload(post('Content-Length: 16384\r\nExpect: 100-continue\r\nConnection: close\r\n'), 16_384, {
      waitFor100: true,
    });
    assert.match(small.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 (?!413)\d{3}/, small.text.slice(0, 60));
  });

  it('the drain is bounded: a client that keeps trickling past the limit is closed', async () => {
    const head = `${post('Transfer-Encoding: chunked\r\n')}${(256 * 1024 * 1024).toString(16)}\r\n`;
    const result = await upload(head, 256 * 1024 * 1024, { trickleMs: 20, giveUpMs: 8000 });
    assert.match(result.text, /^HTTP\/1\.1 413/);
    assert.ok(result.closed, 'the server closed the connection');
    assert.ok(result.ms < 4000, `closed after ${result.ms} ms`);
  });
});
