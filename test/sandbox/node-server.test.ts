/**
 * The Node starter's protections against slow and oversized clients: a client that never finishes its
 * headers or its body is cut off by the timeouts, oversized bodies and headers are refused, and a request
 * target that is not a path answers 400; the URL is rebuilt from the listener's scheme and the Host header.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../../src/index.js';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/index.js';

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
    const odd = await raw('GET //evil.example/2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 3000);
    assert.match(odd.text, /^HTTP\/1\.1 400/);
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
  });
});
