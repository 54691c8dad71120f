/**
 * What every runtime test runs inside its runtime (Chromium, workerd, Deno, Bun): the published vectors
 * (test/vectors/published.json) and signed-fetch round trips, a client signing with HMAC-SHA1 and with
 * RSA-SHA256 and a provider verifying them (RFC 5849 §3.2), plus requests the provider must refuse (wrong
 * secret, replayed nonce). It only computes and reports; the Node test that spawned the runtime asserts, so a
 * runtime that fails, hangs or skips a step fails that test. The modules come in as the public entries the
 * bundle imported by name (test/runtimes/bundle.ts), so the checks exercise what users import.
 */

import type * as Client from '../../src/client/index.js';
import type * as Core from '../../src/index.js';
import type * as Provider from '../../src/provider/index.js';

/** The public entries under test. */
export interface Modules {
  core: typeof Core;
  client: typeof Client;
  provider: typeof Provider;
}

/** The fields of a published vector these checks use. */
export interface Vector {
  name: string;
  kind: 'request' | 'primitive';
  method: string;
  url: string;
  body: string | null;
  content_type: string | null;
  consumer_key: string;
  consumer_secret: string;
  token: string | null;
  token_secret: string | null;
  oauth_callback?: string;
  oauth_verifier?: string;
  realm?: string;
  nonce: string;
  timestamp: string;
  signature_method: Core.SignatureMethod;
  oauth_version: string | null;
  expected_signature: string;
  expected_base_string?: string;
  signing_key?: string;
}

/** What the host passes in: the vectors and an RSA key pair (PEM) made for this run. */
export interface CheckInput {
  vectors: Vector[];
  rsa: { privateKey: string; publicKey: string };
}

/** One signed request and the provider's answer. */
export interface RoundTrip {
  label: string;
  status: number;
  /** The provider's JSON answer (verified consumer, method, parameters) or its `oauth_problem`. */
  body: Record<string, unknown>;
}

export interface CheckReport {
  /** `typeof process`, `Deno`, `Bun`, `navigator.userAgent`: where the checks really ran. */
  runtime: { hasProcess: boolean; deno: boolean; bun: boolean; userAgent: string };
  /** Vector name → signature computed here (compared with the expected one by the host). */
  signatures: Record<string, string>;
  roundTrips: RoundTrip[];
}

/** Something that serves a Web handler: a real local server where the runtime can listen. */
export type Listen = (handler: (request: Request) => Promise<Response>) => Promise<{ url: string; close(): Promise<void> }>;

const HMAC_CONSUMER = { key: 'hmac-consumer', secret: 'hmac-consumer-secret' };
const RSA_CONSUMER = { key: 'rsa-consumer', secret: '' };
const TOKEN = { key: 'access-token', secret: 'access-token-secret' };

async function signVector(m: Modules, v: Vector): Promise<string> {
  if (v.kind === 'primitive') {
    const [consumerSecret, tokenSecret] = (v.signing_key as string).split('&').map(decodeURIComponent) as [string, string];
    return m.core.createSignature(v.signature_method, v.expected_base_string as string, { consumerSecret, tokenSecret });
  }
  const oauthParams: Record<string, string> = {};
  if (v.oauth_callback) oauthParams.oauth_callback = v.oauth_callback;
  if (v.oauth_verifier) oauthParams.oauth_verifier = v.oauth_verifier;
  const signed = await m.core.signRequest({
    method: v.method,
    url: v.url,
    body: v.body,
    contentType: v.content_type,
    consumer: { key: v.consumer_key, secret: v.consumer_secret },
    token: v.token === null ? null : { key: v.token, secret: v.token_secret as string },
    nonce: v.nonce,
    timestamp: v.timestamp,
    signatureMethod: v.signature_method,
    version: v.oauth_version,
    realm: v.realm,
    oauthParams,
  });
  return signed.signature;
}

