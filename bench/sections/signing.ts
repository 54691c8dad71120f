/**
 * `npm run bench -- signing`: the cost of a full OAuth 1.0a Authorization header on the X docs "creating a
 * signature" request, side by side with one raw `createHmac` on the precomputed base string and with the
 * peers oauth-sign, oauth-1.0a, oauth (node-oauth) and twitter-api-v2's OAuth1 helper. Every signer is first
 * checked to produce the published signature for the fixed nonce and timestamp; the section aborts if one
 * differs. Timed runs use a fresh nonce and timestamp per call, as real use does.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { hmacBase64 } from '../../src/core/crypto-node.js';
import { signRequest } from '../../src/index.js';
import type { BenchContext, BenchRow, BenchSection } from '../harness.js';
import { measureSideBySide } from '../harness.js';

const require = createRequire(import.meta.url);

/** The X docs example (https://developer.x.com/en/docs/authentication/oauth-1-0a/creating-a-signature), 1.1 URL. */
const X = {
  method: 'POST',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  baseUri: 'https://api.twitter.com/1.1/statuses/update.json',
  status: 'Hello Ladies + Gentlemen, a signed OAuth request!',
  consumer: { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
  token: { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
  nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  timestamp: 1318622958,
  signature: 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
};

/** A signer under test: `check` signs with the fixed nonce/timestamp, `run` as in real use. */
interface Signer {
  name: string;
  note: string;
  check: () => Promise<string> | string;
  run: () => unknown;
}

function signatureOf(header: string): string {
  const match = /oauth_signature="([^"]*)"/.exec(header);
  if (match === null) throw new Error(`no oauth_signature in ${header}`);
  return decodeURIComponent(match[1] as string);
}

function oauth1xSigner(): Signer {
  const options = {
    method: X.method,
    url: X.url,
    body: { status: X.status },
    consumer: X.consumer,
    token: X.token,
  };
  return {
    name: 'oauth1x signRequest (full header)',
    note: 'async; fresh nonce + timestamp',
    check: async () => signatureOf((await signRequest({ ...options, nonce: X.nonce, timestamp: X.timestamp })).authorization),
    run: () => signRequest(options),
  };
}

interface OAuthSignModule {
  hmacsign(method: string, baseUri: string, params: Record<string, string>, consumerSecret: string, tokenSecret: string): string;
}

function oauthSignSigner(): Signer {
  const { hmacsign } = require('oauth-sign') as OAuthSignModule;
  // oauth-sign (used by `request`) signs a parameter object; the caller builds the header, as `request` does.
  const header = (nonce: string, timestamp: string): string => {
    const params: Record<string, string> = {
      include_entities: 'true',
      status: X.status,
      oauth_consumer_key: X.consumer.key,
      oauth_nonce: nonce,
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: timestamp,
      oauth_token: X.token.key,
      oauth_version: '1.0',
    };
    const signature = hmacsign(X.method, X.baseUri, params, X.consumer.secret, X.token.secret);
    let out = 'OAuth ';
    for (const name of Object.keys(params)) {
      if (name.startsWith('oauth_')) out += `${name}="${encodeURIComponent(params[name] as string)}",`;
    }
    return `${out}oauth_signature="${encodeURIComponent(signature)}"`;
  };
  return {
    name: 'oauth-sign hmacsign + header',
    note: 'header assembled as request does',
    check: () => signatureOf(header(X.nonce, String(X.timestamp))),
    run: () => header(Math.random().toString(36).slice(2) + Date.now().toString(36), String(Math.floor(Date.now() / 1000))),
  };
}

interface OAuth10a {
  authorize(request: { url: string; method: string; data: Record<string, string> }, token: { key: string; secret: string }): object;
  toHeader(data: object): { Authorization: string };
  getNonce(): string;
  getTimeStamp(): number;
}

