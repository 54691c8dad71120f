/**
 * The `app` side of `npm run bench:compare`: the sandbox's handler of two builds in one process, without
 * sockets — each build a sandbox of its own (on-disk data dir, X's rate limits off), fed the listener's own
 * request objects (`nodeRequest` + the body side channel, headers flat as a socket gives them), 10 tweet POSTs
 * in flight at a time (one group commit each), in chunks whose order alternates. It measures the application's
 * main-thread CPU per authenticated tweet (verification, routing, X's checks, SQLite, X JSON) with the noise of the load
 * run (sockets, the load generator's wake-ups, batch sizes set by timing) taken out: a change of a few µs shows.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectGarbage, cpuNs, mainThreadCpuNs, median, pairedRatio } from './measure.js';
import { signHmacSha1 } from './minimal-signer.js';

interface Credentials {
  consumer_key: string;
  consumer_secret: string;
  username: string;
  password: string;
}

interface AppBuild {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void> | void;
  post(form: Record<string, string>, path: string, token: { key: string; secret: string } | null, nonce: string): Request;
  credentials: Credentials;
}

const ORIGIN = 'http://127.0.0.1:8787';

async function load(root: string, dataDir: string): Promise<AppBuild> {
  const at = (path: string) => pathToFileURL(join(root, path)).href;
  const { createSandbox } = await import(at('packages/sandbox/dist/src/index.js'));
  const { nodeRequest } = await import(at('packages/sandbox/dist/src/node-request.js'));
  const { setBodyBytes } = await import(at('packages/sandbox/dist/src/body-side-channel.js'));
  const sandbox = await createSandbox({ dataDir, rateLimits: false });
  const credentials = sandbox.credentials as Credentials;
  const consumer = { key: credentials.consumer_key, secret: credentials.consumer_secret };
  return {
    fetch: (request) => sandbox.fetch(request),
    close: () => sandbox.close?.(),
    credentials,
    post(form, path, token, nonce) {
      const url = `${ORIGIN}${path}`;
      const signed = signHmacSha1({ method: 'POST', url, form, consumer, token, nonce, timestamp: Math.floor(Date.now() / 1000) });
      const raw = ['Host', '127.0.0.1:8787', 'Authorization', signed.authorization];
      raw.push('Content-Type', 'application/x-www-form-urlencoded', 'Content-Length', String(Buffer.byteLength(signed.body)));
      const request = nodeRequest('POST', url, raw) as Request;
      setBodyBytes(request, Buffer.from(signed.body));
      return request;
    },
  };
}

async function accessToken(build: AppBuild): Promise<{ key: string; secret: string }> {
  const c = build.credentials;
  const form = { x_auth_mode: 'client_auth', x_auth_password: c.password, x_auth_username: c.username };
  const response = await build.fetch(build.post(form, '/oauth/access_token', null, `xauth${Date.now()}`));
  const answer = new URLSearchParams(await response.text());
  const key = answer.get('oauth_token');
  const secret = answer.get('oauth_token_secret');
  if (response.status !== 200 || !key || !secret) throw new Error(`xAuth against the sandbox failed: ${response.status}`);
  return { key, secret };
}

/** What {@link compareApp} reports. */
export interface AppComparison {
  /** Median over pairs of chunks (one in each order) of B / A CPU per tweet POST (below 1: B is cheaper). */
  ratio: number;
  spread: [number, number];
  /** Median µs of main-thread CPU per tweet POST of A and of B (what the ratio compares). */
  us: { a: number; b: number };
  /**
   * Median µs of the whole process's CPU per tweet POST while A or B ran: with background threads (checkpoint
   * worker, collector helpers), whose work may belong to the other build's previous chunk.
   */
  processUs: { a: number; b: number };
  chunks: number;
}

/**
 * Compares the sandbox handler of the builds at `rootA` and `rootB` (directories holding `dist/`).
 *
 * @example
 * ```ts
 * const result = await compareApp('/tmp/base', process.cwd(), 8);
 * console.log(result.ratio); // 0.95: B spends 5% less CPU per tweet
 * ```
 */
export async function compareApp(rootA: string, rootB: string, chunksPerSide = 16): Promise<AppComparison> {
  const dirs = [mkdtempSync(join(tmpdir(), 'oauth1x-app-a-')), mkdtempSync(join(tmpdir(), 'oauth1x-app-b-'))];
  const a = await load(rootA, dirs[0] as string);
  const b = await load(rootB, dirs[1] as string);
  try {
    const tokens = new Map([
      [a, await accessToken(a)],
      [b, await accessToken(b)],
    ]);
    let counter = 0;
    const requests = (build: AppBuild, n: number): Request[] => {
      const out: Request[] = [];
      for (let i = 0; i < n; i++) {
        const id = ++counter;
        out.push(build.post({ status: `compare ${id} ${Date.now()}` }, '/1.1/statuses/update.json', tokens.get(build) ?? null, `c${id}`));
      }
      return out;
    };
    let processNs = 0;
    const time = async (build: AppBuild, part: Request[]): Promise<number> => {
      const startProcess = cpuNs();
      const start = mainThreadCpuNs();
      for (let i = 0; i < part.length; i += 10) {
        const answers = await Promise.all(part.slice(i, i + 10).map((request) => build.fetch(request)));
        for (const answer of answers) if (answer.status !== 200) throw new Error(`a tweet POST answered ${answer.status}`);
      }
      const main = mainThreadCpuNs() - start;
      processNs = cpuNs() - startProcess;
      return main / part.length / 1000;
    };
    // Warm-up: JIT, statement caches, the SQLite page caches.
    await time(a, requests(a, 3000));
    await time(b, requests(b, 3000));
    const CHUNK = 500;
    const ratios: number[] = [];
    const us = { a: [] as number[], b: [] as number[] };
    const all = { a: [] as number[], b: [] as number[] };
    for (let index = 0; index < chunksPerSide * 2; index++) {
      const partA = requests(a, CHUNK);
      const partB = requests(b, CHUNK);
      collectGarbage();
      let ta: number;
      let tb: number;
      if (index % 2 === 0) {
        ta = await time(a, partA);
        all.a.push(processNs / CHUNK / 1000);
        tb = await time(b, partB);
        all.b.push(processNs / CHUNK / 1000);
      } else {
        tb = await time(b, partB);
        all.b.push(processNs / CHUNK / 1000);
        ta = await time(a, partA);
        all.a.push(processNs / CHUNK / 1000);
      }
      us.a.push(ta);
      us.b.push(tb);
      ratios.push(tb / ta);
    }
    return {
      ...pairedRatio(ratios),
      us: { a: median(us.a), b: median(us.b) },
      processUs: { a: median(all.a), b: median(all.b) },
      chunks: ratios.length,
    };
  } finally {
    await a.close();
    await b.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
