import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuth1Client, OAuthError, OAuthResponseError, xEndpoints } from '../../src/client/index.js';
import { type Captured, fakeFetch, formResponse, verifyCaptured } from './helpers.js';

const consumer = { key: 'ck-flows', secret: 'cs flows/secret' };
const requestToken = { key: 'rt-1', secret: 'rt secret' };

function make(fetch: ReturnType<typeof fakeFetch>['fetch'], extra: Partial<ConstructorParameters<typeof OAuth1Client>[0]> = {}) {
  return new OAuth1Client({ consumer, endpoints: xEndpoints('https://provider.example'), fetch, ...extra });
}

function form(captured: Captured): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(captured.body ?? ''));
}

function isCode(code: string) {
  return (error: unknown) => error instanceof OAuthError && error.code === code;
}

describe('OAuth1Client.requestToken', () => {
  it('signs oauth_callback (default oob) with the consumer only and returns token + extra fields', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=rt-1&oauth_token_secret=rts&oauth_callback_confirmed=true&extra=1'));
    const result = await make(fetch).requestToken();
    assert.deepEqual(result, { token: { key: 'rt-1', secret: 'rts' }, params: { oauth_callback_confirmed: 'true', extra: '1' } });
    const call = calls[0] as Captured;
    assert.equal(call.method, 'POST');
    assert.equal(call.url, 'https://provider.example/oauth/request_token');
    assert.equal(call.body, null);
    const verified = await verifyCaptured(call, { consumerSecret: consumer.secret });
    assert.ok(verified.valid);
    assert.equal(verified.oauth.oauth_callback, 'oob');
    assert.equal(verified.oauth.oauth_token, undefined);
  });
  it('sends a callback URL and extra params (x_auth_access_type) in the signed form body', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true'));
    await make(fetch).requestToken({ callback: 'https://app.example/cb?x=1', params: { x_auth_access_type: 'read' } });
    const call = calls[0] as Captured;
    assert.deepEqual(form(call), { x_auth_access_type: 'read' });
    const verified = await verifyCaptured(call, { consumerSecret: consumer.secret });
    assert.ok(verified.valid);
    assert.equal(verified.oauth.oauth_callback, 'https://app.example/cb?x=1');
    assert.ok(verified.signed.some(([n, v]) => n === 'x_auth_access_type' && v === 'read'));
  });
  it('rejects an answer without oauth_callback_confirmed=true unless opted out', async () => {
    const { fetch } = fakeFetch(() => formResponse('oauth_token=a&oauth_token_secret=b'));
    await assert.rejects(make(fetch).requestToken(), isCode('ERR_CALLBACK_NOT_CONFIRMED'));
    const old = await make(fetch, { requireCallbackConfirmed: false }).requestToken();
    assert.equal(old.token.key, 'a');
  });
  it('uses GET with the parameters in the query when the endpoints say so', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true'));
    const endpoints = { ...xEndpoints('https://p.example'), requestTokenUrl: 'https://p.example/rt?v=2', method: 'GET' as const };
    await new OAuth1Client({ consumer, endpoints, fetch }).requestToken({ params: { scope: 'a b' } });
    const call = calls[0] as Captured;
    assert.equal(call.method, 'GET');
    assert.equal(call.url, 'https://p.example/rt?v=2&scope=a%20b');
    assert.ok((await verifyCaptured(call, { consumerSecret: consumer.secret })).valid);
  });
  it('throws OAuthResponseError on a provider error, and ERR_INVALID_RESPONSE on a non-token answer', async () => {
    const { fetch } = fakeFetch(
      () => new Response('oauth_problem=consumer_key_unknown', { status: 401 }),
      () => new Response('<html>hello</html>', { status: 200 }),
    );
    const client = make(fetch);
    await assert.rejects(client.requestToken(), (e: unknown) => e instanceof OAuthResponseError && e.problem === 'consumer_key_unknown');
    await assert.rejects(client.requestToken(), isCode('ERR_INVALID_RESPONSE'));
  });
});

