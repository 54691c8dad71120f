/**
 * The load generator process of the sandbox throughput benchmark. It runs in its own process (a second one
 * next to the server under test), pre-signs a pool of unique `POST /1.1/statuses/update.json` requests with
 * the signing core (one fresh nonce and one unique status text each, since autocannon's `setupRequest` is
 * synchronous), then drives autocannon through the pool: every request is sent at most once, so none is a
 * replay or a duplicate tweet. It prints one JSON line with the {@link LoadResult}.
 *
 * Usage: `node dist/bench/load/load-worker.js '<LoadConfig as JSON>'`
 *
 * @module
 */
import autocannon from 'autocannon';
import { signRequest } from 'oauth1x';
import type { LoadConfig, LoadResult } from './types.js';

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const base = new URL(config.url);
const path = config.path ?? '/1.1/statuses/update.json';

/** One pre-signed request, ready for autocannon. */
interface Prepared {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

async function presign(count: number): Promise<Prepared[]> {
  const pool: Prepared[] = [];
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const url = new URL(path, base).toString();
  for (let i = 0; i < count; i++) {
    const signed = await signRequest({
      method: 'POST',
      url,
      body: { status: `${config.statusPrefix ?? 'load'} ${run} #${i}` },
      consumer: { key: config.consumerKey, secret: config.consumerSecret },
      token: config.token ? { key: config.token, secret: config.tokenSecret ?? '' } : null,
    });
    pool.push({
      method: 'POST',
      path,
      headers: { authorization: signed.authorization, 'content-type': signed.contentType ?? 'application/x-www-form-urlencoded' },
      body: signed.body ?? '',
    });
  }
  return pool;
}

const signStart = performance.now();
const pool = await presign(config.poolSize);
const signMs = performance.now() - signStart;
let next = 0;
let firstAt = 0;
let lastAt = 0;
let cpuAtFirst: NodeJS.CpuUsage | undefined;
const statuses: Record<string, number> = {};
const instance = autocannon(
  {
    url: base.origin,
    connections: config.connections,
    amount: pool.length,
    timeout: config.timeoutS ?? 10,
    requests: [
      {
        setupRequest: (request) => {
          if (next === 0) {
            firstAt = performance.now();
            cpuAtFirst = process.cpuUsage();
          }
          const prepared = pool[next++] ?? (pool[pool.length - 1] as Prepared);
          if (next === pool.length) lastAt = performance.now();
          request.method = prepared.method;
          request.path = prepared.path;
          request.headers = { ...request.headers, ...prepared.headers };
          request.body = prepared.body;
          return request;
        },
      },
    ],
  },
  (error, result) => {
    if (error) {
      process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
      process.exit(1);
    }
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(stat.count);
    const sent = Object.values(statuses).reduce((a, b) => a + b, 0);
    const cpu = process.cpuUsage(cpuAtFirst);
    const activeS = lastAt > firstAt && firstAt > 0 ? (lastAt - firstAt) / 1000 : result.duration;
    const out: LoadResult = {
      requests: sent,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      durationS: result.duration,
      activeS,
      reqPerSec: sent / activeS,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      statuses,
      signMs,
      poolExhausted: next >= pool.length,
      loadCpuUsPerRequest: cpuAtFirst === undefined ? Number.NaN : (cpu.user + cpu.system) / Math.max(1, sent),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  },
);
// autocannon acts on the end of a run (pool used up, or stop()) only at its next one-second sampling tick and
// reports that as the duration: a pool used up at 4.2 s read as 5.0 s, which capped the bare server at
// pool / 5.01 s (19,960 req/s for 100,000 requests in every run). When the pool runs out, the rate is taken
// from the first request to the last one handed out instead (measured in setupRequest: a listener per answer
// slowed autocannon by a fifth).
const timer = setTimeout(() => instance.stop(), config.durationS * 1000);
instance.on('done', () => clearTimeout(timer));
