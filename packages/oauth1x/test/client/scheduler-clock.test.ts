import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toClockState } from '../../src/client/clock.js';
import {
  ClockState,
  createSignScheduler,
  defaultSignScheduler,
  detectClockSkew,
  offsetFromAcceptableTimestamps,
  offsetFromDateHeader,
} from '../../src/client/index.js';

describe('createSignScheduler', () => {
  it('never runs more than `concurrency` tasks at once and runs them all, in order of arrival', async () => {
    const scheduler = createSignScheduler({ concurrency: 3 });
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scheduler.run(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return i * 2;
        }),
      ),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, (_, i) => i * 2),
    );
    assert.equal(peak, 3);
    assert.deepEqual(
      started,
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.equal(scheduler.active, 0);
    assert.equal(scheduler.pending, 0);
  });
  it('never starts a task synchronously inside run(): a burst costs the caller only the queueing', async () => {
    const scheduler = createSignScheduler({ concurrency: 4 });
    let started = 0;
    const all = Array.from({ length: 50 }, () =>
      scheduler.run(async () => {
        started++;
      }),
    );
    assert.equal(started, 0);
    assert.equal(scheduler.pending, 50);
    await Promise.all(all);
    assert.equal(started, 50);
  });
  it('propagates rejections and synchronous throws, and keeps going', async () => {
    const scheduler = createSignScheduler({ concurrency: 1 });
    const failing = scheduler.run(async () => {
      throw new Error('async boom');
    });
    const throwing = scheduler.run(() => {
      throw new Error('sync boom');
    });
    const ok = scheduler.run(async () => 'ok');
    await assert.rejects(failing, /async boom/);
    await assert.rejects(throwing, /sync boom/);
    assert.equal(await ok, 'ok');
  });
  it('validates concurrency and shares one default scheduler', () => {
    assert.throws(() => createSignScheduler({ concurrency: 0 }), TypeError);
    assert.throws(() => createSignScheduler({ concurrency: 1.5 }), TypeError);
    assert.equal(defaultSignScheduler(), defaultSignScheduler());
  });
});

describe('clock skew helpers', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('offsetFromDateHeader', () => {
    assert.equal(offsetFromDateHeader(new Headers({ date: new Date(now + 90_000).toUTCString() }), now), 90);
    assert.equal(offsetFromDateHeader(new Headers({ date: 'garbage' }), now), undefined);
    assert.equal(offsetFromDateHeader(new Headers(), now), undefined);
  });
  it('offsetFromAcceptableTimestamps', () => {
    const t = now / 1000;
    assert.equal(offsetFromAcceptableTimestamps(`${t - 1300}-${t - 700}`, now), -1000);
    assert.equal(offsetFromAcceptableTimestamps('10-5', now), undefined);
    assert.equal(offsetFromAcceptableTimestamps('abc', now), undefined);
  });
  it('detectClockSkew reads only 400/401 answers, from a clone', async () => {
    const far = { date: new Date(now + 3600_000).toUTCString() };
    const ok = new Response('fine', { headers: far });
    assert.deepEqual(await detectClockSkew(ok, 30, 0, now), { refused: false, offset: undefined });
    assert.equal(ok.bodyUsed, false);
    const x135 = new Response('{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', { status: 401, headers: far });
    assert.deepEqual(await detectClockSkew(x135, 30, 0, now), { refused: true, offset: 3600 });
    assert.equal(x135.bodyUsed, false);
    const x135NoDate = new Response('{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', { status: 401 });
    assert.deepEqual(await detectClockSkew(x135NoDate, 30, 0, now), { refused: true, offset: undefined });
    const other401 = new Response('{"errors":[{"code":32}]}', { status: 401, headers: { date: new Date(now + 10_000).toUTCString() } });
    assert.deepEqual(await detectClockSkew(other401, 30, 0, now), { refused: false, offset: undefined });
    const alreadyCorrected = new Response('', { status: 401, headers: far });
    assert.deepEqual(await detectClockSkew(alreadyCorrected, 30, 3600, now), { refused: false, offset: undefined });
  });
  it('ClockState / toClockState', () => {
    const shared = new ClockState(12.7);
    assert.equal(shared.offset, 12);
    assert.equal(toClockState(shared), shared);
    assert.equal(toClockState(-5).offset, -5);
    assert.equal(toClockState(undefined).offset, 0);
    assert.throws(() => new ClockState(Number.NaN), TypeError);
  });
});
