/**
 * A deliberately minimal OAuth 1.0a HMAC-SHA1 verifier, for the benchmarks only: the floor of the work any
 * verifier has to do for one request (read the header, URL and body; split and decode the parameters, sort
 * them, build the base string; one `createHmac`; compare; remember the nonce) and none of the checks
 * `verifyRequest` makes (length and count limits, malformed or non-canonical encodings, protocol parameters
 * twice or in two places, version, realm, typed errors, stand-in secrets for unknown credentials, nonce expiry).
 * It answers `null` for anything it does not like, and it takes the received text of each parameter as its
 * §3.6 encoding (no re-encoding), so it accepts only canonically encoded requests (RFC 5849 §3.4.1), which
 * is what signers send: the benchmarks set oauth1x side by side against the cheapest verifier that still
 * checks signatures. Never use it to protect anything.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { encode } from './minimal-signer.js';

function formDecode(value: string): string {
  if (value.indexOf('%') === -1 && value.indexOf('+') === -1) return value;
  return decodeURIComponent(value.indexOf('+') === -1 ? value : value.replaceAll('+', ' '));
}

const urls = new Map<string, { encodedBaseUri: string; query: string }>();

function urlParts(url: string): { encodedBaseUri: string; query: string } {
  let parts = urls.get(url);
  if (parts === undefined) {
    const parsed = new URL(url);
    parts = { encodedBaseUri: encode(`${parsed.protocol}//${parsed.host}${parsed.pathname}`), query: parsed.search.slice(1) };
    urls.set(url, parts);
  }
  return parts;
}

/** What {@link minimalVerify} reads from a request. */
export interface MinimalRequest {
  method: string;
  url: string;
  authorization: string | null;
  /** The form body, when there is one. */
  body: string | undefined;
}

/**
 * Verifies an HMAC-SHA1 request signed in the Authorization header; returns the consumer key, token and the
 * non-protocol parameters, or `null`.
 *
 * @example
 * ```ts
 * const ok = minimalVerify({ method: 'POST', url, authorization, body }, (ck, tk) => secrets.get(`${ck}&${tk}`), new Set(), Date.now() / 1000);
 * ```
 */
export function minimalVerify(
  request: MinimalRequest,
  hmacKey: (consumerKey: string, token: string) => string | undefined,
  nonces: Set<string>,
  nowSeconds: number,
): { consumerKey: string; token: string; params: Array<[string, string]> } | null {
  const header = request.authorization;
  if (header === null || !header.startsWith('OAuth ')) return null;
  const oauth = new Map<string, string>();
  const signed: Array<[string, string]> = [];
  for (const item of header.slice(6).split(',')) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    const raw = item.slice(eq + 2, item.lastIndexOf('"'));
    oauth.set(name, raw.indexOf('%') === -1 ? raw : decodeURIComponent(raw));
    // The received text stands for its own encoding: right when the client encoded canonically (§3.6), and
    // otherwise the signature cannot match, so nothing wrongly signed is ever accepted.
    if (name !== 'oauth_signature' && name !== 'realm') signed.push([name, raw]);
  }
  const { encodedBaseUri, query } = urlParts(request.url);
  const params: Array<[string, string]> = [];
  for (const text of [query, request.body ?? '']) {
    if (text === '') continue;
    for (const pair of text.split('&')) {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
      params.push([formDecode(rawName), formDecode(rawValue)]);
      signed.push([rawName, rawValue]);
    }
  }
  signed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  let normalized = '';
  for (const [name, value] of signed) normalized += normalized === '' ? `${name}=${value}` : `&${name}=${value}`;
  // The pairs hold unreserved characters and %XX only: encodeURIComponent is the §3.6 encoding here.
  const baseString = `${request.method}&${encodedBaseUri}&${encodeURIComponent(normalized)}`;

  const consumerKey = oauth.get('oauth_consumer_key') ?? '';
  const token = oauth.get('oauth_token') ?? '';
  const key = hmacKey(consumerKey, token);
  const given = oauth.get('oauth_signature');
  if (key === undefined || given === undefined || oauth.get('oauth_signature_method') !== 'HMAC-SHA1') return null;
  const expected = createHmac('sha1', key).update(baseString).digest('base64');
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) return null;
  const timestamp = Number(oauth.get('oauth_timestamp'));
  if (!(Math.abs(timestamp - nowSeconds) <= 300)) return null;
  const nonce = `${consumerKey}&${token}&${timestamp}&${oauth.get('oauth_nonce')}`;
  if (nonces.has(nonce)) return null;
  nonces.add(nonce);
  return { consumerKey, token, params };
}