function oauth10aSigner(): Signer {
  const OAuth = require('oauth-1.0a') as new (options: object) => OAuth10a;
  const make = (): OAuth10a =>
    new OAuth({
      consumer: X.consumer,
      signature_method: 'HMAC-SHA1',
      hash_function: (base: string, key: string) => createHmac('sha1', key).update(base).digest('base64'),
    });
  const request = { url: X.url, method: X.method, data: { status: X.status } };
  const fixed = make();
  fixed.getNonce = () => X.nonce;
  fixed.getTimeStamp = () => X.timestamp;
  const live = make();
  return {
    name: 'oauth-1.0a authorize + toHeader',
    note: 'hash_function = createHmac',
    check: () => signatureOf(fixed.toHeader(fixed.authorize(request, X.token)).Authorization),
    run: () => live.toHeader(live.authorize(request, X.token)).Authorization,
  };
}

interface NodeOAuth {
  _prepareParameters(token: string, tokenSecret: string, method: string, url: string, extra: Record<string, string>): string[][];
  _buildAuthorizationHeaders(ordered: string[][]): string;
  _getNonce(size: number): string;
  _getTimestamp(): number;
}

function nodeOAuthSigner(): Signer {
  const { OAuth } = require('oauth') as {
    OAuth: new (
      requestUrl: string | null,
      accessUrl: string | null,
      key: string,
      secret: string,
      version: string,
      callback: string | null,
      method: string,
    ) => NodeOAuth;
  };
  const make = (): NodeOAuth => new OAuth(null, null, X.consumer.key, X.consumer.secret, '1.0', null, 'HMAC-SHA1');
  const fixed = make();
  fixed._getNonce = () => X.nonce;
  fixed._getTimestamp = () => X.timestamp;
  const live = make();
  // What OAuth#post does before it opens a socket: the signed parameters, then the header.
  const header = (oa: NodeOAuth): string =>
    oa._buildAuthorizationHeaders(oa._prepareParameters(X.token.key, X.token.secret, X.method, X.url, { status: X.status }));
  return {
    name: 'oauth (node-oauth) _prepareParameters + header',
    note: 'internal signer of OAuth#post, no network',
    check: () => signatureOf(header(fixed)),
    run: () => header(live),
  };
}

interface OAuth1Helper {
  authorize(request: { url: string; method: string; data: Record<string, string> }, token: { key: string; secret: string }): object;
  toHeader(info: object): { Authorization: string };
  getNonce(): string;
  getTimestamp(): number;
}

function twitterApiV2Signer(): Signer {
  const { OAuth1Helper } = require('twitter-api-v2/dist/cjs/client-mixins/oauth1.helper.js') as {
    OAuth1Helper: new (options: { consumerKeys: { key: string; secret: string } }) => OAuth1Helper;
  };
  const make = (): OAuth1Helper => new OAuth1Helper({ consumerKeys: X.consumer });
  const fixed = make();
  fixed.getNonce = () => X.nonce;
  fixed.getTimestamp = () => X.timestamp;
  const live = make();
  const header = (helper: OAuth1Helper): string =>
    helper.toHeader(helper.authorize({ url: X.url, method: X.method, data: { status: X.status } }, X.token)).Authorization;
  return {
    name: 'twitter-api-v2 OAuth1Helper',
    note: 'authorize + toHeader',
    check: () => signatureOf(header(fixed)),
    run: () => header(live),
  };
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
  const primitive: Signer = {
    name: 'oauth1x HMAC alone (same base string)',
    note: 'RFC 2104 over two one-shot crypto.hash calls',
    check: () => hmacBase64('SHA-1', key, baseString),
    run: () => hmacBase64('SHA-1', key, baseString),
  };
  const peers = [oauthSignSigner(), oauth10aSigner(), nodeOAuthSigner(), twitterApiV2Signer()];
  const all = [raw, ours, ...peers, primitive];
  // Every signer must first produce the published signature for the fixed nonce and timestamp; if one does
  // not, the section is aborted (nothing is timed) and reports the failure.
  const title = 'Signing: X docs request, full Authorization header';
  for (const signer of all) {
    let signature: string;
    try {
      signature = await signer.check();
    } catch (error) {
      signature = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (signature !== X.signature) {
      const detail = `${signer.name} gives ${signature}, expected ${X.signature}; section aborted`;
      return { title, rows: [], targets: [{ name: 'every signer gives the published signature', pass: false, detail }] };
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
