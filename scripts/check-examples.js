#!/usr/bin/env node
// Type-checks every code example a user reads: each ```ts block of a JSDoc `@example` in src/**/*.ts and
// packages/*/src/**/*.ts, and each ```ts block of README.md and docs/**/*.md (docs/api excluded).
// Each block becomes a module under dist/examples/ that imports from the public package names (`oauth1x`,
// `oauth1x/client`, `@oauth1x/x`, …), mapped to their source files with tsconfig `paths`, and tsc checks them all.
// Free variables a snippet uses without declaring them (`consumer`, `request`, …) get a prelude: names a
// public entry exports are imported from it (for a JSDoc example, names its own file exports are imported from
// that file); a few common names have a fixed type (PRELUDE_TYPES); anything else is `declare const name: any`.
// Usage: node scripts/check-examples.js [path-substring ...] [--md FILE ...]   (exit 1 when an example fails to type-check)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
// CHECK_EXAMPLES_OUT: where the generated modules go (inside the repository, so its package.json and
// node_modules apply); tests use their own directory.
const outDir = process.env.CHECK_EXAMPLES_OUT ? join(root, process.env.CHECK_EXAMPLES_OUT) : join(root, 'dist', 'examples');
// The compiler options of the build: a shared base config when the workspaces have one, else the root's.
const BASE_TSCONFIG = ['tsconfig.base.json', 'tsconfig.json'].map((name) => join(root, name)).find(existsSync);
const args = process.argv.slice(2);
// --md FILE (repeatable): check only these Markdown files (no JSDoc); other arguments filter paths.
const onlyMarkdown = args.flatMap((arg, i) => (args[i - 1] === '--md' ? [arg] : []));
const filters = args.filter((arg, i) => arg !== '--md' && args[i - 1] !== '--md');

/** Names snippets commonly take for granted, with the type they have in the guides. */
const PRELUDE_TYPES = {
  consumer: '{ key: string; secret: string }',
  token: '{ key: string; secret: string }',
  request: 'Request',
  response: 'Response',
  password: 'string',
  clientId: 'string',
  clientSecret: 'string',
  redirectUri: 'string',
  callbackUrl: 'string',
  consumerKey: 'string',
  consumerSecret: 'string',
  client: "import('oauth1x/client').OAuth1Client",
  x: "import('@oauth1x/x').XClient",
  store: "ReturnType<typeof import('oauth1x/provider').createMemoryStore>",
  sandbox: "Awaited<ReturnType<typeof import('@oauth1x/sandbox').createSandbox>>",
};

function walk(dir, keep) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist' && name !== 'api') out.push(...walk(path, keep));
    } else if (keep(name)) out.push(path);
  }
  return out;
}

// ---- the public entries: specifier → source file ----

/** `./dist/src/a/b.js` → `<pkg>/src/a/b.ts` when that file exists. */
function sourceOf(pkgDir, target) {
  const path = typeof target === 'string' ? target : (target?.default ?? target?.import ?? target?.node);
  if (typeof path !== 'string' || !path.endsWith('.js')) return null;
  const file = join(pkgDir, path.replace(/^\.\/dist\//, './').replace(/\.js$/, '.ts'));
  return existsSync(file) ? file : null;
}

function entriesOf(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const entries = {};
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    const file = sourceOf(pkgDir, target);
    if (file) entries[key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`] = file;
  }
  return entries;
}

function publicEntries() {
  const packagesDir = join(root, 'packages');
  const dirs = existsSync(packagesDir)
    ? readdirSync(packagesDir)
        .map((name) => join(packagesDir, name))
        .filter((dir) => existsSync(join(dir, 'package.json')))
    : [];
  if (dirs.length > 0) return Object.assign({}, ...dirs.map(entriesOf));
  // The single-package layout: today's subpaths under the names the package split gives them.
  const entries = entriesOf(root);
  for (const area of ['x', 'sandbox', 'cli']) {
    if (entries[`oauth1x/${area}`]) entries[`@oauth1x/${area}`] = entries[`oauth1x/${area}`];
  }
  return entries;
}

/** Every name a module exports, following `export … from` re-exports. */
function exportedNames(file, seen = new Set()) {
  const names = new Set();
  if (seen.has(file) || !existsSync(file)) return names;
  seen.add(file);
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const local =
    /^export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/gm;
  for (const m of text.matchAll(local)) names.add(m[1]);
  const resolve = (spec) => join(dirname(file), spec.replace(/\.js$/, '.ts'));
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}(?:\s+from\s+'([^']+)')?/gm)) {
    for (const part of m[1].split(',')) {
      const bits = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      const name = (bits[1] ?? bits[0]).trim();
      if (name) names.add(name);
    }
  }
  for (const m of text.matchAll(/^export\s+\*\s+from\s+'([^']+)'/gm)) {
    if (m[1].startsWith('.')) for (const name of exportedNames(resolve(m[1]), seen)) names.add(name);
  }
  return names;
}

// ---- the examples ----

function jsdocExamples(file) {
  const text = readFileSync(file, 'utf8');
  const blocks = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, comment.index).split('\n').length;
    const lines = comment[0].split('\n').map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
    let inExample = false;
    for (let i = 0; i < lines.length; i++) {
      if (/^@\w+/.test(lines[i])) inExample = lines[i].startsWith('@example');
      if (!inExample || !/^```(ts|typescript)\s*$/.test(lines[i])) continue;
      const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
      if (end < 0) break;
      blocks.push({ file, line: startLine + i + 1, code: lines.slice(i + 1, end).join('\n'), jsdoc: true });
      i = end;
    }
  }
  return blocks;
}

