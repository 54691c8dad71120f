/**
 * The signers of `npm run bench -- signing`: the X docs "creating a signature" request and the peers that sign
 * it (oauth-sign, oauth-1.0a, oauth (node-oauth), twitter-api-v2's OAuth1 helper and X's own SDK
 * `@xdevplatform/xdk`), each called as its users call it, unchanged. Every signer has a `check` (the fixed
 * nonce and timestamp of the docs, which must give the published signature) and a `run` (a fresh nonce and
 * timestamp, as real use); {@link verifyLiveHeader} checks a `run` header with oauth1x's provider.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { signRequest } from 'oauth1x';
import { createMemoryStore, verifyRequest } from 'oauth1x/provider';

const require = createRequire(import.meta.url);

/** The X docs example (https://developer.x.com/en/docs/authentication/oauth-1-0a/creating-a-signature), 1.1 URL. */
export const X = {
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
export interface Signer {
  name: string;
  note: string;
  check: () => Promise<string> | string;
  run: () => unknown;
}

export function signatureOf(header: string): string {
  const match = /oauth_signature="([^"]*)"/.exec(header);
  if (match === null) throw new Error(`no oauth_signature in ${header}`);
  return decodeURIComponent(match[1] as string);
}

/**
 * oauth1x's `signRequest`, the full header.
 *
 * @example
 * ```ts
 * const signature = await oauth1xSigner().check();
 * ```
 */
export function oauth1xSigner(): Signer {
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

/**
 * oauth-sign's `hmacsign`, the header assembled as `request` does.
 *
 * @example
 * ```ts
 * const header = oauthSignSigner().run();
 * ```
 */
export function oauthSignSigner(): Signer {
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

/**
 * oauth-1.0a's `authorize` + `toHeader`.
 *
 * @example
 * ```ts
 * const header = oauth10aSigner().run();
 * ```
 */
export function oauth10aSigner(): Signer {
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

/**
 * node-oauth's signer inside `OAuth#post`, without the network.
 *
 * @example
 * ```ts
 * const header = nodeOAuthSigner().run();
 * ```
 */
export function nodeOAuthSigner(): Signer {
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

/**
 * twitter-api-v2's `OAuth1Helper`.
 *
 * @example
 * ```ts
 * const header = twitterApiV2Signer().run();
 * ```
 */
export function twitterApiV2Signer(): Signer {
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
 * X's own SDK `@xdevplatform/xdk`: `new OAuth1({ ... })` then `buildRequestHeader(method, url, body)`, what its
 * `Client` calls before every OAuth 1.0a request (body: the form text as sent). `check` replaces the SDK's
 * `CryptoUtils.generateNonce` / `generateTimestamp` for one call, as the other peers' do, and puts them back.
 *
 * @example
 * ```ts
 * const header = await (await xdkSigner()).run();
 * ```
 */
export async function xdkSigner(): Promise<Signer> {
  const { CryptoUtils, OAuth1 } = await import('@xdevplatform/xdk');
  const oauth1 = new OAuth1({
    apiKey: X.consumer.key,
    apiSecret: X.consumer.secret,
    callback: 'oob',
    accessToken: X.token.key,
    accessTokenSecret: X.token.secret,
  });
  const body = new URLSearchParams({ status: X.status }).toString();
  const header = (): Promise<string> => oauth1.buildRequestHeader(X.method, X.url, body);
  return {
    name: '@xdevplatform/xdk OAuth1 buildRequestHeader',
    note: "X's SDK; async",
    check: async () => {
      const { generateNonce, generateTimestamp } = CryptoUtils;
      CryptoUtils.generateNonce = () => X.nonce;
      CryptoUtils.generateTimestamp = () => String(X.timestamp);
      try {
        return signatureOf(await header());
      } finally {
        CryptoUtils.generateNonce = generateNonce;
        CryptoUtils.generateTimestamp = generateTimestamp;
      }
    },
    run: header,
  };
}

/**
 * The peers of the section, in report order.
 *
 * @example
 * ```ts
 * const peers = await peerSigners();
 * ```
 */
export async function peerSigners(): Promise<Signer[]> {
  return [oauthSignSigner(), oauth10aSigner(), nodeOAuthSigner(), twitterApiV2Signer(), await xdkSigner()];
}

/**
 * Checks a header a signer produced in real use (its own nonce and timestamp) with oauth1x's `verifyRequest`
 * on the X docs request (RFC 5849 §3.2): `null` when it verifies, else the problem. A signer whose fixed-nonce
 * signature matches could still get its live nonce or timestamp wrong; this catches that.
 *
 * @example
 * ```ts
 * assert.equal(await verifyLiveHeader(await signer.run()), null);
 * ```
 */
export async function verifyLiveHeader(authorization: string): Promise<string | null> {
  const body = new URLSearchParams({ status: X.status }).toString();
  const request = new Request(X.url, {
    method: X.method,
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  try {
    await verifyRequest(request, {
      lookupConsumer: (key) => (key === X.consumer.key ? { secret: X.consumer.secret } : null),
      lookupToken: (key) => (key === X.token.key ? { secret: X.token.secret, kind: 'access', consumerKey: X.consumer.key } : null),
      nonceStore: createMemoryStore(),
    });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
