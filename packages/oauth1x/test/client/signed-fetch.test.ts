import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSignedFetch, createSignScheduler, OAuthError } from '../../src/client/index.js';
import { bodyHash } from '../../src/index.js';
import { type Captured, fakeFetch, verifyCaptured } from './helpers.js';

const consumer = { key: 'ck', secret: 'cs&secret' };
const token = { key: 'tk', secret: 'ts secret' };
const secrets = { consumerSecret: consumer.secret, tokenSecret: token.secret };
const URL_ = 'https://api.example/1.1/statuses/update.json?include_entities=true&q=a%20b';

function signedParam(captured: Captured, name: string): string[] {
  return [...new URLSearchParams(captured.body ?? '')].filter(([n]) => n === name).map(([, v]) => v);
}

describe('createSignedFetch: what gets signed', () => {
  it('signs a form string body and the query; sends the body unchanged', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, token, fetch });
    const body = 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21';
    await signedFetch(URL_, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    const call = calls[0] as Captured;
    assert.equal(call.body, body);
    const verified = await verifyCaptured(call, secrets);
    assert.ok(verified.valid);
    assert.ok(verified.signed.some(([n, v]) => n === 'status' && v === 'Hello Ladies + Gentlemen, a signed OAuth request!'));
    assert.ok(verified.signed.some(([n, v]) => n === 'q' && v === 'a b'));
    assert.equal(verified.oauth.oauth_token, 'tk');
  });
  it('signs URLSearchParams bodies and sets the form Content-Type', async () => {
    const { fetch, calls } = fakeFetch();
    await createSignedFetch({ consumer, token, fetch })(URL_, {
      method: 'POST',
      body: new URLSearchParams([
        ['a', '1 2'],
        ['a', '*'],
      ]),
    });
    const call = calls[0] as Captured;
    assert.match(call.headers.get('content-type') ?? '', /^application\/x-www-form-urlencoded/);
    assert.deepEqual(signedParam(call, 'a'), ['1 2', '*']);
    assert.ok((await verifyCaptured(call, secrets)).valid);
  });
  it('signs a form body given as bytes or a form-typed Blob', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, token, fetch });
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    await signedFetch(URL_, { method: 'POST', headers, body: new TextEncoder().encode('x=%E2%9C%93') });
    await signedFetch(URL_, { method: 'POST', body: new Blob(['y=2'], { type: 'application/x-www-form-urlencoded' }) });
    const [bytes, blob] = calls as [Captured, Captured];
    assert.ok((await verifyCaptured(bytes, secrets)).signed.some(([n, v]) => n === 'x' && v === '✓'));
    assert.ok((await verifyCaptured(bytes, secrets)).valid);
    assert.ok((await verifyCaptured(blob, secrets)).signed.some(([n]) => n === 'y'));
    assert.ok((await verifyCaptured(blob, secrets)).valid);
  });
  it('does not sign JSON, text, multipart, Blob or stream bodies, and passes them through', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, token, fetch });
    const formData = new FormData();
    formData.set('media', new Blob(['abc']), 'a.bin');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('a=1'));
        controller.close();
      },
    });
    await signedFetch(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"1"}' });
    await signedFetch(URL_, { method: 'POST', body: 'a=1' }); // no Content-Type: fetch sends text/plain
    await signedFetch(URL_, { method: 'POST', body: formData });
    await signedFetch(URL_, { method: 'POST', body: new Blob(['a=1']) });
    await signedFetch(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    assert.deepEqual(
      calls.map((c) => c.bodyKind),
      ['string', 'string', 'FormData', 'Blob', 'stream'],
    );
    assert.equal((calls[4] as Captured).duplex, 'half');
    assert.equal((calls[4] as Captured).body, 'a=1');
    for (const call of calls) {
      const verified = await verifyCaptured(
        { ...call, headers: new Headers({ authorization: call.headers.get('authorization') ?? '' }) },
        secrets,
      );
      assert.ok(verified.valid, call.bodyKind);
      assert.ok(!verified.signed.some(([n]) => n === 'a' || n === 'media'), call.bodyKind);
      assert.equal(verified.oauth.oauth_body_hash, undefined);
    }
  });
  it('adds oauth_body_hash for string, bytes and Blob bodies when asked, and refuses it for streams', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, token, fetch, bodyHash: true });
    const json = '{"text":"hi ✓"}';
    await signedFetch(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
    await signedFetch(URL_, { method: 'PUT', body: new TextEncoder().encode(json) });
    await signedFetch(URL_, { method: 'POST', body: new Blob([json], { type: 'application/json' }) });
    await signedFetch(URL_);
    const expected = await bodyHash(json, 'HMAC-SHA1');
    for (const call of calls.slice(0, 3)) {
      const verified = await verifyCaptured(call, secrets);
      assert.ok(verified.valid);
      assert.equal(verified.oauth.oauth_body_hash, expected);
    }
    assert.equal((await verifyCaptured(calls[3] as Captured, secrets)).oauth.oauth_body_hash, await bodyHash('', 'HMAC-SHA1'));
    const stream = new ReadableStream();
    await assert.rejects(
      signedFetch(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
    );
    // Form bodies are signed, never hashed.
    await signedFetch(URL_, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    assert.equal((await verifyCaptured(calls.at(-1) as Captured, secrets)).oauth.oauth_body_hash, undefined);
  });
});

