#!/usr/bin/env node
// Rewrites the relative imports of files written for the single-package layout (src/{core,client,provider,x,
// sandbox,cli}, test/…, bench/) after they were carried into packages/ (issue 17: a branch started before the
// restructure, merged with git's rename detection, leaves new files at their new place with their old imports).
// Same package: the new relative path; another package: its public entry (`oauth1x/provider`, `@oauth1x/sandbox`,
// a shared test helper: `@oauth1x/test-kit/<file>.js`); an internal of another package becomes that area's entry
// (`oauth1x`, `oauth1x/client`, `oauth1x/provider`, `@oauth1x/x`, …) and is listed: where the entry does not export
// the name (tsc says so), export it from the entry with JSDoc + @example, or move the code.
// Usage: node scripts/restructure-imports.js FILE...
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Old → new folders, most specific first; single files that moved to the test kit come first. */
const MOVES = [
  ['test/chromium.ts', 'packages/test-kit/src/chromium.ts'],
  ['test/provider/hostile-cases.ts', 'packages/test-kit/src/hostile/hostile-cases.ts'],
  ['test/provider/hostile-helpers.ts', 'packages/test-kit/src/hostile/hostile-helpers.ts'],
  ['test/provider/hostile-duplicate-cases.ts', 'packages/test-kit/src/hostile/hostile-duplicate-cases.ts'],
  ['test/sandbox/helpers.ts', 'packages/test-kit/src/sandbox/helpers.ts'],
  ['test/sandbox/oauth2-helpers.ts', 'packages/test-kit/src/sandbox/oauth2-helpers.ts'],
  ['test/sandbox/db-scan.ts', 'packages/test-kit/src/sandbox/db-scan.ts'],
  ['test/sandbox/demo-credentials.test.ts', 'packages/cli/test/demo-credentials.test.ts'],
  ['test/x/fake-x-media.ts', 'packages/test-kit/src/x/fake-x-media.ts'],
  ['test/x/spec-fetch.ts', 'packages/test-kit/src/x/spec-fetch.ts'],
  ['test/x/openapi-validate.ts', 'packages/test-kit/src/x/openapi-validate.ts'],
  ['bench/load/redis-server.ts', 'packages/test-kit/src/redis-server.ts'],
  ['test/bench/signing-peers.test.ts', 'packages/bench/test/signing-peers.test.ts'],
  ['src/index.ts', 'packages/oauth1x/src/index.ts'],
  ['src/core/', 'packages/oauth1x/src/core/'],
  ['src/client/', 'packages/oauth1x/src/client/'],
  ['src/provider/', 'packages/oauth1x/src/provider/'],
  ['src/x/', 'packages/x/src/'],
  ['src/sandbox/', 'packages/sandbox/src/'],
  ['src/cli/', 'packages/cli/src/'],
  ['test/fixtures/', 'packages/test-kit/src/fixtures/'],
  ['test/core/', 'packages/oauth1x/test/core/'],
  ['test/client/', 'packages/oauth1x/test/client/'],
  ['test/provider/', 'packages/oauth1x/test/provider/'],
  ['test/x/', 'packages/x/test/'],
  ['test/sandbox/', 'packages/sandbox/test/'],
  ['test/cli/', 'packages/cli/test/'],
  ['test/load/', 'packages/bench/test/load/'],
  ['bench/', 'packages/bench/src/'],
];

/** The public entry of a file that is one (new path → specifier). */
const ENTRIES = {
  'packages/oauth1x/src/index.ts': 'oauth1x',
  'packages/oauth1x/src/core/index.ts': 'oauth1x',
  'packages/oauth1x/src/client/index.ts': 'oauth1x/client',
  'packages/oauth1x/src/provider/index.ts': 'oauth1x/provider',
  'packages/oauth1x/src/provider/stores/sqlite-store.ts': 'oauth1x/provider/sqlite',
  'packages/oauth1x/src/provider/stores/redis-store.ts': 'oauth1x/provider/redis',
  'packages/oauth1x/src/provider/adapters/node.ts': 'oauth1x/provider/node',
  'packages/oauth1x/src/provider/adapters/hono.ts': 'oauth1x/provider/hono',
  'packages/x/src/index.ts': '@oauth1x/x',
  'packages/x/src/node.ts': '@oauth1x/x/node',
  'packages/sandbox/src/index.ts': '@oauth1x/sandbox',
  'packages/cli/src/index.ts': '@oauth1x/cli',
};

/** `path` through `MOVES` (`forward`: old → new; else new → old); `undefined` when no rule applies. */
function map(path, forward) {
  for (const [from, to] of forward ? MOVES : MOVES.map(([a, b]) => [b, a])) {
    if (from.endsWith('/') ? path.startsWith(from) : path === from) return to + path.slice(from.length);
  }
  return undefined;
}

const packageOf = (path) => /^packages\/([^/]+)\//.exec(path)?.[1];
const js = (path) => path.replace(/\.ts$/, '.js');

/** The rewritten text of `file` (its new path, relative to the repository root) and the imports left to decide. */
export function rewrite(file, text) {
  const old = map(file, false);
  if (old === undefined) return { text, undecided: [] };
  const undecided = [];
  const out = text.replace(/((?:from|import)\s*\(?\s*)'(\.\.?\/[^']*)'/g, (all, before, specifier) => {
    const target = map(normalize(join(dirname(old), specifier)).replace(/\.js$/, '.ts'), true);
    if (target === undefined) return all;
    const [from, to] = [packageOf(file), packageOf(target)];
    if (from === to) {
      const path = relative(dirname(file), target);
      return `${before}'${js(path.startsWith('.') ? path : `./${path}`)}'`;
    }
    if (ENTRIES[target] !== undefined) return `${before}'${ENTRIES[target]}'`;
    if (to === 'test-kit') return `${before}'@oauth1x/test-kit/${js(target.slice('packages/test-kit/src/'.length))}'`;
    const area = /^packages\/oauth1x\/src\/(core|client|provider)\//.exec(target)?.[1];
    const entry = to === 'oauth1x' ? (area === 'core' || area === undefined ? 'oauth1x' : `oauth1x/${area}`) : `@oauth1x/${to}`;
    undecided.push(`${file}: ${specifier} (${target}, an internal of ${to}) → '${entry}': check that it exports the names`);
    return `${before}'${entry}'`;
  });
  return { text: out, undecided };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let left = 0;
  for (const file of process.argv.slice(2)) {
    if (!existsSync(file)) {
      console.error(`restructure-imports: no file ${file}`);
      process.exit(2);
    }
    const { text, undecided } = rewrite(relative(process.cwd(), file), readFileSync(file, 'utf8'));
    writeFileSync(file, text);
    for (const line of undecided) console.log(line);
    left += undecided.length;
  }
  if (left > 0) console.log(`${left} import(s) of another package's internals now go through its entry; build to check the names`);
}
