import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createSignature, normalizeParameters, signatureBaseString, signRequest, toAuthorizationHeader } from 'oauth1x';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

const BIN = new URL('../../bin/oauth1x.js', import.meta.url).pathname;
const consumer = { key: 'ck', secret: 'consumer-secret-value' };
const token = { key: 'tk', secret: 'token-secret-value' };
const URL_ = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';

async function signed(options: Partial<Parameters<typeof signRequest>[0]> = {}) {
  return signRequest({ method: 'POST', url: URL_, body: { status: 'Hello Ladies + Gentlemen' }, consumer, token, ...options });
}

async function verify(args: string[], stdin?: string) {
  const io = memoryIo(stdin === undefined ? {} : { stdin });
  const code = await main(['verify', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function assertNoSecrets(text: string, signature: string) {
  for (const secret of [consumer.secret, token.secret]) assert.ok(!text.includes(secret), 'a secret leaked');
  assert.ok(!text.includes(signature) && !text.includes(encodeURIComponent(signature)), 'the signature leaked');
}

const secretArgs = ['--consumer-secret', consumer.secret, '--token-secret', token.secret];

describe('oauth1x verify', () => {
  it('accepts a valid signature (exit 0)', async () => {
    const s = await signed();
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--data',
      'status=Hello Ladies + Gentlemen',
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^valid: HMAC-SHA1/);
  });

  it('the same body given with --body as sent is valid', async () => {
    const s = await signed();
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 0, r.out);
  });

  it('a tampered body is invalid (exit 1) and shows the expected base string, never secrets', async () => {
    const s = await signed();
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--data',
      'status=Hello Ladies - Gentlemen',
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /INVALID signature/);
    assert.match(r.out, /Expected base string[^\n]*\n {2}POST&https%3A%2F%2Fapi\.x\.com/);
    assert.match(r.out, /Hello%2520Ladies%2520-%2520Gentlemen/);
    assertNoSecrets(r.out + r.err, s.signature);
  });

  it('a wrong secret is invalid and names the secrets as the likely cause', async () => {
    const s = await signed();
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      '--consumer-secret',
      'other',
      '--token-secret',
      token.secret,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /wrong consumer secret or token secret/);
    assertNoSecrets(r.out, s.signature);
  });

  it('with the client base string equal to the expected one, the secrets are blamed', async () => {
    const s = await signed();
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      '--consumer-secret',
      'other',
      '--token-secret',
      token.secret,
      '--client-base-string',
      s.baseString,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /the secrets differ/);
  });

  it('finds a scheme mismatch and shows the first difference', async () => {
    const s = await signed({ url: URL_.replace('https:', 'http:') });
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /client signed http:\/\/ but the request arrived over https:\/\//);
    assert.match(r.out, /First difference at position 9 \(in the uri\)/);
    assert.match(r.out, /Base string the header implies[^\n]*\n {2}POST&http%3A/);
  });

  it('finds a default port kept in the base string URI', async () => {
    const oauth: [string, string][] = [
      ['oauth_consumer_key', 'ck'],
      ['oauth_nonce', 'n1'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
      ['oauth_token', 'tk'],
      ['oauth_version', '1.0'],
    ];
    const base = signatureBaseString('GET', 'https://api.x.com:443/2/users/me', normalizeParameters(oauth));
    const signature = await createSignature('HMAC-SHA1', base, { consumerSecret: consumer.secret, tokenSecret: token.secret });
    const header = toAuthorizationHeader([...oauth, ['oauth_signature', signature]]);
    const r = await verify(['--method', 'GET', '--url', 'https://api.x.com/2/users/me', '--authorization', header, ...secretArgs]);
    assert.equal(r.code, 1);
    assert.match(r.out, /kept the default port :443/);
    assert.ok(r.out.includes(base));
  });

  it('takes curl-style arguments too: -X, the URL as an argument, -d (POST when there is a body)', async () => {
    const s = await signRequest({ method: 'POST', url: URL_, body: { status: 'hi' }, consumer, token });
    const r = await verify([URL_, '-d', 'status=hi', '--authorization', s.authorization, ...secretArgs]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^valid/);
    const wrongMethod = await verify(['-X', 'PUT', URL_, '-d', 'status=hi', '--authorization', s.authorization, ...secretArgs]);
    assert.equal(wrongMethod.code, 1);
  });

  it('a copied curl command works: -H for the Authorization and Content-Type headers', async () => {
    const s = await signRequest({ method: 'POST', url: URL_, body: { status: 'hi' }, consumer, token });
    const r = await verify([
      '-X',
      'POST',
      URL_,
      '-H',
      `Authorization: ${s.authorization}`,
      '-H',
      'content-type: application/x-www-form-urlencoded',
      '-H',
      'Accept: */*',
      '-d',
      'status=hi',
      ...secretArgs,
    ]);
    assert.equal(r.code, 0, r.out + r.err);
    const twice = await verify([URL_, '-H', `Authorization: ${s.authorization}`, '--authorization', s.authorization, ...secretArgs]);
    assert.equal(twice.code, 2);
    const malformed = await verify([URL_, '-H', 'Authorization', ...secretArgs]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /-H expects 'Name: value'/);
  });

  it('finds unsigned form body parameters', async () => {
    const s = await signRequest({ method: 'POST', url: URL_, consumer, token });
    const r = await verify(['--method', 'POST', '--url', URL_, '--data', 'status=hi', '--authorization', s.authorization, ...secretArgs]);
    assert.equal(r.code, 1);
    assert.match(r.out, /left the form body parameters out/);
    assert.match(r.out, /parameter status/);
  });

  it('finds a body signed as form parameters although its Content-Type is not a form', async () => {
    const s = await signRequest({ method: 'POST', url: URL_, body: 'a=1', consumer, token });
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      'a=1',
      '--content-type',
      'application/json',
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /signed the body as form parameters, but its Content-Type is application\/json/);
  });

  it('finds a signature made without the token secret', async () => {
    const s = await signed({ token: { key: token.key, secret: '' } });
    const r = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /without the token secret/);
  });

  it('finds "+" taken as a literal plus', async () => {
    const s = await signRequest({ method: 'GET', url: 'https://api.x.com/1.1/search/tweets.json?q=a%2Bb', consumer, token });
    const r = await verify([
      '--method',
      'GET',
      '--url',
      'https://api.x.com/1.1/search/tweets.json?q=a+b',
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.out, /literal plus/);
  });

  it('reads a raw HTTP request from stdin (--raw)', async () => {
    const s = await signed();
    const raw = `POST /1.1/statuses/update.json?include_entities=true HTTP/1.1\r\nHost: api.x.com\r\nAuthorization: ${s.authorization}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${s.body?.length}\r\n\r\n${s.body}`;
    assert.equal((await verify(['--raw', ...secretArgs], raw)).code, 0);
    const http = await verify(['--raw', '--scheme', 'http', ...secretArgs], raw);
    assert.equal(http.code, 1);
    assert.match(http.out, /client signed https:\/\//);
  });

  it('usage errors exit 2 with one line', async () => {
    for (const args of [
      ['--url', URL_],
      ['--raw', '--method', 'GET', ...secretArgs],
      ['--method', 'GET', '--url', URL_, '--authorization', 'OAuth oauth_signature="x', ...secretArgs],
      ['--method', 'GET', '--url', 'ftp://x/', '--authorization', 'OAuth a="b"', ...secretArgs],
      ['--bogus'],
      [URL_, '--url', URL_, '--authorization', 'OAuth a="b"', ...secretArgs],
      ['--raw', URL_, ...secretArgs],
    ]) {
      const r = await verify(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1);
    }
    const rsa = await verify([
      '--method',
      'GET',
      '--url',
      URL_,
      '--authorization',
      'OAuth oauth_consumer_key="k", oauth_signature_method="RSA-SHA1", oauth_signature="x", oauth_nonce="n", oauth_timestamp="1"',
      '--consumer-secret',
      'x',
    ]);
    assert.equal(rsa.code, 2);
  });

  it('a header lacking parameters is invalid, not a crash', async () => {
    const r = await verify(['--method', 'GET', '--url', URL_, '--authorization', 'OAuth oauth_consumer_key="k"', ...secretArgs]);
    assert.equal(r.code, 1);
    assert.match(r.out, /lacks oauth_signature_method, oauth_signature/);
  });

  it('verifies RSA-SHA1 with --public-key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = await mkdtemp(join(tmpdir(), 'oauth1x-verify-rsa-'));
    try {
      const keyFile = join(dir, 'public.pem');
      await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
      const s = await signed({
        signatureMethod: 'RSA-SHA1',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        token: null,
      });
      const base = ['--method', 'POST', '--url', URL_, '--authorization', s.authorization, '--public-key', keyFile];
      assert.equal((await verify([...base, '--body', s.body as string])).code, 0);
      const bad = await verify([...base, '--body', 'status=changed']);
      assert.equal(bad.code, 1);
      assert.match(bad.out, /INVALID signature \(RSA-SHA1/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--json prints the diagnosis; a stale timestamp is noted without deciding validity', async () => {
    const s = await signed({ timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const ok = await verify([
      '--method',
      'POST',
      '--url',
      URL_,
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /note: oauth_timestamp is 3\d{3} s old/);
    const bad = await verify([
      '--json',
      '--method',
      'POST',
      '--url',
      URL_.replace('https:', 'http:'),
      '--body',
      s.body as string,
      '--authorization',
      s.authorization,
      ...secretArgs,
    ]);
    assert.equal(bad.code, 1);
    const diagnosis = JSON.parse(bad.out) as { valid: boolean; causes: string[]; difference: { part: string }; impliedBaseString: string };
    assert.equal(diagnosis.valid, false);
    assert.equal(diagnosis.difference.part, 'uri');
    assert.equal(diagnosis.impliedBaseString, s.baseString);
    assert.match(diagnosis.causes[0] as string, /client signed https:\/\//);
  });

  it('works as a spawned process with exit codes 0 and 1', async () => {
    const s = await signed();
    const base = ['verify', '--method', 'POST', '--url', URL_, '--authorization', s.authorization, ...secretArgs];
    const ok = spawnSync(process.execPath, [BIN, ...base, '--body', s.body as string], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(ok.status, 0, ok.stderr);
    const bad = spawnSync(process.execPath, [BIN, ...base, '--body', 'status=x'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(bad.status, 1);
    assertNoSecrets(bad.stdout + bad.stderr, s.signature);
  });
});
