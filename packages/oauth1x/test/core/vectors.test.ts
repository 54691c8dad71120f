import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createSignature, signRequest } from '../../src/index.js';
import type { Vector } from '../runtimes/portable-checks.js';

export const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../../../test-kit/vectors/published.json', import.meta.url), 'utf8'));

describe('published signature vectors (packages/test-kit/vectors/published.json)', () => {
  it('has the vectors the issue names', () => {
    const names = vectors.map((v) => v.name);
    for (const name of [
      'x-docs-creating-a-signature-1',
      'x-docs-creating-a-signature-1.1',
      'rfc5849-1.2-photos',
      'rfc5849-3.4.1-hmac-sha1',
    ]) {
      assert.ok(names.includes(name), name);
    }
  });
  for (const v of vectors) {
    it(v.name, async () => {
      if (v.kind === 'primitive') {
        const [consumerSecret, tokenSecret] = (v.signing_key as string).split('&').map(decodeURIComponent) as [string, string];
        assert.equal(consumerSecret, v.consumer_secret);
        assert.equal(tokenSecret, v.token_secret);
        const signature = await createSignature(v.signature_method, v.expected_base_string as string, { consumerSecret, tokenSecret });
        assert.equal(signature, v.expected_signature);
        return;
      }
      const oauthParams: Record<string, string> = {};
      if (v.oauth_callback) oauthParams.oauth_callback = v.oauth_callback;
      if (v.oauth_verifier) oauthParams.oauth_verifier = v.oauth_verifier;
      const signed = await signRequest({
        method: v.method,
        url: v.url,
        body: v.body,
        contentType: v.content_type,
        consumer: { key: v.consumer_key, secret: v.consumer_secret },
        token: v.token === null ? null : { key: v.token, secret: v.token_secret as string },
        nonce: v.nonce,
        timestamp: v.timestamp,
        signatureMethod: v.signature_method,
        version: v.oauth_version,
        realm: v.realm,
        oauthParams,
      });
      if (v.expected_base_string) assert.equal(signed.baseString, v.expected_base_string);
      assert.equal(signed.signature, v.expected_signature);
      assert.match(signed.authorization, /^OAuth /);
      assert.ok(signed.authorization.includes(`oauth_signature="${encodeURIComponent(v.expected_signature)}"`));
      if (v.realm) assert.ok(signed.authorization.startsWith(`OAuth realm="${v.realm}", `));
      if (v.oauth_version === null) assert.ok(!signed.authorization.includes('oauth_version'));
    });
  }
});
