/**
 * `compat.sameValueInHeaderAndBody`: a parameter in the Authorization header and again, with the same value,
 * in the query or form body (oauth-1.0a signing `data: { oauth_callback: 'oob' }` the usual way; clients that
 * put `x_auth_*` in the header too) is taken once, signed once; RFC-strict (the default) refuses it; a
 * different value is `parameter_rejected` naming the parameter and both places in every mode. oauthlib
 * computes the same signature over the base string the client signed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { oauth10aSign } from '@oauth1x/test-kit/fixtures/oauth-1-0a.js';
import { signRequest } from '../../src/index.js';
import { duplicateParameterOf, type VerifyOptions, verifyRequest } from '../../src/provider/index.js';
import { CONSUMER, fixtureOptions, problem, REQUEST } from './verify-fixtures.js';

const RT_URL = 'https://api.example.test/oauth/request_token';
const AT_URL = 'https://api.example.test/oauth/access_token';
const FORM = 'application/x-www-form-urlencoded';

function post(url: string, authorization: string, body: string): Request {
  return new Request(url, { method: 'POST', headers: { authorization, 'content-type': FORM }, body });
}

const strict = (extra: Partial<VerifyOptions> = {}) => fixtureOptions({ expectToken: 'none', ...extra });
const compat = (extra: Partial<VerifyOptions> = {}) =>
  fixtureOptions({ expectToken: 'none', compat: { sameValueInHeaderAndBody: true }, ...extra });

/** oauthlib's HMAC-SHA1 signature over `params` (each pair as given), for POST `url`. */
function oauthlibSignature(url: string, params: Array<[string, string]>, consumerSecret: string, tokenSecret = ''): string {
  const script = [
    'import json, sys',
    'from oauthlib.oauth1.rfc5849 import signature as s',
    'm = json.loads(sys.stdin.read())',
    "base = s.signature_base_string('POST', s.base_string_uri(m['url']), s.normalize_parameters([tuple(p) for p in m['params']]))",
    "print(s.sign_hmac_sha1(base, m['cs'], m['ts']))",
  ].join('\n');
  const input = JSON.stringify({ url, params, cs: consumerSecret, ts: tokenSecret });
  return execFileSync('/usr/bin/python3', ['-c', script], { input, encoding: 'utf8' }).trim();
}

