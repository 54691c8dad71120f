import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMemoryStore } from '../../src/provider/index.js';
import {
  APP,
  approvedToken,
  BASE,
  CONSUMERS,
  exchange,
  form,
  OTHER_APP,
  PIN_ONLY_APP,
  problemOf,
  type Setup,
  setup,
  signed,
} from './endpoints-fixtures.js';

async function requestToken(s: Setup, callback: string | undefined, o: Parameters<typeof signed>[2] = {}) {
  const oauthParams = callback === undefined ? undefined : { oauth_callback: callback };
  return s.handler.fetch(await signed(s, '/oauth/request_token', { oauthParams, ...o }));
}

describe('request_token', () => {
  test('POST with a callback: form answer, callback confirmed, pending token stored', async () => {
    const s = setup();
    const response = await requestToken(s, 'https://app.example/cb');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await form(response);
    assert.deepEqual(Object.keys(body), ['oauth_token', 'oauth_token_secret', 'oauth_callback_confirmed']);
    assert.equal(body.oauth_callback_confirmed, 'true');
    assert.match(body.oauth_token as string, /^[A-Za-z0-9_-]{43}$/);
    const record = await s.store.getRequestToken(body.oauth_token as string);
    assert.equal(record?.state, 'pending');
    assert.equal(record?.callback, 'https://app.example/cb');
    assert.equal(record?.secret, body.oauth_token_secret);
    assert.equal(record?.expiresAt, s.clock.now() + 900_000);
  });

  test('GET with the protocol parameters in the query works too', async () => {
    const s = setup();
    const response = await requestToken(s, 'oob', { method: 'GET', transport: 'query' });
    assert.equal(response.status, 200);
    assert.equal((await form(response)).oauth_callback_confirmed, 'true');
  });

  test('missing oauth_callback → 400 parameter_absent naming it', async () => {
    const s = setup();
    const response = await requestToken(s, undefined);
    assert.equal(response.status, 400);
    assert.equal(await problemOf(response), 'parameter_absent');
    assert.match(response.headers.get('www-authenticate') ?? '', /oauth_parameters_absent="oauth_callback"/);
  });

  test('oob is accepted unless the consumer may not use it', async () => {
    const s = setup();
    assert.equal((await requestToken(s, 'oob')).status, 200);
    const refused = await requestToken(s, 'oob', { consumer: OTHER_APP });
    assert.equal(refused.status, 400);
    assert.equal(await problemOf(refused), 'parameter_rejected');
  });

  test('callbacks: registered exact and prefix entries pass; others, bad schemes and relative URLs are rejected', async () => {
    const s = setup();
    for (const ok of ['https://app.example/cb', 'https://app.example/prefix/x?y=1', 'myapp://done']) {
      assert.equal((await requestToken(s, ok)).status, 200, ok);
    }
    for (const bad of ['https://app.example/cb2', 'https://evil.example/cb', 'javascript:alert(1)', '/relative', 'OOB']) {
      const response = await requestToken(s, bad);
      assert.equal(response.status, 400, bad);
      assert.equal(await problemOf(response), 'parameter_rejected', bad);
    }
    assert.equal((await requestToken(s, 'https://anything.example/cb', { consumer: OTHER_APP })).status, 200);
    assert.equal((await requestToken(s, 'myapp://done', { consumer: OTHER_APP })).status, 400);
    assert.equal((await requestToken(s, 'https://app.example/cb', { consumer: PIN_ONLY_APP })).status, 400);
  });

  test('an oauth_token on request_token is rejected; kept parameters go to meta', async () => {
    const s = setup();
    const withToken = await requestToken(s, 'oob', { token: { key: 'x', secret: 'y' } });
    assert.equal(withToken.status, 400);
    assert.equal(await problemOf(withToken), 'parameter_rejected');
    const response = await requestToken(s, 'oob', { body: { x_auth_access_type: 'read' } });
    const token = (await form(response)).oauth_token as string;
    assert.deepEqual((await s.store.getRequestToken(token))?.meta, { x_auth_access_type: 'read' });
  });
});

