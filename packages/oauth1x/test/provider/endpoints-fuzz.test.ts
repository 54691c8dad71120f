// Property test: whatever arrives at the token endpoints (any method, path, header, query, body), the handler
// answers — never throws, never a 5xx (503 only when the store fails, which it does not here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { APP, BASE, setup, signed } from './endpoints-fixtures.js';

const PATHS = ['/oauth/request_token', '/oauth/authorize', '/oauth/access_token', '/oauth/invalidate_token', '/x'];
const NAMES = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_nonce',
  'oauth_timestamp',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'x_auth_mode',
  'x_auth_username',
  'x_auth_password',
  'access_token',
];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'oob', 'HMAC-SHA1', 'PLAINTEXT', '1.0', '2.0', 'client_auth', '%zz', '%FF%FE', '"', '\\', APP.key),
);
const pairs = fc.array(fc.tuple(fc.constantFrom(...NAMES, 'a', 'b'), text), { maxLength: 8 });
const encode = (list: Array<[string, string]>) => list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

test('fuzz: 3,000 random requests at the token endpoints never throw and never answer 5xx', { timeout: 120_000 }, async () => {
  const s = setup();
  // A few real tokens so lookups sometimes hit.
  await s.handler.fetch(await signed(s, '/oauth/request_token', { oauthParams: { oauth_callback: 'oob' } }));
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE'),
        path: fc.constantFrom(...PATHS),
        query: pairs,
        header: fc.oneof(
          fc.constant(null),
          fc.string({ maxLength: 200 }),
          pairs.map((list) => `OAuth ${list.map(([k, v]) => `${k}="${encodeURIComponent(v)}"`).join(', ')}`),
        ),
        body: fc.oneof(fc.constant(null), pairs.map(encode), fc.string({ maxLength: 100 })),
        form: fc.boolean(),
      }),
      async (r) => {
        const headers = new Headers();
        if (r.header !== null) {
          try {
            headers.set('authorization', r.header);
          } catch {
            return; // not a valid header value: no client can send it
          }
        }
        if (r.form) headers.set('content-type', 'application/x-www-form-urlencoded');
        const hasBody = r.body !== null && r.method !== 'GET' && r.method !== 'HEAD';
        const url = `${BASE}${r.path}${r.query.length > 0 ? `?${encode(r.query)}` : ''}`;
        const response = await s.handler.fetch(new Request(url, { method: r.method, headers, body: hasBody ? r.body : undefined }));
        assert.ok(response.status < 500, `status ${response.status} for ${JSON.stringify(r)}`);
        await response.arrayBuffer();
      },
    ),
    { numRuns: 3000 },
  );
});
