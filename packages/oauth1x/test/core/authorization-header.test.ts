import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError, type Parameter, parseAuthorizationHeader, toAuthorizationHeader } from '../../src/index.js';

function code(expected: string): (error: unknown) => boolean {
  return (error: unknown) => error instanceof OAuthError && error.code === expected;
}

describe('toAuthorizationHeader (§3.5.1)', () => {
  it('puts realm first, then name="value" pairs encoded per §3.6, separated by ", "', () => {
    assert.equal(
      toAuthorizationHeader(
        [
          ['oauth_consumer_key', 'key'],
          ['oauth_nonce', 'a b'],
        ],
        'Photos',
      ),
      'OAuth realm="Photos", oauth_consumer_key="key", oauth_nonce="a%20b"',
    );
  });

  it('omits realm when absent and encodes reserved characters and unicode', () => {
    assert.equal(
      toAuthorizationHeader([['oauth_callback', "http://x/?a=1&b=é!'"]]),
      'OAuth oauth_callback="http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D%C3%A9%21%27"',
    );
    assert.equal(toAuthorizationHeader([]), 'OAuth');
  });
});

describe('parseAuthorizationHeader (strict)', () => {
  it('parses the RFC 5849 §3.5.1 example', () => {
    const parsed = parseAuthorizationHeader(
      'OAuth realm="Example",\r\n oauth_consumer_key="0685bd9184jfhq22", oauth_token="ad180jjd733klru7", oauth_signature_method="HMAC-SHA1", oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", oauth_timestamp="137131200", oauth_nonce="4572616e48616d6d65724c61686176", oauth_version="1.0"'.replace(
        '\r\n',
        '',
      ),
    );
    assert.equal(parsed?.realm, 'Example');
    assert.deepEqual(
      parsed?.params.find(([n]) => n === 'oauth_signature'),
      ['oauth_signature', 'wOJIO9A2W5mFwDgiDvZbTSMK/PY='],
    );
    assert.equal(parsed?.params.length, 7);
  });

  it('accepts the scheme in any case, spaces around = and ",", and an empty parameter list', () => {
    assert.deepEqual(parseAuthorizationHeader('oauth  a = "1" ,\tb="2"'), {
      realm: undefined,
      params: [
        ['a', '1'],
        ['b', '2'],
      ],
    });
    assert.deepEqual(parseAuthorizationHeader('OAuth'), { realm: undefined, params: [] });
  });

  it('reads realm as an RFC 2617 quoted string: decoded when it is percent-encoding (as oauth1x writes it), raw when not (as oauthlib writes it)', () => {
    assert.equal(parseAuthorizationHeader('OAuth realm="a%20b", oauth_nonce="n"')?.realm, 'a b');
    assert.equal(parseAuthorizationHeader('OAuth realm="100%", oauth_nonce="n"')?.realm, '100%');
    assert.equal(parseAuthorizationHeader('OAuth realm="%zz%"')?.realm, '%zz%');
    // A protocol parameter is percent-encoded (§3.5.1): the same text there is still refused.
    assert.throws(
      () => parseAuthorizationHeader('OAuth realm="r", oauth_nonce="100%"'),
      (e: unknown) => e instanceof OAuthError,
    );
  });

  it('returns null for other schemes', () => {
    assert.equal(parseAuthorizationHeader('Bearer abc'), null);
    assert.equal(parseAuthorizationHeader('OAuthx a="1"'), null);
    assert.equal(parseAuthorizationHeader(''), null);
  });

  it('keeps duplicate parameters (the verifier rejects them) but refuses a second realm', () => {
    assert.deepEqual(parseAuthorizationHeader('OAuth a="1", a="2"')?.params, [
      ['a', '1'],
      ['a', '2'],
    ]);
    assert.throws(() => parseAuthorizationHeader('OAuth realm="a", realm="b"'), code('ERR_INVALID_HEADER'));
  });

  it('rejects unquoted values', () => {
    assert.throws(() => parseAuthorizationHeader('OAuth oauth_nonce=abc'), /not quoted/);
    assert.throws(() => parseAuthorizationHeader('OAuth oauth_nonce=abc'), code('ERR_INVALID_HEADER'));
  });

  it('rejects unterminated values', () => {
    assert.throws(() => parseAuthorizationHeader('OAuth oauth_nonce="abc'), /unterminated/);
  });

  it('rejects garbage: missing =, missing comma, trailing comma, backslashes, control characters', () => {
    for (const bad of [
      'OAuth oauth_nonce',
      'OAuth a="1" b="2"',
      'OAuth a="1",',
      'OAuth a="1",,b="2"',
      'OAuth a="x\\"y"',
      'OAuth a="x\ny"',
      'OAuth ="1"',
      'OAuth a="1";b="2"',
      'OAuth a="1" junk',
    ]) {
      assert.throws(() => parseAuthorizationHeader(bad), code('ERR_INVALID_HEADER'), bad);
    }
  });

  it('rejects bad percent-encoding in values with ERR_INVALID_ENCODING', () => {
    assert.throws(() => parseAuthorizationHeader('OAuth a="%zz"'), code('ERR_INVALID_ENCODING'));
    assert.throws(() => parseAuthorizationHeader('OAuth a="%FF"'), code('ERR_INVALID_ENCODING'));
  });

  it('enforces the length and parameter-count limits before parsing (ERR_LIMIT_EXCEEDED)', () => {
    assert.throws(() => parseAuthorizationHeader(`OAuth a="${'x'.repeat(9000)}"`), code('ERR_LIMIT_EXCEEDED'));
    assert.throws(() => parseAuthorizationHeader('OAuth a="1"', { maxLength: 5 }), code('ERR_LIMIT_EXCEEDED'));
    const many = `OAuth ${Array.from({ length: 65 }, (_, i) => `p${i}="v"`).join(', ')}`;
    assert.throws(() => parseAuthorizationHeader(many), code('ERR_LIMIT_EXCEEDED'));
    assert.equal(parseAuthorizationHeader(many, { maxParameters: 65 })?.params.length, 65);
  });

  it('round-trips toAuthorizationHeader for any names and values', () => {
    const params: Parameter[] = [
      ['oauth_consumer_key', 'key with spaces'],
      ['oauth_callback', 'https://client.example/cb?x=1&y="q",z'],
      ['oauth_verifier', "é😀!*'()%"],
      ['oauth_nonce', ''],
      ['oauth_nonce', 'dup'],
    ];
    const header = toAuthorizationHeader(params, 'Realm "x", y');
    assert.deepEqual(parseAuthorizationHeader(header), { realm: 'Realm "x", y', params });
  });
});
