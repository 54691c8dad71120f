/**
 * A throwaway `redis-server` on a free loopback port, for the Redis fault test: start, `kill -9`, restart on
 * the same port and data dir.
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A free TCP port on 127.0.0.1.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A redis-server the test owns. */
export interface OwnedRedis {
  port: number;
  url: string;
  /** Starts (or restarts) the server on the same port and data dir; resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the server with SIGKILL and waits for the exit. */
  kill(): Promise<void>;
  /** Stops the server and removes its data dir. */
  dispose(): Promise<void>;
}

/**
 * Creates (and starts) a redis-server with append-only-file persistence (`appendfsync always`), so that the
 * nonces it acknowledged survive a `kill -9`: a nonce store that forgets on restart would accept replays.
 *
 * @example
 * ```ts
 * const redis = await ownRedis();
 * await redis.kill();
 * await redis.start();
 * await redis.dispose();
 * ```
 */
export async function ownRedis(options: { persistent?: boolean } = {}): Promise<OwnedRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oauth1x-redis-'));
  const persistence =
    options.persistent === false ? ['--save', '', '--appendonly', 'no'] : ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
  let child: ChildProcess | undefined;
  const ping = () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', timeout: 2000 }).stdout?.trim() === 'PONG';
  const kill = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    await kill();
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--protected-mode', 'yes', ...persistence],
      {
        stdio: 'ignore',
      },
    );
    child.once('error', () => {});
    for (let i = 0; i < 100; i++) {
      if (ping()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
