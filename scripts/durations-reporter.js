// A node:test reporter for scripts/run-tests.js: after the run, the test files that took longest, wall time from
// the file's start to the next file's start (node --test runs one file at a time with its default concurrency on
// a 2-core machine; with more files at once the figures overlap and only rank them).
// Usage: node --test --test-reporter=./scripts/durations-reporter.js --test-reporter-destination=stderr ...
import { relative } from 'node:path';

const TOP = 10;

export default async function* durations(source) {
  const started = new Map();
  const took = new Map();
  let current;
  const close = (now) => {
    if (current !== undefined) took.set(current, now - (started.get(current) ?? now));
    current = undefined;
  };
  for await (const event of source) {
    // A file is a test named after its path; it is dequeued right before it runs.
    if (event.type !== 'test:dequeue' || event.data.name !== event.data.file) continue;
    const now = performance.now();
    close(now);
    current = event.data.file;
    started.set(current, now);
  }
  close(performance.now());
  const rows = [...took].map(([file, ms]) => ({ file: relative(process.cwd(), file), ms }));
  rows.sort((a, b) => b.ms - a.ms);
  const total = rows.reduce((s, r) => s + r.ms, 0);
  if (rows.length === 0) return;
  yield `\nslowest test files (of ${rows.length}, ${(total / 1000).toFixed(1)} s in all):\n`;
  for (const r of rows.slice(0, TOP)) {
    yield `${(r.ms / 1000).toFixed(1).padStart(7)} s  ${((100 * r.ms) / total).toFixed(0).padStart(3)}%  ${r.file}\n`;
  }
}
