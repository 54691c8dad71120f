import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  APP,
  approvedToken,
  exchange,
  form,
  OTHER_APP,
  problemOf,
  type Setup,
  setup,
  signed,
  XAUTH_APP,
  xauth,
} from './endpoints-fixtures.js';

describe('access_token (three-legged)', () => {
  test('success: form answer with token, secret and host fields; stored for the user; meta carried over', async () => {
    const s = setup();
    const request = await s.handler.fetch(
      await signed(s, '/oauth/request_token', { oauthParams: { oauth_callback: 'oob' }, body: { x_auth_access_type: 'read' } }),
    );
    const rt = await form(request);
    const token = { key: rt.oauth_token as string, secret: rt.oauth_token_secret as string };
    const { verifier } = await s.handler.approve(token.key, '1001');
    const response = await exchange(s, token, verifier);
    assert.equal(response.status, 200);
    const body = await form(response);
    assert.deepEqual(Object.keys(body), ['oauth_token', 'oauth_token_secret', 'user_id', 'screen_name']);
    assert.equal(body.user_id, '1001');
    assert.equal(body.screen_name, 'alice');
    const stored = await s.store.getAccessToken(body.oauth_token as string);
    assert.equal(stored?.userId, '1001');
    assert.equal(stored?.consumerKey, APP.key);
    assert.equal(stored?.secret, body.oauth_token_secret);
    assert.equal(stored?.expiresAt, null);
    assert.deepEqual(stored?.meta, { x_auth_access_type: 'read' });
    assert.equal((await s.store.getRequestToken(token.key))?.state, 'used');
  });

  test('GET with query transport, and POST with body transport, both succeed', async () => {
    const s = setup();
    const a = await approvedToken(s);
    assert.equal((await exchange(s, a.token, a.verifier, { method: 'GET', transport: 'query' })).status, 200);
    const b = await approvedToken(s);
    assert.equal((await exchange(s, b.token, b.verifier, { transport: 'body' })).status, 200);
  });

  test('reused request token → 401 token_used', async () => {
    const s = setup();
    const { token, verifier } = await approvedToken(s);
    assert.equal((await exchange(s, token, verifier)).status, 200);
    const again = await exchange(s, token, verifier);
    assert.equal(again.status, 401);
    assert.equal(await problemOf(again), 'token_used');
  });

  test('expired request token → 401 token_expired', async () => {
    const s = setup({ requestTokenTtlSeconds: 60 });
    const { token, verifier } = await approvedToken(s);
    s.clock.advance(61_000);
    const response = await exchange(s, token, verifier);
    assert.equal(response.status, 401);
    assert.equal(await problemOf(response), 'token_expired');
  });

  test('wrong verifier → verifier_invalid (the token stays usable); missing → parameter_absent', async () => {
    const s = setup();
    const { token, verifier } = await approvedToken(s);
    const wrong = await exchange(s, token, `${verifier}x`);
    assert.equal(wrong.status, 401);
    assert.equal(await problemOf(wrong), 'verifier_invalid');
    const missing = await exchange(s, token, undefined);
    assert.equal(missing.status, 400);
    assert.equal(await problemOf(missing), 'parameter_absent');
    assert.match(missing.headers.get('www-authenticate') ?? '', /oauth_parameters_absent="oauth_verifier"/);
    assert.equal((await exchange(s, token, verifier)).status, 200);
  });

  test('verifier of another token → verifier_invalid; an unapproved token → verifier_invalid', async () => {
    const s = setup();
    const a = await approvedToken(s);
    const b = await approvedToken(s);
    const response = await exchange(s, a.token, b.verifier);
    assert.equal(response.status, 401);
    assert.equal(await problemOf(response), 'verifier_invalid');
    const rt = await form(await s.handler.fetch(await signed(s, '/oauth/request_token', { oauthParams: { oauth_callback: 'oob' } })));
    const pending = { key: rt.oauth_token as string, secret: rt.oauth_token_secret as string };
    const unapproved = await exchange(s, pending, 'guess');
    assert.equal(unapproved.status, 401);
    assert.equal(await problemOf(unapproved), 'verifier_invalid');
  });

  test("another consumer's request token → token_rejected; an access token in place of a request token → token_rejected", async () => {
    const s = setup();
    const { token, verifier } = await approvedToken(s);
    const other = await exchange(s, token, verifier, { consumer: OTHER_APP });
    assert.equal(other.status, 401);
    assert.equal(await problemOf(other), 'token_rejected');
    const issued = await form(await exchange(s, token, verifier));
    const access = { key: issued.oauth_token as string, secret: issued.oauth_token_secret as string };
    const swapped = await exchange(s, access, verifier);
    assert.equal(swapped.status, 401);
    assert.equal(await problemOf(swapped), 'token_rejected');
  });

  test('20 concurrent exchanges of one request token (distinct nonces) → exactly one access token', async () => {
    const s = setup();
    const { token, verifier } = await approvedToken(s);
    const responses = await Promise.all(Array.from({ length: 20 }, () => exchange(s, token, verifier)));
    const statuses = responses.map((r) => r.status);
    assert.equal(statuses.filter((x) => x === 200).length, 1, String(statuses));
    // Attempts past maxVerifierAttempts (5) are refused before the comparison, as for a dead token.
    for (const r of responses) if (r.status !== 200) assert.match((await problemOf(r)) as string, /^token_(used|rejected)$/);
  });

  test('reuseAccessTokens answers the same token for the same consumer and user; accessTokenTtlSeconds sets expiry', async () => {
    const s = setup({ reuseAccessTokens: true, accessTokenTtlSeconds: 3600 });
    const a = await approvedToken(s);
    const first = await form(await exchange(s, a.token, a.verifier));
    const b = await approvedToken(s);
    const second = await form(await exchange(s, b.token, b.verifier));
    assert.equal(second.oauth_token, first.oauth_token);
    assert.equal((await s.store.getAccessToken(first.oauth_token as string))?.expiresAt, s.clock.now() + 3_600_000);
    const c = await approvedToken(s, APP, '1002');
    assert.notEqual((await form(await exchange(s, c.token, c.verifier))).oauth_token, first.oauth_token);
  });
});

