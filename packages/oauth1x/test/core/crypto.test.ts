/**
 * The two `#crypto` implementations: Node (crypto-node.ts, chosen by the `node` import condition) and Web
 * Crypto (crypto-web.ts, used by browsers, Deno and Workers), imported directly, must agree exactly.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import * as node from '../../src/core/crypto-node.js';
import * as web from '../../src/core/crypto-web.js';

const HASHES = ['SHA-1', 'SHA-256', 'SHA-512'] as const;
const NODE_NAME = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' } as const;

function randomText(length: number): string {
  const pool = ['a', 'Z', '0', '%', '&', ' ', 'é', '☃', '😀', '\u0000'];
  return Array.from({ length }, () => pool[Math.floor(Math.random() * pool.length)]).join('');
}

describe('#crypto: Node and Web Crypto implementations agree', () => {
  it('are the implementations they claim to be', () => {
    assert.equal(node.cryptoImplementation, 'node');
    assert.equal(web.cryptoImplementation, 'web');
  });

  it('hmacBase64: identical to createHmac for keys shorter, equal and longer than the block, empty keys, unicode data', async () => {
    const keys = [
      '',
      'k',
      'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      'x'.repeat(64),
      'y'.repeat(128),
      'é'.repeat(70),
      randomText(300),
    ];
    const data = ['', 'data', randomText(50), randomText(2000), 'POST&https%3A%2F%2Fapi.x.com%2F&a%3D1'];
    for (const hash of HASHES) {
      for (const key of keys) {
        for (const text of data) {
          const expected = createHmac(NODE_NAME[hash], key).update(text).digest('base64');
          assert.equal(node.hmacBase64(hash, key, text), expected, `node ${hash}`);
          assert.equal(await web.hmacBase64(hash, key, text), expected, `web ${hash}`);
        }
      }
    }
  });

  it('hmacBase64 (node): the cached key pads follow key and hash changes', () => {
    for (let i = 0; i < 200; i++) {
      const hash = HASHES[i % 3] as (typeof HASHES)[number];
      const key = i % 5 === 0 ? 'same' : randomText(i % 150);
      const text = randomText(i * 7);
      assert.equal(node.hmacBase64(hash, key, text), createHmac(NODE_NAME[hash], key).update(text).digest('base64'));
    }
  });

  it('hmacBase64 with the ascii hint: the same HMAC for ASCII text, flat or concatenated, short or beyond 64 KiB', async () => {
    let built = 'POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&';
    for (let i = 0; i < 40; i++) built += `%26p${i}%3Dv%2520${i}`;
    for (const text of [built, 'GET&x&', '', 'a'.repeat(70_000), `${'b'.repeat(40_000)}${built}`]) {
      for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
        const expected = createHmac(NODE_NAME[hash], 'cs&ts').update(text).digest('base64');
        assert.equal(node.hmacBase64(hash, 'cs&ts', text, true), expected);
        assert.equal(await web.hmacBase64(hash, 'cs&ts', text, true), expected);
      }
    }
  });

  it('hmacBase64 (node): messages beyond the kept 64 KiB buffer, then small ones again', () => {
    for (const text of ['é'.repeat(30_000), 'a'.repeat(200_000), 'small', `${'☃'.repeat(25_000)}x`, 'again']) {
      for (const hash of HASHES) {
        assert.equal(node.hmacBase64(hash, 'key', text), createHmac(NODE_NAME[hash], 'key').update(text).digest('base64'));
      }
    }
  });

  it('digestBase64: identical for strings (UTF-8) and bytes', async () => {
    const bytes = randomBytes(1000);
    for (const hash of HASHES) {
      for (const input of ['', 'abc', randomText(100), bytes]) {
        const expected = createHash(NODE_NAME[hash]).update(input).digest('base64');
        assert.equal(node.digestBase64(hash, input), expected);
        assert.equal(await web.digestBase64(hash, input), expected);
      }
    }
  });

  it('bytesToBase64 matches Buffer, also beyond one 32 KiB chunk', () => {
    for (const length of [0, 1, 2, 3, 100, 0x8000, 0x8000 * 2 + 5]) {
      const bytes = randomBytes(length);
      assert.equal(web.bytesToBase64(bytes), bytes.toString('base64'));
    }
  });

  it('fillRandom fills every byte, in both implementations, beyond 64 KiB too', () => {
    for (const fill of [node.fillRandom, web.fillRandom]) {
      const buffer = fill(new Uint8Array(70_000));
      const zeros = buffer.filter((b) => b === 0).length;
      assert.ok(zeros < 70_000 / 100, `${zeros} zero bytes`);
      assert.ok(new Set(buffer.subarray(65_530, 65_560)).size > 10, 'the tail past 64 KiB is random too');
    }
  });
});
