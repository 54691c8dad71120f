/**
 * xJson: JSON.stringify's output with bigints written as bare integers, checked against a straightforward
 * reference serialiser on generated values (strings with control characters and look-alikes of the internal
 * bigint mark included).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XInteger, type XJsonValue, xInteger, xJson } from '../src/x-json.js';

/** The obvious walk: the oracle. */
function reference(value: XJsonValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof XInteger) return value.digits;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : reference(item))).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) if (item !== undefined) parts.push(`${JSON.stringify(key)}:${reference(item)}`);
  return `{${parts.join(',')}}`;
}

const tricky = fc.constantFrom('\u0001', '\u00011-2:5', '\\u0001', '"\u0001', '\u0001123', 'a\u0000b', '☃');
const leaf: fc.Arbitrary<XJsonValue> = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => new XInteger(n.toString())),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ unit: 'binary' }),
  fc.tuple(tricky, fc.string()).map(([a, b]) => a + b),
);
const value = fc.letrec<{ v: XJsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), tricky), tie('v'), { maxKeys: 5 }),
  ),
})).v;

describe('xJson', () => {
  it('writes ids digit for digit', () => {
    assert.equal(
      xJson({ id: 1850000000000000001n, id_str: '1850000000000000001', n: -5n, a: [1n, undefined] }),
      '{"id":1850000000000000001,"id_str":"1850000000000000001","n":-5,"a":[1,null]}',
    );
    assert.equal(xJson(undefined), 'null');
    // XInteger: the same output without a replacer; mixed with bigints, still the same.
    assert.equal(xJson({ id: xInteger('1850000000000000001'), r: xInteger(null) }), '{"id":1850000000000000001,"r":null}');
    assert.equal(xJson([xInteger('-7'), 8n]), '[-7,8]');
    assert.throws(() => xInteger('12"}'), /Not an integer/);
  });

  it('matches the reference serialiser on generated values (2,000 runs)', () => {
    fc.assert(
      fc.property(value, (v) => {
        assert.equal(xJson(v), reference(v));
      }),
      { numRuns: 2000 },
    );
  });
});
