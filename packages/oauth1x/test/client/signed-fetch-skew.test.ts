import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { ClockState, createSignedFetch, createSignScheduler } from '../../src/client/index.js';
import { type Captured, fakeFetch, verifyCaptured } from './helpers.js';

const consumer = { key: 'ck', secret: 'cs&secret' };
const token = { key: 'tk', secret: 'ts secret' };
const secrets = { consumerSecret: consumer.secret, tokenSecret: token.secret };
const URL_ = 'https://api.example/1.1/statuses/update.json?include_entities=true&q=a%20b';

function signedParam(captured: Captured, name: string): string[] {
  return [...new URLSearchParams(captured.body ?? '')].filter(([n]) => n === name).map(([, v]) => v);
}

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
  it('requests refused together all retry, though the first one back already corrected the shared clock', async () => {
    const serverNow = () => now() + 3600;
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      const timestamp = Number(/oauth_timestamp="(\d+)"/.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1]);
      await new Promise((resolve) => setTimeout(resolve, 20)); // all four are sent before any answer comes back
      if (Math.abs(timestamp - serverNow()) <= 30) return new Response(`ok ${String(input)}`);
      const date = new Date(serverNow() * 1000).toUTCString();
      return new Response('{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', { status: 401, headers: { date } });
    };
    const signedFetch = createSignedFetch({ consumer, token, fetch });
    const statuses = await Promise.all([1, 2, 3, 4].map(() => signedFetch(URL_).then((r) => r.status)));
    assert.deepEqual(statuses, [200, 200, 200, 200]);
    assert.ok(Math.abs(signedFetch.clockOffset - 3600) <= 2, String(signedFetch.clockOffset));
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
