import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isFormContentType,
  normalizeParameters,
  OAuthError,
  type Parameter,
  parseAuthorizationHeader,
  parseFormEncoded,
  parseRequestUrl,
  type SignedRequest,
  type SignRequestOptions,
  signatureBaseString,
  signRequest,
  verifySignature,
} from '../../src/index.js';

const consumer = { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' };
const token = { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const X: SignRequestOptions = {
  method: 'POST',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  body: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
  consumer,
  token,
  nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  timestamp: 1318622958,
};
const fixed = { consumer: { key: 'ck', secret: 'cs' }, nonce: 'n', timestamp: 1 };

/** Re-derives the base string the way a provider does, from what would go over the wire. */
function providerBaseString(signed: SignedRequest, header: boolean): { base: string; signature: string } {
  const { baseUri, query } = parseRequestUrl(signed.url);
  const body = signed.body !== undefined && isFormContentType(signed.contentType) ? parseFormEncoded(signed.body) : [];
  const fromHeader = header ? (parseAuthorizationHeader(signed.authorization)?.params ?? []) : [];
  const all: Parameter[] = [...query, ...body, ...fromHeader];
  const signature = all.find(([n]) => n === 'oauth_signature')?.[1] as string;
  return {
    base: signatureBaseString(signed.method, baseUri, normalizeParameters(all.filter(([n]) => n !== 'oauth_signature'))),
    signature,
  };
}

function params(signed: SignedRequest): string {
  return signed.baseString.split('&')[2] as string;
}

describe('signRequest: the X docs example', () => {
  it('gives hCtSmYh+iHYCEqBWrE7C7hYmtUk= and the documented header', async () => {
    const signed = await signRequest(X);
    assert.equal(signed.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    assert.equal(
      signed.authorization,
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0", oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"',
    );
    assert.equal(signed.body, 'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21');
    assert.equal(signed.contentType, 'application/x-www-form-urlencoded');
    assert.equal(signed.method, 'POST');
  });

  it('gives the same signature for the body as a string, URLSearchParams, pairs or bytes', async () => {
    const bodies: SignRequestOptions['body'][] = [
      'status=Hello+Ladies+%2b+Gentlemen%2C+a+signed+OAuth+request!',
      new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' }),
      [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']],
      new TextEncoder().encode('status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21'),
    ];
    for (const body of bodies) {
      const signed = await signRequest({
        ...X,
        body,
        contentType: body instanceof Uint8Array ? 'application/x-www-form-urlencoded' : undefined,
      });
      assert.equal(signed.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    }
  });

  it('sends a string body as is (not re-encoded)', async () => {
    const body = 'status=Hello+Ladies+%2b+Gentlemen%2C+a+signed+OAuth+request!';
    assert.equal((await signRequest({ ...X, body })).body, body);
  });
});

describe('signRequest: parameter rules', () => {
  it('keeps duplicate keys, sorted by encoded name then value', async () => {
    const signed = await signRequest({ ...fixed, method: 'GET', url: 'https://e.com/?b=2&a=z&a=1&a=1' });
    assert.ok(params(signed).startsWith('a%3D1%26a%3D1%26a%3Dz%26b%3D2%26oauth_'));
  });

  it('keeps the same key from query and body, both', async () => {
    const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/?a=q', body: 'a=b' });
    assert.ok(params(signed).startsWith('a%3Db%26a%3Dq%26oauth_'));
  });

  it("encodes !*'() and space as %21%2A%27%28%29 and %20", async () => {
    const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: { v: "!*'() " } });
    assert.ok(params(signed).includes('v%3D%2521%252A%2527%2528%2529%2520'));
    assert.equal(signed.body, 'v=%21%2A%27%28%29%20');
  });

  it('decodes + in a form body as a space', async () => {
    const plus = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: 'v=a+b' });
    const space = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: { v: 'a b' } });
    assert.equal(plus.signature, space.signature);
    assert.ok(params(plus).includes('v%3Da%2520b'));
  });

  it('encodes unicode as UTF-8', async () => {
    const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: { ä: '😀 ☃' } });
    assert.ok(params(signed).startsWith('%25C3%25A4%3D%25F0%259F%2598%2580%2520%25E2%2598%2583%26'));
  });

  it('decodes already-encoded input once, then re-encodes it', async () => {
    const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/?q=%2520', body: 'b=%25' });
    // "%2520" decodes once to "%20", which encodes to "%2520": "%252520" in the base string.
    assert.ok(params(signed).includes('q%3D%252520'));
    assert.ok(params(signed).startsWith('b%3D%2525%26'));
  });

  it('keeps empty values', async () => {
    const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/?e=&f', body: 'g=' });
    assert.ok(params(signed).includes('e%3D%26f%3D%26g%3D%26oauth_'));
  });

  it('takes body parameters only from application/x-www-form-urlencoded (any case, with or without charset)', async () => {
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'APPLICATION/X-WWW-FORM-URLENCODED',
      'application/x-www-form-urlencoded; charset=utf-8',
    ]) {
      const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: 'a=1', contentType });
      assert.ok(params(signed).startsWith('a%3D1%26'), contentType);
    }
  });

  it('never takes parameters from JSON or multipart bodies', async () => {
    const none = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/' });
    for (const contentType of ['application/json', 'multipart/form-data; boundary=xyz', 'text/plain']) {
      const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: 'a=1', contentType });
      assert.equal(signed.baseString, none.baseString, contentType);
      assert.equal(signed.body, undefined, contentType);
    }
  });

  it('normalises the URL: scheme/host lower-cased, default ports dropped, other ports kept, empty path /, fragment dropped, IPv6 bracketed', async () => {
    const uri = async (url: string) =>
      decodeURIComponent((await signRequest({ ...fixed, method: 'GET', url })).baseString.split('&')[1] as string);
    assert.equal(await uri('HTTPS://API.X.COM:443#frag'), 'https://api.x.com/');
    assert.equal(await uri('http://Example.com:80/P'), 'http://example.com/P');
    assert.equal(await uri('http://example.com:8080'), 'http://example.com:8080/');
    assert.equal(await uri('https://[2001:DB8::1]:8443/x#y'), 'https://[2001:db8::1]:8443/x');
  });
});