describe('OAuth1Client.authorizeUrl', () => {
  const client = make(fakeFetch().fetch);
  it('builds authorize and authenticate URLs with force_login and screen_name', () => {
    assert.equal(client.authorizeUrl(requestToken), 'https://provider.example/oauth/authorize?oauth_token=rt-1');
    assert.equal(
      client.authorizeUrl('rt 2', { authenticate: true, forceLogin: true, screenName: 'al ice' }),
      'https://provider.example/oauth/authenticate?oauth_token=rt+2&force_login=true&screen_name=al+ice',
    );
    assert.equal(
      client.authorizeUrl('t', { params: { lang: 'fr', oauth_token: 'ignored' } }),
      'https://provider.example/oauth/authorize?lang=fr&oauth_token=t',
    );
  });
  it('refuses a missing token or a missing authenticate URL', () => {
    assert.throws(() => client.authorizeUrl(''), isCode('ERR_INVALID_ARGUMENT'));
    const custom = new OAuth1Client({
      consumer,
      endpoints: { requestTokenUrl: 'https://p/rt', authorizeUrl: 'https://p/a', accessTokenUrl: 'https://p/at' },
      fetch: fakeFetch().fetch,
    });
    assert.throws(() => custom.authorizeUrl('t', { authenticate: true }), /authenticateUrl/);
  });
});

describe('OAuth1Client.accessToken', () => {
  it('signs oauth_verifier with the request token (PIN trimmed) and returns every extra field', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=at&oauth_token_secret=ats&user_id=6253282&screen_name=XDevelopers'));
    const result = await make(fetch).accessToken(requestToken, ' 1234567 \n');
    assert.deepEqual(result, { token: { key: 'at', secret: 'ats' }, params: { user_id: '6253282', screen_name: 'XDevelopers' } });
    const verified = await verifyCaptured(calls[0] as Captured, { consumerSecret: consumer.secret, tokenSecret: requestToken.secret });
    assert.ok(verified.valid);
    assert.equal(verified.oauth.oauth_verifier, '1234567');
    assert.equal(verified.oauth.oauth_token, 'rt-1');
  });
  it('validates its arguments', async () => {
    const client = make(fakeFetch().fetch);
    await assert.rejects(client.accessToken(requestToken, ''), isCode('ERR_INVALID_ARGUMENT'));
    await assert.rejects(client.accessToken({ key: '', secret: 'x' }, 'v'), isCode('ERR_INVALID_ARGUMENT'));
  });
  it('keeps the request token secret out of the error', async () => {
    const { fetch } = fakeFetch(() => new Response(`bad token, secret was ${requestToken.secret}`, { status: 401 }));
    const error = await make(fetch)
      .accessToken(requestToken, 'v')
      .catch((e: unknown) => e);
    assert.ok(error instanceof OAuthResponseError);
    assert.ok(!JSON.stringify(error).includes(requestToken.secret) && !error.message.includes(requestToken.secret));
  });
});

