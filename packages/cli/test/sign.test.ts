import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAuthorizationHeader, verifySignature } from 'oauth1x';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONSUMER_SECRET = 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw';
const TOKEN_SECRET = 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE';
const CREDENTIALS = [
  '--consumer-key',
  'xvz1evFS4wEEPTGEFPHBog',
  '--consumer-secret',
  CONSUMER_SECRET,
  '--token',
  '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  '--token-secret',
  TOKEN_SECRET,
  '--nonce',
  'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  '--timestamp',
  '1318622958',
];
const X_DOCS = [
  'sign',
  '--method',
  'POST',
  '--url',
  'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  '--data',
  'status=Hello Ladies + Gentlemen, a signed OAuth request!',
  ...CREDENTIALS,
];
const X_SIGNATURE = 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=';

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ env });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

function signatureOf(header: string): string | undefined {
  return parseAuthorizationHeader(header.trim())?.params.find(([n]) => n === 'oauth_signature')?.[1];
}

function exec(command: string, args: string[], timeout = 60_000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout, encoding: 'utf8' }, (error, out, err) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, out, err });
    });
  });
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oauth1x-sign-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('oauth1x sign (in-process)', () => {
  it('signs the X docs example: --data is literal, the CLI form-encodes it', async () => {
    const { code, out, err } = await run(X_DOCS);
    assert.equal(code, 0, err);
    assert.equal(err, '');
    assert.match(out, /^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", .*oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"\n$/);
    assert.equal(signatureOf(out), X_SIGNATURE);
  });

  it('uses --body as is: the same body already encoded gives the same signature, a + in it is a space', async () => {
    const replace = (data: string): string[] => X_DOCS.map((a) => (a === '--data' ? '--body' : a.startsWith('status=') ? data : a));
    const encoded = await run(replace('status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21'));
    assert.equal(signatureOf(encoded.out), X_SIGNATURE);
    const plus = await run(replace('status=Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request%21'));
    assert.equal(signatureOf(plus.out), X_SIGNATURE);
    // The literal --data value with a "+" is different text from the same characters as a --body.
    const literal = await run(replace('status=a+b'));
    const data = await run(X_DOCS.map((a) => (a.startsWith('status=') ? 'status=a+b' : a)));
    assert.notEqual(signatureOf(literal.out), signatureOf(data.out));
  });

  it('repeats --data and keeps duplicates', async () => {
    const args = ['sign', '--method', 'POST', '--url', 'https://e.com/', '--data', 'a=1', '--data', 'a=2', '--data', 'e=', ...CREDENTIALS];
    const { out } = await run([...args, '--format', 'json']);
    const json = JSON.parse(out) as { baseString: string; body: string };
    assert.equal(json.body, 'a=1&a=2&e=');
    assert.ok(json.baseString.includes('&a%3D1%26a%3D2%26e%3D%26oauth_'));
  });

  it('--format json prints authorization, signature, baseString, method, url, body and contentType', async () => {
    const { code, out } = await run([...X_DOCS, '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(out) as Record<string, string>;
    assert.equal(json.signature, X_SIGNATURE);
    assert.match(json.authorization as string, /^OAuth /);
    assert.ok(
      (json.baseString as string).startsWith(
        'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26',
      ),
    );
    assert.equal(json.method, 'POST');
    assert.equal(json.url, 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true');
    assert.equal(json.body, 'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21');
    assert.equal(json.contentType, 'application/x-www-form-urlencoded');
    assert.ok(!out.includes(CONSUMER_SECRET) && !out.includes(TOKEN_SECRET));
  });

  it('--explain prints the parameter table, base string and redacted key, and never a secret', async () => {
    const { code, out } = await run([...X_DOCS, '--explain']);
    assert.equal(code, 0);
    assert.match(out, /Parameters \(sorted as signed\):/);
    assert.match(out, /\n {2}query +include_entities +true\n/);
    assert.match(out, /\n {2}body +status +Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21\n/);
    assert.ok(out.includes('POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue'));
    assert.ok(out.includes('<consumer secret: 43 chars>&<token secret: 41 chars>'));
    assert.ok(out.includes(X_SIGNATURE));
    for (const text of [out, (await run([...X_DOCS, '--explain', '--format', 'json'])).out]) {
      assert.ok(!text.includes(CONSUMER_SECRET) && !text.includes(TOKEN_SECRET), 'a secret leaked');
    }
    const plaintext = await run([...X_DOCS, '--explain', '--signature-method', 'PLAINTEXT']);
    assert.ok(!plaintext.out.includes(CONSUMER_SECRET) && !plaintext.out.includes(TOKEN_SECRET), 'PLAINTEXT leaked a secret');
  });

  it('reads credentials from the environment, adds callback/verifier, realm, and omits oauth_version with --no-version', async () => {
    const { code, out } = await run(
      [
        'sign',
        '--method',
        'POST',
        '--url',
        'https://e.com/oauth/access_token',
        '--callback',
        'oob',
        '--verifier',
        'v',
        '--realm',
        'R',
        '--no-version',
      ],
      { OAUTH1X_CONSUMER_KEY: 'ck', OAUTH1X_CONSUMER_SECRET: 'cs' },
    );
    assert.equal(code, 0);
    assert.match(out, /^OAuth realm="R", oauth_consumer_key="ck", /);
    assert.ok(out.includes('oauth_callback="oob"') && out.includes('oauth_verifier="v"') && !out.includes('oauth_version'));
  });

  it('signs with RSA from --private-key (PKCS#1 or PKCS#8) and the signature verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const type of ['pkcs1', 'pkcs8'] as const) {
      const file = join(dir, `${type}.pem`);
      writeFileSync(file, privateKey.export({ type, format: 'pem' }));
      const args = ['sign', '--method', 'GET', '--url', 'https://e.com/r', '--consumer-key', 'k', '--consumer-secret', 's'];
      const { code, out } = await run([...args, '--signature-method', 'RSA-SHA256', '--private-key', file, '--format', 'json']);
      assert.equal(code, 0);
      const json = JSON.parse(out) as { baseString: string; signature: string };
      assert.equal(await verifySignature('RSA-SHA256', json.baseString, json.signature, { publicKey: spki }), true);
    }
  });

  it('curl-style arguments (-X, the URL as an argument, -d) sign exactly what the long options sign', async () => {
    const fixed = ['--nonce', 'n0nce', '--timestamp', '1318622958', ...CREDENTIALS];
    const long = await run(['sign', '--method', 'POST', '--url', 'https://e.com/a?b=1', '--data', 'c=2', ...fixed]);
    const short = await run(['sign', '-X', 'post', 'https://e.com/a?b=1', '-d', 'c=2', ...fixed]);
    assert.equal(short.code, 0, short.err);
    assert.equal(short.out, long.out);
    // No method given: GET, or POST when there is a body (as `oauth1x request` does).
    const get = await run(['sign', 'https://e.com/a', '--format', 'json', ...fixed]);
    assert.equal(JSON.parse(get.out).method, 'GET');
    const post = await run(['sign', 'https://e.com/a', '-d', 'c=2', '--format', 'json', ...fixed]);
    assert.equal(JSON.parse(post.out).method, 'POST');
  });

  it('option values may start with "-" (a secret, a token, a form value), as curl takes them', async () => {
    const fixed = ['--nonce', 'n0nce', '--timestamp', '1318622958'];
    const creds = ['--consumer-key', '-ck', '--consumer-secret', '-cs', '--token', '--tk', '--token-secret', '-ts'];
    const spaced = await run(['sign', 'https://e.com/a', '-d', 'a=-1', ...creds, ...fixed]);
    assert.equal(spaced.code, 0, spaced.err);
    const joined = await run([
      'sign',
      'https://e.com/a',
      '-d',
      'a=-1',
      '--consumer-key=-ck',
      '--consumer-secret=-cs',
      '--token=--tk',
      '--token-secret=-ts',
      ...fixed,
    ]);
    assert.equal(spaced.out, joined.out);
    assert.match(spaced.out, /oauth_consumer_key="-ck"/);
    assert.match(spaced.out, /oauth_token="--tk"/);
  });

  it('adds oauth_body_hash for a JSON body with --body-hash', async () => {
    const args = ['sign', '--method', 'POST', '--url', 'https://e.com/', '--body', '{"a":1}', '--content-type', 'application/json'];
    const { out } = await run([...args, '--body-hash', ...CREDENTIALS]);
    assert.ok(out.includes('oauth_body_hash="n4nHQM60bXQYySSnisV5QdXpZSA%3D"'));
  });

  describe('usage errors: one line on stderr, exit code 2, nothing on stdout', () => {
    const base = ['sign', '--method', 'GET', '--url', 'https://e.com/', '--consumer-key', 'k', '--consumer-secret', 's'];
    const cases: Array<[string, string[], RegExp]> = [
      ['missing URL', ['sign', '--method', 'GET', '--consumer-key', 'k', '--consumer-secret', 's'], /URL is required/],
      ['two URLs', ['sign', 'https://e.com/', '--url', 'https://e.com/', '--consumer-key', 'k', '--consumer-secret', 's'], /one URL/],
      ['missing --consumer-secret', ['sign', '--method', 'GET', '--url', 'https://e.com/', '--consumer-key', 'k'], /--consumer-secret/],
      ['unknown option', [...base, '--bogus', 'x'], /bogus/],
      ['bad --signature-method', [...base, '--signature-method', 'HMAC-MD5'], /--signature-method must be one of/],
      ['RSA without --private-key', [...base, '--signature-method', 'RSA-SHA1'], /needs --private-key/],
      [
        'unreadable --private-key',
        [...base, '--signature-method', 'RSA-SHA1', '--private-key', '/nonexistent/key.pem'],
        /cannot read --private-key/,
      ],
      ['--token without --token-secret', [...base, '--token', 't'], /--token and --token-secret go together/],
      ['--data and --body together', [...base, '--data', 'a=1', '--body', 'a=1'], /either --data or --body/],
      ['--data without =', [...base, '--data', 'novalue'], /--data expects name=value/],
      ['bad --timestamp', [...base, '--timestamp', 'soon'], /--timestamp/],
      ['bad --format', [...base, '--format', 'xml'], /--format must be header or json/],
      ['bad URL', ['sign', '--method', 'GET', '--url', 'not-a-url', '--consumer-key', 'k', '--consumer-secret', 's'], /URL/],
      ['bad percent-encoding in --body', [...base.slice(0, 2), 'POST', ...base.slice(3), '--body', 'a=%zz'], /encoding/i],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        const { code, out, err } = await run(argv);
        assert.equal(code, 2, `${name}: ${err}`);
        assert.equal(out, '');
        assert.match(err, message);
        assert.match(err, /^oauth1x sign: [^\n]+\n$/, 'exactly one line');
        assert.ok(!err.includes(' s\n') && !err.includes('"s"'), 'no secret in the message');
      });
    }
  });

  it('prints help with examples', async () => {
    const { code, out } = await run(['sign', '--help']);
    assert.equal(code, 0);
    assert.match(out, /Usage: oauth1x sign/);
    assert.match(out, /--data 'status=Hello Ladies \+ Gentlemen, a signed OAuth request!'/);
  });
});

describe('oauth1x sign (real processes)', { timeout: 120_000 }, () => {
  it('node bin/oauth1x.js sign: the X docs example', async () => {
    const { code, out, err } = await exec(process.execPath, ['bin/oauth1x.js', ...X_DOCS]);
    assert.equal(code, 0, err);
    assert.equal(signatureOf(out), X_SIGNATURE);
  });

  it('node bin/oauth1x.js sign: a usage error exits with 2 and one stderr line', async () => {
    const { code, out, err } = await exec(process.execPath, ['bin/oauth1x.js', 'sign', '--method', 'GET']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err, 'oauth1x sign: URL is required\n');
  });

  it('npx oauth1x --help works from the package root', async () => {
    const { code, out, err } = await exec('npx', ['--no-install', 'oauth1x', '--help'], 90_000);
    assert.equal(code, 0, err);
    assert.match(out, /Usage: oauth1x <command>/);
    assert.match(out, /\bsign\b/);
  });
});