describe('authorize', () => {
  test('GET authorize renders the host consent page for a pending token; approve redirects with token and verifier', async () => {
    const s = setup();
    const token = (await form(await requestToken(s, 'https://app.example/cb'))).oauth_token as string;
    const page = await s.handler.fetch(new Request(`${BASE}/oauth/authorize?oauth_token=${token}`));
    assert.equal(page.status, 200);
    assert.equal(await page.text(), `consent for App: ${token}`);
    const approval = await s.handler.approve(token, '1001');
    assert.match(approval.verifier, /^[A-Za-z0-9_-]{27}$/);
    const redirect = new URL(approval.redirectUrl as string);
    assert.equal(redirect.origin + redirect.pathname, 'https://app.example/cb');
    assert.equal(redirect.searchParams.get('oauth_token'), token);
    assert.equal(redirect.searchParams.get('oauth_verifier'), approval.verifier);
    const record = await s.store.getRequestToken(token);
    assert.equal(record?.state, 'authorized');
    assert.equal(record?.userId, '1001');
    // Decided tokens no longer render the page, and cannot be approved again.
    const again = await s.handler.fetch(new Request(`${BASE}/oauth/authorize?oauth_token=${token}`));
    assert.equal(again.status, 401);
    assert.equal(await problemOf(again), 'token_used');
    await assert.rejects(s.handler.approve(token, '1002'), { problem: 'token_used' });
  });

  test('the callback keeps its own query; oob gives no redirect; verifiers are unique', async () => {
    const s = setup();
    const a = await approvedToken(s, APP, '1001', 'https://app.example/prefix/cb?state=xyz');
    assert.equal(new URL(a.approval.redirectUrl as string).searchParams.get('state'), 'xyz');
    const b = await approvedToken(s, APP, '1001', 'oob');
    assert.equal(b.approval.redirectUrl, null);
    assert.equal(b.approval.callback, 'oob');
    assert.notEqual(a.verifier, b.verifier);
  });

  test('the consent hook (here the POST of the consent form) gets approve/deny bound to the token', async () => {
    let approved: string | null = null;
    const s = setup({
      onAuthorize: async (_request, ctx) => {
        approved = (await ctx.approve('1002')).redirectUrl;
        return Response.redirect(approved as string, 302);
      },
    });
    const token = (await form(await requestToken(s, 'https://app.example/cb'))).oauth_token as string;
    const response = await s.handler.fetch(
      new Request(`${BASE}/oauth/authorize?oauth_token=${token}`, { method: 'POST', body: new URLSearchParams({ allow: '1' }) }),
    );
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), approved);
    assert.equal((await s.store.getRequestToken(token))?.userId, '1002');
  });

  test('unknown, missing, expired tokens; describe() only for pending ones', async () => {
    const s = setup();
    const unknown = await s.handler.fetch(new Request(`${BASE}/oauth/authorize?oauth_token=nope`));
    assert.equal(unknown.status, 401);
    assert.equal(await problemOf(unknown), 'token_rejected');
    const missing = await s.handler.fetch(new Request(`${BASE}/oauth/authorize`));
    assert.equal(missing.status, 400);
    assert.equal(await problemOf(missing), 'parameter_absent');
    const token = (await form(await requestToken(s, 'oob'))).oauth_token as string;
    assert.equal((await s.handler.describe(token))?.consumer.name, 'App');
    s.clock.advance(901_000);
    assert.equal(await s.handler.describe(token), null);
    const expired = await s.handler.fetch(new Request(`${BASE}/oauth/authorize?oauth_token=${token}`));
    assert.equal(await problemOf(expired), 'token_expired');
    await assert.rejects(s.handler.approve(token, '1001'), { problem: 'token_expired' });
    await assert.rejects(s.handler.approve('nope', '1001'), { problem: 'token_rejected' });
  });

  test('deny deletes the token and redirects with denied=<token>; the exchange then fails', async () => {
    const s = setup();
    const body = await form(await requestToken(s, 'https://app.example/cb'));
    const token = { key: body.oauth_token as string, secret: body.oauth_token_secret as string };
    const { redirectUrl } = await s.handler.deny(token.key);
    assert.equal(new URL(redirectUrl as string).searchParams.get('denied'), token.key);
    assert.equal(await s.store.getRequestToken(token.key), null);
    const response = await exchange(s, token, 'whatever');
    assert.equal(response.status, 401);
    assert.equal(await problemOf(response), 'token_rejected');
  });

  test('without onAuthorize the authorize path is not served', async () => {
    const s = setup({ onAuthorize: undefined });
    assert.equal(s.handler.handles('/oauth/authorize'), false);
    assert.equal((await s.handler.fetch(new Request(`${BASE}/oauth/authorize?oauth_token=x`))).status, 404);
  });
});

