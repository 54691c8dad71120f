import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';

const DIST = new URL('../../src/', import.meta.url).pathname;

/** Every module reachable through static imports (dynamic `import()` is what keeps commands lazy). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)) {
      stack.push(join(dirname(file), match[1] as string));
    }
  }
  return new Set([...seen].map((f) => relative(DIST, f)));
}

describe('CLI lazy loading', () => {
  it('`oauth1x sign` statically loads only the CLI shell and the core', () => {
    const graph = new Set([...staticGraph(join(DIST, 'cli/main.js')), ...staticGraph(join(DIST, 'cli/commands/sign.js'))]);
    assert.ok(graph.has('cli/commands.js') && graph.has('core/sign-request.js'), [...graph].join(', '));
    for (const file of graph) assert.match(file, /^(cli|core)\//, `sign pulls in ${file}`);
    assert.ok(![...graph].some((f) => f.startsWith('cli/commands/') && f !== 'cli/commands/sign.js'), 'no other command is loaded');
  });

  it('the command table imports every command lazily', () => {
    const graph = staticGraph(join(DIST, 'cli/commands.js'));
    assert.deepEqual([...graph], ['cli/commands.js']);
  });
});
