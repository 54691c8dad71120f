import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BLOCK_MODULES } from '@oauth1x/test-kit/block-modules.js';
import { BIN } from './spawn-cli.js';

function demo(mode: 'missing' | 'unbuilt' | 'abi', args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  const home = mkdtempSync(join(tmpdir(), 'oauth1x-nosqlite-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', BLOCK_MODULES, BIN, 'demo', ...args],
      { env: { ...process.env, HOME: home, OAUTH1X_TEST_BLOCK: `better-sqlite3:${mode}` }, timeout: 30_000 },
      (error, out, err) => {
        rmSync(home, { recursive: true, force: true });
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
      },
    );
  });
}

describe('oauth1x demo without a usable better-sqlite3', () => {
  for (const [mode, what] of [
    ['missing', 'it is not installed'],
    ['unbuilt', 'its native binding was never built'],
    ['abi', 'its native binding was built for another Node version'],
  ] as const) {
    it(`${mode}: one line on stderr saying what is missing and the ways out, exit 1, no stack`, async () => {
      const { code, err } = await demo(mode);
      assert.equal(code, 1, err);
      const lines = err.trimEnd().split('\n');
      assert.equal(lines.length, 1, err);
      assert.match(lines[0] as string, new RegExp(`^oauth1x demo: the sandbox needs better-sqlite3 \\(SQLite\\), but ${what}`));
      assert.match(lines[0] as string, /install a C\/C\+\+ toolchain .* npm rebuild better-sqlite3/);
      assert.doesNotMatch(err, /\n\s+at /);
    });
  }
});
