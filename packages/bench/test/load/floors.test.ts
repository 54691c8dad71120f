// The floors the benchmarks set oauth1x against (bench/minimal-verifier.ts, bench/load/minimal-tweet-server.ts)
// must be real: a floor that accepted anything, or stored nothing, would make every comparison with it a lie.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signRequest } from 'oauth1x';
import { signHmacSha1 } from '../../src/minimal-signer.js';
import { minimalVerify } from '../../src/minimal-verifier.js';
import { runMinimal } from '../../src/sections/sandbox-throughput.js';
import { assertAllPersisted } from './assert-report.js';

const consumer = { key: 'ck', secret: 'c secret' };
const token = { key: 'tk', secret: 't&secret' };
const url = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';
const key = (ck: string, tk: string) => (ck === 'ck' && tk === 'tk' ? 'c%20secret&t%26secret' : undefined);

describe('benchmark floors', () => {
  it('the minimal verifier accepts what oauth1x and the bench signer sign, and refuses a change, a replay or an old timestamp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const nonces = new Set<string>();
    const signed = await signRequest({ method: 'POST', url, body: { status: 'Hello Ladies + Gentlemen!' }, consumer, token });
    const request = { method: 'POST', url, authorization: signed.authorization, body: signed.body as string };
    const ok = minimalVerify(request, key, nonces, now);
    assert.deepEqual(ok?.params, [
      ['include_entities', 'true'],
      ['status', 'Hello Ladies + Gentlemen!'],
    ]);
    assert.equal(minimalVerify(request, key, nonces, now), null, 'the same nonce twice');
    const fresh = signHmacSha1({ method: 'POST', url, form: { status: 'a b' }, consumer, token, nonce: 'n2', timestamp: now });
    const second = { method: 'POST', url, authorization: fresh.authorization, body: fresh.body };
    assert.equal(minimalVerify({ ...second, body: 'status=a%20c' }, key, nonces, now), null, 'one byte of the body changed');
    assert.equal(minimalVerify({ ...second, method: 'PUT' }, key, nonces, now), null, 'another method');
    assert.equal(minimalVerify(second, key, nonces, now + 301), null, 'the timestamp out of the window');
    assert.equal(
      minimalVerify(second, () => 'wrong&key', nonces, now),
      null,
      'another key',
    );
    assert.notEqual(minimalVerify(second, key, nonces, now), null);
  });

  it('the minimal tweet server verifies and persists every tweet it answers 2xx', { timeout: 60_000 }, async () => {
    assertAllPersisted(await runMinimal({ connections: 8, durationS: 2, rounds: 1 }, 1500), 8);
  });
});
