/**
 * `npm run bench -- signing`: the cost of a full OAuth 1.0a Authorization header on the X docs "creating a
 * signature" request, side by side with one raw `createHmac` on the precomputed base string and with the
 * peers oauth-sign, oauth-1.0a, oauth (node-oauth), twitter-api-v2's OAuth1 helper and X's own SDK
 * `@xdevplatform/xdk` (signers in `signing-peers.ts`). Every signer is first checked to produce the published
 * signature for the fixed nonce and timestamp, and every peer's live header (its own nonce and timestamp) to
 * verify with oauth1x's `verifyRequest`; the section aborts if one fails. Timed runs use a fresh nonce and
 * timestamp per call, as real use does.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { signRequest } from 'oauth1x';
import type { BenchContext, BenchRow, BenchSection } from '../harness.js';
import { measureSideBySide } from '../harness.js';
import { oauth1xSigner, peerSigners, type Signer, verifyLiveHeader, X } from './signing-peers.js';

/** Why `signer` must not be timed (`null` when it signs right): its fixed-nonce signature, then its live header. */
/**
 * oauth1x's Node HMAC primitive (`core/crypto-node.ts`), an internal the public entries do not export: loaded from
 * the installed package's `dist/src/core/crypto-node.js` (the file its `#crypto` import resolves to on Node), so
 * the bench times the same build the package runs.
 */
async function loadHmacBase64(): Promise<(hash: 'SHA-1', key: string, data: string) => string> {
  const module = (await import(new URL('./dist/src/core/crypto-node.js', import.meta.resolve('oauth1x/package.json')).href)) as {
    hmacBase64(hash: 'SHA-1', key: string, data: string): string;
  };
  return module.hmacBase64;
}

async function checkSigner(signer: Signer, live: boolean): Promise<string | null> {
  const text = (error: unknown): string => `error: ${error instanceof Error ? error.message : String(error)}`;
  let signature: string;
  try {
    signature = await signer.check();
  } catch (error) {
    signature = text(error);
  }
  if (signature !== X.signature) return `${signer.name} gives ${signature}, expected ${X.signature}; section aborted`;
  if (!live) return null;
  let problem: string | null;
  try {
    problem = await verifyLiveHeader(String(await signer.run()));
  } catch (error) {
    problem = text(error);
  }
  return problem === null ? null : `${signer.name}: its live header does not verify (${problem}); section aborted`;
}

/**
 * Runs the signing section.
 *
 * @example
 * ```ts
 * const section = await run({ full: false });
 * ```
 */
export async function run(context: BenchContext): Promise<BenchSection> {
  const signed = await signRequest({
    method: X.method,
    url: X.url,
    body: { status: X.status },
    consumer: X.consumer,
    token: X.token,
    nonce: X.nonce,
    timestamp: X.timestamp,
  });
  const key = `${X.consumer.secret}&${X.token.secret}`;
  const baseString = signed.baseString;
  const raw: Signer = {
    name: 'raw createHmac (precomputed base string)',
    note: 'reference: one HMAC-SHA1, nothing else',
    check: () => createHmac('sha1', key).update(baseString).digest('base64'),
    run: () => createHmac('sha1', key).update(baseString).digest('base64'),
  };
  const ours = oauth1xSigner();
  const hmacBase64 = await loadHmacBase64();
  const primitive: Signer = {
    name: 'oauth1x HMAC alone (same base string)',
    note: 'RFC 2104 over two one-shot crypto.hash calls',
    check: () => hmacBase64('SHA-1', key, baseString),
    run: () => hmacBase64('SHA-1', key, baseString),
  };
  const peers = await peerSigners();
  const all = [raw, ours, ...peers, primitive];
  // Every signer must first produce the published signature for the fixed nonce and timestamp, and every peer's
  // live header must verify; if one does not, the section is aborted (nothing is timed) and reports the failure.
  const title = 'Signing: X docs request, full Authorization header';
  for (const signer of all) {
    const failure = await checkSigner(signer, peers.includes(signer));
    if (failure !== null) {
      return { title, rows: [], targets: [{ name: 'every signer gives a valid signature', pass: false, detail: failure }] };
    }
  }
  // Rounds of side-by-side measurements; every ratio is taken within a round (the signers run one right
  // after the other), and the median over rounds is reported, so load from other processes on the machine
  // cancels out instead of landing on one signer. Odd rounds reverse the order.
  const rounds = context.full ? 31 : 21;
  const perRound: number[][] = all.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = all.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    const times = await measureSideBySide(
      order.map((i) => (all[i] as Signer).run),
      1,
      context.full ? 150 : 60,
    );
    for (let k = 0; k < order.length; k++) perRound[order[k] as number]?.push(times[k] as number);
  }
  const median = (values: number[]): number => {
    const sorted = [...values].sort((x, y) => x - y);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  const ratio = (i: number, j: number): number => median((perRound[i] as number[]).map((t, r) => t / (perRound[j] as number[])[r]!));
  const peerIndex = peers.map((_, k) => 2 + k);
  const speedups = peerIndex.map((i) => ratio(i, 1));
  const speedup = Math.min(...speedups);
  const fastestPeerName = peers[speedups.indexOf(speedup)]?.name ?? '';
  const rows: BenchRow[] = all.map((signer, i) => ({
    name: signer.name,
    value: median(perRound[i] as number[]),
    unit: 'ns/op',
    ratio: ratio(i, 0),
    note: i < 2 || signer === primitive ? signer.note : `${signer.note}; ${ratio(i, 1).toFixed(2)}× oauth1x`,
  }));
  const costRatio = ratio(1, 0);
  return {
    title: `${title} (ratio = × one raw createHmac, median of ${rounds} side-by-side rounds)`,
    rows,
    targets: [
      { name: 'oauth1x full header ≤ 2.0× one raw createHmac', pass: costRatio <= 2.0, detail: `${costRatio.toFixed(2)}×` },
      {
        name: 'oauth1x ≥ 2.4× faster than the fastest peer',
        pass: speedup >= 2.4,
        detail: `${speedup.toFixed(2)}× faster than ${fastestPeerName}`,
      },
    ],
  };
}
