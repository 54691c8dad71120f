/**
 * The `verify` side of `npm run bench:compare`: loads `verifyRequest` from two builds into one process and
 * times them on the very same requests (each build with its own memory store, so each sees every nonce once),
 * in chunks of 1,000 whose order alternates, with one raw `createHmac` per chunk as the reference. Reports the
 * median over pairs of chunks (one in each order) of B/A.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectGarbage, cpuNs, median, pairedRatio } from './measure.js';
import { signHmacSha1 } from './minimal-signer.js';

interface VerifyBuild {
  verifyRequest(request: Request, options: unknown): Promise<unknown>;
  createMemoryStore(): unknown;
}

async function load(root: string): Promise<VerifyBuild> {
  const provider = await import(pathToFileURL(join(root, 'packages/oauth1x/dist/src/provider/index.js')).href);
  const stores = await import(pathToFileURL(join(root, 'packages/oauth1x/dist/src/provider/stores/memory-store.js')).href);
  return { verifyRequest: provider.verifyRequest, createMemoryStore: stores.createMemoryStore };
}

const CONSUMER = { key: 'xvz1evFS4wEEPTGEFPHBog00', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' };
const TOKEN = { key: '370773112GmHxMAgYyLbNEtI', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const URL_ = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';
const BODY = 'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21';
const FORM = { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' };
/** Requests per timed chunk: each side gets a few scavenges per chunk (one verification allocates ~6.5 KB). */
const CHUNK = 1000;

/** The fixed request, signed by the benchmarks' own signer (not either build's: see minimal-signer.ts). */
function sign(nonce: string, timestamp: number): { authorization: string; baseString: string } {
  const signed = signHmacSha1({ method: 'POST', url: URL_, form: FORM, consumer: CONSUMER, token: TOKEN, nonce, timestamp });
  if (signed.body !== BODY) throw new Error('the signed body differs from the one passed to verifyRequest');
  return signed;
}

/** What {@link compareVerify} reports. */
export interface VerifyComparison {
  /** Median over pairs of chunks (one in each order) of B / A (below 1: B is faster). */
  ratio: number;
  /** 10th and 90th percentile of the paired ratios. */
  spread: [number, number];
  /** Median ns per verification of A and of B, and of one raw createHmac. */
  ns: { a: number; b: number; hmac: number };
  /** Median per-chunk verify / createHmac of each build: the bench's own figure. */
  perHmac: { a: number; b: number };
  chunks: number;
}

/**
 * Compares `verifyRequest` of the builds at `rootA` and `rootB` (each a directory holding `dist/`).
 *
 * @example
 * ```ts
 * const result = await compareVerify('/tmp/base', process.cwd(), 6);
 * console.log(result.ratio); // 0.93: B takes 7% less CPU per verification
 * ```
 */
export async function compareVerify(rootA: string, rootB: string, rounds = 6): Promise<VerifyComparison> {
  const a = await load(rootA);
  const b = await load(rootB);
  const consumers = new Map([[CONSUMER.key, { secret: CONSUMER.secret }]]);
  const tokens = new Map([[TOKEN.key, { secret: TOKEN.secret, kind: 'access', consumerKey: CONSUMER.key }]]);
  const options = (store: unknown) => ({
    lookupConsumer: (key: string) => consumers.get(key) ?? null,
    lookupToken: (key: string) => tokens.get(key) ?? null,
    nonceStore: store,
    body: BODY,
  });
  const optionsA = options(a.createMemoryStore());
  const optionsB = options(b.createMemoryStore());
  let counter = 0;
  // Each build verifies its own Request objects (built from the same signed header, flattened first): a
  // Request verified by both would give whichever runs second state the first one made (undici's, V8's
  // flattening of a concatenated header string) and favour it.
  const batch = async (size: number) => {
    const out: Array<{ a: Request; b: Request; baseString: string }> = [];
    const timestamp = Math.floor(Date.now() / 1000);
    for (let i = 0; i < size; i++) {
      const s = sign(`c${String(++counter).padStart(23, '0')}`, timestamp);
      const headers = { authorization: s.authorization, 'content-type': 'application/x-www-form-urlencoded' };
      out.push({
        a: new Request(URL_, { method: 'POST', headers }),
        b: new Request(URL_, { method: 'POST', headers }),
        baseString: s.baseString,
      });
    }
    return out;
  };
  const time = async (build: VerifyBuild, opts: unknown, part: Array<{ a: Request; b: Request }>, side: 'a' | 'b') => {
    const start = cpuNs();
    for (const s of part) await build.verifyRequest(s[side], opts);
    return (cpuNs() - start) / part.length;
  };
  const key = `${CONSUMER.secret}&${TOKEN.secret}`;
  let sink = 0;
  const hmac = (part: Array<{ baseString: string }>) => {
    const start = cpuNs();
    for (const s of part) sink += createHmac('sha1', key).update(s.baseString).digest('base64').length;
    return (cpuNs() - start) / part.length;
  };
  const warm = await batch(3000);
  await time(a, optionsA, warm, 'a');
  await time(b, optionsB, warm, 'b');
  hmac(warm);
  const ratios: number[] = [];
  const rows: Array<{ a: number; b: number; h: number }> = [];
  for (let round = 0; round < rounds; round++) {
    const requests = await batch(10_000);
    collectGarbage();
    for (let at = 0, index = 0; at < requests.length; at += CHUNK, index++) {
      const part = requests.slice(at, at + CHUNK);
      let ta: number;
      let tb: number;
      if (index % 2 === 0) {
        ta = await time(a, optionsA, part, 'a');
        tb = await time(b, optionsB, part, 'b');
      } else {
        tb = await time(b, optionsB, part, 'b');
        ta = await time(a, optionsA, part, 'a');
      }
      rows.push({ a: ta, b: tb, h: hmac(part) });
      ratios.push(tb / ta);
    }
  }
  if (sink === 0) throw new Error('unreachable');
  return {
    ...pairedRatio(ratios),
    ns: { a: median(rows.map((r) => r.a)), b: median(rows.map((r) => r.b)), hmac: median(rows.map((r) => r.h)) },
    perHmac: { a: median(rows.map((r) => r.a / r.h)), b: median(rows.map((r) => r.b / r.h)) },
    chunks: ratios.length,
  };
}