describe('routing and failures', () => {
  test('unknown paths 404, other methods 405, custom paths', async () => {
    const s = setup({ paths: { invalidateToken: '/1.1/oauth/invalidate_token' } });
    assert.equal((await s.handler.fetch(new Request(`${BASE}/elsewhere`))).status, 404);
    const put = await s.handler.fetch(new Request(`${BASE}/oauth/request_token`, { method: 'PUT' }));
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    assert.equal(s.handler.handles('/1.1/oauth/invalidate_token'), true);
    assert.equal(s.handler.handles('/oauth/invalidate_token'), false);
    assert.equal(s.handler.paths.requestToken, '/oauth/request_token');
  });

  test('a failing store answers 503 temporarily_unavailable (fail closed), never 500', async () => {
    const broken = createMemoryStore();
    broken.claim = async () => {
      throw new Error('store down');
    };
    const s = setup({}, broken);
    const response = await s.handler.fetch(await signed(s, '/oauth/request_token', { oauthParams: { oauth_callback: 'oob' } }));
    assert.equal(response.status, 503);
    assert.equal(await problemOf(response), 'temporarily_unavailable');
    const saveFails = createMemoryStore();
    saveFails.saveRequestToken = async () => {
      throw new Error('disk full');
    };
    const t = setup({}, saveFails);
    const second = await t.handler.fetch(await signed(t, '/oauth/request_token', { oauthParams: { oauth_callback: 'oob' } }));
    assert.equal(second.status, 503);
  });

  test('formatError renders errors; a throwing formatter falls back to the problem answer', async () => {
    const seen: string[] = [];
    const s = setup({
      formatError: (error, { endpoint }) => {
        seen.push(`${endpoint}:${error.problem}`);
        return Response.json({ errors: [{ code: 32, message: 'Could not authenticate you.' }] }, { status: error.status });
      },
    });
    const response = await s.handler.fetch(await signed(s, '/oauth/request_token', { consumer: { key: 'nobody', secret: 'x' } }));
    assert.equal(response.status, 400);
    assert.deepEqual(seen, ['request_token:parameter_absent']);
    assert.equal((await response.json()).errors[0].code, 32);
    const t = setup({
      formatError: () => {
        throw new Error('broken formatter');
      },
    });
    const fallback = await t.handler.fetch(await signed(t, '/oauth/request_token', { consumer: { key: 'nobody', secret: 'x' } }));
    assert.equal(fallback.status, 400);
    assert.equal(await problemOf(fallback), 'parameter_absent');
  });

  test('consumers are looked up through the host (unknown consumer → consumer_key_unknown)', async () => {
    const s = setup();
    const response = await s.handler.fetch(
      await signed(s, '/oauth/request_token', { consumer: { key: 'nobody', secret: 'x' }, oauthParams: { oauth_callback: 'oob' } }),
    );
    assert.equal(response.status, 401);
    assert.equal(await problemOf(response), 'consumer_key_unknown');
    assert.ok(CONSUMERS.size > 0);
  });
});

describe('handler options', () => {
  test('maxVerifierAttempts must be an integer ≥ 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => setup({ maxVerifierAttempts: bad }), TypeError, String(bad));
    }
    assert.doesNotThrow(() => setup({ maxVerifierAttempts: 1 }));
  });
});