describe('signRequest: protocol parameters', () => {
  it('puts realm first in the header and never signs it', async () => {
    const withRealm = await signRequest({ ...fixed, method: 'GET', url: 'https://e.com/', realm: 'Photos' });
    const without = await signRequest({ ...fixed, method: 'GET', url: 'https://e.com/' });
    assert.ok(withRealm.authorization.startsWith('OAuth realm="Photos", oauth_consumer_key="ck"'));
    assert.equal(withRealm.baseString, without.baseString);
    assert.equal(withRealm.signature, without.signature);
    assert.ok(!withRealm.baseString.includes('realm'));
  });

  it('omits oauth_version for version: null and uses "1.0" by default', async () => {
    const omitted = await signRequest({ ...fixed, method: 'GET', url: 'https://e.com/', version: null });
    assert.ok(!omitted.authorization.includes('oauth_version') && !omitted.baseString.includes('oauth_version'));
    const other = await signRequest({ ...fixed, method: 'GET', url: 'https://e.com/', version: '1.0a' });
    assert.ok(other.authorization.includes('oauth_version="1.0a"'));
    assert.ok((await signRequest({ ...fixed, method: 'GET', url: 'https://e.com/' })).authorization.includes('oauth_version="1.0"'));
  });

  it('signs and sends extra protocol parameters (callback, verifier)', async () => {
    const signed = await signRequest({
      ...fixed,
      method: 'POST',
      url: 'https://e.com/oauth/request_token',
      oauthParams: { oauth_callback: 'https://client.example/cb?x=1', oauth_verifier: 'v 1' },
    });
    assert.ok(signed.authorization.includes('oauth_callback="https%3A%2F%2Fclient.example%2Fcb%3Fx%3D1"'));
    assert.ok(signed.baseString.includes('oauth_verifier%3Dv%25201'));
    assert.deepEqual(signed.oauthParams.at(-1)?.[0], 'oauth_signature');
  });

  it('rejects oauthParams that are not oauth_* or that override the standard ones', async () => {
    for (const name of ['callback', 'oauth_signature', 'oauth_nonce', 'oauth_token', 'oauth_version', 'oauth_consumer_key']) {
      await assert.rejects(
        signRequest({ ...fixed, method: 'GET', url: 'https://e.com/', oauthParams: { [name]: 'x' } }),
        (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
        name,
      );
    }
  });

  it('rejects bad arguments with a rejected promise (never a synchronous throw)', async () => {
    const bad: Array<Partial<SignRequestOptions>> = [
      { method: 'G ET' },
      { url: 'ftp://x/' },
      { consumer: { key: 'k' } as never },
      { token: { key: 1 } as never },
      { signatureMethod: 'HMAC-MD5' as never },
      { signatureMethod: 'RSA-SHA1' },
      { bodyHash: true, signatureMethod: 'PLAINTEXT' },
      { transport: 'body', body: '{}', contentType: 'application/json' },
      { url: 'https://e.com/?a=%zz' },
    ];
    for (const options of bad) {
      let promise: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        promise = signRequest({ ...fixed, method: 'GET', url: 'https://e.com/', ...options });
      });
      await assert.rejects(promise as Promise<unknown>, OAuthError, JSON.stringify(options));
    }
  });

  it('generates a fresh nonce and the current timestamp when not given', async () => {
    const a = await signRequest({ consumer: fixed.consumer, method: 'GET', url: 'https://e.com/' });
    const b = await signRequest({ consumer: fixed.consumer, method: 'GET', url: 'https://e.com/' });
    const nonce = (s: SignedRequest) => s.oauthParams.find(([n]) => n === 'oauth_nonce')?.[1];
    assert.match(nonce(a) as string, /^[0-9a-f]{32}$/);
    assert.notEqual(nonce(a), nonce(b));
    const timestamp = Number(a.oauthParams.find(([n]) => n === 'oauth_timestamp')?.[1]);
    assert.ok(Math.abs(timestamp - Date.now() / 1000) < 5);
    const skewed = await signRequest({ consumer: fixed.consumer, method: 'GET', url: 'https://e.com/', clockOffset: -3600 });
    assert.ok(Math.abs(Number(skewed.oauthParams.find(([n]) => n === 'oauth_timestamp')?.[1]) - (Date.now() / 1000 - 3600)) < 5);
  });
});

