#!/usr/bin/env node
/**
 * Bundles `@oauth1x/sandbox`'s compiled modules (`packages/sandbox/dist/src`, from `tsc -b`) into
 * `packages/sandbox/dist/bundle/`: `index.js` (the package's entry) and `checkpoint-worker.js` (the WAL
 * checkpoint thread, found beside it). Node 20's module loader costs ≈ 0.5 ms per ES module before any code
 * runs (160 empty modules: 74–105 ms, measured); the sandbox is 81 of them, and a test suite pays its import
 * per process. Dependencies (`oauth1x`, `hono`, `better-sqlite3`, …) stay imports: nothing is copied from
 * another package, so classes such as `OAuthProblemError` are the ones every other package sees.
 *
 * The sandbox's own tests import `dist/src` module by module; the package (its tests through `test-kit`, the
 * CLI, the bench, users) gets the bundle. `npm run build` runs this after `tsc -b`.
 *
 * Usage: `node scripts/bundle-sandbox.js`
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'packages/sandbox/dist/src');
const outdir = join(root, 'packages/sandbox/dist/bundle');

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { index: join(from, 'index.js'), 'checkpoint-worker': join(from, 'checkpoint-worker.js') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Every bare import (other packages, node: built-ins) stays an import.
  packages: 'external',
  // Function and class names as written: errors and logs name what the source names.
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
});
