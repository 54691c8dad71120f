/**
 * The X client and X's two rate-limit windows: `rateLimit` (15 minutes, `x-rate-limit-*`) and
 * `dailyRateLimit` (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`) on answers and errors; `waitOnRateLimit`
 * waits out a 15-minute window but never sleeps into a daily cap (DailyRateLimitError with the reset, at once)
 * nor on a 429 that no short wait lifts. With a fake fetch, then against the sandbox on an injected clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type Sandbox } from '@oauth1x/sandbox';
import { OAuthResponseError } from 'oauth1x';
import { DailyRateLimitError, XClient } from '../src/index.js';

const consumer = { key: 'ck', secret: 'cs' };
const token = { key: '42-tk', secret: 'ts' };
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const S = Math.floor(NOW / 1000);
const TOO_MANY = { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' };

function answer(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function window(prefix: string, limit: number, remaining: number, reset: number): Record<string, string> {
  return { [`${prefix}-limit`]: String(limit), [`${prefix}-remaining`]: String(remaining), [`${prefix}-reset`]: String(reset) };
}

/** A fake X answering the given responses in turn, counting calls; sleeps are recorded, never slept. */
function fakeX(answers: Array<() => Response>, wait: boolean | number = true) {
  let calls = 0;
  const waits: number[] = [];
  const x = new XClient({
    consumer,
    token,
    baseUrl: 'http://h',
    fetch: async () => (answers[Math.min(calls++, answers.length - 1)] as () => Response)(),
    waitOnRateLimit: wait,
    now: () => NOW,
    sleep: async (ms) => void waits.push(ms),
  });
  return { x, waits, calls: () => calls };
}