describe('OAuth1Client.xauth', () => {
  const password = 'p@ss word+&=✓';
  it('sends x_auth_mode, username and password in the signed form body, consumer only', async () => {
    const { fetch, calls } = fakeFetch(() =>
      formResponse('oauth_token=at&oauth_token_secret=ats&user_id=1&screen_name=alice&x_auth_expires=0'),
    );
    const result = await make(fetch).xauth('alice', password);
    assert.deepEqual(result.params, { user_id: '1', screen_name: 'alice', x_auth_expires: '0' });
    const call = calls[0] as Captured;
    assert.equal(call.url, 'https://provider.example/oauth/access_token');
    assert.match(call.headers.get('content-type') ?? '', /^application\/x-www-form-urlencoded/);
    assert.deepEqual(form(call), { x_auth_mode: 'client_auth', x_auth_username: 'alice', x_auth_password: password });
    const verified = await verifyCaptured(call, { consumerSecret: consumer.secret });
    assert.ok(verified.valid);
    assert.equal(verified.oauth.oauth_token, undefined);
    assert.ok(!(call.headers.get('authorization') ?? '').includes('x_auth'), 'xAuth parameters stay in the body');
  });
  it('never leaks the password: not in the message, JSON or stack, even when the provider echoes it', async () => {
    for (const body of [
      `oauth_problem=permission_denied&x_auth_password=${encodeURIComponent(password)}`,
      `{"errors":[{"code":32,"message":"Could not authenticate you with ${password}"}]}`,
      `{"title":"Unauthorized","detail":"password ${password} is wrong","type":"about:blank","status":401}`,
      `<hash><error>Invalid password ${password}</error></hash>`,
      `Invalid password ${encodeURIComponent(password)} for alice`,
    ]) {
      const { fetch } = fakeFetch(() => new Response(body, { status: 401 }));
      const error = await make(fetch)
        .xauth('alice', password)
        .catch((e: unknown) => e);
      assert.ok(error instanceof OAuthResponseError, body);
      for (const text of [error.message, JSON.stringify(error), String(error.stack), JSON.stringify(error.body)]) {
        assert.ok(!text.includes(password) && !text.includes(encodeURIComponent(password)), text);
        assert.ok(!text.includes(consumer.secret), text);
      }
    }
  });
  it('requires a username and password', async () => {
    const client = make(fakeFetch().fetch);
    await assert.rejects(client.xauth('', 'x'), isCode('ERR_INVALID_ARGUMENT'));
    await assert.rejects(client.xauth('alice', ''), isCode('ERR_INVALID_ARGUMENT'));
  });
});

describe('OAuth1Client reverse auth', () => {
  const header = 'OAuth oauth_consumer_key="ck-flows", oauth_nonce="n", oauth_signature="s%3D", oauth_signature_method="HMAC-SHA1"';
  it('step 1 posts x_auth_mode=reverse_auth consumer-only and returns the header', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(`${header}\n`, { headers: { 'content-type': 'text/html' } }));
    const reverse = await make(fetch).reverseAuth();
    assert.deepEqual(reverse, { parameters: header, consumerKey: 'ck-flows' });
    const call = calls[0] as Captured;
    assert.equal(call.url, 'https://provider.example/oauth/request_token');
    assert.deepEqual(form(call), { x_auth_mode: 'reverse_auth' });
    assert.ok((await verifyCaptured(call, { consumerSecret: consumer.secret })).valid);
  });
  it('step 1 rejects an answer that is not an OAuth header', async () => {
    const { fetch } = fakeFetch(() => new Response('oauth_token=a&oauth_token_secret=b'));
    await assert.rejects(make(fetch).reverseAuth(), isCode('ERR_INVALID_RESPONSE'));
  });
  it('step 2 signs x_reverse_auth_target and x_reverse_auth_parameters with the device token', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=t2&oauth_token_secret=s2&user_id=9&screen_name=bob'));
    const device = new OAuth1Client({ consumer: { key: 'device', secret: 'ds' }, endpoints: xEndpoints(), fetch });
    const result = await device.exchangeReverseAuth({ key: 'ut', secret: 'uts' }, { parameters: header, consumerKey: 'ck-flows' });
    assert.deepEqual(result.token, { key: 't2', secret: 's2' });
    const call = calls[0] as Captured;
    assert.equal(call.url, 'https://api.x.com/oauth/access_token');
    assert.deepEqual(form(call), { x_reverse_auth_target: 'ck-flows', x_reverse_auth_parameters: header });
    const verified = await verifyCaptured(call, { consumerSecret: 'ds', tokenSecret: 'uts' });
    assert.ok(verified.valid);
    assert.equal(verified.oauth.oauth_token, 'ut');
    await assert.rejects(
      device.exchangeReverseAuth({ key: 'ut', secret: 'uts' }, { parameters: 1 } as never),
      isCode('ERR_INVALID_ARGUMENT'),
    );
  });
});

