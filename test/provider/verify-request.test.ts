import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { OAuthProblemError, type SignRequestOptions, signRequest } from '../../src/index.js';
import { nonceKey, type TokenRecord, type VerifyOptions, verifyRequest } from '../../src/provider/index.js';
import { ACCESS, CONSUMER, fixtureOptions, REQUEST, TestNonceStore } from './verify-fixtures.js';

const URL_BASE = 'https://api.example.test/1.1/statuses/update.json?include_entities=true&q=a+b';

async function signed(extra: Partial<SignRequestOptions> = {}): Promise<Request> {
  const s = await signRequest({
    method: 'POST',
    url: URL_BASE,
    body: { status: 'Hello Ladies + Gentlemen!' },
    consumer: CONSUMER,
    token: ACCESS,
    ...extra,
  } as SignRequestOptions);
  const headers: Record<string, string> = {};
  if ((extra.transport ?? 'header') === 'header') headers.authorization = s.authorization;
  if (s.contentType !== undefined) headers['content-type'] = s.contentType;
  return new Request(s.url, { method: s.method, headers, ...(s.body === undefined || s.method === 'GET' ? {} : { body: s.body }) });
}

async function problem(promise: Promise<unknown>): Promise<OAuthProblemError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OAuthProblemError, String(error));
    return error;
  }
  assert.fail('expected a problem');
}

