import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signingKey, signRequest } from '../../src/index.js';
import { nonceKey, type TokenRecord, type VerifyOptions, verifyRequest } from '../../src/provider/index.js';
import { ACCESS, CONSUMER, fixtureOptions, problem, REQUEST, signed, TestNonceStore, URL_BASE } from './verify-fixtures.js';

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

  it('a method given in options that is not ASCII is checked as UTF-8 (the ASCII fast path does not apply)', async () => {
    // The core signer only signs token methods: re-sign its base string with the method replaced, by hand.
    const s = await signRequest({ method: 'POST', url: 'https://api.example.test/r', consumer: CONSUMER, token: ACCESS });
    const baseString = `PÖST${s.baseString.slice('POST'.length)}`;
    const signature = createHmac('sha1', signingKey(CONSUMER.secret, ACCESS.secret)).update(baseString, 'utf8').digest('base64');
    const authorization = s.authorization.replace(/oauth_signature="[^"]*"/, `oauth_signature="${encodeURIComponent(signature)}"`);
    const request = () => new Request('https://api.example.test/r', { method: 'POST', headers: { authorization } });
    const verified = await verifyRequest(request(), fixtureOptions({ method: 'PÖST' }));
    assert.equal(verified.baseString, baseString);
    // Read as Latin-1 instead, Ö would be one byte and the HMAC another: the ASCII path must not be taken.
    await problem(verifyRequest(request(), fixtureOptions({ method: 'PÕST', nonceStore: new TestNonceStore() }))).then((e) =>
      assert.equal(e.problem, 'signature_invalid'),
    );
  });

  it('claims the nonce scoped by consumer, token and timestamp until the timestamp is refused (timestamp + window + 1 s)', async () => {
    const store = new TestNonceStore();
    await verifyRequest(await signed({ nonce: 'abc', timestamp: Math.floor(Date.now() / 1000) }), fixtureOptions({ nonceStore: store }));
    const [key, expires] = [...store.seen][0] as [string, number];
    const ts = key.split('|')[2]?.split(':')[1] as string;
    assert.equal(key, nonceKey(CONSUMER.key, ACCESS.key, ts, 'abc'));
    // checkTimestamp compares whole seconds: timestamp t is accepted until (t + 300 + 1) × 1000 − 1 ms.
    assert.equal(expires, (Number(ts) + 301) * 1000);
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
});
