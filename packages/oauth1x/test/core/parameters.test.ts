import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formEncode,
  isFormContentType,
  normalizeParameters,
  OAuthError,
  parseFormEncoded,
  percentEncode,
  toParameterList,
} from '../../src/index.js';

describe('parseFormEncoded (§3.4.1.3.1)', () => {
  it('decodes + as a space in a form body', () => {
    assert.deepEqual(parseFormEncoded('status=Hello+Ladies+%2B+Gentlemen'), [['status', 'Hello Ladies + Gentlemen']]);
  });

  it('keeps duplicates in order, and empty values (with or without =)', () => {
    assert.deepEqual(parseFormEncoded('a=1&a=2&a=1&b=&c'), [
      ['a', '1'],
      ['a', '2'],
      ['a', '1'],
      ['b', ''],
      ['c', ''],
    ]);
  });

  it('splits at the first = only and skips empty segments', () => {
    assert.deepEqual(parseFormEncoded('a==b&&=x&'), [
      ['a', '=b'],
      ['', 'x'],
    ]);
    assert.deepEqual(parseFormEncoded(''), []);
  });

  it('decodes already-encoded input exactly once', () => {
    assert.deepEqual(parseFormEncoded('v=%2520&w=%25'), [
      ['v', '%20'],
      ['w', '%'],
    ]);
  });

  it('decodes unicode from UTF-8 escapes', () => {
    assert.deepEqual(parseFormEncoded('n%C3%A4me=%F0%9F%98%80'), [['näme', '😀']]);
  });

  it('rejects bad percent-encoding with ERR_INVALID_ENCODING', () => {
    assert.throws(
      () => parseFormEncoded('a=%zz'),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ENCODING',
    );
    assert.throws(
      () => parseFormEncoded('a=%FF'),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ENCODING',
    );
  });
});

describe('toParameterList', () => {
  it('takes strings (decoded once), URLSearchParams, pairs and objects with string arrays', () => {
    assert.deepEqual(toParameterList('a=x+y'), [['a', 'x y']]);
    assert.deepEqual(
      toParameterList(
        new URLSearchParams([
          ['a', '1'],
          ['a', '2'],
        ]),
      ),
      [
        ['a', '1'],
        ['a', '2'],
      ],
    );
    assert.deepEqual(toParameterList([['k', 'a + b']]), [['k', 'a + b']]);
    assert.deepEqual(toParameterList({ status: 'a + b', tag: ['x', 'y'] }), [
      ['status', 'a + b'],
      ['tag', 'x'],
      ['tag', 'y'],
    ]);
    assert.deepEqual(toParameterList(null), []);
  });

  it('takes object values literally: "%20" stays "%20"', () => {
    assert.deepEqual(toParameterList({ a: '%20' }), [['a', '%20']]);
  });

  it('rejects values that are not strings', () => {
    assert.throws(() => toParameterList({ a: 1 as unknown as string }), /must be a string/);
    assert.throws(() => toParameterList({ a: [1 as unknown as string] }), /must be a string/);
    assert.throws(() => toParameterList([['a', 1 as unknown as string]]), /string tuples/);
  });
});

describe('normalizeParameters (§3.4.1.3.2)', () => {
  it('keeps duplicates and sorts by encoded name, then encoded value', () => {
    assert.equal(
      normalizeParameters([
        ['b', '2'],
        ['a', 'x y'],
        ['a', '1'],
        ['a', '1'],
      ]),
      'a=1&a=1&a=x%20y&b=2',
    );
  });

  it('sorts by the encoded form (byte order), not the decoded one', () => {
    // Decoded, "~" (0x7E) sorts before "é" (0xE9); encoded, "%C3%A9" (starts with 0x25) comes first.
    assert.equal(
      normalizeParameters([
        ['~', ''],
        ['é', ''],
      ]),
      '%C3%A9=&~=',
    );
    assert.equal(
      normalizeParameters([
        ['a!', ''],
        ['a b', ''],
      ]),
      'a%20b=&a%21=',
    );
    // Upper case sorts before lower case, and "%" (0x25) before letters and digits.
    assert.equal(
      normalizeParameters([
        ['a', ''],
        ['B', ''],
        ['é', ''],
        ['1', ''],
      ]),
      '%C3%A9=&1=&B=&a=',
    );
    // Same name: values compared encoded: "%2B" (from +) before "-".
    assert.equal(
      normalizeParameters([
        ['v', '-'],
        ['v', '+'],
      ]),
      'v=%2B&v=-',
    );
  });

  it('keeps empty values', () => {
    assert.equal(
      normalizeParameters([
        ['b', ''],
        ['a', ''],
      ]),
      'a=&b=',
    );
  });

  it('reproduces the RFC 5849 §3.4.1.3.2 example', () => {
    const params = parseFormEncoded('b5=%3D%253D&a3=a&c%40=&a2=r%20b').concat(parseFormEncoded('c2&a3=2+q'), [
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
    ]);
    assert.equal(
      normalizeParameters(params),
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
  });
});

describe('isFormContentType', () => {
  it('accepts application/x-www-form-urlencoded in any case, with or without charset', () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'APPLICATION/X-WWW-FORM-URLENCODED',
      'Application/X-WWW-Form-URLEncoded; charset=UTF-8',
      'application/x-www-form-urlencoded;charset=utf-8',
      '  application/x-www-form-urlencoded ; charset="UTF-8"',
    ]) {
      assert.equal(isFormContentType(type), true, type);
    }
  });

  it('rejects JSON, multipart, look-alikes and absent types', () => {
    for (const type of [
      'application/json',
      'multipart/form-data; boundary=x',
      'text/plain',
      'application/x-www-form-urlencodedx',
      '',
      null,
      undefined,
    ]) {
      assert.equal(isFormContentType(type), false, String(type));
    }
  });
});

describe('formEncode', () => {
  it('uses §3.6 encoding (%20, not +) and parses back to the same pairs', () => {
    const pairs: Array<[string, string]> = [
      ['status', "Hello Ladies + Gentlemen, a signed OAuth request!*'()"],
      ['é', '😀'],
      ['e', ''],
    ];
    const encoded = formEncode(pairs);
    assert.equal(encoded.split('&')[0], `status=${percentEncode(pairs[0]?.[1] as string)}`);
    assert.ok(!encoded.includes('+'));
    assert.deepEqual(parseFormEncoded(encoded), pairs);
  });
});
