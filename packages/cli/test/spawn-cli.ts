/**
 * Test helper: run `bin/oauth1x.js` as a child process with a deadline, optional stdin, and a hook on
 * stdout for interactive flows.
 */
import { spawn } from 'node:child_process';

export const BIN = new URL('../../bin/oauth1x.js', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Called with all stdout so far on every chunk; may write to stdin. */
  onStdout?: (out: string, write: (text: string) => void) => void;
  timeoutMs?: number;
  cwd?: string;
}

export function runCli(args: string[], options: SpawnOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`oauth1x ${args[0]} timed out\nstdout: ${out}\nstderr: ${err}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      options.onStdout?.(out, (text) => child.stdin.write(text));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else if (options.onStdout === undefined) child.stdin.end();
  });
}