/** The provider: verifies every request against the two consumers and the one access token. */
function providerHandler(m: Modules, publicKey: string): (request: Request) => Promise<Response> {
  const store = m.provider.createMemoryStore();
  const consumers = new Map<string, Provider.ConsumerRecord>([
    [HMAC_CONSUMER.key, { secret: HMAC_CONSUMER.secret, signatureMethods: ['HMAC-SHA1'] }],
    [RSA_CONSUMER.key, { publicKey, signatureMethods: ['RSA-SHA256'] }],
  ]);
  return async (request) => {
    try {
      const verified = await m.provider.verifyRequest(request, {
        lookupConsumer: (key) => consumers.get(key) ?? null,
        lookupToken: (key, consumerKey) => (key === TOKEN.key ? { secret: TOKEN.secret, kind: 'access', consumerKey } : null),
        nonceStore: store,
      });
      const params = verified.params.map((p) => [p[0], p[1]]);
      return Response.json({ consumer: verified.consumerKey, method: verified.signatureMethod, nonce: verified.nonce, params });
    } catch (error) {
      return m.provider.problemResponse(error);
    }
  };
}

async function answer(label: string, response: Response): Promise<RoundTrip> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { label, status: response.status, body };
}

/** Runs the vectors and the round trips; `listen` (when the runtime can) puts the provider on a real socket. */
export async function runPortableChecks(m: Modules, input: CheckInput, listen?: Listen): Promise<CheckReport> {
  const g = globalThis as { process?: unknown; Deno?: unknown; Bun?: unknown; navigator?: { userAgent?: string } };
  const runtime = {
    hasProcess: typeof g.process !== 'undefined',
    deno: typeof g.Deno !== 'undefined',
    bun: typeof g.Bun !== 'undefined',
    userAgent: g.navigator?.userAgent ?? '',
  };
  const signatures: Record<string, string> = {};
  for (const v of input.vectors) signatures[v.name] = await signVector(m, v);

  const handler = providerHandler(m, input.rsa.publicKey);
  const server = listen ? await listen(handler) : undefined;
  const base = server?.url ?? 'https://provider.example';
  const transport: Client.FetchLike = server ? (i, init) => fetch(i, init) : async (i, init) => handler(new Request(i, init));
  const roundTrips: RoundTrip[] = [];
  try {
    const hmac = m.client.createSignedFetch({ consumer: HMAC_CONSUMER, token: TOKEN, fetch: transport });
    const rsa = m.client.createSignedFetch({
      consumer: RSA_CONSUMER,
      token: TOKEN,
      signatureMethod: 'RSA-SHA256',
      privateKey: input.rsa.privateKey,
      fetch: transport,
    });
    roundTrips.push(await answer('hmac-get', await hmac(`${base}/1.1/statuses/home_timeline.json?count=2&q=a%20b`)));
    roundTrips.push(
      await answer(
        'hmac-post',
        await hmac(`${base}/1.1/statuses/update.json`, {
          method: 'POST',
          body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen ✓' }),
        }),
      ),
    );
    roundTrips.push(await answer('rsa-get', await rsa(`${base}/resource?x=1`)));
    roundTrips.push(await answer('rsa-post', await rsa(`${base}/resource`, { method: 'POST', body: new URLSearchParams({ y: '2' }) })));
    // Must be refused: a wrong consumer secret, and the very same signed request sent twice (nonce replay).
    const wrong = m.client.createSignedFetch({ consumer: { ...HMAC_CONSUMER, secret: 'not-the-secret' }, token: TOKEN, fetch: transport });
    roundTrips.push(await answer('hmac-wrong-secret', await wrong(`${base}/resource`)));
    const once = await m.core.signRequest({ method: 'GET', url: `${base}/resource?z=3`, consumer: HMAC_CONSUMER, token: TOKEN });
    const headers = { authorization: once.authorization };
    roundTrips.push(await answer('replay-first', await transport(`${base}/resource?z=3`, { headers })));
    roundTrips.push(await answer('replay-second', await transport(`${base}/resource?z=3`, { headers })));
  } finally {
    await server?.close();
  }
  return { runtime, signatures, roundTrips };
}
