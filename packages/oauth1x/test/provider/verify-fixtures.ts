/**
 * Shared fixtures of the verification tests: a tiny in-memory nonce store, a credential set and a protected
 * resource handler built on verifyRequest.
 *
 * @module
 */
import assert from 'node:assert/strict';
import type { HostileContext } from '@oauth1x/test-kit/hostile/hostile-cases.js';
import { OAuthProblemError, type SignRequestOptions, signRequest } from '../../src/index.js';
import type { NonceStore, TokenRecord, VerifyOptions } from '../../src/provider/index.js';
import { problemResponse, verifyRequest } from '../../src/provider/index.js';

/** A minimal atomic (single-threaded) nonce store that also counts claims. */
export class TestNonceStore implements NonceStore {
  readonly seen = new Map<string, number>();
  claims = 0;
  async claim(key: string, expiresAtMs: number): Promise<boolean> {
    this.claims++;
    if (this.seen.has(key)) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }
}

export const CONSUMER = { key: 'consumer-one', secret: 'consumer secret 1 ~!*' };
export const OTHER_CONSUMER = { key: 'consumer-two', secret: 'consumer secret 2' };
export const ACCESS = { key: 'access-one', secret: 'access secret 1' };
export const OTHER_ACCESS = { key: 'access-two', secret: 'access secret 2' };
export const REQUEST = { key: 'request-one', secret: 'request secret 1' };

export const TOKENS = new Map<string, TokenRecord>([
  [ACCESS.key, { secret: ACCESS.secret, kind: 'access', consumerKey: CONSUMER.key }],
  [OTHER_ACCESS.key, { secret: OTHER_ACCESS.secret, kind: 'access', consumerKey: OTHER_CONSUMER.key }],
  [REQUEST.key, { secret: REQUEST.secret, kind: 'request', consumerKey: CONSUMER.key }],
]);

/** Verify options over the fixtures, with overrides. */
export function fixtureOptions(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  const consumers = new Map([
    [CONSUMER.key, { secret: CONSUMER.secret }],
    [OTHER_CONSUMER.key, { secret: OTHER_CONSUMER.secret }],
  ]);
  return {
    lookupConsumer: (key) => consumers.get(key) ?? null,
    lookupToken: (key) => TOKENS.get(key) ?? null,
    nonceStore: new TestNonceStore(),
    ...overrides,
  };
}

/** A protected resource: 200 with the consumer key, or the problem answer. */
export function protectedResource(options: VerifyOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const verified = await verifyRequest(request, options);
      return new Response(`ok ${verified.consumerKey}`);
    } catch (error) {
      return problemResponse(error, { realm: 'test' });
    }
  };
}

export function hostileContext(baseUrl: string): HostileContext {
  return { baseUrl, consumer: CONSUMER, token: ACCESS, otherConsumerToken: OTHER_ACCESS, requestToken: REQUEST };
}

export const URL_BASE = 'https://api.example.test/1.1/statuses/update.json?include_entities=true&q=a+b';

/** A POST to URL_BASE with a form body, signed with the fixture credentials (override anything). */
export async function signed(extra: Partial<SignRequestOptions> = {}): Promise<Request> {
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

/** Awaits a promise that must reject with an OAuthProblemError, and returns the error. */
export async function problem(promise: Promise<unknown>): Promise<OAuthProblemError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OAuthProblemError, String(error));
    return error;
  }
  assert.fail('expected a problem');
}
