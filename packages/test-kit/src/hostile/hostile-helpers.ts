/**
 * Types and request builders of the hostile-input table (`hostile-cases.ts`): the context a handler under test
 * describes itself with, and helpers that sign a correct request and then break it in one precise way.
 *
 * @module
 */
import { type Credentials, generateNonce, type Parameter, percentEncode, type SignRequestOptions, signRequest } from 'oauth1x';

/** What the handler under test knows. */
export interface HostileContext {
  /** A protected resource that takes GET and POST, expects an access token and accepts HMAC-SHA1. */
  baseUrl: string;
  /** A consumer the handler knows. */
  consumer: Credentials;
  /** An access token of `consumer`. */
  token: Credentials;
  /** An access token of another known consumer. */
  otherConsumerToken: Credentials;
  /** A request token (temporary credentials) of `consumer`. */
  requestToken: Credentials;
  /** The handler's clock in seconds. Default: the real clock. */
  nowSeconds?: () => number;
  /** The handler's limits when not the defaults (8192-character header, 64 parameters). */
  maxHeaderLength?: number;
  maxParameters?: number;
  /** The handler runs with `compat.sameValueInHeaderAndBody` (a same-valued header/body duplicate is taken once). */
  sameValueInHeaderAndBody?: boolean;
}

/** One hostile case. */
export interface HostileCase {
  name: string;
  status: number;
  problem: string;
  /** Requests to send in order; the answer to the last is checked, the others must not be 5xx. */
  build: (ctx: HostileContext) => Promise<Request[]>;
  /** When present, the case only applies to contexts for which it returns true. */
  applies?: (ctx: HostileContext) => boolean;
}

/**
 * The answer a case gets from a handler with `uniformCredentialErrors` (the sandbox's default): an unknown
 * consumer or token answers like a bad signature, 401 `signature_invalid`; everything else as the table says.
 */
export function uniformAnswer(c: HostileCase): { status: number; problem: string } {
  const credential = c.problem === 'consumer_key_unknown' || c.problem === 'token_rejected';
  return credential ? { status: 401, problem: 'signature_invalid' } : { status: c.status, problem: c.problem };
}

type Sign = Partial<SignRequestOptions>;

export function now(ctx: HostileContext): number {
  return ctx.nowSeconds === undefined ? Math.floor(Date.now() / 1000) : ctx.nowSeconds();
}

/** Signs a GET (or the given method/body) to `ctx.baseUrl` with the context's consumer and access token. */
export async function signFor(ctx: HostileContext, extra: Sign = {}) {
  return signRequest({
    method: 'GET',
    url: ctx.baseUrl,
    consumer: ctx.consumer,
    token: ctx.token,
    nonce: generateNonce(),
    timestamp: now(ctx),
    ...extra,
  } as SignRequestOptions);
}

/** Formats header parameters verbatim (values already encoded as the case wants them). */
export function rawHeader(params: Array<readonly [string, string]>): string {
  return `OAuth ${params.map(([k, v]) => `${k}="${v}"`).join(', ')}`;
}

export function encoded(params: Parameter[]): Array<[string, string]> {
  return params.map(([k, v]) => [percentEncode(k), percentEncode(v)]);
}

export function withHeader(ctx: HostileContext, authorization: string, url = ctx.baseUrl): Request {
  return new Request(url, { headers: { authorization } });
}

/** A correctly signed request whose header parameters pass through `edit` (on encoded pairs) before sending. */
export async function editedHeader(
  ctx: HostileContext,
  edit: (params: Array<[string, string]>) => Array<[string, string]>,
  sign: Sign = {},
) {
  const signed = await signFor(ctx, sign);
  return [withHeader(ctx, rawHeader(edit(encoded(signed.oauthParams))), signed.url)];
}

/** A request signed with the given protocol parameter overrides (so the signature is right for them). */
export async function signedWith(ctx: HostileContext, sign: Sign) {
  const signed = await signFor(ctx, sign);
  return [withHeader(ctx, signed.authorization, signed.url)];
}

export function drop(name: string) {
  return (params: Array<[string, string]>) => params.filter(([k]) => k !== name);
}

export function replace(name: string, value: string) {
  return (params: Array<[string, string]>) => params.map(([k, v]): [string, string] => [k, k === name ? value : v]);
}

/** Flips the unused low bits of the last base64 character before `=`: same bytes, non-canonical text. */
export function nonCanonical(signature: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const at = signature.indexOf('=') - 1;
  const index = alphabet.indexOf(signature[at] as string);
  return signature.slice(0, at) + alphabet[index ^ 1] + signature.slice(at + 1);
}

/** Reads `oauth_problem` from a problem answer: the form body first, else `WWW-Authenticate`. */
export async function problemOf(response: Response): Promise<string | null> {
  const body = new URLSearchParams(await response.text()).get('oauth_problem');
  if (body !== null) return body;
  const match = /oauth_problem="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '');
  return match === null ? null : decodeURIComponent(match[1] as string);
}