describe('access_token (xAuth)', () => {
  test('success: token for the user, host fields, x_auth_expires', async () => {
    const s = setup();
    const response = await xauth(s, 'alice', 'wonderland');
    assert.equal(response.status, 200);
    const body = await form(response);
    assert.equal(body.user_id, '1001');
    assert.equal(body.screen_name, 'alice');
    assert.equal(body.x_auth_expires, '0');
    assert.equal((await s.store.getAccessToken(body.oauth_token as string))?.consumerKey, XAUTH_APP.key);
  });

  test('wrong password and unknown user get the same 401 answer, byte for byte, through the same path', async () => {
    const s = setup();
    const wrong = await xauth(s, 'alice', 'nope');
    const unknown = await xauth(s, 'mallory', 'nope');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(await problemOf(wrong), 'permission_denied');
    assert.deepEqual([...wrong.headers], [...unknown.headers]);
    assert.equal(await wrong.text(), await unknown.text());
    assert.deepEqual(s.authCalls, ['alice', 'mallory']);
  });

  test('a consumer not allowed to use xAuth → 401 consumer_key_refused, password never checked', async () => {
    const s = setup();
    const body = { x_auth_username: 'alice', x_auth_password: 'wonderland', x_auth_mode: 'client_auth' };
    const response = await s.handler.fetch(await signed(s, '/oauth/access_token', { consumer: APP, body }));
    assert.equal(response.status, 401);
    assert.equal(await problemOf(response), 'consumer_key_refused');
    assert.deepEqual(s.authCalls, []);
  });

  test('without authenticateUser xAuth is off for everyone', async () => {
    const s = setup({ authenticateUser: undefined });
    const response = await xauth(s, 'alice', 'wonderland');
    assert.equal(response.status, 401);
    assert.equal(await problemOf(response), 'consumer_key_refused');
  });

  test('throttled per username: after 5 failures the 6th attempt is 429 with Retry-After, even with the right password', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) assert.equal((await xauth(s, 'bob', `bad-${i}`)).status, 401);
    const throttled = await xauth(s, 'bob', 'builder');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '900');
    assert.equal(await problemOf(throttled), 'permission_denied');
    assert.match((await form(throttled)).oauth_problem_advice as string, /Too many failed logins/);
    assert.equal(s.authCalls.length, 5, 'the password is not checked while throttled');
    assert.equal((await xauth(s, 'BOB', 'builder')).status, 429, 'usernames are case-folded');
    assert.equal((await xauth(s, 'alice', 'wonderland')).status, 200, 'other usernames are not affected');
    // Unknown usernames are throttled the same way (no enumeration through the throttle).
    for (let i = 0; i < 5; i++) await xauth(s, 'ghost', 'x');
    assert.equal((await xauth(s, 'ghost', 'x')).status, 429);
  });

  test('with clientKey: a failing client exhausts only its own attempts; past the per-username cap every client is slowed, never locked', async () => {
    const clientKey = (request: Request) => request.headers.get('x-test-client');
    const s = setup({ xAuthThrottle: { maxFailures: 3, windowSeconds: 60, clientKey, maxFailuresPerUsername: 7, slowIntervalSeconds: 5 } });
    const from = async (client: string | null, username: string, password: string) => {
      const body = { x_auth_username: username, x_auth_password: password, x_auth_mode: 'client_auth' };
      const request = await signed(s, '/oauth/access_token', { consumer: XAUTH_APP, body });
      if (client !== null) request.headers.set('x-test-client', client);
      return s.handler.fetch(request);
    };
    for (let i = 0; i < 3; i++) assert.equal((await from('attacker', 'bob', `bad-${i}`)).status, 401);
    const own = await from('attacker', 'bob', 'builder');
    assert.equal(own.status, 429, 'the failing client is throttled, right password or not');
    assert.equal(own.headers.get('retry-after'), '60');
    assert.equal((await from('phone', 'bob', 'builder')).status, 200, 'bob, from his own client, is not locked out');
    // A success resets that client's count only: failures spread over clients still add up per username
    // (3 from the attacker, then 4 more: the 7th failure for bob overall).
    for (const client of ['c1', 'c2']) for (let i = 0; i < 2; i++) assert.equal((await from(client, 'bob', 'bad')).status, 401);
    // Slowed: one attempt per 5-second interval for bob, from all clients together.
    const checked = s.authCalls.length;
    assert.equal((await from('c3', 'bob', 'builder')).status, 200, "the interval's one attempt");
    const slowed = await from('c4', 'bob', 'builder');
    assert.equal(slowed.status, 429, 'a second attempt in the same interval waits');
    const wait = Number(slowed.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 5, `Retry-After ${wait} is the rest of the interval`);
    assert.equal(s.authCalls.length, checked + 1, 'the refused attempt was not checked');
    s.clock.advance(wait * 1000);
    assert.equal((await from('c4', 'bob', 'builder')).status, 200, 'after the wait, bob gets in');
    // A client that exhausted its own attempts cannot take the interval's slot from bob.
    s.clock.advance(5000);
    assert.equal((await from('attacker', 'bob', 'bad')).status, 429);
    assert.equal((await from('phone', 'bob', 'builder')).status, 200, 'the slot was still free');
    assert.equal((await from('c5', 'alice', 'wonderland')).status, 200, 'other usernames are not affected');
    // No client key for a request (the function answers null): the per-username counter, as without clientKey.
    const t = setup({ xAuthThrottle: { maxFailures: 2, windowSeconds: 60, clientKey } });
    const bare = async (password: string) => {
      const body = { x_auth_username: 'bob', x_auth_password: password, x_auth_mode: 'client_auth' };
      return t.handler.fetch(await signed(t, '/oauth/access_token', { consumer: XAUTH_APP, body }));
    };
    assert.equal((await bare('bad')).status, 401);
    assert.equal((await bare('bad')).status, 401);
    assert.equal((await bare('builder')).status, 429);
  });

  test('a clientKey function that throws falls back to the per-username counter (never a 500)', async () => {
    const s = setup({
      xAuthThrottle: {
        maxFailures: 1,
        clientKey: () => {
          throw new Error('boom');
        },
      },
    });
    assert.equal((await xauth(s, 'bob', 'bad')).status, 401);
    assert.equal((await xauth(s, 'bob', 'builder')).status, 429);
  });

  test('the throttle holds under concurrency, and a success resets it', async () => {
    const s = setup({ xAuthThrottle: { maxFailures: 3, windowSeconds: 60 } });
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => xauth(s, 'bob', 'bad')))).map((r) => r.status);
    assert.equal(statuses.filter((x) => x === 401).length, 3, String(statuses));
    assert.equal(statuses.filter((x) => x === 429).length, 7);
    const t = setup({ xAuthThrottle: { maxFailures: 3, windowSeconds: 60 } });
    await xauth(t, 'bob', 'bad');
    await xauth(t, 'bob', 'bad');
    assert.equal((await xauth(t, 'bob', 'builder')).status, 200);
    await xauth(t, 'bob', 'bad');
    await xauth(t, 'bob', 'bad');
    assert.equal((await xauth(t, 'bob', 'builder')).status, 200);
  });

  test('missing username or password → 400 parameter_absent; wrong x_auth_mode → 400 parameter_rejected', async () => {
    const s = setup();
    const missing = await s.handler.fetch(
      await signed(s, '/oauth/access_token', { consumer: XAUTH_APP, body: { x_auth_mode: 'client_auth', x_auth_username: 'alice' } }),
    );
    assert.equal(missing.status, 400);
    assert.equal(await problemOf(missing), 'parameter_absent');
    assert.match(missing.headers.get('www-authenticate') ?? '', /x_auth_password/);
    const mode = await s.handler.fetch(
      await signed(s, '/oauth/access_token', {
        consumer: XAUTH_APP,
        body: { x_auth_mode: 'reverse_auth', x_auth_username: 'a', x_auth_password: 'b' },
      }),
    );
    assert.equal(mode.status, 400);
    assert.equal(await problemOf(mode), 'parameter_rejected');
  });

  test('xAuth in the query string of a GET works too', async () => {
    const s = setup();
    const query = '?x_auth_mode=client_auth&x_auth_username=alice&x_auth_password=wonderland';
    const response = await s.handler.fetch(await signed(s, '/oauth/access_token', { consumer: XAUTH_APP, method: 'GET', query }));
    assert.equal(response.status, 200);
  });
});

