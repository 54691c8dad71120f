// Part of the store contract (stores-contract.ts): the token endpoints' verifier attempt limit on each store
// (RFC 5849 §2.3). Attempts are counted in the store's atomic counter before the comparison, so the limit holds
// for concurrent guesses, whatever the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProviderStore, StoreOptions } from '../../src/provider/stores/types.js';
import { APP, approvedToken, exchange, problemOf, setup } from './endpoints-fixtures.js';

/** Defines the verifier-attempt tests; `open` returns a fresh store (closed by the contract). */
export function verifierAttemptsContract(open: (options?: StoreOptions) => Promise<ProviderStore>): void {
  test('100 concurrent wrong verifiers: exactly maxVerifierAttempts (5) are compared, then the token is gone', async () => {
    const s = setup({}, await open());
    const { token, verifier } = await approvedToken(s);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => exchange(s, token, `wrong-${i}`)));
    const problems = await Promise.all(answers.map((response) => problemOf(response)));
    assert.ok(answers.every((response) => response.status === 401));
    // A compared guess answers verifier_invalid; one refused before the comparison answers as an unknown token.
    assert.equal(problems.filter((p) => p === 'verifier_invalid').length, 5);
    assert.equal(problems.filter((p) => p === 'token_rejected').length, 95);
    const right = await exchange(s, token, verifier);
    assert.equal(right.status, 401);
    assert.equal(await problemOf(right), 'token_rejected');
    assert.equal(await s.store.getRequestToken(token.key), null);
  });

  test('the token dies after the last allowed wrong verifier; the right one afterwards gets the unknown-token answer', async () => {
    const s = setup({ maxVerifierAttempts: 2 }, await open());
    const { token, verifier } = await approvedToken(s);
    assert.equal(await problemOf(await exchange(s, token, 'wrong-1')), 'verifier_invalid');
    assert.notEqual(await s.store.getRequestToken(token.key), null);
    assert.equal(await problemOf(await exchange(s, token, 'wrong-2')), 'verifier_invalid');
    assert.equal(await s.store.getRequestToken(token.key), null);
    const right = await exchange(s, token, verifier);
    const never = await exchange(s, { key: 'never-issued', secret: token.secret }, verifier);
    assert.equal(right.status, never.status);
    assert.equal(await problemOf(right), await problemOf(never));
  });

  test('requests without the token secret spend no attempts; wrong tries below the limit leave the token usable', async () => {
    const s = setup({}, await open());
    const { token, verifier } = await approvedToken(s);
    const forged = await Promise.all(
      Array.from({ length: 20 }, (_, i) => exchange(s, { key: token.key, secret: 'guessed' }, `wrong-${i}`, { consumer: APP })),
    );
    assert.ok(forged.every((response) => response.status === 401));
    for (let i = 0; i < 4; i++) assert.equal(await problemOf(await exchange(s, token, `wrong-${i}`)), 'verifier_invalid');
    assert.equal((await exchange(s, token, verifier)).status, 200);
  });
}
