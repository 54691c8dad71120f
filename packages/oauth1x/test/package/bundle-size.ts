/**
 * Bundle size of each browser-capable entry (test/package/entries.ts): esbuild bundles everything the entry
 * exports (`export * from '<entry>'`, platform browser, ESM, minified), then gzip level 9. An entry that does
 * not bundle for the browser (a `node:` import) is reported as not browser-capable, with esbuild's reason.
 * Run directly (`npm run size`) it prints the table against size-budget.json and exits 1 over budget;
 * test/package/bundle-size.test.ts enforces the same budget in `npm test`.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BROWSER_ENTRIES, type BrowserEntry } from './entries.js';

export const ROOT = new URL('../../../../../', import.meta.url).pathname;

/** One entry's measurement: sizes in bytes, or why it does not bundle for the browser. */
export type EntrySize = { name: string; bundled: true; minified: number; gzip: number } | { name: string; bundled: false; reason: string };

/** Budgets in gzip bytes by entry name; `null`: the entry is not browser-capable yet. */
export type SizeBudget = Record<string, number | null>;

export async function measureEntry(e: BrowserEntry): Promise<EntrySize> {
  try {
    const result = await build({
      stdin: { contents: `export * from '${e.specifier}';`, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    const code = (result.outputFiles[0] as { contents: Uint8Array }).contents;
    return { name: e.name, bundled: true, minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string }> }).errors ?? [{ text: String(error) }];
    return { name: e.name, bundled: false, reason: [...new Set(errors.map((x) => x.text))].join('; ') };
  }
}

export function readBudget(): SizeBudget {
  return JSON.parse(readFileSync(`${ROOT}size-budget.json`, 'utf8')).gzipBytes as SizeBudget;
}

/** The verdict for one measured entry against its budget: `null` when within it, else the problem. */
export function overBudget(size: EntrySize, budget: SizeBudget): string | null {
  const limit = budget[size.name];
  if (limit === undefined) return `${size.name} has no entry in size-budget.json`;
  if (!size.bundled) return limit === null ? null : `${size.name} no longer bundles for the browser: ${size.reason}`;
  if (limit === null) return `${size.name} bundles now (${size.gzip} B gzip): set its budget in size-budget.json`;
  return size.gzip > limit ? `${size.name} is ${size.gzip} B gzip, over its budget of ${limit} B` : null;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The table `npm run size` prints. */
export function formatTable(sizes: EntrySize[], budget: SizeBudget): string {
  const rows = sizes.map((s) =>
    s.bundled
      ? [s.name, kb(s.minified), kb(s.gzip), budget[s.name] == null ? '-' : kb(budget[s.name] as number)]
      : [s.name, '-', '-', `not browser-capable yet (${s.reason})`],
  );
  const all = [['entry', 'minified', 'gzip', 'budget (gzip)'], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => (r[i] as string).length)));
  return all.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell)).join('  ')).join('\n');
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const budget = readBudget();
  const sizes = await Promise.all(BROWSER_ENTRIES.map(measureEntry));
  console.log(formatTable(sizes, budget));
  const problems = sizes.map((s) => overBudget(s, budget)).filter((p) => p !== null);
  for (const problem of problems) console.error(`size: ${problem}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