describe('compat.sameValueInHeaderAndBody', () => {
  it('oauth-1.0a request_token with data { oauth_callback: "oob" }: oauth_callback in the header and the body', async () => {
    const s = oauth10aSign(CONSUMER, RT_URL, { oauth_callback: 'oob' });
    assert.match(s.authorization, /oauth_callback="oob"/);
    assert.equal(s.body, 'oauth_callback=oob');
    const strictError = await problem(verifyRequest(post(RT_URL, s.authorization, s.body), strict()));
    assert.equal(strictError.problem, 'parameter_rejected');
    assert.equal(strictError.params.oauth_parameters_rejected, 'oauth_callback');
    assert.match(strictError.message, /oauth_callback appears in the Authorization header and in the body/);
    assert.deepEqual(duplicateParameterOf(strictError), { name: 'oauth_callback', places: ['header', 'body'], sameValue: true });

    const verified = await verifyRequest(post(RT_URL, s.authorization, s.body), compat());
    assert.equal(verified.oauthParams.oauth_callback, 'oob');
    assert.deepEqual(verified.params, []);
    // Signed once: the base string holds oauth_callback=oob once.
    assert.equal(verified.baseString.split('oauth_callback%3Doob').length, 2);
  });

  it('oauthlib signs the base string the client signed (each name once), not one with the duplicate twice', () => {
    const s = oauth10aSign(CONSUMER, RT_URL, { oauth_callback: 'oob' });
    const { oauth_signature: signature, ...params } = s.signedParams;
    const once = Object.entries(params) as Array<[string, string]>;
    assert.equal(oauthlibSignature(RT_URL, once, CONSUMER.secret), signature);
    const twice: Array<[string, string]> = [...once, ['oauth_callback', 'oob']];
    assert.notEqual(oauthlibSignature(RT_URL, twice, CONSUMER.secret), signature);
  });

  it('an RFC-literal signer (every occurrence in the base string, §3.4.1.3.1) verifies too; oauthlib agrees', async () => {
    const s = await signRequest({
      method: 'POST',
      url: RT_URL,
      consumer: CONSUMER,
      body: { oauth_callback: 'oob' },
      oauthParams: { oauth_callback: 'oob' },
    });
    assert.match(s.authorization, /oauth_callback="oob"/);
    assert.equal(s.body, 'oauth_callback=oob');
    const strictError = await problem(verifyRequest(post(RT_URL, s.authorization, s.body as string), strict()));
    assert.equal(strictError.problem, 'parameter_rejected');
    const verified = await verifyRequest(post(RT_URL, s.authorization, s.body as string), compat());
    assert.equal(verified.baseString.split('oauth_callback%3Doob').length, 3);
    const signature = s.oauthParams.find(([name]) => name === 'oauth_signature')?.[1];
    const params = s.oauthParams.filter(([name]) => name !== 'oauth_signature') as Array<[string, string]>;
    const literal: Array<[string, string]> = [...params, ['oauth_callback', 'oob']];
    assert.equal(oauthlibSignature(RT_URL, literal, CONSUMER.secret), signature);
    // A wrong signature is still refused after both base strings were tried.
    const forged = s.authorization.replace(/oauth_signature="[^"]+"/, 'oauth_signature="AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"');
    assert.equal((await problem(verifyRequest(post(RT_URL, forged, s.body as string), compat()))).problem, 'signature_invalid');
  });

  it('RSA-SHA1 (asynchronous check): both base strings are tried, a forged signature still refused', async () => {
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const options = compat({
      lookupConsumer: (key) =>
        key === CONSUMER.key ? { secret: CONSUMER.secret, publicKey: keys.publicKey, signatureMethods: ['RSA-SHA1'] } : null,
    });
    const sign = (literal: boolean) =>
      signRequest({
        method: 'POST',
        url: RT_URL,
        consumer: CONSUMER,
        signatureMethod: 'RSA-SHA1',
        privateKey: keys.privateKey,
        body: literal ? { oauth_callback: 'oob' } : {},
        oauthParams: { oauth_callback: 'oob' },
      });
    const literal = await sign(true);
    const verified = await verifyRequest(post(RT_URL, literal.authorization, 'oauth_callback=oob'), options);
    assert.equal(verified.baseString.split('oauth_callback%3Doob').length, 3);
    const once = await sign(false); // signed without the body copy: each name once
    const onceVerified = await verifyRequest(post(RT_URL, once.authorization, 'oauth_callback=oob'), options);
    assert.equal(onceVerified.baseString.split('oauth_callback%3Doob').length, 2);
    const forged = literal.authorization.replace(/oauth_signature="[^"]{10}/, 'oauth_signature="AAAAAAAAAA');
    assert.equal((await problem(verifyRequest(post(RT_URL, forged, 'oauth_callback=oob'), options))).problem, 'signature_invalid');
  });

  it('x_auth_* in the header and the body with the same values is taken once and verifies', async () => {
    const data = { x_auth_mode: 'client_auth', x_auth_username: 'alice', x_auth_password: 'pa ss*' };
    const s = oauth10aSign(CONSUMER, AT_URL, data, { headerExtras: Object.keys(data) });
    assert.match(s.authorization, /x_auth_password="pa%20ss%2A"/);
    const strictError = await problem(verifyRequest(post(AT_URL, s.authorization, s.body), strict()));
    assert.equal(strictError.problem, 'parameter_rejected');
    const verified = await verifyRequest(post(AT_URL, s.authorization, s.body), compat());
    assert.deepEqual(verified.params, Object.entries(data));
    const { oauth_signature: signature, ...params } = s.signedParams;
    assert.equal(oauthlibSignature(AT_URL, Object.entries(params) as Array<[string, string]>, CONSUMER.secret), signature);
  });

  it('a different value in header and body is parameter_rejected naming the parameter and both places, in both modes', async () => {
    const s = oauth10aSign(CONSUMER, RT_URL, { oauth_callback: 'oob' });
    for (const options of [strict(), compat(), compat({ compat: { sameValueInHeaderAndBody: true, repeatedTokenInBody: true } })]) {
      const error = await problem(verifyRequest(post(RT_URL, s.authorization, 'oauth_callback=https%3A%2F%2Fevil.example%2F'), options));
      assert.equal(error.problem, 'parameter_rejected');
      assert.equal(error.status, 400);
      assert.equal(error.params.oauth_parameters_rejected, 'oauth_callback');
      assert.match(error.message, /^oauth_callback appears in the Authorization header and in the body with different values/);
      assert.deepEqual(duplicateParameterOf(error), { name: 'oauth_callback', places: ['header', 'body'], sameValue: false });
    }
    const query = await problem(verifyRequest(post(`${RT_URL}?oauth_callback=x`, s.authorization, ''), compat()));
    assert.deepEqual(duplicateParameterOf(query), { name: 'oauth_callback', places: ['header', 'query'], sameValue: false });
    const data = { x_auth_mode: 'client_auth', x_auth_username: 'alice', x_auth_password: 'secret-one' };
    const x = oauth10aSign(CONSUMER, AT_URL, data, { headerExtras: ['x_auth_password'] });
    const error = await problem(verifyRequest(post(AT_URL, x.authorization, x.body.replace('secret-one', 'secret-two')), compat()));
    assert.equal(error.params.oauth_parameters_rejected, 'x_auth_password');
    assert.match(error.message, /x_auth_password appears in the Authorization header and in the body with different values/);
    assert.doesNotMatch(error.message, /secret-/);
  });

  it('still refuses what it does not cover: a header-only non-oauth parameter, a parameter twice in the body', async () => {
    const data = { x_auth_mode: 'client_auth' };
    const s = oauth10aSign(CONSUMER, AT_URL, data, { headerExtras: ['x_auth_mode'] });
    const headerOnly = await problem(verifyRequest(post(AT_URL, s.authorization, ''), compat()));
    assert.equal(headerOnly.params.oauth_parameters_rejected, 'x_auth_mode');
    const r = oauth10aSign(CONSUMER, RT_URL, { oauth_callback: 'oob' });
    const twice = await problem(verifyRequest(post(RT_URL, r.authorization, 'oauth_callback=oob&oauth_callback=oob'), compat()));
    assert.equal(twice.params.oauth_parameters_rejected, 'oauth_callback');
    const bodyOnly = await problem(
      verifyRequest(
        post(RT_URL, r.authorization.replace(/, oauth_callback="oob"|oauth_callback="oob", /, ''), 'oauth_callback=oob'),
        compat(),
      ),
    );
    assert.equal(bodyOnly.problem, 'parameter_rejected');
  });

  it('with an oauth_token: oauth-1.0a access_token with the verifier in data verifies under compat', async () => {
    const s = oauth10aSign(CONSUMER, AT_URL, { oauth_verifier: 'ver' }, { token: REQUEST });
    const verified = await verifyRequest(
      post(AT_URL, s.authorization, s.body),
      fixtureOptions({ expectToken: 'request', compat: { sameValueInHeaderAndBody: true } }),
    );
    assert.equal(verified.oauthParams.oauth_verifier, 'ver');
  });
});
