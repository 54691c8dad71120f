/**
 * The Node path's body side channel: the listener builds body-less `Request`s and hands the bytes over
 * `bodyBytesOf`, and writes responses made by `textResponse` from their recorded text without reading the
 * stream. Proved used (no body stream, stream left unread) and equivalent (the same answers through a real
 * socket as through `sandbox.fetch`, 413 beyond each limit), while `sandbox.fetch` callers and other handlers
 * keep real body streams.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRequest } from 'oauth1x';
import { bodyBytesOf, responseTextOf, setBodyBytes, textResponse, withHeaders } from '../src/body-side-channel.js';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { startServer } from '../src/node-server.js';

interface Seen {
  bodyStream: boolean;
  sideBytes: string | undefined;
  streamed: string;
  response: Response;
}

/** A probe handler: records what it got and answers either a recorded text or a plain streamed Response. */
function probe(seen: Seen[]) {
  return async (request: Request): Promise<Response> => {
    const bodyStream = request.body !== null;
    const side = bodyBytesOf(request);
    const streamed = bodyStream ? await request.text() : '';
    const sideBytes = side === undefined ? undefined : Buffer.from(side).toString('utf8');
    const echo = sideBytes ?? streamed;
    const init = { status: 201, headers: { 'content-type': 'application/json; charset=utf-8', 'x-probe': 'yes' } };
    const text = JSON.stringify({ method: request.method, echo: echo.length, tail: echo.slice(-8), snow: '☃' });
    const response = new URL(request.url).pathname === '/plain' ? new Response(text, init) : textResponse(text, init);
    seen.push({ bodyStream, sideBytes, streamed, response });
    return response;
  };
}

describe('node-server body side channel (probe handler)', { timeout: 30_000 }, () => {
  const seen: Seen[] = [];
  let fast: Awaited<ReturnType<typeof startServer>>;
  let plain: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    fast = await startServer(probe(seen), { host: '127.0.0.1', port: 0, bodySideChannel: true, limits: { maxBodyBytes: 300_000 } });
    plain = await startServer(probe(seen), { host: '127.0.0.1', port: 0, limits: { maxBodyBytes: 300_000 } });
  });
  after(async () => {
    await fast.close();
    await plain.close();
  });

  it('hands the bytes over the side channel and writes the recorded text without reading the stream', async () => {
    const body = `status=${'a'.repeat(150_000)}☃end`; // several socket chunks
    const answer = await fetch(`http://127.0.0.1:${fast.port}/x`, { method: 'POST', body });
    const got = seen.at(-1) as Seen;
    assert.equal(got.bodyStream, false, 'the Request has no body stream');
    assert.equal(got.sideBytes, body, 'every byte arrives through bodyBytesOf');
    assert.equal(got.response.bodyUsed, false, 'the Response stream was not read: its text was written');
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.get('x-probe'), 'yes');
    assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    const text = await answer.text();
    assert.equal(answer.headers.get('content-length'), String(Buffer.byteLength(text)));
    assert.deepEqual(JSON.parse(text), { method: 'POST', echo: body.length, tail: body.slice(-8), snow: '☃' });
  });

  it('answers the same bytes as the streaming path, and streams responses without a recorded text', async () => {
    const body = 'a=1&b=%E2%98%83';
    const viaFast = await fetch(`http://127.0.0.1:${fast.port}/x`, { method: 'PUT', body });
    const fastText = await viaFast.text();
    const viaPlain = await fetch(`http://127.0.0.1:${plain.port}/x`, { method: 'PUT', body });
    const got = seen.at(-1) as Seen;
    assert.equal(got.bodyStream, true, 'without the option the Request keeps its body stream');
    assert.equal(got.sideBytes, undefined);
    assert.equal(got.streamed, body);
    assert.equal(got.response.bodyUsed, true, 'without the option the Response stream is read');
    assert.equal(viaPlain.status, viaFast.status);
    assert.equal(await viaPlain.text(), fastText);
    const streamed = await fetch(`http://127.0.0.1:${fast.port}/plain`, { method: 'PUT', body });
    assert.equal((seen.at(-1) as Seen).response.bodyUsed, true, 'a Response without a recorded text is streamed');
    assert.equal(await streamed.text(), fastText);
  });

  it('no body for GET, HEAD and empty POSTs; 413 beyond the limit without calling the handler', async () => {
    const head = await fetch(`http://127.0.0.1:${fast.port}/x`, { method: 'HEAD' });
    assert.equal(head.status, 201);
    assert.equal(await head.text(), '');
    assert.equal((seen.at(-1) as Seen).sideBytes, undefined);
    await (await fetch(`http://127.0.0.1:${fast.port}/x`, { method: 'POST' })).text();
    assert.equal((seen.at(-1) as Seen).sideBytes, undefined);
    const count = seen.length;
    const big = await fetch(`http://127.0.0.1:${fast.port}/x`, { method: 'POST', body: 'x'.repeat(400_000) });
    assert.equal(big.status, 413);
    assert.equal(seen.length, count, 'the handler never saw the oversized request');
  });
});

