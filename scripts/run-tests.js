#!/usr/bin/env node
// Runs every compiled test file of the workspace packages (packages/*/dist/test/**/*.test.js) with Node's built-in
// test runner.
// When REDIS_URL is not set and `redis-server` is on the PATH, it starts a throwaway Redis on a free loopback
// port for the run (no persistence) and stops it afterwards. Tests that need Redis fail when there is none.
// Usage: node scripts/run-tests.js [substring-filter ...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  if (process.env.REDIS_URL) return undefined;
  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0) {
    console.error('run-tests: redis-server not found; Redis store tests will fail (apt-get install redis-server)');
    return undefined;
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  process.env.OAUTH1X_TEST_REDIS_PORT = String(port);
  return child;
}

const packages = join(root, 'packages');
const tests = readdirSync(packages)
  .sort()
  .map((name) => join(packages, name, 'dist', 'test'))
  .filter((dir) => existsSync(dir));
const files = tests.flatMap(collect).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('run-tests: no test files found (did the build run?)');
  process.exit(1);
}
const redis = await startRedis();
// spec on stdout; the slowest files summed up on stderr at the end (scripts/durations-reporter.js).
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
reporters.push(`--test-reporter=${join(root, 'scripts', 'durations-reporter.js')}`, '--test-reporter-destination=stderr');
const child = spawn(process.execPath, ['--test', ...reporters, ...files], { stdio: 'inherit', cwd: root });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
redis?.kill('SIGTERM');
process.exit(code);
