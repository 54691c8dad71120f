/** The signing hot path's encoded parameters must give exactly what the public building blocks give. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EncodedPair, encodedBaseString } from '../../src/core/base-string.js';
import {
  constantParameter,
  encodedCredentials,
  encodeParameter,
  protocolParameter,
  timestampParameter,
} from '../../src/core/encoded-parameters.js';
import { joinForm } from '../../src/core/parameters.js';
import { formEncode, normalizeParameters, type Parameter, percentEncode, signingKey, toAuthorizationHeader } from '../../src/index.js';

const SAMPLES: Parameter[] = [
  ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
  ['a', ''],
  ['', 'x'],
  ['é', '😀 ☃'],
  ['a', '%20'],
  ['b', "!*'()"],
  ['a', 'z'],
  ['~', '-._~'],
  ['k%', '100%'],
];

describe('encoded parameters (signing hot path)', () => {
  it('encodeParameter gives the §3.6 encodings and the twice-encoded base string segment', () => {
    for (const pair of SAMPLES) {
      const [name, value, decodedName, decodedValue, segment, header] = encodeParameter(pair);
      assert.equal(name, percentEncode(pair[0]));
      assert.equal(value, percentEncode(pair[1]));
      assert.equal(segment, percentEncode(`${name}=${value}`));
      assert.equal(header, undefined);
      assert.deepEqual([decodedName, decodedValue], pair);
    }
  });

  it('encodedBaseString over encoded parameters equals the RFC-literal base string, for short and long lists', () => {
    for (const list of [SAMPLES, [...SAMPLES, ...SAMPLES, ...SAMPLES, ...SAMPLES].reverse()]) {
      const base = `GET&${percentEncode('https://example.com/')}&${percentEncode(normalizeParameters(list))}`;
      assert.equal(encodedBaseString('GET', percentEncode('https://example.com/'), list.map(encodeParameter)), base);
      // The same pairs without the precomputed segments (as verification holds them) give the same text.
      const bare = list.map((p): EncodedPair => [percentEncode(p[0]), percentEncode(p[1]), p[0], p[1]]);
      assert.equal(encodedBaseString('GET', percentEncode('https://example.com/'), bare), base);
    }
  });

  it('joinForm equals formEncode; protocol parameters give toAuthorizationHeader segments', () => {
    const encoded = SAMPLES.map(encodeParameter);
    assert.equal(joinForm(encoded, 0, encoded.length), formEncode(SAMPLES));
    assert.equal(joinForm(encoded, 2, 4), formEncode(SAMPLES.slice(2, 4)));
    const protocol: EncodedPair[] = SAMPLES.map(([n, v]) => protocolParameter(n, v));
    assert.equal(`OAuth ${protocol.map((p) => p[5]).join('')}`.slice(0, -2), toAuthorizationHeader(SAMPLES));
  });

  it('caches constants and timestamps without mixing them up', () => {
    assert.equal(constantParameter('oauth_version', '1.0'), constantParameter('oauth_version', '1.0'));
    assert.equal(constantParameter('oauth_signature_method', 'HMAC-SHA1')[4], 'oauth_signature_method%3DHMAC-SHA1');
    assert.equal(constantParameter('oauth_signature_method', 'toString')[1], 'toString');
    assert.equal(timestampParameter('1')[1], '1');
    assert.equal(timestampParameter('2')[1], '2');
  });

  it('encodedCredentials reuses the last result only while all four strings are the same', () => {
    const a = encodedCredentials({ key: 'c k', secret: 'c s' }, { key: 't k', secret: 't s' });
    assert.equal(encodedCredentials({ key: 'c k', secret: 'c s' }, { key: 't k', secret: 't s' }), a);
    assert.equal(a.signingKey, signingKey('c s', 't s'));
    assert.equal(a.consumerKey[5], 'oauth_consumer_key="c%20k", ');
    const b = encodedCredentials({ key: 'c k', secret: 'c s' }, { key: 't k', secret: 'other' });
    assert.notEqual(b, a);
    assert.equal(b.signingKey, 'c%20s&other');
    assert.equal(encodedCredentials({ key: 'c k', secret: 'c s' }, null).token, undefined);
    assert.equal(encodedCredentials({ key: 'c k', secret: 'c s' }, null).signingKey, 'c%20s&');
  });
});
