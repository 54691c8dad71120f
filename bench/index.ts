/**
 * `npm run bench`: runs every section (or those named on the command line), prints one report and writes
 * `bench/results.json`. `--full` selects the long form of the load tests.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { type BenchSection, formatSection } from './harness.js';
import { SECTIONS } from './sections.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const names = args.filter((a) => !a.startsWith('--'));
const selected = SECTIONS.filter((s) => names.length === 0 || names.includes(s.name));
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, Node ${process.versions.node}`;
console.log(`# oauth1x benchmarks\n\nMachine: ${machine}\nDate: ${new Date().toISOString()}\n`);
const results: Array<BenchSection & { name: string }> = [];
let failed = 0;
for (const entry of selected) {
  const section = await (await entry.load()).run({ full });
  results.push({ name: entry.name, ...section });
  failed += section.targets.filter((t) => !t.pass).length;
  console.log(`${formatSection(section)}\n`);
}
writeFileSync(
  new URL('../../bench/results.json', import.meta.url),
  `${JSON.stringify({ machine, date: new Date().toISOString(), full, sections: results }, null, 2)}\n`,
);
console.log(`${failed === 0 ? 'All targets met.' : `${failed} target(s) missed.`} Results written to bench/results.json`);
