/**
 * The worker thread of {@link ./checkpointer.ts}: its own connection to the sandbox database, copying the WAL
 * back into the database file (`PRAGMA wal_checkpoint(PASSIVE)`: never waits for, nor blocks, the writer) every
 * `intervalMs`, and a last complete checkpoint when told to stop.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { filename, intervalMs } = workerData as { filename: string; intervalMs: number };
const db = new Database(filename);
db.pragma('busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

function pass(): void {
  try {
    checkpoint.run();
  } catch {
    // Busy or gone for a moment: the next pass copies what this one could not.
  }
}

const timer = setInterval(pass, intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  pass();
  db.close();
  parentPort?.postMessage('stopped');
});
parentPort?.postMessage('ready');
