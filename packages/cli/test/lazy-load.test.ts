import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleOrigins } from '@oauth1x/test-kit/bundle-origins.js';

const DIST = new URL('../src/', import.meta.url).pathname;
/** The oauth1x package's compiled modules and the bundle its exports serve (`scripts/bundle.js`). */
const CORE_ROOT = dirname(fileURLToPath(import.meta.resolve('oauth1x/package.json')));
const CORE_SRC = join(CORE_ROOT, 'dist/src/');
const CORE_BUNDLE = join(CORE_ROOT, 'dist/bundle/');

/** `cli/…` for the CLI's own files, `oauth1x/…` for the oauth1x package's, else the path or `npm:<specifier>`. */
function label(file: string): string {
  if (file.startsWith(DIST)) return `cli/${relative(DIST, file)}`;
  if (file.startsWith(CORE_SRC)) return `oauth1x/${relative(CORE_SRC, file)}`;
  return file;
}

/** The oauth1x modules a file of its bundle holds, as `oauth1x/…` labels. */
function bundledModules(source: string): string[] {
  const prefix = 'packages/oauth1x/dist/src/';
  return bundleOrigins(source)
    .filter((origin) => origin.startsWith(prefix))
    .map((origin) => `oauth1x/${origin.slice(prefix.length)}`);
}

/**
 * Every module reachable through static imports (dynamic `import()` is what keeps commands lazy), following
 * relative imports and the workspace packages' entries (a file of oauth1x's bundle counts as the modules it holds);
 * other packages are listed as `npm:<specifier>`.
 */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    if (file.startsWith(CORE_BUNDLE)) for (const module of bundledModules(source)) out.add(module);
    else out.add(label(file));
    for (const match of source.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) stack.push(join(dirname(file), specifier));
      else if (specifier.startsWith('node:') || specifier.startsWith('#')) continue;
      else if (/^(oauth1x|@oauth1x\/)/.test(specifier)) stack.push(fileURLToPath(import.meta.resolve(specifier)));
      else out.add(`npm:${specifier}`);
    }
  }
  return out;
}

describe('CLI lazy loading', () => {
  it('`oauth1x sign` statically loads only the CLI shell and the core', () => {
    const graph = new Set([...staticGraph(join(DIST, 'main.js')), ...staticGraph(join(DIST, 'commands/sign.js'))]);
    assert.ok(graph.has('cli/commands.js') && graph.has('oauth1x/core/sign-request.js'), [...graph].join(', '));
    for (const file of graph) assert.match(file, /^(cli\/|oauth1x\/core\/|oauth1x\/index\.js$)/, `sign pulls in ${file}`);
    assert.ok(![...graph].some((f) => f.startsWith('cli/commands/') && f !== 'cli/commands/sign.js'), 'no other command is loaded');
  });

  it('the command table imports every command lazily', () => {
    const graph = staticGraph(join(DIST, 'commands.js'));
    assert.deepEqual([...graph], ['cli/commands.js']);
  });
});
