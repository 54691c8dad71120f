/**
 * A sandbox in its own process for the load and fault tests: `createSandbox({ dataDir })` on an on-disk
 * SQLite data dir (or `--memory`), HTTP only, on a free loopback port. Prints one JSON line
 * `{"httpUrl","pid","credentials"}` when it listens; stops on SIGTERM. Run it under `node --cpu-prof` to
 * profile the sandbox under load.
 *
 * Usage: `node dist/bench/load/sandbox-process.js --data DIR [--port 0]` or `... --memory`
 *
 * @module
 */

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
  listen(options: { port: number; httpsPort: number | false; host: string }): Promise<Listening>;
  close?: () => Promise<void> | void;
}

// Imported by path at run time so this file builds before (and independently of) the sandbox module.
const sandboxModule = '../../src/sandbox/index.js';
const { createSandbox } = (await import(sandboxModule)) as {
  createSandbox(options: { dataDir?: string; memory?: boolean }): SandboxLike | Promise<SandboxLike>;
};
const dataDir = option('--data');
const sandbox = await createSandbox(argv.includes('--memory') || dataDir === undefined ? { memory: true } : { dataDir });
const listening = await sandbox.listen({ port: Number(option('--port') ?? 0), httpsPort: false, host: '127.0.0.1' });
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
