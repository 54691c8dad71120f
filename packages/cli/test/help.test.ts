import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { COMMANDS } from '../src/commands.js';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

const BIN = new URL('../../bin/oauth1x.js', import.meta.url).pathname;

describe('CLI help and completion', () => {
  it('every command has --help with usage and examples (exit 0)', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const io = memoryIo();
      assert.equal(await main([name, '--help'], io), 0, name);
      assert.match(io.out(), /^Usage: oauth1x /, name);
      assert.match(io.out(), /\nExamples?:\n {2}\S/, `${name} has examples`);
      const viaHelp = memoryIo();
      assert.equal(await main(['help', name], viaHelp), 0);
      assert.equal(viaHelp.out(), io.out());
    }
  });

  it('after `--`, --help is an argument, not a request for help', async () => {
    const io = memoryIo();
    // sign takes the URL as its argument: '--help' there is a URL it refuses, so no help text is printed.
    const code = await main(['sign', '--consumer-key', 'k', '--consumer-secret', 's', '--', '--help'], io);
    assert.equal(code, 2);
    assert.doesNotMatch(io.out(), /^Usage:/);
    assert.equal(io.err().trim().split('\n').length, 1);
  });

  it('the top-level help lists every command; unknown commands exit 2', async () => {
    const io = memoryIo();
    assert.equal(await main(['--help'], io), 0);
    for (const name of Object.keys(COMMANDS)) assert.match(io.out(), new RegExp(`\\n {2}${name} `));
    const bad = memoryIo();
    assert.equal(await main(['frobnicate'], bad), 2);
    assert.equal(bad.err().trim().split('\n').length, 1);
  });

  it('usage mistakes are one line on stderr and exit 2 for each command', async () => {
    for (const [name, args] of [
      ['request', []],
      ['request', ['--bogus', '/x']],
      ['tweet', []],
      ['delete', ['abc']],
      ['timeline', ['--count', 'x']],
      ['authorize', ['--xauth']],
      ['use', []],
      ['logout', []],
      ['completion', ['fish']],
      ['verify', []],
      ['demo', ['--nope']],
      ['demo', ['--data', '/etc/passwd']],
      ['sandbox', ['--port', '']],
      ['sandbox', ['--https-port', '0x10']],
      ['sandbox', ['--cert', '/nonexistent/cert.pem', '--key', '/nonexistent/key.pem']],
      ['sandbox', ['--data', '/etc/passwd']],
      ['sandbox', ['app', 'create', '--name', 'x', '--data', '/etc/passwd']],
    ] as const) {
      if (!Object.hasOwn(COMMANDS, name)) continue;
      const io = memoryIo({ env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent/xdg' } });
      assert.equal(await main([name, ...args], io), 2, `${name} ${args.join(' ')}: ${io.err()}`);
      assert.equal(io.err().trim().split('\n').length, 1, io.err());
      assert.match(io.err(), new RegExp(`^oauth1x ${name}: `));
    }
  });

  it('values checked before any profile is read or request sent, each with its own message', async () => {
    for (const [name, args, message] of [
      ['tweet', [''], /the TEXT is empty/],
      ['tweet', ['hi', '--reply-to', 'abc'], /--reply-to expects a numeric tweet ID/],
      ['tweet', ['hi', '--quote', '12x'], /--quote expects a numeric tweet ID/],
      ['timeline', ['--user', ''], /--user expects a username/],
      ['timeline', ['--user', 'a/b'], /--user expects a username/],
      ['request', ['-X', 'CONNECT', '/x'], /-X CONNECT cannot be sent by fetch/],
    ] as const) {
      const io = memoryIo({ env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent/xdg' } });
      assert.equal(await main([name, ...args], io), 2, `${name} ${args.join(' ')}: ${io.err()}`);
      assert.match(io.err(), message);
    }
  });

  it('request with the method as a first word (xurl style) says to use -X', async () => {
    const io = memoryIo({ env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent/xdg' } });
    assert.equal(await main(['request', 'post', '/1.1/statuses/update.json'], io), 2);
    assert.equal(
      io.err().trim(),
      'oauth1x request: expects exactly one PATH_OR_URL; for the method use -X: oauth1x request -X POST /1.1/statuses/update.json',
    );
  });

  it('bash completion completes commands and options', () => {
    const script = spawnSync(process.execPath, [BIN, 'completion', 'bash'], { encoding: 'utf8', timeout: 20_000 }).stdout;
    const probe = (words: string[]) =>
      spawnSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _oauth1x; echo "\${COMPREPLY[*]}"`,
        ],
        {
          encoding: 'utf8',
          timeout: 20_000,
        },
      ).stdout.trim();
    assert.equal(probe(['oauth1x', 'ver']), 'verify');
    assert.equal(probe(['oauth1x', 'request', '--query']), '--query-auth');
    assert.equal(probe(['oauth1x', 'authorize', '--callback']), '--callback-port');
    assert.equal(probe(['oauth1x', 'completion', 'z']), 'zsh');
  });

  it('zsh completion is a compdef script naming every command', async () => {
    const io = memoryIo();
    assert.equal(await main(['completion', 'zsh'], io), 0);
    assert.match(io.out(), /^#compdef oauth1x\n/);
    for (const name of Object.keys(COMMANDS)) assert.match(io.out(), new RegExp(`'${name}:`));
    assert.match(io.out(), /request\) opts=\(.*--query-auth/);
  });
});
