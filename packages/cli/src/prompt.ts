/**
 * Reading a line, or a secret without echo, from the CLI's stdin.
 *
 * @module
 */
import { createInterface } from 'node:readline';
import type { CliIo } from './io.js';

/**
 * Reads one line from stdin (without the line break). Resolves `undefined` at end of input.
 *
 * @example
 * ```ts
 * io.stderr.write('PIN: ');
 * const pin = await readLine(io);
 * ```
 */
export function readLine(io: CliIo): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: false });
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      release(io);
      resolve(line.replace(/\r$/, ''));
    });
    rl.once('close', () => {
      if (!done) resolve(undefined);
    });
  });
}

/** Stops reading stdin and lets the process exit although the other end keeps the pipe open. */
function release(io: CliIo): void {
  io.stdin.pause();
  (io.stdin as { unref?: () => void }).unref?.();
}

type RawStream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Asks for a secret on a terminal with echo off: nothing is printed while typing (not even `*`). Backspace
 * edits, Enter ends, Ctrl-C / Ctrl-D abort (resolving `undefined`). Without a terminal, reads one line.
 *
 * @example
 * ```ts
 * const password = await promptHidden(io, 'Password for alice: ');
 * ```
 */
export async function promptHidden(io: CliIo, question: string): Promise<string | undefined> {
  const stdin = io.stdin as RawStream;
  if (stdin.isTTY !== true || typeof stdin.setRawMode !== 'function') return readLine(io);
  io.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let value = '';
    const finish = (result: string | undefined) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      release(io);
      io.stderr.write('\n');
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(value);
        if (char === '\u0003' || char === '\u0004') return finish(undefined);
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
