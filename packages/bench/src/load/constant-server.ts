/**
 * The baseline of the sandbox throughput benchmark: a bare `node:http` server that reads each request body to
 * the end and answers a constant tweet-shaped JSON body, nothing else. Run as its own process; it prints one
 * JSON line `{"httpUrl":"http://127.0.0.1:PORT"}` when it listens and stops on SIGTERM.
 *
 * Usage: `node dist/bench/load/constant-server.js [--port 0] [--host 127.0.0.1]`
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONSTANT_BODY } from './constant-body.js';
import { exitWithParent } from './parent-watch.js';

exitWithParent();

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : (argv[at + 1] ?? fallback);
};

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': CONSTANT_BODY.length });
    res.end(CONSTANT_BODY);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(option('--port', '0')), option('--host', '127.0.0.1'), () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ httpUrl: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