describe('createSignedFetch: inputs and transports', () => {
  it('accepts a Request: signs its form body from a clone and leaves the caller’s Request unused', async () => {
    const { fetch, calls } = fakeFetch();
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-custom': '1' },
      body: 'status=hi%21',
    });
    await createSignedFetch({ consumer, token, fetch })(request);
    assert.equal(request.bodyUsed, false);
    const call = calls[0] as Captured;
    assert.equal(call.headers.get('x-custom'), '1');
    assert.equal(call.body, 'status=hi%21');
    const verified = await verifyCaptured(call, secrets);
    assert.ok(verified.valid);
    assert.ok(verified.signed.some(([n, v]) => n === 'status' && v === 'hi!'));
  });
  it('accepts a Request with a JSON body, and init overriding method and headers', async () => {
    const { fetch, calls } = fakeFetch();
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await createSignedFetch({ consumer, token, fetch })(request);
    await createSignedFetch({ consumer, token, fetch })(new Request(URL_), { method: 'DELETE', headers: { 'x-a': 'b' } });
    const [post, del] = calls as [Captured, Captured];
    assert.equal(post.body, '{"a":1}');
    assert.equal(post.headers.get('content-type'), 'application/json');
    assert.ok((await verifyCaptured(post, secrets)).valid);
    assert.equal(del.method, 'DELETE');
    assert.equal(del.headers.get('x-a'), 'b');
    assert.ok((await verifyCaptured(del, secrets)).valid);
  });
  it('accepts a URL object and keeps fetch options (redirect, credentials)', async () => {
    let seen: RequestInit | undefined;
    const fetch = async (_input: string | URL | Request, init?: RequestInit) => {
      seen = init;
      return new Response('');
    };
    await createSignedFetch({ consumer, fetch })(new URL(URL_), { redirect: 'manual', credentials: 'omit', cache: 'no-store' });
    assert.equal(seen?.redirect, 'manual');
    assert.equal(seen?.credentials, 'omit');
    assert.equal(seen?.cache, 'no-store');
  });
  it('query transport: protocol parameters go to the URL, no Authorization header', async () => {
    const { fetch, calls } = fakeFetch();
    await createSignedFetch({ consumer, token, fetch, transport: 'query' })(URL_);
    const call = calls[0] as Captured;
    assert.equal(call.headers.get('authorization'), null);
    assert.match(call.url, /[?&]oauth_signature=/);
    assert.ok((await verifyCaptured(call, secrets)).valid);
  });
  it('body transport: protocol parameters appended to the form body; refuses GET and non-form bodies', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, token, fetch, transport: 'body' });
    await signedFetch(URL_, { method: 'POST', body: new URLSearchParams({ status: 'x' }) });
    await signedFetch(URL_, { method: 'POST' });
    for (const call of calls) {
      assert.equal(call.headers.get('authorization'), null);
      assert.equal(signedParam(call, 'oauth_token')[0], 'tk');
      assert.ok((await verifyCaptured(call, secrets)).valid);
    }
    await assert.rejects(signedFetch(URL_), /GET/);
    await assert.rejects(
      signedFetch(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      /form-encoded/,
    );
  });
  it('RSA-SHA256 through the scheduler, with a private key', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const scheduler = createSignScheduler({ concurrency: 2 });
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, token, fetch, signatureMethod: 'RSA-SHA256', privateKey, scheduler });
    await Promise.all(Array.from({ length: 6 }, (_, i) => signedFetch(`${URL_}&i=${i}`)));
    assert.equal(calls.length, 6);
    for (const call of calls) assert.ok((await verifyCaptured(call, { consumerSecret: '', publicKey })).valid);
    assert.equal(scheduler.active + scheduler.pending, 0);
  });
  it('honours AbortSignal: an aborted signal rejects and the signal reaches fetch', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, fetch });
    const controller = new AbortController();
    await signedFetch(URL_, { signal: controller.signal });
    assert.equal((calls[0] as Captured).signal, controller.signal);
    controller.abort();
    await assert.rejects(signedFetch(URL_, { signal: controller.signal }), { name: 'AbortError' });
    assert.equal(calls.length, 1);
  });
  it('never consumes the response', async () => {
    const { fetch } = fakeFetch(() => new Response('payload', { status: 200 }));
    const response = await createSignedFetch({ consumer, fetch })(URL_);
    assert.equal(response.bodyUsed, false);
    assert.equal(await response.text(), 'payload');
    const { fetch: f401 } = fakeFetch(
      () => new Response('{"errors":[{"code":89,"message":"Invalid or expired token."}]}', { status: 401 }),
    );
    const refused = await createSignedFetch({ consumer, fetch: f401 })(URL_);
    assert.equal(refused.bodyUsed, false);
    assert.match(await refused.text(), /Invalid or expired/);
  });
  it('rejects bad options', () => {
    assert.throws(
      () => createSignedFetch({ consumer: { key: 'k' } as never }),
      (e: unknown) => e instanceof OAuthError,
    );
    assert.throws(() => createSignedFetch({ consumer, transport: 'cookie' as never }), /transport/);
    assert.throws(() => createSignedFetch({ consumer, clockSkewWindow: 0 }), /clockSkewWindow/);
  });
});
