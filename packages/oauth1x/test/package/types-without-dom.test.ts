/**
 * The published declarations compile in a Node-only project without the DOM lib (issue 17): `lib: ["ES2023"]`,
 * `types: ["node"]`, `skipLibCheck: false`, under `module: nodenext` and under `moduleResolution: bundler`.
 * The fixture (packages/test-kit/types-node/entries.ts) imports every entry of package.json `exports` by its public
 * name (the package resolves itself through `exports`), so the check reads the built `dist/` declarations as a
 * consumer's compiler does. A missing global (`CryptoKey`, `BodyInit`) or an entry left out fails here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const FIXTURE = `${ROOT}packages/test-kit/types-node/`;
/** The published packages (the private workspaces test-kit and bench are not). */
const PUBLISHED = ['oauth1x', 'x', 'sandbox', 'cli'];
const TSC = `${ROOT}node_modules/.bin/tsc`;

interface PackageJson {
  name: string;
  exports: Record<string, unknown>;
}

/** The public import specifiers of every published package's `exports` (`.` → the package name), without `./package.json`. */
function publicSpecifiers(): string[] {
  return PUBLISHED.flatMap((dir) => {
    const pkg = JSON.parse(readFileSync(`${ROOT}packages/${dir}/package.json`, 'utf8')) as PackageJson;
    return Object.keys(pkg.exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
  });
}

describe('published declarations without the DOM lib (packages/test-kit/types-node)', () => {
  it('the fixture imports every public entry', () => {
    const source = readFileSync(`${FIXTURE}entries.ts`, 'utf8');
    const imported = new Set([...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]));
    const specifiers = publicSpecifiers();
    assert.ok(specifiers.length >= 4, 'package.json exports lists the entries');
    for (const specifier of specifiers) assert.ok(imported.has(specifier), `entries.ts imports ${specifier}`);
  });

  for (const mode of ['nodenext', 'bundler']) {
    it(`compiles with lib ES2023, types node, skipLibCheck false, ${mode}`, () => {
      const config = JSON.parse(readFileSync(`${FIXTURE}tsconfig.${mode}.json`, 'utf8')) as { compilerOptions: Record<string, unknown> };
      assert.deepEqual(config.compilerOptions.lib, ['ES2023']);
      assert.deepEqual(config.compilerOptions.types, ['node']);
      assert.equal(config.compilerOptions.skipLibCheck, false);
      const run = spawnSync(TSC, ['-p', `${FIXTURE}tsconfig.${mode}.json`], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.error, undefined, String(run.error));
      assert.equal(run.status, 0, `tsc (${mode}) reported:\n${run.stdout}${run.stderr}`);
    });
  }
});
