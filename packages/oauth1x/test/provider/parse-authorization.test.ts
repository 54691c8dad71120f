import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuthorizationHeader } from '../../src/index.js';
import { parseOAuthHeader, scanOAuthHeader } from '../../src/provider/parse-authorization.js';

const KNOWN = [
  'realm',
  'oauth_body_hash',
  'oauth_callback',
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token',
  'oauth_verifier',
  'oauth_version',
];

/** Names one edit away from a well-known one: the scanner's name table must not take them for it. */
function nearMisses(name: string): string[] {
  const last = name.charCodeAt(name.length - 1);
  return [
    name.slice(0, -1),
    `${name}x`,
    `${name.slice(0, -1)}${String.fromCharCode(last + 1)}`,
    `x${name.slice(1)}`,
    name.toUpperCase(),
    `${name.slice(0, 6)}${name.charAt(6) === 'z' ? 'y' : 'z'}${name.slice(7)}`,
  ].filter((n) => n !== name && n.length > 0);
}

describe('scanOAuthHeader: well-known parameter names', () => {
  it('each well-known name comes back as the same string the literal is', () => {
    for (const name of KNOWN.filter((n) => n !== 'realm')) {
      const out: string[] = [];
      scanOAuthHeader(`OAuth ${name}="v"`, out);
      assert.equal(out[0], name);
    }
    const realmOnly: string[] = [];
    assert.equal(scanOAuthHeader('OAuth realm="r", oauth_nonce="n"', realmOnly), 'r');
    assert.equal(realmOnly[0], 'oauth_nonce');
  });

  it('names one edit away from a well-known one are read as themselves, as the core parser reads them', () => {
    for (const name of KNOWN) {
      for (const miss of nearMisses(name)) {
        const header = `OAuth oauth_nonce="n", ${miss}="v"`;
        const mine = parseOAuthHeader(header);
        const core = parseAuthorizationHeader(header, { maxLength: 1e6, maxParameters: 1e6 });
        assert.deepEqual(mine?.params, core?.params, miss);
        assert.equal(mine?.realm, core?.realm, miss);
      }
    }
  });
});
