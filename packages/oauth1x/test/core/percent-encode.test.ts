import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formDecode, OAuthError, percentDecode, percentEncode } from '../../src/index.js';

function encodingError(fn: () => unknown): void {
  assert.throws(fn, (error: unknown) => error instanceof OAuthError && error.code === 'ERR_INVALID_ENCODING');
}

describe('percentEncode (RFC 5849 §3.6)', () => {
  it("encodes !*'() and space as %21%2A%27%28%29 and %20 (unlike encodeURIComponent)", () => {
    assert.equal(percentEncode("!*'()"), '%21%2A%27%28%29');
    assert.equal(percentEncode(' '), '%20');
    assert.equal(percentEncode('Ladies + Gentlemen'), 'Ladies%20%2B%20Gentlemen');
  });

  it('leaves exactly the unreserved set alone and returns the same string when nothing changes', () => {
    const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
    assert.equal(percentEncode(unreserved), unreserved);
    for (let c = 0; c < 128; c++) {
      const char = String.fromCharCode(c);
      const expected = unreserved.includes(char) ? char : `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
      assert.equal(percentEncode(char), expected, `U+${c.toString(16)}`);
    }
  });

  it('encodes unicode as UTF-8 bytes with upper-case hex, astral characters included', () => {
    assert.equal(percentEncode('é'), '%C3%A9');
    assert.equal(percentEncode('☃'), '%E2%98%83');
    assert.equal(percentEncode('😀'), '%F0%9F%98%80');
    assert.equal(percentEncode('a é😀b!'), 'a%20%C3%A9%F0%9F%98%80b%21');
  });

  it('matches a reference encoder on every BMP code point and on mixed strings', () => {
    const reference = (s: string): string =>
      Array.from(new TextEncoder().encode(s), (b) =>
        /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) && b < 128
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      ).join('');
    for (let c = 0; c < 0x10000; c += 7) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = `x${String.fromCharCode(c)}y`;
      assert.equal(percentEncode(s), reference(s));
    }
    const mixed = "a b+c%d&e=f!g*h'i(j)k~l.m-n_o é ☃ 😀 \u0000\n";
    assert.equal(percentEncode(mixed), reference(mixed));
  });

  it('rejects lone surrogates with ERR_INVALID_ENCODING', () => {
    encodingError(() => percentEncode('a\uD800b'));
    encodingError(() => percentEncode('\uDC00'));
    encodingError(() => percentEncode('ok😀\uD83D'));
  });
});

describe('percentDecode / formDecode', () => {
  it('decodes %XX (either hex case) and UTF-8 sequences', () => {
    assert.equal(percentDecode('caf%C3%A9'), 'café');
    assert.equal(percentDecode('caf%c3%a9'), 'café');
    assert.equal(percentDecode('%F0%9F%98%80'), '😀');
    assert.equal(percentDecode('plain'), 'plain');
  });

  it('leaves + alone; formDecode turns + into a space before decoding', () => {
    assert.equal(percentDecode('a+b'), 'a+b');
    assert.equal(formDecode('a+b%2B'), 'a b+');
  });

  it('rejects bad escapes and invalid UTF-8 with ERR_INVALID_ENCODING', () => {
    for (const bad of ['%', '%4', '%zz', 'a%G1', '%FF%FE', '%C3', '%ED%A0%80']) encodingError(() => percentDecode(bad));
    encodingError(() => formDecode('a+%'));
  });

  it('round-trips: decode(encode(s)) === s', () => {
    for (const s of ['', 'a b', "!*'()", 'é☃😀', '%20', '+&=']) assert.equal(percentDecode(percentEncode(s)), s);
  });
});
