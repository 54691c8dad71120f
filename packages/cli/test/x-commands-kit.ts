/**
 * Test helper of the everyday X commands: one in-memory sandbox listening on loopback per test file, and the
 * CLI run in-process (`main` with a memory io) as the demo user or as another seeded user (token from xAuth).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface XCommandsWorld {
  sandbox: Sandbox;
  server: RunningSandbox;
  dir: string;
  env: Record<string, string>;
  /** Runs `oauth1x ARGS` as the demo user (explicit OAuth 1.0a keys). */
  cli(args: string[], options?: { stdin?: string; tty?: boolean; as?: string }): Promise<CliResult>;
  /** The seeded user by name (`alice`, `bob`). */
  user(name: string): { username: string; user_id: string };
  close(): Promise<void>;
}

/**
 * Starts the world: a sandbox in memory with HTTP on a free port, tokens for every seeded user.
 */
export async function startWorld(): Promise<XCommandsWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth1x-x-commands-'));
  const sandbox = await createSandbox({ memory: true });
  const server = await sandbox.listen({ port: 0, httpsPort: false });
  const c = sandbox.credentials;
  const tokens = new Map<string, { key: string; secret: string }>([[c.username, { key: c.access_token, secret: c.access_token_secret }]]);
  const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  async function tokenOf(name: string) {
    const known = tokens.get(name);
    if (known) return known;
    const password = c.users.find((u) => u.username === name)?.password;
    assert.ok(password, `no seeded user ${name}`);
    const form = new URLSearchParams(await (await xAuth(sandbox, name, password)).text());
    const token = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    tokens.set(name, token);
    return token;
  }
  return {
    sandbox,
    server,
    dir,
    env,
    async cli(args, options = {}) {
      const io = memoryIo({ stdin: options.stdin, env, cwd: dir });
      if (options.tty) (io.stderr as { isTTY?: boolean }).isTTY = true;
      if (options.stdin === undefined) (io.stdin as { isTTY?: boolean }).isTTY = true;
      const explicit = args.includes('--profile');
      const token = await tokenOf(options.as ?? c.username);
      const keys = explicit
        ? []
        : [
            '--host',
            server.httpUrl,
            '--consumer-key',
            c.consumer_key,
            '--consumer-secret',
            c.consumer_secret,
            '--token',
            token.key,
            '--token-secret',
            token.secret,
          ];
      // Connection options go before a `--`, if any.
      const end = args.indexOf('--');
      const argv = end === -1 ? [...args, ...keys] : [...args.slice(0, end), ...keys, ...args.slice(end)];
      const code = await main(argv, io);
      return { code, out: io.out(), err: io.err() };
    },
    user(name) {
      const found = c.users.find((u) => u.username === name);
      assert.ok(found, `no seeded user ${name}`);
      return found;
    },
    async close() {
      await server.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts a usage error: exit 2, one line on stderr naming the command, nothing on stdout. */
export function assertUsage(r: CliResult, command: string, message?: RegExp): void {
  assert.equal(r.code, 2, `${command}: ${r.err}${r.out}`);
  assert.equal(r.out, '');
  assert.equal(r.err.trim().split('\n').length, 1, r.err);
  assert.match(r.err, new RegExp(`^oauth1x ${command}: `));
  if (message) assert.match(r.err, message);
}

/** The first number after `pattern`'s text in `text`. */
export function idAfter(text: string, pattern: RegExp): string {
  const id = pattern.exec(text)?.[1];
  assert.ok(id, `no id in ${text}`);
  return id;
}
