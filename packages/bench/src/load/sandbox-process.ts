/**
 * A sandbox in its own process for the load and fault tests: `createSandbox({ dataDir })` on an on-disk
 * SQLite data dir (or `--memory`), HTTP only, on a free loopback port. Prints one JSON line
 * `{"httpUrl","pid","credentials"}` when it listens; stops on SIGTERM. Run it under `node --cpu-prof` to
 * profile the sandbox under load.
 *
 * Usage: `node dist/bench/load/sandbox-process.js --data DIR [--port 0] [--synchronous FULL] [--rate-limits]` or
 * `... --memory`. X's rate limits are off unless `--rate-limits` is given.
 *
 * @module
 */

import { exitWithParent } from './parent-watch.js';

exitWithParent();
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};

interface Listening {
  httpUrl: string;
  close(): Promise<void> | void;
}
interface SandboxLike {
  credentials: unknown;
  listen(options: {
    port: number;
    httpsPort: number | false;
    host: string;
    limits?: { requestTimeoutMs?: number; headersTimeoutMs?: number };
  }): Promise<Listening>;
  close?: () => Promise<void> | void;
}

// Imported at run time so this file builds independently of the sandbox package's types.
const sandboxModule = '@oauth1x/sandbox';
const { createSandbox } = (await import(sandboxModule)) as {
  createSandbox(options: {
    dataDir?: string;
    memory?: boolean;
    rateLimits?: false;
    synchronous?: 'NORMAL' | 'FULL';
  }): SandboxLike | Promise<SandboxLike>;
};
const dataDir = option('--data');
const synchronous = option('--synchronous');
const sandbox = await createSandbox({
  ...(argv.includes('--memory') || dataDir === undefined ? { memory: true } : { dataDir }),
  // Load tests post far more than X's 300 tweets per 3 hours; `--rate-limits` keeps X's limits.
  ...(argv.includes('--rate-limits') ? {} : { rateLimits: false as const }),
  ...(synchronous === 'FULL' || synchronous === 'NORMAL' ? { synchronous } : {}),
});
// `--request-timeout MS` / `--headers-timeout MS` shorten the server's limits (the CI form of the slow-client test).
const limits = {
  ...(option('--request-timeout') ? { requestTimeoutMs: Number(option('--request-timeout')) } : {}),
  ...(option('--headers-timeout') ? { headersTimeoutMs: Number(option('--headers-timeout')) } : {}),
};
const listening = await sandbox.listen({ port: Number(option('--port') ?? 0), httpsPort: false, host: '127.0.0.1', limits });
process.stdout.write(`${JSON.stringify({ httpUrl: listening.httpUrl, pid: process.pid, credentials: sandbox.credentials })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await listening.close();
  await sandbox.close?.();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
