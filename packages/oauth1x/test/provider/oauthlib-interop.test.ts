/**
 * Interop: Python oauthlib's `Client` (Debian python3-oauthlib) signs requests with every signature method, in
 * the header, query and body transports, with and without realm; oauth1x's verifyRequest must accept every one
 * and reject each after one byte of the request is changed (method, URL path, a query value, a body value,
 * the signature). One long-lived Python process serves the whole file.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OAuthlibProcess } from '@oauth1x/test-kit/fixtures/oauthlib-process.js';
import { OAuthProblemError } from '../../src/index.js';
import { type VerifyOptions, verifyRequest } from '../../src/provider/index.js';
import { TestNonceStore } from './verify-fixtures.js';

const METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512', 'PLAINTEXT'] as const;
const TRANSPORTS = ['header', 'query', 'body'] as const;
// '100%': realm is an RFC 2617 quoted string that oauthlib sends as it is; it is not percent-encoding (§3.5.1).
const REALMS = [null, 'Photos', '100%'] as const;
const URL_ = 'https://api.example.test:8443/1.1/statuses/update.json?include_entities=true&q=caf%C3%A9+x';
const BODY = 'status=Hello%20Ladies%20%2B%20Gentlemen%21&tags=a&tags=b';
const FORM = 'application/x-www-form-urlencoded';
const CONSUMER = { key: 'interop-consumer', secret: 'consumer sécret/1' };
const TOKEN = { key: 'interop-token', secret: 'token secret=2' };

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

interface Signed {
  uri: string;
  headers: Record<string, string>;
  body: string | null;
}

interface Case {
  method: (typeof METHODS)[number];
  transport: (typeof TRANSPORTS)[number];
  realm: string | null;
  signed: Signed;
}

function options(): VerifyOptions {
  return {
    lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret, publicKey: keys.publicKey } : null),
    lookupToken: (key) => (key === TOKEN.key ? { secret: TOKEN.secret, kind: 'access', consumerKey: CONSUMER.key } : null),
    nonceStore: new TestNonceStore(),
  };
}

function toRequest(signed: Signed, method = 'POST', uri = signed.uri, body = signed.body): Request {
  const headers = new Headers(signed.headers);
  return new Request(uri, { method, headers, ...(body === null ? {} : { body }) });
}

/** Changes one character of the decoded `oauth_signature` wherever it travels, keeping the encoding valid. */
function mutateSignature(signed: Signed): Signed {
  const flip = (value: string): string => {
    const first = value[0] === 'A' ? 'B' : 'A';
    return first + value.slice(1);
  };
  const authorization = signed.headers.Authorization ?? '';
  if (authorization.includes('oauth_signature="')) {
    const replaced = authorization.replace(
      /oauth_signature="([^"]*)"/,
      (_, v: string) => `oauth_signature="${encodeURIComponent(flip(decodeURIComponent(v)))}"`,
    );
    return { ...signed, headers: { ...signed.headers, Authorization: replaced } };
  }
  const inForm = (text: string) =>
    text.replace(
      /oauth_signature=([^&]*)/,
      (_, v: string) => `oauth_signature=${encodeURIComponent(flip(decodeURIComponent(v.replace(/\+/g, ' '))))}`,
    );
  if (signed.uri.includes('oauth_signature=')) return { ...signed, uri: inForm(signed.uri) };
  assert.ok(signed.body?.includes('oauth_signature='), 'no signature found');
  return { ...signed, body: inForm(signed.body as string) };
}

async function rejected(request: Request): Promise<string> {
  try {
    await verifyRequest(request, options());
  } catch (error) {
    assert.ok(error instanceof OAuthProblemError, String(error));
    return error.problem;
  }
  return 'accepted';
}

describe('oauthlib Client → oauth1x verifyRequest', { timeout: 120_000 }, () => {
  const python = new OAuthlibProcess();
  const cases: Case[] = [];

  before(async () => {
    const pending: Array<Promise<void>> = [];
    for (const method of METHODS) {
      for (const transport of TRANSPORTS) {
        for (const realm of REALMS) {
          const client: Record<string, unknown> = {
            client_key: CONSUMER.key,
            client_secret: CONSUMER.secret,
            resource_owner_key: TOKEN.key,
            resource_owner_secret: TOKEN.secret,
            signature_method: method,
            signature_type: transport,
            ...(method.startsWith('RSA') ? { rsa_key: keys.privateKey } : {}),
            ...(realm === null ? {} : { realm }),
          };
          pending.push(
            python
              .call<Signed>({ op: 'sign', client, uri: URL_, http_method: 'POST', body: BODY, headers: { 'Content-Type': FORM } })
              .then((signed) => {
                cases.push({ method, transport, realm, signed });
              }),
          );
        }
      }
    }
    await Promise.all(pending);
  });

  after(() => python.close());

  it('signed every combination', () => {
    assert.equal(cases.length, METHODS.length * TRANSPORTS.length * REALMS.length);
  });

  for (const method of METHODS) {
    for (const transport of TRANSPORTS) {
      for (const realm of REALMS) {
        const label = `${method} ${transport}${realm === null ? '' : ` realm=${realm}`}`;
        it(`${label}: accepted; each one-byte change rejected`, async () => {
          const found = cases.find((c) => c.method === method && c.transport === transport && c.realm === realm);
          assert.ok(found);
          const { signed } = found;
          const verified = await verifyRequest(toRequest(signed), options());
          assert.equal(verified.signatureMethod, method);
          assert.equal(verified.location, transport);
          assert.equal(verified.consumerKey, CONSUMER.key);
          assert.deepEqual(
            verified.params.filter(([name]) => !name.startsWith('oauth_')),
            [
              ['include_entities', 'true'],
              ['q', 'café x'],
              ['status', 'Hello Ladies + Gentlemen!'],
              ['tags', 'a'],
              ['tags', 'b'],
            ],
          );
          if (transport === 'header') assert.equal(verified.realm, realm ?? undefined);

          assert.equal(await rejected(toRequest(mutateSignature(signed))), 'signature_invalid', 'signature changed');
          if (method === 'PLAINTEXT') {
            // RFC 5849 §3.4.4: PLAINTEXT signs nothing of the request (the "signature" is the key itself), so a
            // changed method, URL or body still verifies. That is why it is accepted over https only.
            assert.notEqual(await rejected(toRequest(signed, 'PUT')), 'signature_invalid');
            return;
          }
          const body = signed.body as string;
          assert.ok(signed.uri.includes('/statuses/update.json') && signed.uri.includes('include_entities=true'));
          assert.ok(body.includes('tags=a'));
          assert.equal(await rejected(toRequest(signed, 'PUT')), 'signature_invalid', 'method changed');
          assert.equal(
            await rejected(toRequest(signed, 'POST', signed.uri.replace('/update.json', '/updatf.json'))),
            'signature_invalid',
            'path changed',
          );
          assert.equal(
            await rejected(toRequest(signed, 'POST', signed.uri.replace('include_entities=true', 'include_entities=truf'))),
            'signature_invalid',
            'query changed',
          );
          assert.equal(
            await rejected(toRequest(signed, 'POST', signed.uri, body.replace('tags=a', 'tags=c'))),
            'signature_invalid',
            'body changed',
          );
        });
      }
    }
  }
});
