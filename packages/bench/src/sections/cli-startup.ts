/**
 * Bench section `cli-startup`: cold start of `oauth1x sign ...` (a full signature, lazily loaded command)
 * against `node -e ''`, spawned alternately so machine noise hits both alike; medians of N spawns.
 * Target (issue 6): sign under 2.5× the bare Node start.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import type { BenchContext, BenchSection } from '../harness.js';
import { median } from '../measure.js';

const BIN = new URL('../../../../cli/bin/oauth1x.js', import.meta.url).pathname;
const SIGN = [
  BIN,
  'sign',
  '--method',
  'POST',
  '--url',
  'https://api.x.com/1.1/statuses/update.json?include_entities=true',
  '--data',
  'status=Hello Ladies + Gentlemen, a signed OAuth request!',
  '--consumer-key',
  'xvz1evFS4wEEPTGEFPHBog',
  '--consumer-secret',
  'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  '--token',
  '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  '--token-secret',
  'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
];

function spawnMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.slice(0, 2).join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/**
 * Runs the section.
 *
 * @example
 * ```ts
 * const section = await run({ full: false });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  const n = context.full ? 41 : 15;
  const variants: Array<{ name: string; args: string[] }> = [
    { name: "node -e ''", args: ['-e', ''] },
    { name: 'oauth1x sign (HMAC-SHA1, header)', args: SIGN },
    { name: 'oauth1x verify --help', args: [BIN, 'verify', '--help'] },
    { name: 'oauth1x --version', args: [BIN, '--version'] },
  ];
  for (const v of variants) spawnMs(v.args); // warm the file cache
  const samples = variants.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (const [j, v] of variants.entries()) samples[j]?.push(spawnMs(v.args));
  }
  const medians = samples.map(median);
  const base = medians[0] as number;
  const rows = variants.map((v, j) => ({
    name: v.name,
    value: Number((medians[j] as number).toFixed(1)),
    unit: 'ms',
    ratio: Number(((medians[j] as number) / base).toFixed(2)),
  }));
  const signRatio = (medians[1] as number) / base;
  return {
    title: `CLI cold start (median of ${n} spawns each, interleaved; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'})`,
    rows,
    targets: [
      {
        name: 'oauth1x sign < 2.5× node -e ""',
        pass: signRatio < 2.5,
        detail: `${signRatio.toFixed(2)}× (${(medians[1] as number).toFixed(1)} ms vs ${base.toFixed(1)} ms)`,
      },
    ],
  };
}