describe('XClient: X rate limits with a fake fetch', () => {
  it('answers carry rateLimit (15 min) and dailyRateLimit (user and app, 24 h)', async () => {
    const headers = { ...window('x-rate-limit', 100, 99, S + 900), ...window('x-app-limit-24hour', 10_000, 9_999, S + 86_400) };
    const { x } = fakeX([() => answer(201, { data: { id: '1', text: 'hi' } }, headers)]);
    const result = await x.tweet('hi');
    assert.deepEqual(result.rateLimit, { limit: 100, remaining: 99, reset: S + 900 });
    assert.deepEqual(result.dailyRateLimit, { app: { limit: 10_000, remaining: 9_999, reset: S + 86_400 } });
    const liked = fakeX([() => answer(200, { data: { liked: true } }, window('x-user-limit-24hour', 1000, 998, S + 3600))]);
    const like = await liked.x.request('POST', '/2/users/42/likes', { json: { tweet_id: '1' } });
    assert.deepEqual(like.dailyRateLimit, { user: { limit: 1000, remaining: 998, reset: S + 3600 } });
    assert.equal(like.rateLimit, undefined);
  });

  it('a used-up app day throws DailyRateLimitError at once, with the reset: no sleep, no retry', async () => {
    const headers = { ...window('x-rate-limit', 100, 40, S + 300), ...window('x-app-limit-24hour', 10_000, 0, S + 7200) };
    const { x, waits, calls } = fakeX([() => answer(429, TOO_MANY, headers)]);
    await assert.rejects(x.tweet('again'), (error: unknown) => {
      assert.ok(error instanceof DailyRateLimitError);
      assert.ok(error instanceof OAuthResponseError);
      assert.equal(error.status, 429);
      assert.equal(error.scope, 'app');
      assert.equal(error.reset, S + 7200);
      assert.equal(error.resetAt.getTime(), (S + 7200) * 1000);
      assert.deepEqual(error.dailyRateLimit?.app, { limit: 10_000, remaining: 0, reset: S + 7200 });
      assert.match(error.message, /the app's 24-hour limit of 10000 requests is used up; it resets at 2026-12-07T14:00:00\.000Z/);
      return true;
    });
    assert.deepEqual(waits, []);
    assert.equal(calls(), 1);
  });

  it("a used-up user day (likes) throws with scope 'user', even when the 15-minute window is used up too", async () => {
    const headers = { ...window('x-rate-limit', 50, 0, S + 60), ...window('x-user-limit-24hour', 1000, 0, S + 40_000) };
    const { x, waits } = fakeX([() => answer(429, TOO_MANY, headers)]);
    await assert.rejects(x.request('POST', '/2/users/42/likes', { json: { tweet_id: '1' } }), (error: unknown) => {
      assert.ok(error instanceof DailyRateLimitError);
      assert.equal(error.scope, 'user');
      assert.equal(error.reset, S + 40_000);
      return true;
    });
    assert.deepEqual(waits, []);
  });

  it('the 15-minute window is waited out (against the injected clock) when the day has room', async () => {
    const limited = { ...window('x-rate-limit', 100, 0, S + 120), ...window('x-app-limit-24hour', 10_000, 500, S + 86_000) };
    const { x, waits, calls } = fakeX([() => answer(429, TOO_MANY, limited), () => answer(201, { data: { id: '2', text: 'ok' } }, {})]);
    assert.equal((await x.tweet('ok')).data.id, '2');
    assert.deepEqual(waits, [121_000]);
    assert.equal(calls(), 2);
  });

  it('waitOnRateLimit: true waits out a whole 15-minute window (reset 900 s away, plus the second of slack)', async () => {
    const limited = window('x-rate-limit', 75, 0, S + 900);
    const { x, waits } = fakeX([
      () => answer(429, TOO_MANY, limited),
      () => answer(200, { data: { id: '42', name: 'A', username: 'a' } }, {}),
    ]);
    assert.equal((await x.me()).data.id, '42');
    assert.deepEqual(waits, [901_000]);
  });

  it('a 429 while the 15-minute window has requests left (usage cap) is not slept on', async () => {
    const headers = window('x-rate-limit', 100, 57, S + 120);
    const capped = {
      title: 'UsageCapExceeded',
      type: 'https://api.x.com/2/problems/usage-capped',
      status: 429,
      detail: 'Usage cap exceeded',
    };
    const { x, waits, calls } = fakeX([() => answer(429, capped, headers)]);
    await assert.rejects(x.tweet('x'), (error: unknown) => error instanceof OAuthResponseError && !(error instanceof DailyRateLimitError));
    assert.deepEqual(waits, []);
    assert.equal(calls(), 1);
  });

  it('without waitOnRateLimit a daily 429 is still a DailyRateLimitError', async () => {
    const headers = window('x-app-limit-24hour', 10_000, 0, S + 10);
    const { x } = fakeX([() => answer(429, TOO_MANY, headers)], false);
    await assert.rejects(x.tweet('x'), DailyRateLimitError);
  });
});

describe('XClient: X rate limits against the sandbox (injected clock)', { timeout: 60_000 }, () => {
  let sandbox: Sandbox;
  let shift = 0;
  const clock = () => Date.now() + shift;
  before(async () => {
    sandbox = await createSandbox({
      memory: true,
      now: clock,
      timestampWindowSeconds: 3 * 86_400,
      rateLimits: { 'POST /2/tweets': { limit: 2, appDaily: 3 } },
    });
  });
  after(async () => sandbox?.close());

  it('sleeps through the 15-minute window, then throws DailyRateLimitError at the app day without sleeping', async () => {
    const c = sandbox.credentials;
    const waits: number[] = [];
    const x = new XClient({
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
      baseUrl: 'http://sandbox.test',
      fetch: (input, init) => sandbox.fetch(new Request(input, init)),
      waitOnRateLimit: true,
      now: clock,
      sleep: async (ms) => {
        waits.push(ms);
        shift += ms;
      },
    });
    const first = await x.tweet('one');
    assert.deepEqual([first.rateLimit?.limit, first.rateLimit?.remaining], [2, 1]);
    assert.deepEqual([first.dailyRateLimit?.app?.limit, first.dailyRateLimit?.app?.remaining], [3, 2]);
    await x.tweet('two');
    const third = await x.tweet('three'); // 15-minute window used up: waited out
    assert.equal(waits.length, 1);
    assert.ok((waits[0] as number) > 890_000 && (waits[0] as number) <= 902_000, String(waits[0]));
    assert.equal(third.dailyRateLimit?.app?.remaining, 0);
    const dayReset = third.dailyRateLimit?.app?.reset as number;
    await assert.rejects(x.tweet('four'), (error: unknown) => {
      assert.ok(error instanceof DailyRateLimitError);
      assert.equal(error.scope, 'app');
      assert.equal(error.reset, dayReset);
      return true;
    });
    assert.equal(waits.length, 1, 'no sleep into the daily cap');
  });
});
