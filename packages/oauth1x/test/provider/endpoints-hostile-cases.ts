// Endpoint-level hostile cases for the token endpoints handler: each builds its requests against a fresh
// Setup (handler + store) and states the status and oauth_problem of the answer to the last one. Together with
// the verification table (hostile-cases.ts) they cover the whole list. Run against every store.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Credentials } from '../../src/index.js';
import type { ProviderStore } from '../../src/provider/index.js';
import { APP, BASE, form, OTHER_APP, problemOf, type Setup, type SignOptions, setup, signed, XAUTH_APP } from './endpoints-fixtures.js';

export interface EndpointHostileCase {
  name: string;
  status: number;
  problem: string;
  build: (s: Setup) => Promise<Request[]>;
}

const rt = (s: Setup, o: SignOptions = {}) => signed(s, '/oauth/request_token', { oauthParams: { oauth_callback: 'oob' }, ...o });
const at = (s: Setup, token: Credentials | null, verifier?: string, o: SignOptions = {}) =>
  signed(s, '/oauth/access_token', { token, oauthParams: verifier === undefined ? undefined : { oauth_verifier: verifier }, ...o });
const xa = (s: Setup, body: Record<string, string>, o: SignOptions = {}) =>
  signed(s, '/oauth/access_token', { consumer: XAUTH_APP, body: { x_auth_mode: 'client_auth', ...body }, ...o });
const inv = (s: Setup, token: Credentials | null, o: SignOptions = {}) => signed(s, '/oauth/invalidate_token', { token, ...o });

/** A pending request token of `consumer` (request_token sent through the handler). */
async function pending(s: Setup, consumer = APP): Promise<Credentials> {
  const body = await form(await s.handler.fetch(await rt(s, { consumer })));
  return { key: body.oauth_token as string, secret: body.oauth_token_secret as string };
}

async function approved(s: Setup, consumer = APP) {
  const token = await pending(s, consumer);
  const { verifier } = await s.handler.approve(token.key, '1001');
  return { token, verifier };
}

async function accessToken(s: Setup, consumer = APP): Promise<Credentials> {
  const { token, verifier } = await approved(s, consumer);
  const body = await form(await s.handler.fetch(await at(s, token, verifier, { consumer })));
  return { key: body.oauth_token as string, secret: body.oauth_token_secret as string };
}

