#!/usr/bin/env node
/**
 * Bundles the compiled modules (`dist/src`, from `tsc -b`) of `oauth1x` and `@oauth1x/sandbox` into each
 * package's `dist/bundle/`, the files their `exports` name. Node 20's module loader costs ≈ 0.5 ms per ES module
 * before any code runs (160 empty modules: 74–105 ms, measured); the sandbox is 81 modules and the oauth1x entries
 * it uses 48 more, and a test suite pays their import per process (issue 19).
 *
 * - The entries are read from `package.json`: each export whose `default` is `./dist/bundle/NAME.js` is built
 *   from the module its `types` names (`./dist/src/….d.ts` → `….js`). Types stay those of `dist/src`.
 * - Every bare import stays an import (so `OAuthProblemError` is one class per process, and `#crypto` keeps
 *   choosing its implementation per runtime at load time), except the packages a bundle lists in `inline`,
 *   which are copied in (a workspace package from its compiled modules), with their own `#` imports resolved
 *   for the bundle's platform. The sandbox inlines hono's router (19 modules) and oauth1x (what its 4 entries
 *   use, which were 13 files): no value of either crosses the sandbox's API (it answers `Request`s with
 *   `Response`s; its exports are its own), so a second copy of them in a process that also imports oauth1x
 *   changes nothing but ≈ 150 kB of compiled code. Side by side, 12–20 fresh processes each, import + first
 *   `createSandbox` (medians): 109.3 ms with neither inlined, 102.6 ms with hono, 77.5 ms with both.
 * - oauth1x's entries share chunks (`dist/bundle/chunks/`): `oauth1x` and `oauth1x/provider` loaded together
 *   hold one copy of the core. Its bundle is platform-neutral, like its source.
 * - The sandbox also gets `checkpoint-worker.js` beside its entry, where its WAL checkpoint thread is looked for.
 *
 * The packages' own tests import `dist/src` module by module; every other importer (the other packages, their
 * tests, the CLI, the bench, users) gets the bundles. `npm run build` runs this after `tsc -b`.
 *
 * Usage: `node scripts/bundle.js`
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const packages = [
  {
    name: 'oauth1x',
    dir: 'packages/oauth1x',
    platform: 'neutral',
    target: 'es2022',
    splitting: true,
    keepNames: false,
    inline: [],
    extra: {},
  },
  {
    name: '@oauth1x/sandbox',
    dir: 'packages/sandbox',
    platform: 'node',
    target: 'node20',
    splitting: false,
    // Function and class names as written: the sandbox's errors and logs name what the source names.
    keepNames: true,
    inline: ['hono', 'oauth1x'],
    extra: { 'checkpoint-worker': './dist/src/checkpoint-worker.js' },
  },
];

/** The name in the nearest `package.json` above `file`. */
const packageNames = new Map();
function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (!packageNames.has(dir)) {
      let name = null;
      try {
        name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name ?? null;
      } catch {
        // No package.json here: look further up.
      }
      packageNames.set(dir, name);
    }
    const name = packageNames.get(dir);
    if (name !== null) return name;
  }
  return null;
}

/**
 * The compiled module (`dist/src/….js`) a workspace package serves `specifier` from (its export's `types`,
 * `.d.ts` → `.js`); `undefined` for a package outside the workspace.
 */
function workspaceSource(specifier) {
  const pkg = packages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
  if (pkg === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(join(root, pkg.dir, 'package.json'), 'utf8'));
  const target = manifest.exports[`.${specifier.slice(pkg.name.length)}`];
  if (typeof target?.types !== 'string') throw new Error(`${specifier}: no such export of ${pkg.name}`);
  return join(root, pkg.dir, target.types.replace(/\.d\.ts$/, '.js'));
}

/**
 * An esbuild plugin keeping every bare import (a package, or a `#` import such as `#crypto`) an import, except
 * the packages in `inline` and the `#` imports made from their files, which are copied in: a workspace package
 * from its compiled modules, any other as esbuild resolves it.
 */
function externalExcept(inline) {
  const isInlined = (name) => inline.some((pkg) => name === pkg || name.startsWith(`${pkg}/`));
  return {
    name: 'external-except',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('#')) return isInlined(packageOf(args.importer) ?? '') ? undefined : { path: args.path, external: true };
        if (!isInlined(args.path)) return { path: args.path, external: true };
        const source = workspaceSource(args.path);
        return source === undefined ? undefined : { path: source };
      });
    },
  };
}

/** `{ NAME: source module }` for every export of `manifest` that `dist/bundle/NAME.js` serves. */
function entriesOf(manifest, dir) {
  const entries = {};
  for (const [key, target] of Object.entries(manifest.exports)) {
    const out = typeof target === 'object' ? target.default : undefined;
    if (typeof out !== 'string' || !out.startsWith('./dist/bundle/')) continue;
    if (typeof target.types !== 'string' || !target.types.endsWith('.d.ts')) throw new Error(`${dir}: export ${key} names no types`);
    entries[out.slice('./dist/bundle/'.length, -'.js'.length)] = join(root, dir, target.types.replace(/\.d\.ts$/, '.js'));
  }
  return entries;
}

for (const pkg of packages) {
  const manifest = JSON.parse(readFileSync(join(root, pkg.dir, 'package.json'), 'utf8'));
  const entryPoints = entriesOf(manifest, pkg.dir);
  for (const [name, source] of Object.entries(pkg.extra)) entryPoints[name] = join(root, pkg.dir, source);
  if (Object.keys(entryPoints).length === 0) throw new Error(`${pkg.dir}: no export is served from dist/bundle`);
  const outdir = join(root, pkg.dir, 'dist/bundle');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    platform: pkg.platform,
    target: pkg.target,
    splitting: pkg.splitting,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [externalExcept(pkg.inline)],
    keepNames: pkg.keepNames,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
