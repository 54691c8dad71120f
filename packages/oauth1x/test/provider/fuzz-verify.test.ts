/**
 * Property-based fuzzing of the provider's parsing and verification (fast-check, 10,000+ generated inputs per
 * property): the Authorization parser agrees with the core's strict parser on every input, and verifyRequest
 * only ever resolves or rejects with the typed `OAuthProblemError` (4xx: the stores here never fail, so a 503
 * would be an internal error in disguise), and its `toResponse()` always works.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OAuthError, OAuthProblemError, parseAuthorizationHeader, percentEncode, signRequest } from '../../src/index.js';
import { type VerifyOptions, verifyRequest } from '../../src/provider/index.js';
import { parseOAuthHeader } from '../../src/provider/parse-authorization.js';
import { ACCESS, CONSUMER, TestNonceStore, TOKENS } from './verify-fixtures.js';

const RUNS = 10_000;
const NOW = 1_700_000_000;
const BASE = 'https://api.example.test/1.1/statuses/update.json';

/** Latin-1 text without NUL, CR and LF: everything a Headers value can carry. */
const headerChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'aZ09-._~%"=, \t\\+/!*\'();:@&?#'.split('')) },
  { weight: 2, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0x01, max: 0xff })
      .filter((c) => c !== 10 && c !== 13)
      .map((c) => String.fromCharCode(c)),
  },
);
const headerText = fc.string({ unit: headerChar, maxLength: 40 });
const NAMES = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'oauth_body_hash',
  'realm',
  'status',
];
const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: headerText });
const value = fc.oneof(
  fc.constantFrom(
    CONSUMER.key,
    ACCESS.key,
    'HMAC-SHA1',
    'PLAINTEXT',
    'RSA-SHA1',
    '1.0',
    '2.0',
    String(NOW),
    '-1',
    'abc',
    '',
    '%zz',
    '%FF%FE',
    'a%20b',
  ),
  fc.integer({ min: -1, max: 2 * NOW }).map(String),
  headerText,
);
const quoting = fc.constantFrom(
  (v: string) => `"${v}"`,
  (v: string) => v,
  (v: string) => `"${v}`,
  (v: string) => `"${encodeURIComponent(v)}"`,
);
const separator = fc.constantFrom(', ', ',', ' , ', ';', '', ',,', '\t,');
const scheme = fc.constantFrom('OAuth ', 'oauth ', 'OAuth', 'Bearer ', '', ' OAuth  ', 'OAuthX ');

/** Header-shaped strings: a scheme, then name=value pairs with random quoting and separators. */
const authorization = fc
  .tuple(scheme, fc.array(fc.tuple(name, fc.constantFrom('=', ' = ', '', '=='), quoting, value), { maxLength: 12 }), separator)
  .map(([s, pairs, sep]) => s + pairs.map(([n, eq, q, v]) => `${n}${eq}${q(v)}`).join(sep));
const anyHeader = fc.oneof(
  { weight: 4, arbitrary: authorization },
  { weight: 1, arbitrary: fc.string({ unit: headerChar, maxLength: 200 }) },
);

const formPairs = fc
  .array(fc.tuple(name, value, fc.boolean()), { maxLength: 8 })
  .map((pairs) => pairs.map(([n, v, raw]) => (raw ? `${n}=${v}` : `${percentEncode(n)}=${percentEncode(v)}`)).join('&'));

function outcome(result: unknown): string {
  if (result instanceof OAuthError) return `error:${result.code}`;
  return JSON.stringify(result);
}

function options(): VerifyOptions {
  return {
    lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : null),
    lookupToken: (key) => TOKENS.get(key) ?? null,
    nonceStore: new TestNonceStore(),
    clock: { now: () => NOW * 1000 },
    expectToken: 'optional',
  };
}

async function checkTyped(request: Request, opts: VerifyOptions): Promise<void> {
  try {
    await verifyRequest(request, opts);
  } catch (error) {
    assert.ok(error instanceof OAuthProblemError, `untyped error: ${String(error)}`);
    assert.ok([400, 401, 413, 414].includes(error.status), `${error.status} ${error.problem}: ${error.message}`);
    const response = error.toResponse({ realm: 'fuzz' });
    assert.equal(response.status, error.status);
    assert.match(response.headers.get('www-authenticate') ?? '', /^OAuth realm="fuzz", oauth_problem="[a-z_]+"/);
  }
}

function build(method: string, query: string, auth: string | null, contentType: string | null, body: string | null): Request | null {
  const headers = new Headers();
  try {
    if (auth !== null) headers.set('authorization', auth);
    if (contentType !== null) headers.set('content-type', contentType);
    return new Request(`${BASE}${query === '' ? '' : `?${query}`}`, {
      method,
      headers,
      ...(body === null || method === 'GET' ? {} : { body }),
    });
  } catch {
    return null; // not a request fetch can even express (e.g. a header value with leading garbage Headers refuses)
  }
}

describe('provider fuzzing (fast-check)', { timeout: 300_000 }, () => {
  it(`parseOAuthHeader agrees with the core parser on ${RUNS} header-shaped strings`, () => {
    fc.assert(
      fc.property(anyHeader, (header) => {
        let mine: unknown;
        let core: unknown;
        try {
          mine = parseOAuthHeader(header);
        } catch (error) {
          mine = error;
        }
        try {
          core = parseAuthorizationHeader(header, { maxLength: 1e9, maxParameters: 1e9 });
        } catch (error) {
          core = error;
        }
        if (mine instanceof Error && !(mine instanceof OAuthError)) throw mine;
        assert.equal(outcome(mine), outcome(core));
      }),
      { numRuns: RUNS },
    );
  });

  it(`verifyRequest resolves or throws OAuthProblemError (4xx) on ${RUNS} generated requests`, async () => {
    let built = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        formPairs,
        fc.option(anyHeader, { nil: null }),
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', null),
        fc.option(formPairs, { nil: null }),
        async (method, query, auth, contentType, body) => {
          const request = build(method, query, auth, contentType, body);
          if (request === null) return;
          built++;
          await checkTyped(request, options());
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(built > RUNS * 0.9, `only ${built} requests could be built`);
  });

  it(`one-character mutations of a valid signed request: ${RUNS} runs`, async () => {
    const signed = await signRequest({
      method: 'POST',
      url: `${BASE}?a=1&b=x+y`,
      body: { status: 'Hello Ladies + Gentlemen!' },
      consumer: CONSUMER,
      token: ACCESS,
      timestamp: NOW,
      nonce: 'fuzz-nonce',
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('authorization', 'url', 'body'), fc.nat(), headerChar, async (where, position, char) => {
        const mutate = (text: string) => {
          const at = position % (text.length + 1);
          return text.slice(0, at) + char + text.slice(at + 1);
        };
        const request = build(
          'POST',
          where === 'url' ? mutate(signed.url.slice(BASE.length + 1)) : signed.url.slice(BASE.length + 1),
          where === 'authorization' ? mutate(signed.authorization) : signed.authorization,
          'application/x-www-form-urlencoded',
          where === 'body' ? mutate(signed.body as string) : (signed.body as string),
        );
        if (request !== null) await checkTyped(request, options());
      }),
      { numRuns: RUNS },
    );
  });
});
