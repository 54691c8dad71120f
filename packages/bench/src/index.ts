/**
 * `npm run bench`: runs every section (or those named on the command line), prints one report and writes
 * `packages/bench/results.json` and `packages/bench/results.md` (the same figures as Markdown, headed by the run's date, machine,
 * commit and load, to paste into a README as is). `--full` selects the long form of the load tests. A section that throws is reported
 * as a missed target; the others still run. The report ends with every target of the run in one list.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { type BenchSection, formatMarkdown, formatSection } from './harness.js';
import { SECTIONS } from './sections.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const selected = SECTIONS.filter((s) => names.length === 0 || names.includes(s.name));
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, Node ${process.versions.node}`;
const load = () => loadavg()[0]?.toFixed(1) ?? '?';
/** The commit measured, with ` + uncommitted changes` when the work tree differs from it; `unknown` outside a git checkout. */
function commit(): string {
  const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return `${git('rev-parse', '--short=12', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') === '' ? '' : ' + uncommitted changes'}`;
  } catch {
    return 'unknown';
  }
}
const measured = commit();
const loadAtStart = load();
const startedAt = new Date().toISOString();
console.log(
  `# oauth1x benchmarks\n\nMachine: ${machine}\nDate: ${new Date().toISOString()}${full ? ' (full form)' : ''}\nCommit: ${measured}\nLoad average at start: ${loadAtStart}\n`,
);
const results: Array<BenchSection & { name: string }> = [];
const write = (extra: Record<string, unknown> = {}) =>
  writeFileSync(
    new URL('../../results.json', import.meta.url),
    `${JSON.stringify({ machine, date: new Date().toISOString(), commit: measured, full, loadAverage: { start: loadAtStart, end: load() }, ...extra, sections: results }, null, 2)}\n`,
  );
let current = '';
// An error a section cannot catch (e.g. an 'error' event of a child's pipe) ends the run, but not silently:
// the sections measured so far are still written.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    const detail = (error instanceof Error ? (error.stack ?? error.message) : String(error)).split('\n').slice(0, 3).join(' | ');
    console.log(`FAIL  [${current}] crashed the bench process: ${detail}`);
    write({ crashed: { section: current, error: detail } });
    process.exit(1);
  });
}
let failed = 0;
for (const entry of selected) {
  current = entry.name;
  let section: BenchSection;
  try {
    section = await (await entry.load()).run({ full });
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    section = { title: `${entry.name} (failed to run)`, rows: [], targets: [{ name: `${entry.name} ran`, pass: false, detail }] };
  }
  results.push({ name: entry.name, ...section });
  failed += section.targets.filter((t) => !t.pass).length;
  console.log(`${formatSection(section)}\n`);
}
const targets = results.flatMap((r) => r.targets.map((t) => ({ section: r.name, ...t })));
console.log(`## All targets (load average ${loadAtStart} at start, ${load()} at end)\n`);
for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'}  [${t.section}] ${t.name}`);
write();
const markdown = [
  `## Figures of one \`npm run bench${full ? ' -- --full' : ''}\` run`,
  '',
  `Run ${startedAt} on ${machine}, commit ${measured}; load average ${loadAtStart} at start, ${load()} at end; sections: ${results.map((r) => r.name).join(', ')}.`,
  '',
  ...results.map((r) => `${formatMarkdown(r)}\n`),
].join('\n');
writeFileSync(new URL('../../results.md', import.meta.url), markdown);
console.log(
  `\n${failed === 0 ? 'All targets met.' : `${failed} target(s) missed.`} Results written to packages/bench/results.json and (Markdown) packages/bench/results.md`,
);
