/**
 * `npm run bench -- verify`: the cost of verifying one signed request on the provider side — oauth1x
 * `verifyRequest` (HMAC-SHA1, memory nonce store, a fresh nonce per request) against one raw `createHmac` of
 * the same base string, and oauthlib's `SignatureOnlyEndpoint.validate_request` timed inside Python over the
 * same kind of requests. Requests are signed and built before the timed loops; every verifier must accept all
 * of them (checked), and each round gets a fresh batch so no nonce is ever reused. All figures are process CPU
 * time per request, so a busy shared machine does not skew them; the batch's own garbage is collected before
 * each round is timed, and the two sides alternate which runs first in each chunk.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { OAuthlibProcess } from '@oauth1x/test-kit/fixtures/oauthlib-process.js';
import { signRequest } from 'oauth1x';
import { createMemoryStore, type VerifyOptions, verifyRequest } from 'oauth1x/provider';
import type { BenchContext, BenchSection } from '../harness.js';
import { collectGarbage, cpuNs, median } from '../measure.js';
import { minimalVerify } from '../minimal-verifier.js';

// 20–30 character keys and nonces: oauthlib's default RequestValidator checks those lengths.
const CONSUMER = { key: 'xvz1evFS4wEEPTGEFPHBog00', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' };
const TOKEN = { key: '370773112GmHxMAgYyLbNEtI', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
const URL_ = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';
const BODY = 'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21';
const FORM = 'application/x-www-form-urlencoded';

interface Signed {
  request: Request;
  authorization: string;
  baseString: string;
}

let counter = 0;
async function batch(size: number): Promise<Signed[]> {
  const out: Signed[] = [];
  const timestamp = Math.floor(Date.now() / 1000);
  for (let i = 0; i < size; i++) {
    const nonce = `n${String(++counter).padStart(23, '0')}`;
    const s = await signRequest({ method: 'POST', url: URL_, body: BODY, consumer: CONSUMER, token: TOKEN, nonce, timestamp });
    // No body on the Request: the caller passes the body text (options.body), as a framework that already read
    // it does; a body stream per pre-built request would only add garbage-collector work to the timed loop.
    const request = new Request(URL_, { method: 'POST', headers: { authorization: s.authorization, 'content-type': FORM } });
    out.push({ request, authorization: s.authorization, baseString: s.baseString });
  }
  return out;
}

/**
 * Runs the verify section.
 *
 * @example
 * ```ts
 * const section = await run({ full: false });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  const size = context.full ? 20_000 : 8_000;
  const rounds = context.full ? 8 : 4;
  const chunk = 500;
  const consumers = new Map([[CONSUMER.key, { secret: CONSUMER.secret }]]);
  const tokens = new Map([[TOKEN.key, { secret: TOKEN.secret, kind: 'access' as const, consumerKey: CONSUMER.key }]]);
  const options: VerifyOptions = {
    lookupConsumer: (key) => consumers.get(key) ?? null,
    lookupToken: (key) => tokens.get(key) ?? null,
    nonceStore: createMemoryStore(),
    body: BODY,
  };
  const hmacKey = `${CONSUMER.secret}&${TOKEN.secret}`;
  // Per chunk of 500 requests: verify them, then HMAC their base strings, each timed in process CPU time (the
  // machine may be shared: wall time would count the waits for a CPU). Interleaving small chunks makes the
  // ratio robust to noise; the medians over all chunks are reported.
  const verifyNs: number[] = [];
  const hmacNs: number[] = [];
  const ratios: number[] = [];
  const minimalNs: number[] = [];
  const minimalRatios: number[] = [];
  let sink = 0;
  const timeVerify = async (part: Signed[]): Promise<number> => {
    const start = cpuNs();
    for (const s of part) await verifyRequest(s.request, options);
    return (cpuNs() - start) / part.length;
  };
  // The floor: a verifier that does only the steps every verifier must do, none of the checks (see
  // minimal-verifier.ts), on the same requests; it must accept them all too.
  const minimalNonces = new Set<string>();
  const minimalKey = (consumerKey: string, token: string) => (consumerKey === CONSUMER.key && token === TOKEN.key ? hmacKey : undefined);
  const timeMinimal = (part: Signed[]): number => {
    const start = cpuNs();
    for (const s of part) {
      const request = s.request;
      const verified = minimalVerify(
        { method: request.method, url: request.url, authorization: request.headers.get('authorization'), body: BODY },
        minimalKey,
        minimalNonces,
        Date.now() / 1000,
      );
      if (verified === null) throw new Error('the minimal verifier refused a request');
    }
    return (cpuNs() - start) / part.length;
  };
  const timeHmac = (part: Signed[]): number => {
    const start = cpuNs();
    for (const s of part) sink += createHmac('sha1', hmacKey).update(s.baseString).digest('base64').length;
    return (cpuNs() - start) / part.length;
  };
  // Warm-up (JIT) of both sides.
  const warm = await batch(2000);
  await timeVerify(warm);
  timeHmac(warm);
  timeMinimal(warm.slice(0, 1000));
  for (let round = 0; round < rounds; round++) {
    // Building the batch (signing, Request objects) leaves garbage of its own: collect it before timing, so
    // the collector's work inside the timed chunks is the timed code's (scavenges land where the allocation
    // is, mostly in the verify chunks: verification allocates more than one HMAC, and pays for it).
    const requests = await batch(size);
    collectGarbage();
    for (let at = 0, index = 0; at < requests.length; at += chunk, index++) {
      const part = requests.slice(at, at + chunk);
      // Alternate which side runs first, so neither always inherits the other's leftover garbage or cache state.
      let verify: number;
      let hmac: number;
      let minimal: number;
      if (index % 2 === 0) {
        verify = await timeVerify(part);
        hmac = timeHmac(part);
        minimal = timeMinimal(part);
      } else {
        minimal = timeMinimal(part);
        hmac = timeHmac(part);
        verify = await timeVerify(part);
      }
      verifyNs.push(verify);
      hmacNs.push(hmac);
      minimalNs.push(minimal);
      ratios.push(verify / hmac);
      minimalRatios.push(minimal / hmac);
    }
  }
  if (sink === 0) throw new Error('unreachable');

  // oauthlib: the same kind of requests (a fresh batch, same shape), timed inside Python.
  const python = new OAuthlibProcess();
  let oauthlibNs: number;
  let accepted: number;
  const pySize = Math.min(size, 4000);
  try {
    const requests = (await batch(pySize)).map((s) => ({
      uri: URL_,
      http_method: 'POST',
      body: BODY,
      headers: { Authorization: s.authorization, 'Content-Type': FORM },
    }));
    const answer = await python.call<{ ns_per_request: number[]; accepted: number }>({
      op: 'bench_verify',
      requests,
      consumer_key: CONSUMER.key,
      consumer_secret: CONSUMER.secret,
      token_key: TOKEN.key,
      token_secret: TOKEN.secret,
      rounds: 3,
    });
    oauthlibNs = median(answer.ns_per_request);
    accepted = answer.accepted;
  } finally {
    await python.close();
  }
  if (accepted !== pySize) throw new Error(`oauthlib accepted ${accepted} of ${pySize} requests`);

  const hmac = median(hmacNs);
  const verify = median(verifyNs);
  const ratio = median(ratios);
  const floorRatio = median(minimalRatios);
  return {
    title: 'verify: one signed request, provider side (HMAC-SHA1, header, form body)',
    rows: [
      { name: 'raw createHmac (base string given)', value: hmac, unit: 'ns/op', ratio: 1, note: 'reference' },
      { name: 'oauth1x verifyRequest', value: verify, unit: 'ns/op', ratio, note: 'memory store, fresh nonce, body passed' },
      {
        name: 'minimal verifier, no checks (floor)',
        value: median(minimalNs),
        unit: 'ns/op',
        ratio: floorRatio,
        note: 'bench/minimal-verifier.ts: parse, base string, createHmac, compare, nonce Set; none of the checks',
      },
      {
        name: 'oauthlib SignatureOnlyEndpoint',
        value: oauthlibNs,
        unit: 'ns/op',
        ratio: oauthlibNs / hmac,
        note: 'CPU time inside Python',
      },
    ],
    targets: [
      {
        // Issue 19 restated the earlier ≤ 3.0× (below the floor itself: a verifier doing none of the checks
        // measured 3.55–3.86×) as what the floor does in the same run.
        name: 'verifyRequest at or below the check-free floor (ratios to raw createHmac, same run)',
        pass: ratio <= floorRatio,
        detail: `${ratio.toFixed(2)}× vs the floor's ${floorRatio.toFixed(2)}× (medians of ${ratios.length} interleaved chunks; the earlier target was 3.0×)`,
      },
    ],
  };
}
