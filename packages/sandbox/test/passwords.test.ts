/**
 * Sandbox password hashes: scrypt with a random salt, and the stand-in of a hash not computed yet
 * (`hashPasswordOnDemand`, memory sandboxes' shared demo users), which the first check computes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DUMMY_PASSWORD_HASH, hashPassword, hashPasswordOnDemand, verifyPassword } from '../src/passwords.js';

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
    const stored = hashPasswordOnDemand('battery staple');
    assert.match(stored, /^scrypt-pending\$[A-Za-z0-9_-]{16}$/);
    assert.ok(!stored.includes('battery'));
    // Two checks at once: the hash is computed once, for both.
    const [right, wrong] = await Promise.all([verifyPassword('battery staple', stored), verifyPassword('battery stapler', stored)]);
    assert.deepEqual([right, wrong], [true, false]);
    assert.equal(await verifyPassword('battery staple', stored), true);
    assert.notEqual(hashPasswordOnDemand('battery staple'), stored);
  });

  it('a stand-in costs nothing until its password is checked', async () => {
    // Twenty stand-ins hashed at once would take about a second of CPU (scrypt N=16384 is ~50 ms each here).
    const before = process.cpuUsage();
    const stored = Array.from({ length: 20 }, (_, i) => hashPasswordOnDemand(`password ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const spent = process.cpuUsage(before);
    assert.ok((spent.user + spent.system) / 1000 < 150, `CPU while idle: ${(spent.user + spent.system) / 1000} ms`);
    assert.equal(await verifyPassword('password 7', stored[7] as string), true);
  });

  it('a stand-in this process did not make, or a malformed hash, never matches', async () => {
    assert.equal(await verifyPassword('x', 'scrypt-pending$AAAAAAAAAAAAAAAA'), false);
    assert.equal(await verifyPassword('x', 'scrypt$16384$8$1$AAAA'), false);
    assert.equal(await verifyPassword('x', ''), false);
  });
});