export const ENDPOINT_HOSTILE_CASES: EndpointHostileCase[] = [
  // request_token
  {
    name: 'request_token: missing oauth_callback',
    status: 400,
    problem: 'parameter_absent',
    build: async (s) => [await rt(s, { oauthParams: {} })],
  },
  {
    name: 'request_token: empty oauth_callback',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await rt(s, { oauthParams: { oauth_callback: '' } })],
  },
  {
    name: 'request_token: javascript: callback',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await rt(s, { oauthParams: { oauth_callback: 'javascript:alert(1)' } })],
  },
  {
    name: 'request_token: unregistered callback',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await rt(s, { oauthParams: { oauth_callback: 'https://evil.example/cb' } })],
  },
  {
    name: 'request_token: oob for a consumer without the PIN flow',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await rt(s, { consumer: OTHER_APP })],
  },
  {
    name: 'request_token: carries an oauth_token',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await rt(s, { token: { key: 'x', secret: 'y' } })],
  },
  {
    name: 'request_token: wrong consumer secret',
    status: 401,
    problem: 'signature_invalid',
    build: async (s) => [await rt(s, { consumer: { key: APP.key, secret: 'wrong' } })],
  },
  // access_token, three-legged
  {
    name: 'access_token: reused request token',
    status: 401,
    problem: 'token_used',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      return [await at(s, token, verifier), await at(s, token, verifier)];
    },
  },
  {
    name: 'access_token: replayed exchange (same nonce)',
    status: 401,
    problem: 'nonce_used',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      const first = await at(s, token, verifier, { nonce: 'fixed-nonce-1' });
      return [first, await at(s, token, verifier, { nonce: 'fixed-nonce-1' })];
    },
  },
  {
    name: 'access_token: expired request token',
    status: 401,
    problem: 'token_expired',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      s.clock.advance(901_000);
      return [await at(s, token, verifier)];
    },
  },
  {
    name: 'access_token: missing verifier',
    status: 400,
    problem: 'parameter_absent',
    build: async (s) => [await at(s, (await approved(s)).token)],
  },
  {
    name: 'access_token: wrong verifier',
    status: 401,
    problem: 'verifier_invalid',
    build: async (s) => [await at(s, (await approved(s)).token, 'not-the-verifier')],
  },
  {
    name: 'access_token: the right verifier after five wrong ones (guessing a PIN)',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      const requests: Request[] = [];
      for (let i = 0; i < 5; i++) requests.push(await at(s, token, `guess-${i}`));
      requests.push(await at(s, token, verifier));
      return requests;
    },
  },
  {
    name: 'access_token: empty verifier',
    status: 401,
    problem: 'verifier_invalid',
    build: async (s) => [await at(s, (await approved(s)).token, '')],
  },
  {
    name: 'access_token: verifier of another token',
    status: 401,
    problem: 'verifier_invalid',
    build: async (s) => {
      const a = await approved(s);
      const b = await approved(s);
      return [await at(s, a.token, b.verifier)];
    },
  },
  {
    name: 'access_token: request token not yet approved',
    status: 401,
    problem: 'verifier_invalid',
    build: async (s) => [await at(s, await pending(s), 'guess')],
  },
  {
    name: 'access_token: denied request token',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => {
      const token = await pending(s);
      await s.handler.deny(token.key);
      return [await at(s, token, 'x')];
    },
  },
  {
    name: 'access_token: request token of another consumer',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      return [await at(s, token, verifier, { consumer: OTHER_APP })];
    },
  },
  {
    name: 'access_token: access token in place of a request token',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => [await at(s, await accessToken(s), 'x')],
  },
  {
    name: 'access_token: unknown token',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => [await at(s, { key: 'no-such-token', secret: 'x' }, 'x')],
  },
  {
    name: 'access_token: wrong request token secret',
    status: 401,
    problem: 'signature_invalid',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      return [await at(s, { key: token.key, secret: 'wrong' }, verifier)];
    },
  },
  { name: 'access_token: no token and no xAuth', status: 400, problem: 'parameter_absent', build: async (s) => [await at(s, null)] },
  {
    name: 'access_token: %zz in the form body',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => {
      const { token, verifier } = await approved(s);
      const good = await at(s, token, verifier);
      const headers = new Headers(good.headers);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      return [new Request(good.url, { method: 'POST', headers, body: 'a=%zz' })];
    },
  },
  {
    name: 'access_token: oversized form body',
    status: 413,
    problem: 'parameter_rejected',
    build: async () => [
      new Request(`${BASE}/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `x=${'y'.repeat(70_000)}`,
      }),
    ],
  },
  {
    name: 'access_token: malformed Authorization header',
    status: 400,
    problem: 'parameter_rejected',
    build: async () => [
      new Request(`${BASE}/oauth/access_token`, { method: 'POST', headers: { authorization: 'OAuth oauth_token="abc' } }),
    ],
  },
  // access_token, xAuth
  {
    name: 'xAuth: consumer not allowed',
    status: 401,
    problem: 'consumer_key_refused',
    build: async (s) => [await xa(s, { x_auth_username: 'alice', x_auth_password: 'wonderland' }, { consumer: APP })],
  },
  {
    name: 'xAuth: wrong password',
    status: 401,
    problem: 'permission_denied',
    build: async (s) => [await xa(s, { x_auth_username: 'alice', x_auth_password: 'nope' })],
  },
  {
    name: 'xAuth: unknown user',
    status: 401,
    problem: 'permission_denied',
    build: async (s) => [await xa(s, { x_auth_username: 'mallory', x_auth_password: 'nope' })],
  },
  {
    name: 'xAuth: throttled username',
    status: 429,
    problem: 'permission_denied',
    build: async (s) => {
      const requests: Request[] = [];
      for (let i = 0; i < 6; i++) requests.push(await xa(s, { x_auth_username: 'bob', x_auth_password: `guess-${i}` }));
      return requests;
    },
  },
  {
    name: 'xAuth: @bob, BOB and ＢＯＢ are counted as bob',
    status: 429,
    problem: 'permission_denied',
    build: async (s) => {
      const requests: Request[] = [];
      const forms = ['@bob', 'bob', 'BOB', 'ＢＯＢ', '@Bob', 'bob'];
      for (const [i, name] of forms.entries()) requests.push(await xa(s, { x_auth_username: name, x_auth_password: `guess-${i}` }));
      return requests;
    },
  },
  {
    name: 'xAuth: missing password',
    status: 400,
    problem: 'parameter_absent',
    build: async (s) => [await xa(s, { x_auth_username: 'alice' })],
  },
  {
    name: 'xAuth: wrong x_auth_mode',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await xa(s, { x_auth_mode: 'reverse_auth', x_auth_username: 'alice', x_auth_password: 'wonderland' })],
  },
  {
    name: 'xAuth: with an oauth_token',
    status: 400,
    problem: 'parameter_rejected',
    build: async (s) => [await xa(s, { x_auth_username: 'alice', x_auth_password: 'wonderland' }, { token: { key: 't', secret: 's' } })],
  },
  {
    name: 'xAuth: password added after signing',
    status: 401,
    problem: 'signature_invalid',
    build: async (s) => {
      const good = await xa(s, { x_auth_username: 'alice', x_auth_password: 'wonderland' });
      const body = (await good.text()).replace('x_auth_password=wonderland', 'x_auth_password=other');
      return [new Request(good.url, { method: 'POST', headers: good.headers, body })];
    },
  },
  {
    name: 'xAuth: one hour old timestamp',
    status: 401,
    problem: 'timestamp_refused',
    build: async (s) => {
      s.clock.advance(-3_600_000);
      const request = await xa(s, { x_auth_username: 'alice', x_auth_password: 'wonderland' });
      s.clock.advance(3_600_000);
      return [request];
    },
  },
  // invalidate_token
  { name: 'invalidate_token: request token', status: 401, problem: 'token_rejected', build: async (s) => [await inv(s, await pending(s))] },
  {
    name: 'invalidate_token: already revoked token',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => {
      const token = await accessToken(s);
      return [await inv(s, token), await inv(s, token)];
    },
  },
  {
    name: 'invalidate_token: token of another consumer',
    status: 401,
    problem: 'token_rejected',
    build: async (s) => [await inv(s, await accessToken(s), { consumer: OTHER_APP })],
  },
  { name: 'invalidate_token: no token', status: 400, problem: 'parameter_absent', build: async (s) => [await inv(s, null)] },
  // authorize
  {
    name: 'authorize: unknown token',
    status: 401,
    problem: 'token_rejected',
    build: async () => [new Request(`${BASE}/oauth/authorize?oauth_token=nope`)],
  },
  {
    name: 'authorize: missing oauth_token',
    status: 400,
    problem: 'parameter_absent',
    build: async () => [new Request(`${BASE}/oauth/authorize`)],
  },
  {
    name: 'authorize: already approved token',
    status: 401,
    problem: 'token_used',
    build: async (s) => [new Request(`${BASE}/oauth/authorize?oauth_token=${encodeURIComponent((await approved(s)).token.key)}`)],
  },
];

/** Runs the whole table against handlers over stores from `open` (one fresh store per case). */
export function runEndpointHostile(name: string, open: () => ProviderStore | Promise<ProviderStore>): void {
  describe(`token endpoints hostile table (${name} store)`, () => {
    const stores: ProviderStore[] = [];
    after(async () => {
      for (const store of stores) await store.close();
    });
    for (const c of ENDPOINT_HOSTILE_CASES) {
      test(`${c.name} → ${c.status} ${c.problem}`, async () => {
        const store = await open();
        stores.push(store);
        const s = setup({ realm: 'oauth' }, store);
        const requests = await c.build(s);
        let response: Response | undefined;
        for (const request of requests) {
          response = await s.handler.fetch(request);
          assert.ok(response.status < 500, `5xx from ${c.name}: ${response.status}`);
        }
        const last = response as Response;
        assert.equal(await problemOf(last.clone()), c.problem);
        assert.equal(last.status, c.status);
        assert.match(last.headers.get('www-authenticate') ?? '', /^OAuth realm="oauth", oauth_problem="/);
      });
    }
  });
}