describe('verifyRequest', () => {
  for (const transport of ['header', 'query', 'body'] as const) {
    it(`accepts the ${transport} transport and leaves the body readable`, async () => {
      const request = await signed({ transport, realm: transport === 'header' ? 'Photos' : undefined });
      const verified = await verifyRequest(request, fixtureOptions());
      assert.equal(verified.location, transport);
      assert.equal(verified.consumerKey, CONSUMER.key);
      assert.equal(verified.tokenKey, ACCESS.key);
      assert.equal(verified.token?.kind, 'access');
      assert.deepEqual(verified.params, [
        ['include_entities', 'true'],
        ['q', 'a b'],
        ['status', 'Hello Ladies + Gentlemen!'],
      ]);
      assert.equal(verified.oauthParams.oauth_signature, undefined);
      assert.equal(verified.realm, transport === 'header' ? 'Photos' : undefined);
      assert.match(await request.text(), /^status=Hello/);
    });
  }

  it('uses options.body instead of reading the request', async () => {
    const s = await signRequest({ method: 'POST', url: URL_BASE, body: 'status=hi', consumer: CONSUMER, token: ACCESS });
    const request = new Request(s.url, {
      method: 'POST',
      headers: { authorization: s.authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=hi',
    });
    await request.text(); // consumed by the caller
    const verified = await verifyRequest(request, fixtureOptions({ body: 'status=hi' }));
    assert.equal(verified.body, 'status=hi');
  });

  it('verifies against options.url and options.method (the URL the client signed)', async () => {
    const s = await signRequest({ method: 'GET', url: 'https://public.example.test/r?x=1', consumer: CONSUMER, token: ACCESS });
    const request = new Request('http://127.0.0.1:8080/r?x=1', { headers: { authorization: s.authorization } });
    await problem(verifyRequest(request, fixtureOptions())).then((e) => assert.equal(e.problem, 'signature_invalid'));
    const verified = await verifyRequest(request, fixtureOptions({ url: 'https://public.example.test/r?x=1' }));
    assert.equal(verified.baseString.split('&')[1], encodeURIComponent('https://public.example.test/r'));
  });

  it('claims the nonce scoped by consumer, token and timestamp until timestamp + window', async () => {
    const store = new TestNonceStore();
    await verifyRequest(await signed({ nonce: 'abc', timestamp: Math.floor(Date.now() / 1000) }), fixtureOptions({ nonceStore: store }));
    const [key, expires] = [...store.seen][0] as [string, number];
    const ts = key.split('|')[2]?.split(':')[1] as string;
    assert.equal(key, nonceKey(CONSUMER.key, ACCESS.key, ts, 'abc'));
    assert.equal(expires, (Number(ts) + 300) * 1000);
  });

  it('does not burn the nonce of a forged request, and rejects a replay', async () => {
    const store = new TestNonceStore();
    const options = fixtureOptions({ nonceStore: store });
    const forged = await signed({ nonce: 'n1', consumer: { key: CONSUMER.key, secret: 'guess' } });
    assert.equal((await problem(verifyRequest(forged, options))).problem, 'signature_invalid');
    assert.equal(store.claims, 0);
    const genuine = await signed({ nonce: 'n1' });
    await verifyRequest(genuine.clone(), options);
    assert.equal((await problem(verifyRequest(genuine, options))).problem, 'nonce_used');
  });

  it('runs the same lookups for an unknown consumer (no early exit) and reports consumer_key_unknown', async () => {
    const calls: string[] = [];
    const base = fixtureOptions();
    const options: VerifyOptions = {
      ...base,
      lookupConsumer: (key) => {
        calls.push(`consumer:${key}`);
        return base.lookupConsumer(key);
      },
      lookupToken: (key, ck) => {
        calls.push(`token:${key}`);
        return base.lookupToken?.(key, ck) ?? null;
      },
    };
    const error = await problem(verifyRequest(await signed({ consumer: { key: 'nobody', secret: 'x' } }), options));
    assert.equal(error.problem, 'consumer_key_unknown');
    assert.equal(error.status, 401);
    assert.deepEqual(calls, ['consumer:nobody', `token:${ACCESS.key}`]);
  });

  it('checks the timestamp window in both directions with the injected clock', async () => {
    const ts = 1_700_000_000;
    const request = () => signed({ timestamp: ts });
    for (const [offset, ok] of [
      [0, true],
      [300, true],
      [-300, true],
      [301, false],
      [-301, false],
    ] as const) {
      const options = fixtureOptions({ clock: { now: () => (ts + offset) * 1000 } });
      if (ok) await verifyRequest(await request(), options);
      else {
        const error = await problem(verifyRequest(await request(), options));
        assert.equal(error.problem, 'timestamp_refused');
        assert.equal(error.params.oauth_acceptable_timestamps, `${ts + offset - 300}-${ts + offset + 300}`);
      }
    }
  });

  it('expectToken: none rejects a token, request accepts only request tokens, optional allows none', async () => {
    const none = fixtureOptions({ expectToken: 'none' });
    await verifyRequest(await signed({ token: null }), none);
    assert.equal((await problem(verifyRequest(await signed(), none))).problem, 'parameter_rejected');
    const req = fixtureOptions({ expectToken: 'request' });
    await verifyRequest(await signed({ token: REQUEST }), req);
    assert.equal((await problem(verifyRequest(await signed(), req))).problem, 'token_rejected');
    const optional = fixtureOptions({ expectToken: 'optional' });
    assert.equal((await verifyRequest(await signed({ token: null }), optional)).token, null);
    assert.equal((await verifyRequest(await signed(), optional)).tokenKey, ACCESS.key);
  });

  it('token state: expired, used, verifier (constant-time), after the signature', async () => {
    const now = Date.now();
    const records: Record<string, TokenRecord> = {
      expired: { secret: 's', kind: 'request', consumerKey: CONSUMER.key, expiresAt: now - 1 },
      used: { secret: 's', kind: 'request', consumerKey: CONSUMER.key, used: true },
      pending: { secret: 's', kind: 'request', consumerKey: CONSUMER.key, verifier: 'v-123' },
      unauthorised: { secret: 's', kind: 'request', consumerKey: CONSUMER.key },
    };
    const options = fixtureOptions({ expectToken: 'request', lookupToken: (key) => records[key] ?? null, requireVerifier: true });
    const send = (key: string, verifier?: string) =>
      signed({ token: { key, secret: 's' }, ...(verifier === undefined ? {} : { oauthParams: { oauth_verifier: verifier } }) });
    assert.equal((await problem(verifyRequest(await send('expired', 'x'), options))).problem, 'token_expired');
    assert.equal((await problem(verifyRequest(await send('used', 'x'), options))).problem, 'token_used');
    assert.equal((await problem(verifyRequest(await send('pending', 'v-124'), options))).problem, 'verifier_invalid');
    assert.equal((await problem(verifyRequest(await send('unauthorised', 'v-123'), options))).problem, 'verifier_invalid');
    assert.equal((await problem(verifyRequest(await send('pending'), options))).params.oauth_parameters_absent, 'oauth_verifier');
    const verified = await verifyRequest(await send('pending', 'v-123'), options);
    assert.equal(verified.oauthParams.oauth_verifier, 'v-123');
    // A wrong signature on an expired token says signature_invalid: token state is not revealed unauthenticated.
    const forged = await signed({ token: { key: 'expired', secret: 'guess' }, oauthParams: { oauth_verifier: 'x' } });
    assert.equal((await problem(verifyRequest(forged, options))).problem, 'signature_invalid');
  });

  it('requiredParams: a missing oauth_callback is parameter_absent', async () => {
    const options = fixtureOptions({ expectToken: 'none', requiredParams: ['oauth_callback'] });
    const error = await problem(verifyRequest(await signed({ token: null }), options));
    assert.deepEqual([error.problem, error.status, error.params.oauth_parameters_absent], ['parameter_absent', 400, 'oauth_callback']);
    await verifyRequest(await signed({ token: null, oauthParams: { oauth_callback: 'oob' } }), options);
  });

  it('requireRealm', async () => {
    const options = fixtureOptions({ realm: 'api', requireRealm: true });
    await verifyRequest(await signed({ realm: 'api' }), options);
    assert.equal((await problem(verifyRequest(await signed({ realm: 'other' }), options))).status, 401);
    assert.equal((await problem(verifyRequest(await signed(), options))).problem, 'parameter_absent');
  });

  it('compat.repeatedTokenInBody: twitter-api-v2 style access_token request', async () => {
    // twitter-api-v2 merges body and header parameters into one object before signing: each name signed once.
    const s = await signRequest({
      method: 'POST',
      url: 'https://api.x.com/oauth/access_token',
      body: { oauth_verifier: 'ver' },
      consumer: CONSUMER,
      token: REQUEST,
    });
    const body = `oauth_token=${REQUEST.key}&oauth_verifier=ver`;
    const make = (b: string) =>
      new Request(s.url, {
        method: 'POST',
        headers: { authorization: s.authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: b,
      });
    const strict = fixtureOptions({ expectToken: 'request' });
    assert.equal((await problem(verifyRequest(make(body), strict))).problem, 'parameter_rejected');
    const compat = fixtureOptions({ expectToken: 'request', compat: { repeatedTokenInBody: true } });
    const verified = await verifyRequest(make(body), compat);
    assert.equal(verified.oauthParams.oauth_verifier, 'ver');
    assert.deepEqual(verified.params, []);
    const error = await problem(verifyRequest(make(`oauth_token=other&oauth_verifier=ver`), compat));
    assert.deepEqual([error.problem, error.params.oauth_parameters_rejected], ['parameter_rejected', 'oauth_token']);
    assert.equal((await problem(verifyRequest(make(`${body}&oauth_nonce=x`), compat))).problem, 'parameter_rejected');
  });

  it('fails closed with 503 temporarily_unavailable when a lookup or the nonce store fails', async () => {
    const down = () => Promise.reject(new Error('connection refused'));
    for (const options of [
      fixtureOptions({ lookupConsumer: down }),
      fixtureOptions({
        lookupToken: () => {
          throw new Error('sync failure');
        },
      }),
      fixtureOptions({ nonceStore: { claim: down } }),
    ]) {
      const error = await problem(verifyRequest(await signed(), options));
      assert.deepEqual([error.problem, error.status], ['temporarily_unavailable', 503]);
      assert.doesNotMatch(error.message, /secret/);
    }
    const refused = fixtureOptions({
      lookupConsumer: () => {
        throw new OAuthProblemError('consumer_key_refused', 401, 'blocked');
      },
    });
    assert.equal((await problem(verifyRequest(await signed(), refused))).problem, 'consumer_key_refused');
  });

  it('limits: body size (413), URL length, nonce length, per-consumer signature methods', async () => {
    const big = await signed({ body: { status: 'x'.repeat(2000) } });
    const error = await problem(verifyRequest(big, fixtureOptions({ limits: { maxBodyBytes: 1000 } })));
    assert.deepEqual([error.problem, error.status], ['parameter_rejected', 413]);
    assert.equal((await problem(verifyRequest(await signed(), fixtureOptions({ limits: { maxUrlLength: 20 } })))).status, 414);
    assert.equal(
      (await problem(verifyRequest(await signed({ nonce: 'x'.repeat(20) }), fixtureOptions({ limits: { maxNonceLength: 10 } })))).problem,
      'parameter_rejected',
    );
    const sha1Only = fixtureOptions({ signatureMethods: ['HMAC-SHA256'] });
    assert.equal((await problem(verifyRequest(await signed(), sha1Only))).problem, 'signature_method_rejected');
    const perConsumer = fixtureOptions({ lookupConsumer: () => ({ secret: CONSUMER.secret, signatureMethods: ['HMAC-SHA512'] }) });
    assert.equal((await problem(verifyRequest(await signed(), perConsumer))).problem, 'signature_method_rejected');
    await verifyRequest(await signed({ signatureMethod: 'HMAC-SHA512' }), perConsumer);
  });

  it('RSA: verifies with the consumer public key; a bad key or a missing key is signature_method_rejected, not a 5xx', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const options = (record: object) => fixtureOptions({ lookupConsumer: () => record });
    for (const method of ['RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512'] as const) {
      await verifyRequest(await signed({ signatureMethod: method, privateKey }), options({ publicKey }));
    }
    const tampered = await signed({ signatureMethod: 'RSA-SHA256', privateKey, url: `${URL_BASE}&x=1` });
    const wrongUrl = new Request(tampered.url.replace('x=1', 'x=2'), {
      method: 'POST',
      headers: tampered.headers,
      body: await tampered.text(),
    });
    assert.equal((await problem(verifyRequest(wrongUrl, options({ publicKey })))).problem, 'signature_invalid');
    assert.equal(
      (await problem(verifyRequest(await signed({ signatureMethod: 'RSA-SHA1', privateKey }), options({ publicKey: 'not a pem' }))))
        .problem,
      'signature_method_rejected',
    );
    assert.equal(
      (await problem(verifyRequest(await signed({ signatureMethod: 'RSA-SHA1', privateKey }), options({ secret: 'x' })))).problem,
      'signature_method_rejected',
    );
    assert.equal(
      (
        await problem(
          verifyRequest(await signed({ signatureMethod: 'RSA-SHA1', privateKey }), fixtureOptions({ lookupConsumer: () => null })),
        )
      ).problem,
      'consumer_key_unknown',
    );
  });

  it('PLAINTEXT: https only unless allowInsecurePlaintext', async () => {
    await verifyRequest(await signed({ signatureMethod: 'PLAINTEXT' }), fixtureOptions());
    const http = await signed({ signatureMethod: 'PLAINTEXT', url: 'http://api.example.test/r' });
    assert.equal((await problem(verifyRequest(http.clone(), fixtureOptions()))).problem, 'signature_method_rejected');
    await verifyRequest(http, fixtureOptions({ allowInsecurePlaintext: true }));
  });

  it('oauth_body_hash is checked against a non-form body', async () => {
    const body = '{"text":"hi"}';
    const s = await signRequest({
      method: 'POST',
      url: URL_BASE,
      body: new TextEncoder().encode(body),
      contentType: 'application/json',
      bodyHash: true,
      consumer: CONSUMER,
      token: ACCESS,
    });
    const make = (b: string) =>
      new Request(s.url, { method: 'POST', headers: { authorization: s.authorization, 'content-type': 'application/json' }, body: b });
    await verifyRequest(make(body), fixtureOptions());
    assert.equal((await problem(verifyRequest(make('{"text":"ho"}'), fixtureOptions()))).problem, 'signature_invalid');
    assert.equal(
      (await problem(verifyRequest(make('{"text":"ho"}'), fixtureOptions({ body: '{"text":"ho"}' })))).problem,
      'signature_invalid',
    );
  });

  it('toResponse: status, WWW-Authenticate and form body with the problem parameters', async () => {
    const error = await problem(verifyRequest(await signed({ timestamp: 1 }), fixtureOptions({ clock: { now: () => 1_000_000_000 } })));
    const response = error.toResponse({ realm: 'Photos' });
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('www-authenticate'),
      'OAuth realm="Photos", oauth_problem="timestamp_refused", oauth_acceptable_timestamps="999700-1000300"',
    );
    assert.equal(await response.text(), 'oauth_problem=timestamp_refused&oauth_acceptable_timestamps=999700-1000300');
  });
});
