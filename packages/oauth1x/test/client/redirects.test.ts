import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignedFetch } from '../../src/client/index.js';
import { redirectHop } from '../../src/client/redirects.js';
import { type Captured, fakeFetch, verifyCaptured } from './helpers.js';

const consumer = { key: 'ck', secret: 'cs' };
const token = { key: 'tk', secret: 'ts' };
const secrets = { consumerSecret: consumer.secret, tokenSecret: token.secret };
const ORIGIN = 'https://api.example';
const redirect = (status: number, location: string) => () => new Response('moved', { status, headers: { location } });
const nonceOf = async (call: Captured) => (await verifyCaptured(call, secrets)).oauth.oauth_nonce;

describe('redirectHop (fetch’s rules)', () => {
  it('303, and 301/302 after a POST, become a body-less GET; 307/308 keep method and body; other schemes are not followed', () => {
    const hop = (status: number, method: string, location = '/b?x=1') =>
      redirectHop(new Response(null, { status, headers: { location } }), `${ORIGIN}/a`, method);
    assert.deepEqual(hop(303, 'POST'), { url: `${ORIGIN}/b?x=1`, method: 'GET', keepsBody: false, sameOrigin: true });
    assert.deepEqual(hop(302, 'POST'), { url: `${ORIGIN}/b?x=1`, method: 'GET', keepsBody: false, sameOrigin: true });
    assert.deepEqual(hop(302, 'PUT'), { url: `${ORIGIN}/b?x=1`, method: 'PUT', keepsBody: true, sameOrigin: true });
    assert.deepEqual(hop(307, 'POST', 'https://other.example/c'), {
      url: 'https://other.example/c',
      method: 'POST',
      keepsBody: true,
      sameOrigin: false,
    });
    assert.equal(hop(303, 'HEAD')?.method, 'HEAD');
    assert.equal(hop(200, 'GET'), null);
    assert.equal(hop(302, 'GET', 'javascript:alert(1)'), null);
    assert.equal(redirectHop(new Response(null, { status: 302 }), `${ORIGIN}/a`, 'GET'), null);
  });
});

describe('createSignedFetch: redirects', () => {
  it('a same-origin redirect is signed again for its own method and URL, with a fresh nonce', async () => {
    const { fetch, calls } = fakeFetch(redirect(307, '/moved?page=2'), () => new Response('ok'));
    const response = await createSignedFetch({ consumer, token, fetch })(`${ORIGIN}/a`, {
      method: 'POST',
      body: new URLSearchParams({ status: 'hello' }),
    });
    assert.equal(await response.text(), 'ok');
    assert.equal(calls.length, 2);
    const [first, second] = calls as [Captured, Captured];
    assert.equal(second.url, `${ORIGIN}/moved?page=2`);
    assert.equal(second.method, 'POST');
    assert.equal(second.body, 'status=hello');
    assert.ok((await verifyCaptured(first, secrets)).valid);
    assert.ok((await verifyCaptured(second, secrets)).valid, 'the second hop is signed for /moved?page=2');
    assert.notEqual(await nonceOf(first), await nonceOf(second));
  });

  it('a 303 after a POST is a signed GET without the body', async () => {
    const { fetch, calls } = fakeFetch(redirect(303, `${ORIGIN}/result`), () => new Response('ok'));
    await createSignedFetch({ consumer, token, fetch })(`${ORIGIN}/a`, { method: 'POST', body: new URLSearchParams({ status: 's' }) });
    const second = calls[1] as Captured;
    assert.equal(second.method, 'GET');
    assert.equal(second.body, null);
    assert.equal(second.headers.get('content-type'), null);
    assert.ok((await verifyCaptured(second, secrets)).valid);
  });

  it('a redirect to another origin is followed unsigned: no credentials leave the origin', async () => {
    const seen: Array<{ url: string; authorization: string | null; redirect: RequestRedirect | undefined }> = [];
    const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
      seen.push({ url: String(input), authorization: new Headers(init.headers).get('authorization'), redirect: init.redirect });
      return seen.length === 1 ? redirect(302, 'https://cdn.example/file')() : new Response('file');
    };
    const response = await createSignedFetch({ consumer, token, fetch })(`${ORIGIN}/media`);
    assert.equal(await response.text(), 'file');
    assert.deepEqual(
      seen.map((s) => [s.url, s.authorization === null, s.redirect]),
      [
        [`${ORIGIN}/media`, false, 'manual'],
        ['https://cdn.example/file', true, 'follow'],
      ],
    );
  });

  it("the caller's redirect: 'manual' is kept; a stream body is not sent twice; at most 20 hops", async () => {
    const manual = fakeFetch(redirect(302, '/b'));
    const answered = await createSignedFetch({ consumer, token, fetch: manual.fetch })(`${ORIGIN}/a`, { redirect: 'manual' });
    assert.equal(answered.status, 302);
    assert.equal(manual.calls.length, 1);
    const streamed = fakeFetch(redirect(307, '/b'));
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{}'));
        controller.close();
      },
    });
    const kept = await createSignedFetch({ consumer, token, fetch: streamed.fetch })(`${ORIGIN}/a`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    assert.equal(kept.status, 307);
    assert.equal(streamed.calls.length, 1);
    const loop = fakeFetch(redirect(302, '/a'));
    assert.equal((await createSignedFetch({ consumer, token, fetch: loop.fetch })(`${ORIGIN}/a`)).status, 302);
    assert.equal(loop.calls.length, 21);
  });
});
