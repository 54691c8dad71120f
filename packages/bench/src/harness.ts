/**
 * The benchmark harness behind `npm run bench`: timing helpers and the report format every section uses.
 * Sections report ratios measured side by side in one run; absolute times are printed for context only.
 *
 * @module
 */

/** One measured row of a section's table. */
export interface BenchRow {
  name: string;
  /** The measured value (e.g. ns/op, req/s, ms). */
  value: number;
  unit: string;
  /** Optional ratio to the section's reference row, e.g. `1.7` for "1.7× the raw createHmac". */
  ratio?: number | undefined;
  note?: string | undefined;
}

/** A target the issue states, and whether this run met it. */
export interface BenchTarget {
  name: string;
  pass: boolean;
  detail: string;
}

/** What a section returns. */
export interface BenchSection {
  title: string;
  rows: BenchRow[];
  targets: BenchTarget[];
}

/** Options every section receives. */
export interface BenchContext {
  /** `--full` runs the long form; the default is a shorter run. */
  full: boolean;
}

/**
 * Measures the mean cost of `fn` (sync or async) in nanoseconds per call: warms up, then runs batches until
 * `minTimeMs` has passed, and returns the median of the batch means.
 *
 * @example
 * ```ts
 * const ns = await measure(() => createHmac('sha1', key).update(base).digest('base64'));
 * ```
 */
export async function measure(fn: () => unknown, options: { minTimeMs?: number; batch?: number } = {}): Promise<number> {
  const minTime = options.minTimeMs ?? 400;
  let batch = options.batch ?? 1000;
  const probe = fn();
  const isAsync = probe instanceof Promise;
  if (isAsync) await probe;
  const runBatch = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    if (isAsync) for (let i = 0; i < batch; i++) await fn();
    else for (let i = 0; i < batch; i++) fn();
    return Number(process.hrtime.bigint() - start) / batch;
  };
  // Warm-up: let the JIT settle and size the batch to about 20 ms.
  const warm = await runBatch();
  batch = Math.max(100, Math.min(200_000, Math.round(20e6 / Math.max(warm, 1))));
  for (let i = 0; i < 3; i++) await runBatch();
  const samples: number[] = [];
  const deadline = performance.now() + minTime;
  while (performance.now() < deadline || samples.length < 5) samples.push(await runBatch());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/**
 * Measures several functions interleaved (A B C A B C ...), so machine noise hits each alike, and returns the
 * median ns/op of each.
 *
 * @example
 * ```ts
 * const [a, b] = await measureSideBySide([() => f(), () => g()]);
 * ```
 */
export async function measureSideBySide(fns: Array<() => unknown>, rounds = 5, minTimeMs = 150): Promise<number[]> {
  const results: number[][] = fns.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < fns.length; i++) results[i]?.push(await measure(fns[i] as () => unknown, { minTimeMs }));
  }
  return results.map((r) => {
    r.sort((a, b) => a - b);
    return r[Math.floor(r.length / 2)] as number;
  });
}

/**
 * Formats a section as a plain-text table.
 *
 * @example
 * ```ts
 * console.log(formatSection(section));
 * ```
 */
export function formatSection(section: BenchSection): string {
  const width = Math.max(10, ...section.rows.map((r) => r.name.length));
  const lines = [`## ${section.title}`, ''];
  lines.push(`${'case'.padEnd(width)}  ${'value'.padStart(14)}  ${'ratio'.padStart(8)}  note`);
  for (const row of section.rows) {
    const value = `${row.value >= 100 ? Math.round(row.value).toLocaleString('en-US') : row.value.toFixed(2)} ${row.unit}`;
    const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`;
    lines.push(`${row.name.padEnd(width)}  ${value.padStart(14)}  ${ratio.padStart(8)}  ${row.note ?? ''}`.trimEnd());
  }
  if (section.targets.length > 0) lines.push('');
  for (const target of section.targets) lines.push(`${target.pass ? 'PASS' : 'FAIL'}  ${target.name}: ${target.detail}`);
  return lines.join('\n');
}

/**
 * Formats a section as a Markdown table (what `bench/results.md` holds, to paste into a README as is).
 *
 * @example
 * ```ts
 * writeFileSync('bench/results.md', formatMarkdown(section));
 * ```
 */
export function formatMarkdown(section: BenchSection): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [`### ${cell(section.title)}`, '', '| case | value | ratio | note |', '|---|--:|--:|---|'];
  for (const row of section.rows) {
    const value = `${row.value >= 100 ? Math.round(row.value).toLocaleString('en-US') : row.value.toFixed(2)} ${row.unit}`;
    const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`;
    lines.push(`| ${cell(row.name)} | ${value} | ${ratio} | ${cell(row.note ?? '')} |`);
  }
  if (section.targets.length > 0) lines.push('');
  for (const target of section.targets)
    lines.push(`- ${target.pass ? '**PASS**' : '**FAIL**'} ${cell(target.name)}: ${cell(target.detail)}`);
  return lines.join('\n');
}