describe('OAuth1Client 2-legged requests, options and abort', () => {
  it('signedFetch() without a token signs consumer-only; with a token includes it', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('{}'));
    const client = make(fetch);
    await client.signedFetch()('https://provider.example/1.1/app.json?x=1');
    await client.signedFetch({ key: 'ut', secret: 'uts' })('https://provider.example/1.1/me.json');
    const twoLegged = await verifyCaptured(calls[0] as Captured, { consumerSecret: consumer.secret });
    assert.ok(twoLegged.valid);
    assert.equal(twoLegged.oauth.oauth_token, undefined);
    const threeLegged = await verifyCaptured(calls[1] as Captured, { consumerSecret: consumer.secret, tokenSecret: 'uts' });
    assert.ok(threeLegged.valid);
    assert.equal(threeLegged.oauth.oauth_token, 'ut');
  });
  it('uses the configured signature method, realm and transport', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true'));
    await make(fetch, { signatureMethod: 'HMAC-SHA256', realm: 'Photos', transport: 'query' }).requestToken();
    const call = calls[0] as Captured;
    assert.equal(call.headers.get('authorization'), null);
    const verified = await verifyCaptured(call, { consumerSecret: consumer.secret });
    assert.ok(verified.valid);
    assert.equal(verified.oauth.oauth_signature_method, 'HMAC-SHA256');
    const { fetch: f2, calls: c2 } = fakeFetch(() => formResponse('oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true'));
    await make(f2, { realm: 'Photos' }).requestToken();
    assert.match((c2[0] as Captured).headers.get('authorization') ?? '', /^OAuth realm="Photos", /);
  });
  it('passes the AbortSignal to fetch and rejects when aborted', async () => {
    const { fetch } = fakeFetch(() => formResponse('oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=true'));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(make(fetch).requestToken({ signal: controller.signal }), /stop/);
  });
  it('exposes a settable clock offset shared with its signed fetches', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('{}'));
    const client = make(fetch, { clock: 100 });
    assert.equal(client.clockOffset, 100);
    const signedFetch = client.signedFetch();
    client.clockOffset = -50;
    assert.equal(signedFetch.clockOffset, -50);
    await signedFetch('https://provider.example/x');
    const ts = Number((await verifyCaptured(calls[0] as Captured, { consumerSecret: consumer.secret })).oauth.oauth_timestamp);
    assert.ok(Math.abs(ts - (Math.floor(Date.now() / 1000) - 50)) <= 1);
    assert.throws(() => {
      client.clockOffset = Number.NaN;
    }, TypeError);
  });
  it('rejects bad options at construction and never exposes the consumer secret', () => {
    assert.throws(() => new OAuth1Client({ consumer: { key: 'k' } as never, endpoints: xEndpoints() }), isCode('ERR_INVALID_ARGUMENT'));
    assert.throws(() => new OAuth1Client({ consumer, endpoints: { requestTokenUrl: 'x' } as never }), isCode('ERR_INVALID_ARGUMENT'));
    const client = make(fakeFetch().fetch);
    assert.equal(client.consumerKey, 'ck-flows');
    assert.ok(!JSON.stringify(client).includes(consumer.secret));
  });
});

describe('OAuth1Client with GET token endpoints', () => {
  it('still POSTs xAuth, so the password never lands in a URL', async () => {
    const { fetch, calls } = fakeFetch(() => formResponse('oauth_token=at&oauth_token_secret=ats'));
    const client = new OAuth1Client({ consumer, endpoints: { ...xEndpoints('https://p.example'), method: 'GET' }, fetch });
    await client.xauth('alice', 'pw-in-body');
    const call = calls[0] as Captured;
    assert.equal(call.method, 'POST');
    assert.ok(!call.url.includes('pw-in-body'));
    assert.equal(form(call).x_auth_password, 'pw-in-body');
  });
});
