// v2 media upload with the credential kinds X's OpenAPI document accepts for it: an OAuth 2.0 user token with
// media.write works (every request checked against the document's security, scopes included); an app-only
// bearer, or a token without media.write, is refused before any byte is sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeXMedia } from '@oauth1x/test-kit/x/fake-x-media.js';
import { specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { XClient, XCredentialError } from '../src/index.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SCOPES = ['media.write', 'tweet.read', 'tweet.write', 'users.read'];

function mp4(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size).map((_, i) => i % 251);
  bytes.set([0, 0, 0, 0x18], 0);
  bytes.set(new TextEncoder().encode('ftypisom'), 4);
  return bytes;
}

describe('XClient media upload with an OAuth 2.0 user token or an app-only bearer', () => {
  it('OAuth 2.0 with media.write: one-shot with alt text, and chunked', async () => {
    const fake = fakeXMedia();
    const { fetch, seen, violations } = specFetch(fake.handle, { auth: { bearer: 'OAuth2UserToken', scopes: SCOPES } });
    const x = new XClient({
      auth: { kind: 'oauth2', clientId: 'c', accessToken: 'user-token', scopes: SCOPES },
      fetch,
      sleep: async () => {},
    });
    const one = await x.uploadMedia(new Uint8Array(PNG), { altText: 'One red pixel' });
    const chunked = await x.uploadMedia(mp4(3000), { chunkSize: 1024 });
    assert.ok(one.mediaId && chunked.mediaId);
    assert.deepEqual(violations, []);
    assert.ok(seen.length >= 6 && seen.every((s) => s.headers.get('authorization') === 'Bearer user-token'));
  });

  it('refused before sending: an app-only bearer, a token without media.write', async () => {
    let sent = 0;
    const fetch = async () => {
      sent++;
      return new Response('{}', { status: 500 });
    };
    const app = new XClient({ auth: { kind: 'app', bearer: 'app-bearer' }, fetch });
    await assert.rejects(app.uploadMedia(new Uint8Array(PNG)), (e: unknown) => e instanceof XCredentialError && e.method === 'uploadMedia');
    const noScope = new XClient({ auth: { kind: 'oauth2', clientId: 'c', accessToken: 't', scopes: ['tweet.read', 'users.read'] }, fetch });
    await assert.rejects(
      noScope.uploadMedia(new Uint8Array(PNG)),
      (e: unknown) => e instanceof XCredentialError && e.code === 'ERR_X_OAUTH2_SCOPE' && e.scopesMissing?.join() === 'media.write',
    );
    await assert.rejects(noScope.setAltText('1', 'x'), XCredentialError);
    assert.equal(sent, 0);
  });
});
