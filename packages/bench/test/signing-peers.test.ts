/**
 * The signers of the bench's signing section sign right before they are timed: each peer (X's SDK
 * `@xdevplatform/xdk` among them) gives the X docs' published signature for the docs' nonce and timestamp, and
 * its header in real use verifies with oauth1x's `verifyRequest`.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oauth1xSigner, peerSigners, signatureOf, verifyLiveHeader, X, xdkSigner } from '../src/sections/signing-peers.js';

describe('bench signing peers', () => {
  it('every signer, @xdevplatform/xdk included, gives the published signature for the fixed nonce and timestamp', async () => {
    const peers = await peerSigners();
    assert.ok(peers.some((peer) => peer.name.includes('@xdevplatform/xdk')));
    for (const signer of [oauth1xSigner(), ...peers]) assert.equal(await signer.check(), X.signature, signer.name);
  });

  it('every peer’s header in real use verifies with oauth1x’s verifyRequest', async () => {
    for (const peer of await peerSigners()) {
      const header = String(await peer.run());
      assert.notEqual(signatureOf(header), X.signature, peer.name);
      assert.equal(await verifyLiveHeader(header), null, peer.name);
    }
  });

  it('a header whose signature is off by one character does not verify', async () => {
    const header = await (await xdkSigner()).run();
    const signature = encodeURIComponent(signatureOf(header as string));
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const tampered = (header as string).replace(`oauth_signature="${signature}"`, `oauth_signature="${flipped}"`);
    assert.notEqual(tampered, header);
    assert.match((await verifyLiveHeader(tampered)) ?? 'verified', /signature/i);
  });

  it('the xdk check puts the SDK’s own nonce and timestamp back', async () => {
    const xdk = await xdkSigner();
    await xdk.check();
    const header = (await xdk.run()) as string;
    assert.doesNotMatch(header, new RegExp(`oauth_nonce="${X.nonce}"`));
    assert.match(header, /oauth_nonce="[0-9a-f]{64}"/);
    assert.doesNotMatch(header, new RegExp(`oauth_timestamp="${X.timestamp}"`));
  });
});
