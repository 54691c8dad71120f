/**
 * WAL checkpoints off the request path. SQLite normally checkpoints inside the commit that crosses
 * `wal_autocheckpoint` pages: that commit copies the pages back into the database file and fsyncs twice, a
 * stall of 1–15 ms on the event loop (measured here: 40 of 8,600 group commits over 1 ms, a third of all commit
 * time). The sandbox lets a worker thread with its own connection do it instead, every 250 ms, and raises the
 * main connection's threshold so it only checkpoints itself if the worker falls far behind (or is gone).
 * Durability is unchanged: a commit is durable once it is in the WAL.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { SandboxDatabase } from './db.js';

// Loaded by the first on-disk sandbox, the only kind with a checkpoint thread: a memory sandbox's import skips it
// (≈ 1 ms of Node 20's start-up, issue 19).
const nodeRequire = createRequire(import.meta.url);

/** Pages the main connection lets the WAL reach before it checkpoints by itself (~128 MB). */
const FALLBACK_AUTOCHECKPOINT = 32_768;

/** A running checkpointer. */
export interface Checkpointer {
  /** A last checkpoint, then the worker ends. */
  close(): Promise<void>;
}

/**
 * Starts the checkpoint worker for an on-disk WAL database. Returns at once: the worker loads in the
 * background (≈ 80–100 ms here, off the start-up path), and until it is ready SQLite's own checkpoints apply.
 *
 * @example
 * ```ts
 * const checkpointer = startCheckpointer(db);
 * // ... serve ...
 * await checkpointer.close();
 * db.close();
 * ```
 */
export function startCheckpointer(db: SandboxDatabase, intervalMs = 250): Checkpointer {
  const { Worker } = nodeRequire('node:worker_threads') as typeof WorkerThreads;
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
    workerData: { filename: db.name, intervalMs },
  });
  worker.unref();
  let ready = false;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  worker.on('error', () => undefined); // a failed worker leaves checkpoints to the main connection
  worker.once('message', () => {
    ready = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`);
  });
  return {
    async close() {
      if (exited) return;
      if (ready) {
        const stopped = new Promise<void>((resolve) => {
          worker.once('message', () => resolve());
        });
        worker.postMessage('stop');
        await Promise.race([stopped, exit]);
      }
      await worker.terminate();
    },
  };
}
