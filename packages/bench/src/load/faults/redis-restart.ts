/**
 * Fault: Redis restarted (`kill -9`, then started again on the same port) in the middle of load on a provider
 * that uses the Redis store. While Redis is down every request must fail closed (401/503 with an
 * `oauth_problem`, never accepted without a nonce check, never hanging); after Redis is back the provider
 * serves again without a restart; a request accepted before the outage is refused as a replay after it.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ownRedis } from '@oauth1x/test-kit/redis-server.js';
import { signRequest } from 'oauth1x';
import { problemResponse, verifyRequest } from 'oauth1x/provider';
import { createRedisStore } from 'oauth1x/provider/redis';
import type { FaultReport } from './types.js';

const CONSUMER = { key: 'fault-consumer', secret: 'fault-consumer-secret' };
const TOKEN = { key: 'fault-token', secret: 'fault-token-secret' };

/** Settings of the Redis restart fault. */
export interface RedisRestartOptions {
  /** Concurrent client loops. */
  concurrency: number;
  /** Load before the kill, outage length, load after the restart, in ms. */
  beforeMs: number;
  outageMs: number;
  afterMs: number;
  /** `false` runs Redis without persistence (a restart forgets every nonce). Default: append-only file. */
  persistent?: boolean;
}

interface Sample {
  start: number;
  end: number;
  status: number;
  problem: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function startProvider(redisUrl: string): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const store = createRedisStore({ url: redisUrl, prefix: `fault${Date.now()}:` });
  // Connected, and the nonce marker made, before serving: requests signed from then on postdate it.
  await store.ready(5000);
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = `http://${req.headers.host}${req.url}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    let response: Response;
    try {
      const verified = await verifyRequest(new Request(url, { method: req.method ?? 'GET', headers, body: body === '' ? null : body }), {
        lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : null),
        lookupToken: (key) => (key === TOKEN.key ? { secret: TOKEN.secret, kind: 'access' as const, consumerKey: CONSUMER.key } : null),
        nonceStore: store,
        body,
      });
      response = Response.json({ ok: true, nonce: verified.nonce });
    } catch (error) {
      response = problemResponse(error);
    }
    const text = await response.text();
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/ping`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

async function signedRequest(url: string): Promise<{ headers: Record<string, string>; body: string }> {
  const signed = await signRequest({ method: 'POST', url, body: { n: String(Math.random()) }, consumer: CONSUMER, token: TOKEN });
  return { headers: { authorization: signed.authorization, 'content-type': 'application/x-www-form-urlencoded' }, body: signed.body ?? '' };
}

async function send(url: string, request: { headers: Record<string, string>; body: string }): Promise<Sample> {
  const start = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', ...request, signal: AbortSignal.timeout(10_000) });
    await res.text();
    const problem = /oauth_problem="?([a-z_]+)/.exec(res.headers.get('www-authenticate') ?? '')?.[1] ?? '';
    return { start, end: performance.now(), status: res.status, problem };
  } catch (error) {
    return { start, end: performance.now(), status: 0, problem: String((error as Error).name) };
  }
}

/**
 * Runs the Redis restart fault and reports what happened.
 *
 * @example
 * ```ts
 * const report = await runRedisRestart({ concurrency: 4, beforeMs: 1000, outageMs: 1500, afterMs: 2000 });
 * ```
 */
export async function runRedisRestart(options: RedisRestartOptions): Promise<FaultReport> {
  const redis = await ownRedis({ persistent: options.persistent !== false });
  const provider = await startProvider(redis.url);
  try {
    const samples: Sample[] = [];
    // One request accepted before the outage, kept to replay after it.
    const keep = await signedRequest(provider.url);
    const first = await send(provider.url, keep);
    let running = true;
    const loops = Array.from({ length: options.concurrency }, async () => {
      while (running) samples.push(await send(provider.url, await signedRequest(provider.url)));
    });
    await new Promise((r) => setTimeout(r, options.beforeMs));
    const killedAt = performance.now();
    await redis.kill();
    await new Promise((r) => setTimeout(r, options.outageMs));
    const restartAt = performance.now();
    await redis.start();
    const upAt = performance.now();
    await new Promise((r) => setTimeout(r, options.afterMs));
    running = false;
    await Promise.all(loops);
    const replay = await send(provider.url, keep);

    const during = samples.filter((s) => s.start > killedAt + 1 && s.end < restartAt);
    const acceptedDuring = during.filter((s) => s.status >= 200 && s.status < 300);
    const unclear = during.filter((s) => !((s.status === 401 || s.status === 503) && s.problem !== ''));
    const after = samples.filter((s) => s.start >= upAt).sort((a, b) => a.start - b.start);
    const firstOk = after.find((s) => s.status === 200);
    const okAfter = after.filter((s) => s.status === 200).length;
    const maxOutageMs = Math.max(0, ...during.map((s) => s.end - s.start));
    const before = samples.filter((s) => s.end < killedAt);
    const checks = [
      {
        name: 'accepted before the outage',
        pass: first.status === 200 && before.some((s) => s.status === 200),
        detail: `first ${first.status}, ${before.filter((s) => s.status === 200).length} ok before the kill`,
      },
      {
        name: 'fails closed while Redis is down',
        pass: during.length > 0 && acceptedDuring.length === 0 && unclear.length === 0,
        detail: `${during.length} requests during the outage: ${acceptedDuring.length} accepted, statuses ${summarize(during)}`,
      },
      { name: 'no request hangs during the outage', pass: maxOutageMs < 5000, detail: `slowest answer ${maxOutageMs.toFixed(0)} ms` },
      {
        name: 'resumes without a provider restart',
        pass: firstOk !== undefined && okAfter > 0,
        detail: firstOk
          ? `first 200 ${(firstOk.end - upAt).toFixed(0)} ms after Redis answered PING, ${okAfter} ok after`
          : 'no 200 after the restart',
      },
      {
        name: 'replay across the outage refused',
        pass: replay.status === 401 && replay.problem === 'nonce_used',
        detail: `replayed pre-outage request → ${replay.status} ${replay.problem}`,
      },
    ];
    return {
      name: 'Redis restarted under load',
      pass: checks.every((c) => c.pass),
      checks,
      metrics: { requests: samples.length, duringOutage: during.length, recoveryMs: firstOk ? firstOk.end - upAt : Number.NaN },
    };
  } finally {
    await provider.close();
    await redis.dispose();
  }
}

function summarize(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(`${s.status} ${s.problem}`.trim(), (counts.get(`${s.status} ${s.problem}`.trim()) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
}