describe('signRequest: results do not share mutable state', () => {
  it('changing a returned parameter list does not change the next signature', async () => {
    const options: SignRequestOptions = { ...fixed, method: 'GET', url: 'https://e.com/?q=1', token: { key: 't', secret: 's' } };
    const first = await signRequest(options);
    for (const list of [first.parameters, first.oauthParams]) {
      for (const pair of list) {
        try {
          (pair as [string, string])[1] = 'changed';
        } catch {
          // frozen: fine
        }
      }
      list.length = 0;
    }
    const second = await signRequest(options);
    assert.equal(second.signature, first.signature);
    assert.ok(second.parameters.some(([n, v]) => n === 'q' && v === '1'));
    assert.ok(second.oauthParams.some(([n, v]) => n === 'oauth_token' && v === 't'));
    assert.ok(second.oauthParams.some(([n, v]) => n === 'oauth_consumer_key' && v === 'ck'));
  });
});

describe('signRequest: transports (§3.5)', () => {
  const request: SignRequestOptions = {
    ...X,
    url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true#frag',
    realm: 'R',
  };

  it('header: the URL and body are unchanged and a provider re-derives the base string from the header', async () => {
    const signed = await signRequest({ ...request, transport: 'header' });
    assert.equal(signed.url, request.url);
    const derived = providerBaseString(signed, true);
    assert.equal(derived.base, signed.baseString);
    assert.equal(derived.signature, signed.signature);
  });

  it('query: the protocol parameters go into the URL (fragment dropped) and the base string re-derives', async () => {
    const signed = await signRequest({ ...request, transport: 'query' });
    assert.ok(
      signed.url.startsWith(
        'https://api.twitter.com/1.1/statuses/update.json?include_entities=true&oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&',
      ),
    );
    assert.ok(signed.url.endsWith('&oauth_signature=hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D'));
    assert.ok(!signed.url.includes('#') && !signed.url.includes('realm'));
    assert.equal(signed.body, 'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21');
    const derived = providerBaseString(signed, false);
    assert.equal(derived.base, signed.baseString);
    assert.equal(derived.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    assert.ok(
      await verifySignature('HMAC-SHA1', derived.base, derived.signature, { consumerSecret: consumer.secret, tokenSecret: token.secret }),
    );
  });

  it('query: works for URLs without a query or ending in ? or &', async () => {
    for (const url of ['https://e.com/p', 'https://e.com/p?', 'https://e.com/p?a=1&']) {
      const signed = await signRequest({ ...fixed, method: 'GET', url, transport: 'query' });
      assert.match(signed.url, /^https:\/\/e\.com\/p\?(a=1&)?oauth_consumer_key=ck&/);
      assert.equal(providerBaseString(signed, false).base, signed.baseString);
    }
  });

  it('body: the protocol parameters are appended to the form body and the base string re-derives', async () => {
    const signed = await signRequest({ ...request, transport: 'body' });
    assert.ok(signed.body?.startsWith('status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21&oauth_consumer_key='));
    assert.ok(signed.body?.endsWith('&oauth_signature=hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D'));
    assert.equal(signed.url, request.url);
    assert.equal(signed.contentType, 'application/x-www-form-urlencoded');
    const derived = providerBaseString(signed, false);
    assert.equal(derived.base, signed.baseString);
    assert.equal(derived.signature, signed.signature);
  });

  it('body: an empty body becomes just the protocol parameters', async () => {
    const signed = await signRequest({ ...fixed, method: 'POST', url: 'https://e.com/', body: '', transport: 'body' });
    assert.ok(signed.body?.startsWith('oauth_consumer_key=ck&'));
    assert.equal(providerBaseString(signed, false).base, signed.baseString);
  });

  it('all three transports sign the same base string', async () => {
    const signatures = new Set<string>();
    for (const transport of ['header', 'query', 'body'] as const) signatures.add((await signRequest({ ...request, transport })).signature);
    assert.equal(signatures.size, 1);
  });
});