describe('invalidate_token', () => {
  async function accessFor(s: Setup) {
    const { token, verifier } = await approvedToken(s);
    const body = await form(await exchange(s, token, verifier));
    return { key: body.oauth_token as string, secret: body.oauth_token_secret as string };
  }

  test('revokes the access token the request is signed with; it then stops working', async () => {
    const s = setup();
    const access = await accessFor(s);
    const response = await s.handler.fetch(await signed(s, '/oauth/invalidate_token', { token: access }));
    assert.equal(response.status, 200);
    assert.deepEqual(await form(response), { oauth_token: access.key });
    assert.equal(await s.store.getAccessToken(access.key), null);
    const again = await s.handler.fetch(await signed(s, '/oauth/invalidate_token', { token: access }));
    assert.equal(again.status, 401);
    assert.equal(await problemOf(again), 'token_rejected');
  });

  test("X's path and JSON answer; GET works; access_token naming another token → 400", async () => {
    const s = setup({ paths: { invalidateToken: '/1.1/oauth/invalidate_token' }, invalidateTokenFormat: 'json' });
    const access = await accessFor(s);
    const other = await accessFor(s);
    const mismatch = await s.handler.fetch(
      await signed(s, '/1.1/oauth/invalidate_token', { token: access, body: { access_token: other.key } }),
    );
    assert.equal(mismatch.status, 400);
    assert.equal(await problemOf(mismatch), 'parameter_rejected');
    const response = await s.handler.fetch(await signed(s, '/1.1/oauth/invalidate_token', { token: access, method: 'GET' }));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { access_token: access.key });
    assert.notEqual(await s.store.getAccessToken(other.key), null);
  });

  test('a request token or another consumer’s access token cannot be invalidated', async () => {
    const s = setup();
    const { token } = await approvedToken(s);
    const withRequest = await s.handler.fetch(await signed(s, '/oauth/invalidate_token', { token }));
    assert.equal(await problemOf(withRequest), 'token_rejected');
    const access = await accessFor(s);
    const foreign = await s.handler.fetch(await signed(s, '/oauth/invalidate_token', { token: access, consumer: OTHER_APP }));
    assert.equal(foreign.status, 401);
    assert.equal(await problemOf(foreign), 'token_rejected');
    assert.notEqual(await s.store.getAccessToken(access.key), null);
  });
});
