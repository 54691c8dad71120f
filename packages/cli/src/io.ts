/**
 * The streams and environment a CLI command works with, injectable so tests run commands in-process.
 *
 * @module
 */
import { Readable } from 'node:stream';

/** Something text can be written to (`process.stdout`, a test buffer). */
export interface TextSink {
  /** Writes a piece of text. */
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

/** Everything a command may touch outside its arguments. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined };
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * The real process streams and environment.
 *
 * @example
 * ```ts
 * import { processIo } from '@oauth1x/cli';
 * await main(['sign', '--help'], processIo());
 * ```
 */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/**
 * An in-memory {@link CliIo} for tests: collects stdout and stderr as strings.
 *
 * @example
 * ```ts
 * import { memoryIo } from '@oauth1x/cli';
 * const io = memoryIo();
 * await main(['--help'], io);
 * console.log(io.out());
 * ```
 */
export function memoryIo(options: { stdin?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): CliIo & {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
