// uniformCredentialErrors: an unknown consumer, an unknown / revoked / foreign / wrong-kind token, a signature
// method the consumer may not use and a bad signature get the same wire answer (status, headers, body), so
// nobody without the secrets can tell which credential exists; without the option each keeps its own problem.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { type Credentials, OAuthProblemError } from '../../src/index.js';
import type { VerifyOptions } from '../../src/provider/index.js';
import { verifyRequest } from '../../src/provider/index.js';
import { APP, approvedToken, exchange, form, problemOf, type Setup, setup, signed as signedAt } from './endpoints-fixtures.js';
import { CONSUMER, fixtureOptions, OTHER_ACCESS, protectedResource, REQUEST, signed } from './verify-fixtures.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** What goes over the wire, the Date header aside. */
async function wire(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== 'date').sort();
  return { status: response.status, headers, body: await response.text() };
}

/** Every credential failure a protected resource can see, by name. */
const FAILURES: Record<string, () => Promise<Request>> = {
  'bad signature': () => signed({ consumer: { key: CONSUMER.key, secret: 'not the secret' } }),
  'unknown consumer': () => signed({ consumer: { key: 'no-such-consumer', secret: 'x' } }),
  'unknown token': () => signed({ token: { key: 'no-such-token', secret: 'x' } }),
  "another consumer's token": () => signed({ token: OTHER_ACCESS }),
  'a request token on a protected resource': () => signed({ token: REQUEST }),
  'a method the consumer has no key for (RSA-SHA1)': () => signed({ signatureMethod: 'RSA-SHA1', privateKey: RSA_KEY }),
};

async function answers(options: VerifyOptions) {
  const resource = protectedResource(options);
  const out: Record<string, Awaited<ReturnType<typeof wire>>> = {};
  for (const [name, make] of Object.entries(FAILURES)) out[name] = await wire(await resource(await make()));
  return out;
}

describe('verifyRequest uniformCredentialErrors', () => {
  test('on: every credential failure gets the same status, headers and body (401 signature_invalid)', async () => {
    const all = await answers(fixtureOptions({ uniformCredentialErrors: true }));
    const reference = all['bad signature'];
    assert.equal(reference?.status, 401);
    assert.match(reference?.body ?? '', /^oauth_problem=signature_invalid$/);
    for (const [name, answer] of Object.entries(all)) assert.deepEqual(answer, reference, name);
    // A good request still verifies.
    assert.equal((await protectedResource(fixtureOptions({ uniformCredentialErrors: true }))(await signed())).status, 200);
  });

  test('off (default): each failure keeps its own problem, as before', async () => {
    const all = await answers(fixtureOptions());
    const problems = Object.values(all).map((a) => new URLSearchParams(a.body).get('oauth_problem'));
    assert.deepEqual(problems, [
      'signature_invalid',
      'consumer_key_unknown',
      'token_rejected',
      'token_rejected',
      'token_rejected',
      'signature_method_rejected',
    ]);
  });

  test('on: the precise problem stays in the error cause, for the host logs', async () => {
    const options = fixtureOptions({ uniformCredentialErrors: true });
    const rejection = await verifyRequest(await FAILURES['unknown consumer']!(), options).catch((error: unknown) => error);
    assert.ok(rejection instanceof OAuthProblemError);
    assert.equal(rejection.problem, 'signature_invalid');
    assert.ok(rejection.cause instanceof OAuthProblemError);
    assert.equal(rejection.cause.problem, 'consumer_key_unknown');
  });
});

/** Token endpoint failures of the handler, by name (each needs a fresh setup's state). */
async function endpointFailures(s: Setup): Promise<Record<string, Request>> {
  const { token } = await approvedToken(s);
  const dead = await approvedToken(s);
  for (let i = 0; i < 5; i++) await exchange(s, dead.token, `wrong-${i}`);
  const access = await form(await approve(s));
  const revoked: Credentials = { key: access.oauth_token as string, secret: access.oauth_token_secret as string };
  await s.handler.fetch(await signedAt(s, '/oauth/invalidate_token', { token: revoked }));
  const callback = { oauth_callback: 'oob' };
  return {
    'request_token, bad signature': await signedAt(s, '/oauth/request_token', {
      consumer: { key: APP.key, secret: 'x' },
      oauthParams: callback,
    }),
    'request_token, unknown consumer': await signedAt(s, '/oauth/request_token', {
      consumer: { key: 'nobody', secret: 'x' },
      oauthParams: callback,
    }),
    'access_token, bad token secret': await signedAt(s, '/oauth/access_token', {
      token: { key: token.key, secret: 'x' },
      oauthParams: { oauth_verifier: 'v' },
    }),
    'access_token, unknown request token': await signedAt(s, '/oauth/access_token', {
      token: { key: 'no-such-request-token', secret: 'x' },
      oauthParams: { oauth_verifier: 'v' },
    }),
    'access_token, token dead of wrong verifiers': await signedAt(s, '/oauth/access_token', {
      token: dead.token,
      oauthParams: { oauth_verifier: dead.verifier },
    }),
    'invalidate_token, revoked token': await signedAt(s, '/oauth/invalidate_token', { token: revoked }),
  };
}

/** A fresh approved request token exchanged for an access token. */
async function approve(s: Setup): Promise<Response> {
  const { token, verifier } = await approvedToken(s);
  return exchange(s, token, verifier);
}

describe('token endpoints uniformCredentialErrors (ProviderVerifyOptions)', () => {
  test('on: every credential failure of request_token, access_token and invalidate_token answers alike', async () => {
    const s = setup({ verify: { uniformCredentialErrors: true } });
    const all: Record<string, Awaited<ReturnType<typeof wire>>> = {};
    for (const [name, request] of Object.entries(await endpointFailures(s))) all[name] = await wire(await s.handler.fetch(request));
    const reference = all['request_token, bad signature'];
    assert.equal(reference?.status, 401);
    for (const [name, answer] of Object.entries(all)) assert.deepEqual(answer, reference, name);
  });

  test('off (default): the answers differ as before', async () => {
    const s = setup();
    const problems: string[] = [];
    for (const request of Object.values(await endpointFailures(s)))
      problems.push((await problemOf(await s.handler.fetch(request))) as string);
    assert.deepEqual(problems, [
      'signature_invalid',
      'consumer_key_unknown',
      'signature_invalid',
      'token_rejected',
      'token_rejected',
      'token_rejected',
    ]);
  });
});
