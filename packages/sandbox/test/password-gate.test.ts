import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PasswordCheckBusy, PasswordGate, passwordChecks } from '../src/password-gate.js';

function deferred() {
  let resolve!: (value: boolean) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<boolean>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('PasswordGate', () => {
  test('runs at most maxActive at once, queues at most maxQueued in order, refuses the rest at once', async () => {
    const gate = new PasswordGate(2, 3);
    const tasks = Array.from({ length: 8 }, () => deferred());
    const started: number[] = [];
    const runs = tasks.map((t, i) =>
      gate.run(() => {
        started.push(i);
        return t.promise;
      }),
    );
    const settled = runs.map((run) =>
      run.then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.equal(gate.active, 2);
    for (const i of [5, 6, 7]) {
      const error = await settled[i];
      assert.ok(error instanceof PasswordCheckBusy);
      assert.equal(error.retryAfterSeconds, 1);
    }
    assert.equal(gate.stats.refused, 3);
    tasks[0]?.resolve(true);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2]);
    tasks[1]?.reject(new Error('scrypt failed'));
    assert.ok((await settled[1]) instanceof Error, 'a failing check releases its place too');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2, 3]);
    for (const t of tasks.slice(2, 5)) t.resolve(false);
    await Promise.all(settled);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.equal(gate.active, 0);
    assert.deepEqual(gate.stats, { started: 5, peak: 2, refused: 3 });
  });

  test('the process gate is bounded by the thread pool', () => {
    assert.ok(passwordChecks.maxActive >= 1 && passwordChecks.maxActive <= 4);
    assert.equal(passwordChecks.maxQueued, 32);
  });
});
