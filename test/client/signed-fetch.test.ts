import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { ClockState, createSignedFetch, createSignScheduler, OAuthError } from '../../src/client/index.js';
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

describe('createSignedFetch: clock skew', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const timestampOf = async (call: Captured) => Number((await verifyCaptured(call, secrets)).oauth.oauth_timestamp);

  it('X code 135 with a Date an hour ahead: retries once with the corrected clock and keeps the offset', async () => {
    const serverDate = new Date(Date.now() + 3600_000).toUTCString();
    const { fetch, calls } = fakeFetch(
      () => new Response('{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', { status: 401, headers: { date: serverDate } }),
      () => new Response('ok'),
    );
    const signedFetch = createSignedFetch({ consumer, token, fetch });
    const response = await signedFetch(URL_, { method: 'POST', body: new URLSearchParams({ status: 'once' }) });
    assert.equal(response.status, 200);
    assert.equal(calls.length, 2);
    assert.ok(Math.abs(signedFetch.clockOffset - 3600) <= 2, String(signedFetch.clockOffset));
    assert.ok(Math.abs((await timestampOf(calls[1] as Captured)) - (now() + 3600)) <= 2);
    assert.ok((await verifyCaptured(calls[1] as Captured, secrets)).valid);
    assert.deepEqual(signedParam(calls[1] as Captured, 'status'), ['once']);
    assert.notEqual(
      (await verifyCaptured(calls[0] as Captured, secrets)).oauth.oauth_nonce,
      (await verifyCaptured(calls[1] as Captured, secrets)).oauth.oauth_nonce,
    );
    // Later requests use the learned offset straight away.
    await signedFetch(URL_);
    assert.equal(calls.length, 3);
    assert.ok(Math.abs((await timestampOf(calls[2] as Captured)) - (now() + 3600)) <= 2);
  });
  it('oauth_problem=timestamp_refused with oauth_acceptable_timestamps sets the offset from the window', async () => {
    const low = now() - 7200 - 300;
    const { fetch, calls } = fakeFetch(
      () => new Response(`oauth_problem=timestamp_refused&oauth_acceptable_timestamps=${low}-${low + 600}`, { status: 401 }),
      () => new Response('ok'),
    );
    const clock = new ClockState();
    const signedFetch = createSignedFetch({ consumer, token, fetch, clock });
    assert.equal((await signedFetch(URL_)).status, 200);
    assert.ok(Math.abs(clock.offset + 7200) <= 2, String(clock.offset));
    assert.equal(signedFetch.clock, clock);
    assert.ok(Math.abs((await timestampOf(calls[1] as Captured)) - (now() - 7200)) <= 2);
  });
  it('a 400/401 whose Date is off by more than the window triggers the retry (oauthlib style)', async () => {
    const { fetch, calls } = fakeFetch(
      () => new Response('error=invalid_request', { status: 400, headers: { date: new Date(Date.now() - 600_000).toUTCString() } }),
      () => new Response('ok'),
    );
    const signedFetch = createSignedFetch({ consumer, fetch });
    assert.equal((await signedFetch(URL_)).status, 200);
    assert.equal(calls.length, 2);
    assert.ok(Math.abs(signedFetch.clockOffset + 600) <= 2);
  });
  it('retries only once, returning the second refusal as is', async () => {
    let shift = 3600_000;
    const { fetch, calls } = fakeFetch(() => {
      shift += 3600_000;
      return new Response('{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', {
        status: 401,
        headers: { date: new Date(Date.now() + shift).toUTCString() },
      });
    });
    const response = await createSignedFetch({ consumer, fetch })(URL_);
    assert.equal(response.status, 401);
    assert.equal(calls.length, 2);
    assert.equal(response.bodyUsed, false);
  });
  it('does not retry: other 401s, answers within the window, a 2xx with a far Date, opt-out, stream bodies', async () => {
    const hourAhead = () => new Date(Date.now() + 3600_000).toUTCString();
    const cases: Array<
      [string, () => Response, Parameters<typeof createSignedFetch>[0] extends infer O ? Partial<O> : never, RequestInit?]
    > = [
      [
        'token error',
        () =>
          new Response('{"errors":[{"code":89,"message":"Invalid or expired token."}]}', {
            status: 401,
            headers: { date: new Date().toUTCString() },
          }),
        {},
      ],
      ['2xx far Date', () => new Response('ok', { headers: { date: hourAhead() } }), {}],
      [
        'opt-out',
        () => new Response('oauth_problem=timestamp_refused', { status: 401, headers: { date: hourAhead() } }),
        { retryOnClockSkew: false },
      ],
      [
        'stream',
        () => new Response('oauth_problem=timestamp_refused', { status: 401, headers: { date: hourAhead() } }),
        {},
        {
          method: 'POST',
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('streamed'));
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit,
      ],
    ];
    for (const [name, responder, options, init] of cases) {
      const { fetch, calls } = fakeFetch(responder, () => new Response('retried'));
      const signedFetch = createSignedFetch({ consumer, fetch, ...options });
      const response = await signedFetch(URL_, init);
      assert.equal(calls.length, 1, name);
      assert.notEqual(await response.text(), 'retried', name);
      if (name === 'stream') assert.ok(Math.abs(signedFetch.clockOffset - 3600) <= 2, 'the offset is still learned');
      else assert.equal(signedFetch.clockOffset, 0, name);
    }
  });
  it('clockOffset is settable and applies to the next request', async () => {
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, fetch, clock: 5 });
    assert.equal(signedFetch.clockOffset, 5);
    signedFetch.clockOffset = -120;
    await signedFetch(URL_);
    assert.ok(Math.abs((await timestampOf(calls[0] as Captured)) - (now() - 120)) <= 1);
    assert.throws(() => {
      signedFetch.clockOffset = Number.POSITIVE_INFINITY;
    }, TypeError);
  });
});

describe('createSignedFetch: abort while queued for an RSA slot', () => {
  it('skips signing and rejects with the abort reason', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const scheduler = createSignScheduler({ concurrency: 1 });
    const { fetch, calls } = fakeFetch();
    const signedFetch = createSignedFetch({ consumer, fetch, signatureMethod: 'RSA-SHA256', privateKey, scheduler });
    const controller = new AbortController();
    const first = signedFetch(URL_);
    const second = assert.rejects(signedFetch(URL_, { signal: controller.signal }), /user cancelled/);
    const third = assert.rejects(signedFetch(new Request(URL_, { signal: controller.signal })), /user cancelled/);
    controller.abort(new Error('user cancelled'));
    await Promise.all([first, second, third]);
    assert.equal(calls.length, 1);
  });
});
