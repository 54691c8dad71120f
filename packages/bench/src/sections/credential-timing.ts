/**
 * `npm run bench -- credential-timing`: what a refused request costs, by which credential was wrong — a known
 * consumer with a bad signature, an unknown consumer key, an unknown token — for the provider's `verifyRequest`
 * (in-memory lookups, memory nonce store) and for the sandbox handler (`sandbox.fetch`, on-disk SQLite): a v1.1
 * API route and `request_token`. If an unknown key cost more or less than a known one, anyone could tell by
 * timing which keys exist, whatever the answer says. Each unknown key or token is a fresh random one, as a
 * prober's would be. The cases run interleaved in small chunks (rotating which goes first), each timed in
 * process CPU time (`getrusage`, 1 µs steps; the main thread's schedstat moves in 4 ms ticks here); the medians of the chunks are side by side, with each case's difference from the
 * bad-signature case (the median of the differences of chunks run side by side).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '@oauth1x/sandbox';
import { type Credentials, signRequest } from 'oauth1x';
import { createMemoryStore, type VerifyOptions, verifyRequest } from 'oauth1x/provider';
import type { BenchContext, BenchRow, BenchSection, BenchTarget } from '../harness.js';
import { collectGarbage, cpuNs, median } from '../measure.js';

const CONSUMER = { key: 'xvz1evFS4wEEPTGEFPHBog00', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' };
const TOKEN = { key: '370773112GmHxMAgYyLbNEtI', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const API_URL = 'https://api.x.com/1.1/account/verify_credentials.json';

/** The credentials a case signs with, fresh for each request (a new random key where the case is "unknown"). */
type Case = { name: string; credentials: () => { consumer: Credentials; token: Credentials | null } };

/** Differences within this many ns/op, or this share of the bad-signature cost, count as the same cost. */
const SAME_NS = 1500;
const SAME_SHARE = 0.05;

const randomKey = () => randomBytes(18).toString('base64url');

function cases(consumer: Credentials, token: Credentials | null): Case[] {
  const list: Case[] = [
    { name: 'known consumer, bad signature', credentials: () => ({ consumer: { key: consumer.key, secret: 'not-the-secret' }, token }) },
    { name: 'unknown consumer', credentials: () => ({ consumer: { key: randomKey(), secret: 'x' }, token }) },
  ];
  if (token !== null) list.push({ name: 'unknown token', credentials: () => ({ consumer, token: { key: randomKey(), secret: 'x' } }) });
  return list;
}

/** Signs `count` requests of a case (before any timing). */
async function sign(c: Case, count: number, method: 'GET' | 'POST', url: string, oauthParams?: Record<string, string>): Promise<Request[]> {
  const out: Request[] = [];
  for (let i = 0; i < count; i++) {
    const { consumer, token } = c.credentials();
    const s = await signRequest({ method, url, consumer, token, oauthParams });
    out.push(new Request(s.url, { method, headers: { authorization: s.authorization } }));
  }
  return out;
}

/**
 * Times `refuse` over the cases' requests, interleaved: per round, fresh requests are signed, then chunks of
 * each case run back to back in rotating order. Answers each case's ns per request, one sample per chunk; the
 * k-th samples of all cases were taken side by side.
 */
async function interleaved(
  list: Case[],
  refuse: (request: Request) => Promise<void>,
  make: (c: Case, count: number) => Promise<Request[]>,
  rounds: number,
  perRound: number,
  chunk: number,
): Promise<number[][]> {
  const samples: number[][] = list.map(() => []);
  for (const c of list) for (const request of await make(c, 200)) await refuse(request); // warm-up (JIT, caches)
  for (let round = 0; round < rounds; round++) {
    const batches = await Promise.all(list.map((c) => make(c, perRound)));
    collectGarbage();
    for (let at = 0, index = 0; at < perRound; at += chunk, index++) {
      for (let k = 0; k < list.length; k++) {
        const which = (k + index) % list.length;
        const part = (batches[which] as Request[]).slice(at, at + chunk);
        const start = cpuNs();
        for (const request of part) await refuse(request);
        (samples[which] as number[]).push((cpuNs() - start) / part.length);
      }
    }
  }
  return samples;
}

/**
 * The rows and target of one side-by-side measurement; the first case is the reference. Each difference is the
 * median of the per-chunk differences (chunks taken side by side), which a shared machine's drifting load
 * disturbs less than a difference of two medians.
 */