describe('sandbox over a real socket = sandbox.fetch', { timeout: 30_000 }, () => {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  before(async () => {
    sandbox = await createSandbox({ memory: true });
    running = await sandbox.listen({ port: 0, httpsPort: false, limits: { maxBodyBytes: 200_000 } });
  });
  after(async () => {
    await running.close();
    await sandbox.close();
  });

  async function signed(url: string, status: string) {
    const c = sandbox.credentials;
    return signRequest({
      method: 'POST',
      url,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
      body: { status },
    });
  }

  async function both(path: string, status: string, tamper = false) {
    const out: Array<{ status: number; headers: Headers; json: Record<string, unknown> }> = [];
    for (const viaSocket of [true, false]) {
      const s = await signed(`${running.httpUrl}${path}`, viaSocket || status === '' ? status : `${status} (fetch)`);
      const init = { method: 'POST', headers: { authorization: s.authorization, 'content-type': s.contentType as string }, body: s.body };
      if (tamper) init.body = `${s.body}x`;
      const response = viaSocket ? await fetch(s.url, init) : await sandbox.fetch(new Request(s.url, init));
      out.push({ status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> });
    }
    return out as [(typeof out)[0], (typeof out)[0]];
  }

  it('a tweet POST answers the same through the socket and through sandbox.fetch', async () => {
    const [socket, direct] = await both('/1.1/statuses/update.json', 'side channel ☃ tweet');
    assert.equal(socket.status, 200);
    assert.equal(direct.status, 200);
    assert.equal(socket.json.text, 'side channel ☃ tweet');
    assert.equal(direct.json.text, 'side channel ☃ tweet (fetch)');
    assert.deepEqual(Object.keys(socket.json).sort(), Object.keys(direct.json).sort());
    assert.deepEqual((socket.json.user as { id_str: string }).id_str, (direct.json.user as { id_str: string }).id_str);
    for (const name of ['content-type', 'x-rate-limit-limit']) assert.equal(socket.headers.get(name), direct.headers.get(name), name);
    assert.ok(socket.headers.get('date'));
    assert.match(socket.headers.get('x-rate-limit-remaining') ?? '', /^[0-9]+$/);
  });

  it('errors match too: a bad signature (401 code 32) and a missing status (403 code 170)', async () => {
    const [socket, direct] = await both('/1.1/statuses/update.json', 'tampered', true);
    assert.equal(socket.status, 401);
    assert.deepEqual(socket.json, direct.json);
    assert.equal(socket.headers.get('www-authenticate') !== null, true);
    const [s2, d2] = await both('/1.1/statuses/update.json', '');
    assert.equal(s2.status, d2.status);
    assert.deepEqual(s2.json, d2.json);
  });

  it('413 beyond the route limit (side channel) and beyond the listener limit, as through sandbox.fetch', async () => {
    const s = await signed(`${running.httpUrl}/1.1/statuses/update.json`, 'x'.repeat(70_000));
    const init = { method: 'POST', headers: { authorization: s.authorization, 'content-type': s.contentType as string }, body: s.body };
    const socket = await fetch(s.url, init);
    const direct = await sandbox.fetch(new Request(s.url, init));
    assert.equal(socket.status, 413);
    assert.equal(direct.status, 413);
    assert.deepEqual(await socket.json(), await direct.json());
    const huge = await fetch(s.url, { ...init, body: 'status='.concat('y'.repeat(250_000)) });
    assert.equal(huge.status, 413);
  });

  it('sandbox.fetch reads side-channel bytes and its JSON answers carry their text through the whole app', async () => {
    const s = await signed(`${running.httpUrl}/1.1/statuses/update.json`, 'via the side channel');
    const request = new Request(s.url, {
      method: 'POST',
      headers: { authorization: s.authorization, 'content-type': s.contentType as string },
    });
    setBodyBytes(request, new TextEncoder().encode(s.body as string));
    const response = await sandbox.fetch(request);
    assert.equal(response.status, 200);
    const recorded = responseTextOf(response);
    assert.ok(recorded !== undefined, 'routing, the API wrapper and the Date header keep the recorded text');
    assert.equal(await response.text(), recorded, 'the recorded text is the body');
    assert.equal((JSON.parse(recorded) as { text: string }).text, 'via the side channel');
  });

  it('xAuth through the socket (the token endpoints read the side-channel bytes too)', async () => {
    const c = sandbox.credentials;
    const url = `${running.httpUrl}/oauth/access_token`;
    const s = await signRequest({
      method: 'POST',
      url,
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      body: { x_auth_mode: 'client_auth', x_auth_username: c.username, x_auth_password: c.password },
    });
    const response = await fetch(s.url, {
      method: 'POST',
      headers: { authorization: s.authorization, 'content-type': s.contentType as string },
      body: s.body,
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.match(await response.text(), /oauth_token=.+&oauth_token_secret=.+/);
  });
});

describe('textResponse', () => {
  const init = { status: 201, statusText: 'Created', headers: { 'x-a': '1' } };
  const text = '{"snow":"☃","n":1}';

  it('reads like new Response(text, init) through every body method', async () => {
    const made = () => [textResponse(text, init), new Response(text, init)] as const;
    let [lazy, real] = made();
    assert.ok(lazy instanceof Response);
    assert.equal(lazy.status, real.status);
    assert.equal(lazy.statusText, real.statusText);
    assert.deepEqual([...lazy.headers], [...real.headers], 'including the default content-type');
    assert.equal(await lazy.text(), await real.text());
    assert.equal(lazy.bodyUsed, true);
    await assert.rejects(lazy.text(), TypeError);
    [lazy, real] = made();
    assert.deepEqual(await lazy.json(), await real.json());
    [lazy, real] = made();
    assert.deepEqual(new Uint8Array(await lazy.arrayBuffer()), new Uint8Array(await real.arrayBuffer()));
    [lazy, real] = made();
    const [a, b] = [await lazy.blob(), await real.blob()];
    assert.equal(a.type, b.type);
    assert.equal(await a.text(), await b.text());
    [lazy] = made();
    assert.equal(await new Response(lazy.body).text(), text, 'the stream, when asked for, carries the text');
    assert.equal(lazy.bodyUsed, true);
    assert.equal(responseTextOf(lazy), text, 'the listener still has the text');
    [lazy] = made();
    const copy = lazy.clone();
    assert.equal(await copy.text(), text);
    assert.equal(await lazy.text(), text);
    assert.throws(() => lazy.clone(), TypeError);
    const form = textResponse('a=1&b=%E2%98%83', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal((await form.formData()).get('b'), '☃');
  });

  it('withHeaders sets headers in place, or on a copy when they cannot change', async () => {
    const mine = textResponse(text, init);
    assert.equal(withHeaders(mine, { 'x-rate-limit-limit': '300' }), mine);
    assert.equal(mine.headers.get('x-rate-limit-limit'), '300');
    const fixed = Response.redirect('https://example.com/', 302); // immutable headers
    const out = withHeaders(fixed, { 'x-b': '2' });
    assert.notEqual(out, fixed);
    assert.equal(out.status, 302);
    assert.equal(out.headers.get('location'), 'https://example.com/');
    assert.equal(out.headers.get('x-b'), '2');
  });
});