function markdownExamples(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) break;
    blocks.push({ file, line: i + 2, code: lines.slice(i + 1, end).join('\n'), jsdoc: false });
    i = end;
  }
  return blocks;
}

const sources = [
  ...walk(join(root, 'src'), (name) => name.endsWith('.ts')),
  ...readdirSync(join(root), { withFileTypes: true })
    .filter((entry) => entry.name === 'packages' && entry.isDirectory())
    .flatMap(() =>
      readdirSync(join(root, 'packages'))
        // The published packages: the private workspaces (test kit, bench) are not documented API.
        .filter((pkg) => JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')).private !== true)
        .flatMap((pkg) => walk(join(root, 'packages', pkg, 'src'), (n) => n.endsWith('.ts'))),
    ),
];
const markdown = [join(root, 'README.md'), ...walk(join(root, 'docs'), (name) => name.endsWith('.md'))].filter(existsSync);
const blocks = (
  onlyMarkdown.length > 0
    ? onlyMarkdown.flatMap(markdownExamples)
    : [...sources.flatMap(jsdocExamples), ...markdown.flatMap(markdownExamples)]
).filter((block) => filters.length === 0 || filters.some((f) => relative(root, block.file).includes(f)));

const entries = publicEntries();
/** name → the public specifier that exports it (the main entry first, then the shortest). */
const publicName = new Map();
for (const spec of Object.keys(entries).sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length)) {
  for (const name of exportedNames(entries[spec])) if (!publicName.has(name)) publicName.set(name, spec);
}

// ---- write, check, declare what is missing, check again ----

