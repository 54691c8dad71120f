/**
 * The sandbox's PIN (oob) flow against guessing: a request token dies after five wrong PINs (RFC 5849 §2.3,
 * the provider's maxVerifierAttempts), with X's answers — the plain-text invalid-verifier answer for each wrong
 * PIN, then the unknown-token answer for every later try, the right PIN included. The PIN comes from the real
 * consent page over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approveOnPage, call } from '@oauth1x/test-kit/sandbox/helpers.js';
import type { Credentials } from 'oauth1x';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';

const INVALID_VERIFIER = 'Error processing your OAuth request: Invalid oauth_verifier parameter';
let sandbox: Sandbox;
let running: RunningSandbox;

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0, httpsPort: false });
});
after(async () => {
  await running.close();
  await sandbox.close();
});

/** request_token (oob) → consent page as alice → the request token and the 7-digit PIN shown. */
async function pinFlow(): Promise<{ token: Credentials; pin: string }> {
  const rt = await call(sandbox, 'POST', `${running.httpUrl}/oauth/request_token`, { extra: { oauthParams: { oauth_callback: 'oob' } } });
  assert.equal(rt.status, 200);
  const form = new URLSearchParams(await rt.text());
  const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
  const alice = sandbox.credentials.users.find((u) => u.username === 'alice');
  const page = await approveOnPage(`${running.httpUrl}/oauth/authorize?oauth_token=${token.key}`, 'alice', alice?.password as string);
  const pin = /<code id="pin">(\d{7})<\/code>/.exec(await page.text())?.[1];
  assert.ok(pin, 'the consent page shows a 7-digit PIN');
  return { token, pin };
}

const exchange = (token: Credentials, pin: string) =>
  call(sandbox, 'POST', `${running.httpUrl}/oauth/access_token`, { token, extra: { oauthParams: { oauth_verifier: pin } } });

/** Another 7-digit PIN than `pin`. */
const otherPin = (pin: string, i: number) => String((Number(pin) + 1 + i) % 10_000_000).padStart(7, '0');

async function answer(response: Response) {
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: await response.text() };
}

describe('sandbox PIN flow against guessing', { timeout: 60_000 }, () => {
  it('five wrong PINs answer the invalid-verifier text; then even the right PIN gets the unknown-token answer', async () => {
    const { token, pin } = await pinFlow();
    for (let i = 0; i < 5; i++) {
      const wrong = await exchange(token, otherPin(pin, i));
      assert.equal(wrong.status, 401);
      assert.equal(await wrong.text(), INVALID_VERIFIER);
    }
    const right = await answer(await exchange(token, pin));
    const unknown = await answer(await exchange({ key: 'never-issued-request-token', secret: token.secret }, pin));
    assert.equal(right.status, 401);
    assert.deepEqual(right, unknown);
  });

  it('100 concurrent wrong PINs: five are compared, the rest refused, and the token is dead', async () => {
    const { token, pin } = await pinFlow();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => exchange(token, otherPin(pin, i)).then(answer)));
    assert.ok(answers.every((a) => a.status === 401));
    assert.equal(answers.filter((a) => a.body === INVALID_VERIFIER).length, 5);
    const right = await answer(await exchange(token, pin));
    assert.equal(right.status, 401);
    assert.notEqual(right.body, INVALID_VERIFIER);
  });

  it('fewer than five wrong PINs leave the token usable: the right PIN then gets the access token', async () => {
    const { token, pin } = await pinFlow();
    for (let i = 0; i < 4; i++) assert.equal((await exchange(token, otherPin(pin, i))).status, 401);
    const ok = await exchange(token, pin);
    assert.equal(ok.status, 200);
    assert.equal(new URLSearchParams(await ok.text()).get('screen_name'), 'alice');
  });
});
