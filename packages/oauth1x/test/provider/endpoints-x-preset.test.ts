import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oauthProblem, X_PRESET, xErrorFor, xVerifier } from '../../src/provider/index.js';
import { APP, approvedToken, exchange, form, setup, signed } from './endpoints-fixtures.js';

test('X preset: JSON errors with X codes, X invalidate path and JSON answer, PIN for oob, stable tokens', async () => {
  const s = setup({ ...X_PRESET });
  const missing = await s.handler.fetch(await signed(s, '/oauth/request_token'));
  assert.equal(missing.status, 400);
  assert.deepEqual(await missing.json(), { errors: [{ code: 215, message: 'Bad Authentication data.' }] });
  const badSig = await s.handler.fetch(
    await signed(s, '/oauth/request_token', { consumer: { key: APP.key, secret: 'x' }, oauthParams: { oauth_callback: 'oob' } }),
  );
  assert.equal(badSig.status, 401);
  assert.equal((await badSig.json()).errors[0].code, 32);

  const pin = await approvedToken(s, APP, '1001', 'oob');
  assert.match(pin.verifier, /^[0-9]{7}$/);
  const first = await form(await exchange(s, pin.token, pin.verifier));
  const used = await exchange(s, pin.token, pin.verifier);
  assert.equal(used.status, 401);
  assert.equal((await used.json()).errors[0].code, 89);
  const again = await approvedToken(s, APP, '1001', 'https://app.example/cb');
  assert.match(again.verifier, /^[A-Za-z0-9_-]{27}$/);
  const second = await form(await exchange(s, again.token, again.verifier));
  assert.equal(second.oauth_token, first.oauth_token, 'X answers the same access token for the same app and user');

  const token = { key: first.oauth_token as string, secret: first.oauth_token_secret as string };
  const revoked = await s.handler.fetch(await signed(s, '/1.1/oauth/invalidate_token', { token }));
  assert.deepEqual(await revoked.json(), { access_token: token.key });
  s.clock.advance(3_600_000);
  const late = await s.handler.fetch(await signed(s, '/1.1/oauth/invalidate_token', { token }));
  assert.equal((await late.json()).errors[0].code, 89);
});

test('xErrorFor maps every problem family; xVerifier PINs are 7 digits and vary', () => {
  assert.equal(xErrorFor(oauthProblem('timestamp_refused', 'x')).code, 135);
  assert.equal(xErrorFor(oauthProblem('nonce_used', 'x')).code, 32);
  assert.equal(xErrorFor(oauthProblem('consumer_key_refused', 'x')).status, 403);
  assert.equal(xErrorFor(oauthProblem('permission_denied', 'x', {}, { status: 429 })).code, 88);
  assert.equal(xErrorFor(oauthProblem('temporarily_unavailable', 'x')).code, 130);
  const pins = new Set(Array.from({ length: 200 }, () => xVerifier('oob')));
  assert.ok(pins.size > 190);
  for (const p of pins) assert.match(p, /^[0-9]{7}$/);
});