function write(prelude) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const paths = {};
  for (const [spec, file] of Object.entries(entries)) paths[spec] = [relative(outDir, file)];
  const tsconfig = {
    extends: relative(outDir, BASE_TSCONFIG),
    compilerOptions: {
      noEmit: true,
      // The workspaces' base config is composite (tsc -b); these files are one plain program.
      composite: false,
      declaration: false,
      rootDir: relative(outDir, root) || '.',
      verbatimModuleSyntax: false,
      noUnusedLocals: false,
      noUnusedParameters: false,
      // Callbacks handed to an undeclared (any) function have untyped parameters.
      noImplicitAny: false,
      paths,
    },
    include: ['./*.ts'],
    // The root config's outDir (dist) is excluded by default; these files live under it.
    exclude: [],
  };
  writeFileSync(join(outDir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  blocks.forEach((block, i) => {
    const head = `export {};\n${prelude[i] ?? ''}`;
    block.offset = head.split('\n').length - 1;
    block.name = `example-${String(i).padStart(4, '0')}.ts`;
    // A JSDoc example's relative imports are relative to its source file.
    const code = block.jsdoc
      ? block.code.replace(/(from\s+')(\.\.?\/[^']+)'/g, (_, from, spec) => `${from}${relative(outDir, join(dirname(block.file), spec))}'`)
      : block.code;
    writeFileSync(join(outDir, block.name), `${head}${block.wrap ? wrapped(code) : code}\n`);
  });
}

/** The snippet's imports stay at the top; the rest (same line count) becomes a function body. */
function wrapped(code) {
  const lines = code.split('\n');
  const body = lines.map((line) => (/^import\s/.test(line) ? '' : line));
  const imports = lines.map((line) => (/^import\s/.test(line) ? line : '')).filter(Boolean);
  return `${imports.join(' ')} export async function example(): Promise<unknown> { ${body.join('\n')}\n}`;
}

function check() {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const run = spawnSync(tsc, ['-p', join(outDir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8', cwd: root });
  const errors = [];
  for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
    const m = /^(.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) errors.push({ file: m[1], line: Number(m[2]), col: Number(m[3]), code: m[4], message: m[5] });
    else if (line.trim() && errors.length > 0) errors[errors.length - 1].message += ` ${line.trim()}`;
  }
  if (run.status !== 0 && errors.length === 0) {
    process.stderr.write(`check-examples: tsc failed without diagnostics:\n${run.stdout}${run.stderr}\n`);
    process.exit(2);
  }
  return errors;
}

const blockByName = (file) => blocks.findIndex((block) => block.name && file.endsWith(`/${block.name}`));

// Up to three rounds: each declares the names the previous one found missing (a declared name can reveal others).
const missing = blocks.map(() => new Set());
let prelude = [];
for (let round = 0; round < 3; round++) {
  write(prelude);
  let found = false;
  for (const error of check()) {
    const i = blockByName(error.file);
    if (i < 0) continue;
    const m = /^(?:Cannot find name|No value exists in scope for the shorthand property) '([^']+)'/.exec(error.message);
    if (m && ['TS2304', 'TS2552', 'TS18004'].includes(error.code) && !missing[i].has(m[1])) {
      missing[i].add(m[1]);
      found = true;
    }
    // A snippet that returns from its top level is the body of a function.
    if (error.code === 'TS1108' && !blocks[i].wrap) {
      blocks[i].wrap = true;
      found = true;
    }
  }
  if (!found) break;
  prelude = preludes();
}
function preludes() {
  return blocks.map((block, i) => {
    const lines = [];
    const imports = new Map();
    const own = block.jsdoc ? exportedNames(block.file) : new Set();
    // A name the file exports may also be a DOM global (`MediaError`, `name`), so it is never "missing": a JSDoc
    // example gets every own name it mentions and does not import or declare itself.
    const mentioned = [...own].filter(
      (name) =>
        new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$'"])`).test(block.code) &&
        !new RegExp(`(?:import[^;]*|(?:const|let|var|function|class)\\s+)\\b${name}\\b`).test(block.code),
    );
    for (const name of [...new Set([...missing[i], ...mentioned])].sort()) {
      // A JSDoc example speaks of its own file first (an internal `appOnlyToken` is not the public one).
      const spec = own.has(name) ? relative(outDir, block.file).replace(/\.ts$/, '.js') : (publicName.get(name) ?? null);
      if (PRELUDE_TYPES[name]) lines.push(`declare const ${name}: ${PRELUDE_TYPES[name]};`);
      else if (spec) imports.set(spec, [...(imports.get(spec) ?? []), name]);
      else lines.push(`declare const ${name}: any;\ntype ${name} = any;`);
    }
    const importLines = [...imports].map(([spec, names]) => `import { ${names.join(', ')} } from '${spec}';`);
    return [...importLines, ...lines].map((line) => `${line}\n`).join('');
  });
}

const failures = [];
for (const error of check()) {
  const i = blockByName(error.file);
  // Errors in the project's own files are the build's business (and these settings differ from the build's).
  if (i < 0) continue;
  const block = blocks[i];
  const where = error.line > block.offset ? `${block.line + error.line - block.offset - 1}` : `${block.line} (prelude)`;
  failures.push(`${relative(root, block.file)}:${where}: ${error.code} ${error.message}  [dist/examples/${block.name}]`);
}
const from = `${blocks.filter((b) => b.jsdoc).length} JSDoc @example blocks and ${blocks.filter((b) => !b.jsdoc).length} Markdown blocks`;
if (failures.length > 0) {
  process.stderr.write(`${failures.join('\n')}\ncheck-examples: ${failures.length} errors in ${from}\n`);
  process.exit(1);
}
process.stdout.write(`check-examples: ${from} type-check\n`);
