import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XApiError } from '@oauth1x/x';
import { memoryIo } from '../src/io.js';
import { errorHints, writeBody } from '../src/output.js';
import { reportApiError } from '../src/x-connection.js';

function ttyIo(env: Record<string, string> = {}) {
  let out = '';
  const io = memoryIo({ env });
  return { io: { ...io, stdout: { write: (s: string) => (out += s), isTTY: true } }, out: () => out };
}

const BODY = '{"data":{"id":"1","ok":true,"n":2,"none":null}}';

describe('CLI output', () => {
  it('pretty-prints coloured JSON on a terminal', () => {
    const { io, out } = ttyIo();
    writeBody(io, BODY, 'application/json; charset=utf-8');
    assert.match(out(), /\x1b\[36m"data"\x1b\[0m: \{\n {4}\x1b\[36m"id"\x1b\[0m: \x1b\[32m"1"\x1b\[0m/);
    assert.match(out(), /\x1b\[35mtrue\x1b\[0m/);
    assert.match(out(), /\x1b\[33m2\x1b\[0m/);
  });

  it('honours NO_COLOR (pretty, no escapes) and prints raw when not a terminal', () => {
    const { io, out } = ttyIo({ NO_COLOR: '1' });
    writeBody(io, BODY, 'application/json');
    assert.equal(out(), `${JSON.stringify(JSON.parse(BODY), null, 2)}\n`);
    const pipe = memoryIo();
    writeBody(pipe, BODY, 'application/json');
    assert.equal(pipe.out(), BODY);
    const { io: text, out: textOut } = ttyIo();
    writeBody(text, 'plain', 'text/plain');
    assert.equal(textOut(), 'plain\n');
  });

  it('gives one-line hints for X error codes 135, 32, 89 and for 429', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const skewed = new Headers({ date: new Date(now - 125_000).toUTCString() });
    assert.deepEqual(errorHints(401, '{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', skewed, now), [
      "X error 135: this machine's clock is off by +125 s compared with the server; fix the clock (e.g. enable NTP)",
    ]);
    assert.match(
      errorHints(401, '{"errors":[{"code":32,"message":"Could not authenticate you."}]}', new Headers(), now)[0] as string,
      /oauth1x request -v.*oauth1x verify/,
    );
    assert.match(
      errorHints(401, '{"errors":[{"code":89,"message":"Invalid or expired token."}]}', new Headers(), now)[0] as string,
      /re-run 'oauth1x authorize'/,
    );
    assert.match(
      errorHints(429, '', new Headers({ 'x-rate-limit-reset': String(now / 1000 + 60) }), now)[0] as string,
      /rate limited until 2026-01-01T00:01:00\.000Z \(in 60 s\)/,
    );
    assert.deepEqual(errorHints(404, '{"errors":[{"code":144}]}', new Headers(), now), []);
  });

  it('a 429 from a used-up 24-hour window gets one line naming when it resets and that retrying sooner will not help', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const day = (scope: string, remaining: string, reset: number) =>
      new Headers({
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '37',
        'x-rate-limit-reset': String(now / 1000 + 300),
        [`x-${scope}-limit-24hour-limit`]: '10000',
        [`x-${scope}-limit-24hour-remaining`]: remaining,
        [`x-${scope}-limit-24hour-reset`]: String(reset),
      });
    const body = '{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}';
    assert.deepEqual(errorHints(429, body, day('app', '0', now / 1000 + 12_000), now), [
      "daily limit reached: the app's 24-hour limit (shared by all its users) of 10000 requests on this endpoint is used up until 2026-01-01T03:20:00.000Z (in 3 h 20 min); retrying sooner will not help, retry after that",
    ]);
    const user = errorHints(429, body, day('user', '0', now / 1000 + 600), now);
    assert.equal(user.length, 1);
    assert.match(
      user[0] as string,
      /^daily limit reached: this user's 24-hour limit of 10000 requests .* until 2026-01-01T00:10:00\.000Z \(in 10 min\)/,
    );
    // A day with room left: the 15-minute hint as before.
    assert.deepEqual(errorHints(429, body, day('app', '12', now / 1000 + 600), now), [
      'rate limited until 2026-01-01T00:05:00.000Z (in 300 s)',
    ]);
  });

  it('reportApiError passes the daily figures of an X client error to the hint', async () => {
    const io = memoryIo();
    const reset = Math.floor(Date.now() / 1000) + 7200;
    const error = new XApiError('X answered 429', {
      status: 429,
      body: { kind: 'problem', title: 'Too Many Requests' },
      rateLimit: { limit: 100, remaining: 12, reset: reset - 7000 },
      dailyRateLimit: { app: { limit: 10_000, remaining: 0, reset } },
    });
    assert.equal(await reportApiError(io, 'tweet', error), 1);
    const lines = io.err().trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[1] as string,
      new RegExp(
        `^hint: daily limit reached: the app's 24-hour limit .* until ${new Date(reset * 1000).toISOString().replace(/\./g, '\\.')}`,
      ),
    );
  });
});
