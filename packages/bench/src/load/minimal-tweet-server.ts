/**
 * The floor of the sandbox throughput benchmark: the least a server can do and still answer an authenticated
 * tweet POST the way the target asks (signature verified, nonce stored, tweet persisted before the answer).
 * `node:http`; the check-free verifier of `bench/minimal-verifier.ts` (its nonces in a `Set`); one SQLite
 * table (WAL, `synchronous = NORMAL`, as the sandbox) written by one transaction per turn of the event loop
 * (group commit, as the sandbox); a small JSON answer once the tweet is committed. None of the sandbox's
 * work: no Fetch API bridge, routing, X's checks (length, duplicates), X's JSON, rate limits or request log.
 * It knows the benchmark's one consumer and token (`bench-consumer` / `bench-token`).
 *
 * Run as its own process: prints one JSON line `{"httpUrl","pid"}` when it listens; stops on SIGTERM.
 * Usage: `node dist/bench/load/minimal-tweet-server.js --data DIR`
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { minimalVerify } from '../minimal-verifier.js';
import { exitWithParent } from './parent-watch.js';

exitWithParent();

const argv = process.argv.slice(2);
const dataDir = argv[argv.indexOf('--data') + 1];
if (!argv.includes('--data') || dataDir === undefined) throw new Error('usage: minimal-tweet-server.js --data DIR');

const db = new Database(join(dataDir, 'tweets.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS tweets (id INTEGER PRIMARY KEY, user TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL)');
const insert = db.prepare('INSERT INTO tweets (user, text, created_at) VALUES (?, ?, ?)');
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');

interface Pending {
  user: string;
  text: string;
  answer: (id: number | bigint) => void;
}
let queue: Pending[] = [];

function flush(): void {
  const batch = queue;
  queue = [];
  const ids: Array<number | bigint> = [];
  begin.run();
  for (const item of batch) ids.push(insert.run(item.user, item.text, Date.now()).lastInsertRowid);
  commit.run();
  for (let i = 0; i < batch.length; i++) (batch[i] as Pending).answer(ids[i] as number | bigint);
}

const KEY = 'bench-consumer-secret&bench-token-secret';
const hmacKey = (consumerKey: string, token: string) => (consumerKey === 'bench-consumer' && token === 'bench-token' ? KEY : undefined);
const nonces = new Set<string>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const verified = minimalVerify(
      {
        method: req.method ?? 'GET',
        url: `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`,
        authorization: req.headers.authorization ?? null,
        body: chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8'),
      },
      hmacKey,
      nonces,
      Date.now() / 1000,
    );
    const text = verified?.params.find(([name]) => name === 'status')?.[1];
    if (verified === null || text === undefined) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":32,"message":"Could not authenticate you."}]}');
      return;
    }
    if (queue.length === 0) setImmediate(flush);
    queue.push({
      user: verified.token,
      text,
      answer: (id) => {
        const body = JSON.stringify({ id_str: String(id), text, user: { screen_name: verified.token } });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
    });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ httpUrl: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    db.close();
    process.exit(0);
  });
});
