import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { XAuthThrottle } from '../../src/provider/index.js';
import { form, type Setup, setup, signed, USERS, XAUTH_APP } from './endpoints-fixtures.js';

const clientKey = (request: Request) => request.headers.get('x-test-client');

async function from(s: Setup, client: string | null, username: string, password: string): Promise<Response> {
  const body = { x_auth_username: username, x_auth_password: password, x_auth_mode: 'client_auth' };
  const request = await signed(s, '/oauth/access_token', { consumer: XAUTH_APP, body });
  if (client !== null) request.headers.set('x-test-client', client);
  return s.handler.fetch(request);
}

/** A setup whose authenticateUser looks users up by the canonical name it is given, and records it. */
function canonicalSetup(xAuthThrottle: XAuthThrottle) {
  const seen: string[] = [];
  const s = setup({
    xAuthThrottle,
    authenticateUser: (_username, password, { canonicalUsername }) => {
      seen.push(canonicalUsername);
      const user = USERS.get(canonicalUsername);
      return user !== undefined && user.password === password ? { userId: user.id } : null;
    },
  });
  return { s, seen };
}

describe('xAuth throttle: one canonical username', () => {
  test('@bob, bob, BOB and ＢＯＢ share one counter, without and with clientKey; the lookup gets the same name', async () => {
    for (const throttle of [{}, { clientKey }] as XAuthThrottle[]) {
      const { s, seen } = canonicalSetup(throttle);
      const forms = ['@bob', 'bob', 'BOB', 'ＢＯＢ', '@Bob'];
      for (const name of forms) assert.equal((await from(s, 'phone', name, 'wrong')).status, 401, name);
      assert.equal((await from(s, 'phone', 'bob', 'builder')).status, 429, '5 failures in all: the 6th waits');
      assert.deepEqual(seen, ['bob', 'bob', 'bob', 'bob', 'bob']);
    }
    const { s } = canonicalSetup({ clientKey });
    const ok = await from(s, 'phone', '@BOB', 'builder');
    assert.equal(ok.status, 200, 'the canonical name finds the user');
    assert.equal((await form(ok)).user_id, '1002');
  });

  test("the host's normalizeUsername is used for the counter and passed to authenticateUser; a throwing one falls back", async () => {
    const { s, seen } = canonicalSetup({ maxFailures: 2, normalizeUsername: (name) => name.trim().toLowerCase() });
    assert.equal((await from(s, null, ' bob', 'x')).status, 401);
    assert.equal((await from(s, null, 'BOB ', 'x')).status, 401);
    assert.equal((await from(s, null, 'bob', 'builder')).status, 429);
    assert.deepEqual(seen, ['bob', 'bob']);
    const failing = canonicalSetup({
      maxFailures: 1,
      normalizeUsername: () => {
        throw new Error('boom');
      },
    });
    assert.equal((await from(failing.s, null, '@bob', 'x')).status, 401);
    assert.equal((await from(failing.s, null, 'BOB', 'builder')).status, 429);
    assert.deepEqual(failing.seen, ['bob']);
  });
});

describe('xAuth throttle: per client (source)', () => {
  test('one client trying many usernames reaches the password check at most maxAttemptsPerClient times; other clients are not affected', async () => {
    const s = setup({ xAuthThrottle: { clientKey, maxAttemptsPerClient: 10 } });
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await from(s, 'flood', `ghost-${i}`, 'x')).status);
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(5).fill(429)]);
    assert.equal(s.authCalls.length, 10);
    assert.equal((await from(s, 'flood', 'alice', 'wonderland')).status, 429, 'every username, right password or not');
    assert.equal((await from(s, 'phone', 'alice', 'wonderland')).status, 200);
  });

  test('concurrently: 40 usernames at once from one client, exactly maxAttemptsPerClient checked', async () => {
    const s = setup({ xAuthThrottle: { clientKey, maxAttemptsPerClient: 10 } });
    const requests = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const body = { x_auth_username: `ghost-${i}`, x_auth_password: 'x', x_auth_mode: 'client_auth' };
        const request = await signed(s, '/oauth/access_token', { consumer: XAUTH_APP, body });
        request.headers.set('x-test-client', 'flood');
        return request;
      }),
    );
    const statuses = (await Promise.all(requests.map((r) => s.handler.fetch(r)))).map((r) => r.status);
    assert.equal(statuses.filter((x) => x === 401).length, 10, String(statuses));
    assert.equal(statuses.filter((x) => x === 429).length, 30);
    assert.equal(s.authCalls.length, 10);
  });

  test('per username and client, concurrently: 30 wrong passwords at once, exactly maxFailures checked', async () => {
    const s = setup({ xAuthThrottle: { clientKey, maxFailures: 4 } });
    const statuses = (await Promise.all(Array.from({ length: 30 }, () => from(s, 'one', 'bob', 'bad')))).map((r) => r.status);
    assert.equal(statuses.filter((x) => x === 401).length, 4, String(statuses));
    assert.equal(s.authCalls.length, 4);
    assert.equal((await from(s, 'two', 'bob', 'builder')).status, 200);
  });
});