function report(label: string, list: Case[], samples: number[][]): { rows: BenchRow[]; target: BenchTarget } {
  const reference = samples[0] as number[];
  const referenceMedian = median(reference);
  const diffs = samples.map((own) => median(own.map((value, i) => value - (reference[i] as number))));
  const rows: BenchRow[] = list.map((c, i) => {
    const value = median(samples[i] as number[]);
    const diff = (diffs[i] as number) / 1000;
    return {
      name: `${label}: ${c.name}`,
      value,
      unit: 'ns/op',
      ratio: value / referenceMedian,
      note:
        i === 0
          ? 'reference'
          : `${diff >= 0 ? '+' : ''}${diff.toFixed(2)} µs vs bad signature (median of ${reference.length} paired chunks)`,
    };
  });
  const worst = Math.max(...diffs.map(Math.abs));
  const bound = Math.max(SAME_NS, referenceMedian * SAME_SHARE);
  return {
    rows,
    target: {
      name: `${label}: unknown keys cost what a known key costs (within ${SAME_NS / 1000} µs or ${SAME_SHARE * 100}%)`,
      pass: worst <= bound,
      detail: `largest difference ${(worst / 1000).toFixed(2)} µs (bound ${(bound / 1000).toFixed(2)} µs)`,
    },
  };
}

/** Throws unless the answer is a 401. */
function expect401(response: Response): void {
  if (response.status !== 401) throw new Error(`expected a 401, got ${response.status}`);
}

/**
 * Runs the credential-timing section.
 *
 * @example
 * ```ts
 * const section = await run({ full: false });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  const rounds = context.full ? 8 : 4;
  const rows: BenchRow[] = [];
  const targets: BenchTarget[] = [];

  // The provider alone: synchronous in-memory lookups, as a host with its own cache would have.
  const consumers = new Map([[CONSUMER.key, { secret: CONSUMER.secret }]]);
  const tokens = new Map([[TOKEN.key, { secret: TOKEN.secret, kind: 'access' as const, consumerKey: CONSUMER.key }]]);
  const options: VerifyOptions = {
    lookupConsumer: (key) => consumers.get(key) ?? null,
    lookupToken: (key) => tokens.get(key) ?? null,
    nonceStore: createMemoryStore(),
  };
  const providerCases = cases(CONSUMER, TOKEN);
  const refuseProvider = async (request: Request) => {
    if (
      await verifyRequest(request, options).then(
        () => true,
        () => false,
      )
    )
      throw new Error('a forged request verified');
  };
  const provider = await interleaved(providerCases, refuseProvider, (c, n) => sign(c, n, 'GET', API_URL), rounds, 4000, 100);
  const p = report('verifyRequest', providerCases, provider);
  rows.push(...p.rows);
  targets.push(p.target);

  // The sandbox handler, on disk as `oauth1x sandbox` runs it.
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth1x-bench-credentials-'));
  const sandbox = await createSandbox({ dataDir, rateLimits: false });
  try {
    const demo = sandbox.credentials;
    const consumer = { key: demo.consumer_key, secret: demo.consumer_secret };
    const token = { key: demo.access_token, secret: demo.access_token_secret };
    const refuse = async (request: Request) => {
      const response = await sandbox.fetch(request);
      await response.arrayBuffer();
      expect401(response);
    };
    const apiCases = cases(consumer, token);
    const api = await interleaved(apiCases, refuse, (c, n) => sign(c, n, 'GET', API_URL), rounds + 2, 1500, 50);
    const a = report('sandbox GET /1.1/account/verify_credentials.json', apiCases, api);
    rows.push(...a.rows);
    targets.push(a.target);
    const rtCases = cases(consumer, null);
    const callback = { oauth_callback: 'oob' };
    const rt = await interleaved(
      rtCases,
      refuse,
      (c, n) => sign(c, n, 'POST', 'https://api.x.com/oauth/request_token', callback),
      rounds + 2,
      1500,
      50,
    );
    const r = report('sandbox POST /oauth/request_token', rtCases, rt);
    rows.push(...r.rows);
    targets.push(r.target);
  } finally {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { title: 'credential-timing: a refused request, by which credential was wrong (process CPU time)', rows, targets };
}
