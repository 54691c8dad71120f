/**
 * The hostile-input table for OAuth 1.0a verification: each case builds one or more requests against a
 * protected resource and states the status and `oauth_problem` of the answer to the last one. Reusable against
 * any `fetch(Request) => Response` handler (verifyRequest directly, the token endpoints, the sandbox over HTTP):
 * describe the handler with a `HostileContext`, send each case's requests in order, and compare the last
 * answer's status and `problemOf(response)`.
 *
 * @module
 */
import { generateNonce, percentEncode } from 'oauth1x';
import { DUPLICATE_CASES } from './hostile-duplicate-cases.js';
import {
  drop,
  editedHeader,
  encoded,
  type HostileCase,
  nonCanonical,
  now,
  rawHeader,
  replace,
  signedWith,
  signFor,
  withHeader,
} from './hostile-helpers.js';

export { type HostileCase, type HostileContext, problemOf, signFor, uniformAnswer } from './hostile-helpers.js';

const missing = (name: string): HostileCase => ({
  name: `missing ${name}`,
  status: 400,
  problem: 'parameter_absent',
  build: (ctx) => editedHeader(ctx, drop(name)),
});

/** The table. */
export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'header: unquoted value',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => [withHeader(ctx, 'OAuth oauth_consumer_key=abc')],
  },
  {
    name: 'header: unterminated value',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => [withHeader(ctx, `OAuth oauth_consumer_key="${ctx.consumer.key}, oauth_nonce="1`)],
  },
  { name: 'header: OAuth with no parameters', status: 400, problem: 'parameter_absent', build: async (ctx) => [withHeader(ctx, 'OAuth')] },
  { name: 'header: empty value', status: 400, problem: 'parameter_absent', build: async (ctx) => [withHeader(ctx, '')] },
  { name: 'header: garbage', status: 400, problem: 'parameter_rejected', build: async (ctx) => [withHeader(ctx, 'OAuth ,,=="" ;; \\"')] },
  {
    name: 'header: trailing comma',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => [withHeader(ctx, `${(await signFor(ctx)).authorization},`)],
  },
  {
    name: 'header: text after a value',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => [withHeader(ctx, `${(await signFor(ctx)).authorization}x`)],
  },
  {
    name: 'header: another scheme only',
    status: 400,
    problem: 'parameter_absent',
    build: async (ctx) => [withHeader(ctx, 'Bearer abc.def.ghi')],
  },
  {
    name: 'header: non-oauth parameter',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => editedHeader(ctx, (p) => [...p, ['status', 'hi']]),
  },
  {
    name: 'duplicate in header: oauth_nonce twice',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => editedHeader(ctx, (p) => [...p, ['oauth_nonce', 'again']]),
  },
  {
    name: 'duplicate in header and query: oauth_nonce',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      const url = new URL(signed.url);
      url.searchParams.append('oauth_nonce', 'x');
      return [withHeader(ctx, signed.authorization, url.href)];
    },
  },
  {
    name: 'duplicate in header and body: oauth_consumer_key',
    status: 400,
    problem: 'parameter_rejected',
    // With compat.sameValueInHeaderAndBody the same value is taken once: accepted (same-value-compat.test.ts).
    applies: (ctx) => ctx.sameValueInHeaderAndBody !== true,
    build: async (ctx) => {
      const signed = await signFor(ctx, { method: 'POST', body: { oauth_consumer_key: ctx.consumer.key } });
      return [
        new Request(signed.url, {
          method: 'POST',
          headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
          body: signed.body as string,
        }),
      ];
    },
  },
  {
    name: 'duplicate in query and body: oauth_timestamp',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx, { method: 'POST', body: { status: 'x' }, transport: 'query' });
      const body = `${signed.body}&oauth_timestamp=${now(ctx)}`;
      return [new Request(signed.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })];
    },
  },
  {
    name: 'duplicate in query: oauth_signature twice',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx, { transport: 'query' });
      return [new Request(`${signed.url}&oauth_signature=AAAA`)];
    },
  },
  missing('oauth_consumer_key'),
  missing('oauth_signature_method'),
  missing('oauth_signature'),
  missing('oauth_timestamp'),
  missing('oauth_nonce'),
  missing('oauth_token'),
  {
    name: 'unknown signature method',
    status: 400,
    problem: 'signature_method_rejected',
    build: (ctx) => editedHeader(ctx, replace('oauth_signature_method', 'HMAC-MD5')),
  },
  {
    name: 'lower-case signature method',
    status: 400,
    problem: 'signature_method_rejected',
    build: (ctx) => editedHeader(ctx, replace('oauth_signature_method', 'hmac-sha1')),
  },
  { name: 'oauth_version=2.0', status: 400, problem: 'version_rejected', build: (ctx) => signedWith(ctx, { version: '2.0' }) },
  {
    name: 'timestamp: not numeric',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => signedWith(ctx, { timestamp: 'yesterday' }),
  },
  {
    name: 'timestamp: negative',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => signedWith(ctx, { timestamp: String(-now(ctx)) }),
  },
  {
    name: 'timestamp: fractional',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => signedWith(ctx, { timestamp: `${now(ctx)}.5` }),
  },
  {
    name: 'timestamp: absurdly long',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => signedWith(ctx, { timestamp: '9'.repeat(40) }),
  },
  {
    name: 'timestamp: one hour old',
    status: 401,
    problem: 'timestamp_refused',
    build: (ctx) => signedWith(ctx, { timestamp: now(ctx) - 3600 }),
  },
  {
    name: 'timestamp: one hour ahead',
    status: 401,
    problem: 'timestamp_refused',
    build: (ctx) => signedWith(ctx, { timestamp: now(ctx) + 3600 }),
  },
  {
    name: 'nonce reused',
    status: 401,
    problem: 'nonce_used',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      return [withHeader(ctx, signed.authorization, signed.url), withHeader(ctx, signed.authorization, signed.url)];
    },
  },
  {
    name: 'nonce: 200 characters',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => signedWith(ctx, { nonce: 'n'.repeat(200) }),
  },
  {
    name: 'nonce: non-ASCII',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => signedWith(ctx, { nonce: `né${generateNonce()}` }),
  },
  { name: 'nonce: empty', status: 400, problem: 'parameter_rejected', build: (ctx) => signedWith(ctx, { nonce: '' }) },
  {
    name: 'unknown consumer',
    status: 401,
    problem: 'consumer_key_unknown',
    build: (ctx) => signedWith(ctx, { consumer: { key: `unknown-${generateNonce()}`, secret: 'guess' } }),
  },
  {
    name: 'wrong consumer secret',
    status: 401,
    problem: 'signature_invalid',
    build: (ctx) => signedWith(ctx, { consumer: { key: ctx.consumer.key, secret: 'wrong' } }),
  },
  {
    name: 'wrong token secret',
    status: 401,
    problem: 'signature_invalid',
    build: (ctx) => signedWith(ctx, { token: { key: ctx.token.key, secret: 'wrong' } }),
  },
  {
    name: "signature: another request's signature",
    status: 401,
    problem: 'signature_invalid',
    build: async (ctx) => {
      const other = await signFor(ctx);
      return editedHeader(ctx, replace('oauth_signature', percentEncode(other.signature)));
    },
  },
  {
    name: 'signature: right value, non-canonical base64',
    status: 401,
    problem: 'signature_invalid',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      const params = encoded(signed.oauthParams).map(([k, v]): [string, string] => [
        k,
        k === 'oauth_signature' ? percentEncode(nonCanonical(signed.signature)) : v,
      ]);
      return [withHeader(ctx, rawHeader(params), signed.url)];
    },
  },
  {
    name: 'signature: padding stripped',
    status: 401,
    problem: 'signature_invalid',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      const params = encoded(signed.oauthParams).map(([k, v]): [string, string] => [
        k,
        k === 'oauth_signature' ? percentEncode(signed.signature.replace(/=+$/, '')) : v,
      ]);
      return [withHeader(ctx, rawHeader(params), signed.url)];
    },
  },
  {
    name: 'signature: truncated',
    status: 401,
    problem: 'signature_invalid',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      const params = encoded(signed.oauthParams).map(([k, v]): [string, string] => [
        k,
        k === 'oauth_signature' ? percentEncode(signed.signature.slice(0, 12)) : v,
      ]);
      return [withHeader(ctx, rawHeader(params), signed.url)];
    },
  },
  {
    name: 'signature: empty',
    status: 401,
    problem: 'signature_invalid',
    build: (ctx) => editedHeader(ctx, replace('oauth_signature', '')),
  },
  {
    name: 'encoding: %zz in header',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => editedHeader(ctx, replace('oauth_nonce', 'ab%zz')),
  },
  {
    name: 'encoding: %FF%FE in header',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => editedHeader(ctx, replace('oauth_nonce', '%FF%FE')),
  },
  {
    name: 'encoding: %zz in query',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      return [withHeader(ctx, signed.authorization, `${signed.url}${signed.url.includes('?') ? '&' : '?'}q=%zz`)];
    },
  },
  {
    name: 'encoding: %FF%FE in form body',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx, { method: 'POST', body: { status: 'x' } });
      return [
        new Request(signed.url, {
          method: 'POST',
          headers: { authorization: signed.authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'status=%FF%FE',
        }),
      ];
    },
  },
  {
    name: 'oversized Authorization header',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => editedHeader(ctx, (p) => [...p, ['oauth_padding', 'x'.repeat((ctx.maxHeaderLength ?? 8192) + 10)]]),
  },
  {
    name: 'too many parameters',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const query: Record<string, string> = {};
      for (let i = 0; i < (ctx.maxParameters ?? 64) + 5; i++) query[`p${i}`] = String(i);
      const url = new URL(ctx.baseUrl);
      for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
      return signedWith(ctx, { url: url.href });
    },
  },
  {
    name: 'unknown token',
    status: 401,
    problem: 'token_rejected',
    build: (ctx) => signedWith(ctx, { token: { key: `unknown-${generateNonce()}`, secret: 'x' } }),
  },
  {
    name: 'token of another consumer',
    status: 401,
    problem: 'token_rejected',
    build: (ctx) => signedWith(ctx, { token: ctx.otherConsumerToken }),
  },
  {
    name: 'request token used as access token',
    status: 401,
    problem: 'token_rejected',
    build: (ctx) => signedWith(ctx, { token: ctx.requestToken }),
  },
  {
    name: 'PLAINTEXT over http',
    status: 400,
    problem: 'signature_method_rejected',
    applies: (ctx) => ctx.baseUrl.startsWith('http:'),
    build: (ctx) => signedWith(ctx, { signatureMethod: 'PLAINTEXT' }),
  },
  {
    name: 'protocol parameter in query beside the header',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      return [withHeader(ctx, signed.authorization, `${signed.url}${signed.url.includes('?') ? '&' : '?'}oauth_callback=oob`)];
    },
  },
  ...DUPLICATE_CASES,
];
