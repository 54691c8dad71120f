/**
 * Starting and watching the processes of the load and fault tests: a server process that announces itself with
 * one JSON line on stdout, the load generator process, and memory sampling from `/proc`.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadConfig, LoadResult } from './types.js';

/** The bench package's folder, packages/bench (this file runs from `dist/src/load/`): the cwd of the processes it starts. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A server process under test. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** The JSON line the process printed when it started listening. */
  info: Record<string, unknown> & { httpUrl: string };
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit, escalating to SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

/**
 * Spawns `node <args>` and waits for its first stdout line that parses as JSON with an `httpUrl` (the
 * sandbox CLI's `--json` line, or the fixture scripts' line). Rejects after `timeoutMs` or if it exits first.
 *
 * @example
 * ```ts
 * const server = await startServerProcess(['dist/bench/load/constant-server.js']);
 * console.log(server.info.httpUrl);
 * await server.stop();
 * ```
 */
export function startServerProcess(
  args: string[],
  options: { timeoutMs?: number; nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-20_000);
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not announce itself in time: ${args.join(' ')}\n${err}`));
    }, options.timeoutMs ?? 20_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code}) before listening: ${args.join(' ')}\n${out}\n${err}`));
    };
    child.once('exit', early);
    child.stdout?.setEncoding('utf8').on('data', function onData(chunk: string) {
      out += chunk;
      for (const line of out.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        try {
          const info = JSON.parse(line) as ServerProcess['info'];
          // The sandbox CLI's --json line and the fixtures' lines may name the HTTP URL differently.
          const url = [info.httpUrl, info.http, info.url].find((u) => typeof u === 'string' && u.startsWith('http://'));
          if (typeof url !== 'string') continue;
          info.httpUrl = url;
          clearTimeout(timer);
          child.off('exit', early);
          child.stdout?.off('data', onData);
          child.stdout?.resume();
          const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000) => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill(signal);
              const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
              const result = await exited;
              clearTimeout(kill);
              return result;
            }
            return exited;
          };
          resolve({ child, pid: child.pid as number, info, stderr: () => err, exited, stop });
          return;
        } catch {
          // not the announcement line
        }
      }
    });
  });
}

/**
 * Runs the load generator in its own process and resolves with its result.
 *
 * @example
 * ```ts
 * const result = await runLoadProcess({ url, connections: 10, durationS: 5, poolSize: 20_000, consumerKey, consumerSecret });
 * ```
 */
export function runLoadProcess(config: LoadConfig, options: { timeoutMs?: number } = {}): Promise<LoadResult> {
  const worker = fileURLToPath(new URL('./load-worker.js', import.meta.url));
  const child = spawn(process.execPath, [worker, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err = (err + c).slice(-10_000);
  });
  const limit = options.timeoutMs ?? (config.durationS + 60) * 1000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limit);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(line) as LoadResult & { error?: string };
        if (parsed.error !== undefined) reject(new Error(`load generator: ${parsed.error}`));
        else resolve(parsed);
      } catch {
        reject(new Error(`load generator exited ${code} without a result\n${out}\n${err}`));
      }
    });
  });
}

/**
 * Resident set size of a process in bytes, read from `/proc/<pid>/status` (Linux), or `NaN`.
 *
 * @example
 * ```ts
 * const rss = processRss(server.pid);
 * ```
 */
export function processRss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from `/proc/<pid>/stat` (Linux, 100 Hz
 * clock ticks), or `NaN`; with `thread`, that thread's alone (`/proc/<pid>/task/<thread>/stat`; a process's
 * main thread has the process's id). The difference over a load run divided by the requests served is the
 * server's CPU cost per request, which other processes on the machine disturb far less than requests per second.
 *
 * @example
 * ```ts
 * const before = processCpuMs(server.pid);
 * const mainThreadBefore = processCpuMs(server.pid, server.pid);
 * ```
 */
export function processCpuMs(pid: number, thread?: number): number {
  try {
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Samples a process's RSS every `intervalMs` until `stop()` is called; returns the samples.
 *
 * @example
 * ```ts
 * const sampler = sampleRss(pid, 100);
 * // ... load ...
 * const samples = sampler.stop();
 * ```
 */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number[] } {
  const samples: number[] = [processRss(pid)];
  const timer = setInterval(() => samples.push(processRss(pid)), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push(processRss(pid));
      return samples.filter((s) => Number.isFinite(s));
    },
  };
}
