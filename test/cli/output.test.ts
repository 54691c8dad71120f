import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { errorHints, writeBody } from '../../src/cli/output.js';

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
});
