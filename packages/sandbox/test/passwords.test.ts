/**
 * Sandbox password hashes: scrypt with a random salt, and the stand-in of a hash still being computed
 * (`hashPasswordLater`, memory sandboxes' shared demo users), which a check waits for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DUMMY_PASSWORD_HASH, hashPassword, hashPasswordLater, verifyPassword } from '../src/passwords.js';

describe('sandbox passwords', () => {
  it('hashes with scrypt and a random salt; checks right and wrong passwords', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    assert.match(a, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('correct horse', a), true);
    assert.equal(await verifyPassword('correct horsE', a), false);
    assert.equal(await verifyPassword('anything', DUMMY_PASSWORD_HASH), false);
  });

  it('a stand-in checks like its hash once computed, and holds nothing of the password', async () => {
    const stored = hashPasswordLater('battery staple');
    assert.match(stored, /^scrypt-pending\$[A-Za-z0-9_-]{16}$/);
    assert.ok(!stored.includes('battery'));
    // Checked at once: the check waits for the hash.
    const [right, wrong] = await Promise.all([verifyPassword('battery staple', stored), verifyPassword('battery stapler', stored)]);
    assert.deepEqual([right, wrong], [true, false]);
    assert.equal(await verifyPassword('battery staple', stored), true);
    assert.notEqual(hashPasswordLater('battery staple'), stored);
  });

  it('a stand-in this process did not make, or a malformed hash, never matches', async () => {
    assert.equal(await verifyPassword('x', 'scrypt-pending$AAAAAAAAAAAAAAAA'), false);
    assert.equal(await verifyPassword('x', 'scrypt$16384$8$1$AAAA'), false);
    assert.equal(await verifyPassword('x', ''), false);
  });
});
