/**
 * The whole core on its Web Crypto path (what browsers, Deno and Workers run): a child Node process whose
 * `#crypto` import resolves to crypto-web.ts signs the same requests as this process (node:crypto path),
 * and every result must be identical.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type SignRequestOptions, signRequest } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

const base = { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: 1318622958 };
const CASES: SignRequestOptions[] = [
  {
    ...base,
    method: 'POST',
    url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
    body: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
    consumer: { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
    token: { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
  },
  { ...base, method: 'GET', url: 'https://e.com/é?q=😀', consumer: { key: 'k', secret: 'sé' }, signatureMethod: 'HMAC-SHA256', realm: 'R' },
  { ...base, method: 'GET', url: 'https://e.com/', consumer: { key: 'k', secret: '' }, signatureMethod: 'HMAC-SHA512', transport: 'query' },
  {
    ...base,
    method: 'POST',
    url: 'https://e.com/',
    body: '{"a":1}',
    contentType: 'application/json',
    bodyHash: true,
    consumer: { key: 'k', secret: 's' },
  },
  { ...base, method: 'GET', url: 'https://e.com/', consumer: { key: 'k', secret: 'a&b' }, signatureMethod: 'PLAINTEXT' },
  { ...base, method: 'GET', url: 'https://e.com/', consumer: { key: 'k', secret: '' }, signatureMethod: 'RSA-SHA256', privateKey: pem },
];

const SCRIPT = `
import { signRequest } from './dist/src/index.js';
import { cryptoImplementation } from '#crypto';
const cases = JSON.parse(process.argv[1]);
const results = [];
for (const options of cases) {
  const { authorization, signature, baseString, url } = await signRequest(options);
  results.push({ authorization, signature, baseString, url });
}
process.stdout.write(JSON.stringify({ implementation: cryptoImplementation, results }));
`;

describe('the core on its Web Crypto path', { timeout: 60_000 }, () => {
  it('gives exactly the node:crypto path’s headers, signatures and base strings', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', './test/fixtures/use-web-crypto.mjs', '--input-type=module', '-e', SCRIPT, JSON.stringify(CASES)],
        { cwd: ROOT, timeout: 50_000, encoding: 'utf8' },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const { implementation, results } = JSON.parse(output) as { implementation: string; results: object[] };
    assert.equal(implementation, 'web', 'the child process really used crypto-web');
    const expected = [];
    for (const options of CASES) {
      const { authorization, signature, baseString, url } = await signRequest(options);
      expected.push({ authorization, signature, baseString, url });
    }
    assert.deepEqual(results, expected);
    assert.equal((results[0] as { signature: string }).signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });
});
