/**
 * Parameters in their encoded forms, for the signing hot path: each parameter is percent-encoded once
 * (§3.6) and carries the two strings it contributes, its base string segment (§3.4.1.1: `name=value`
 * encoded a second time) and its Authorization header segment (§3.5.1). Constants (signature method,
 * version) and the last credentials are cached, so signing a request only encodes what changes.
 *
 * Internal to the core; the public building blocks are in `parameters.ts` and `authorization-header.ts`.
 *
 * @module
 */
import { generateNonce } from './nonce.js';
import type { Parameter } from './parameters.js';
import { percentEncode } from './percent-encode.js';
import { signingKey } from './signature-methods.js';

/**
 * `[encoded name, encoded value, base string segment, header segment, decoded pair]`. The base string
 * segment is `name%3Dvalue` with every `%` of the encoded name and value encoded again; the header segment
 * is `name="value", ` (empty for parameters that never go into the header).
 */
export type EncodedParameter = [name: string, value: string, segment: string, header: string, decoded: Parameter];

/** `ONCE[c]`: `''` for an unreserved ASCII character, else its `%XX` escape (§3.6). */
const ONCE: string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? '' : `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

/** `TWICE[c]`: `''` for an unreserved ASCII character, else its `%XX` escape encoded again (`%25XX`). */
const TWICE: string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? '' : `%25${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

/** Encodes an already percent-encoded string a second time: only `%` can occur, and it becomes `%25`. */
function twice(encoded: string): string {
  return encoded.indexOf('%') === -1 ? encoded : encoded.replaceAll('%', '%25');
}

/** The second result of {@link encodeOnceAndTwice} (a module variable spares a tuple per call). */
let encodedTwice = '';

/**
 * `percentEncode(value)` and, in {@link encodedTwice}, `percentEncode(percentEncode(value))`, in one pass
 * over the string. Lone surrogates throw `ERR_INVALID_ENCODING` (through {@link percentEncode}).
 */
function encodeOnceAndTwice(value: string): string {
  const length = value.length;
  let once = '';
  let twice = '';
  let last = 0;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      const encoded = ONCE[c] as string;
      if (encoded === '') continue;
      const plain = i === last ? '' : value.slice(last, i);
      once += plain + encoded;
      twice += plain + (TWICE[c] as string);
      last = i + 1;
    } else {
      let j = i + 1;
      while (j < length && value.charCodeAt(j) >= 128) j++;
      const plain = i === last ? '' : value.slice(last, i);
      const run = percentEncode(value.slice(i, j));
      once += plain + run;
      twice += plain + run.replaceAll('%', '%25');
      last = j;
      i = j - 1;
    }
  }
  if (last === 0) {
    encodedTwice = value;
    return value;
  }
  const rest = last === length ? '' : value.slice(last);
  encodedTwice = twice + rest;
  return once + rest;
}

/**
 * Encodes a request parameter (query or body): no header segment.
 *
 * @example
 * ```ts
 * encodeParameter(['status', 'a b']); // ['status', 'a%20b', 'status%3Da%2520b', '', ['status', 'a b']]
 * ```
 */
export function encodeParameter(decoded: Parameter): EncodedParameter {
  const name = decoded[0];
  const value = decoded[1];
  const encodedName = encodeOnceAndTwice(name);
  const nameTwice = encodedTwice;
  const encodedValue = encodeOnceAndTwice(value);
  return [encodedName, encodedValue, `${nameTwice}%3D${encodedTwice}`, '', decoded];
}

/**
 * A protocol parameter from its decoded name and value, with its header segment.
 *
 * @example
 * ```ts
 * protocolParameter('oauth_callback', 'oob'); // ['oauth_callback', 'oob', 'oauth_callback%3Doob', 'oauth_callback="oob", ', [...]]
 * ```
 */
export function protocolParameter(name: string, value: string): EncodedParameter {
  return encodedProtocolParameter(percentEncode(name), percentEncode(value), [name, value]);
}

/**
 * A protocol parameter whose name and value are already encoded (or need no encoding, like a generated
 * hex nonce).
 *
 * @example
 * ```ts
 * encodedProtocolParameter('oauth_nonce', 'ab12', ['oauth_nonce', 'ab12']); // [..., 'oauth_nonce%3Dab12', 'oauth_nonce="ab12", ', [...]]
 * ```
 */
export function encodedProtocolParameter(encodedName: string, encodedValue: string, decoded: Parameter): EncodedParameter {
  return [encodedName, encodedValue, `${twice(encodedName)}%3D${twice(encodedValue)}`, `${encodedName}="${encodedValue}", `, decoded];
}

/** Cached parameters are shared between results: frozen, so a caller cannot change them for later calls. */
function frozen(parameter: EncodedParameter): EncodedParameter {
  Object.freeze(parameter[4]);
  return Object.freeze(parameter) as EncodedParameter;
}

const constants: Record<string, Record<string, EncodedParameter>> = { oauth_signature_method: {}, oauth_version: {} };

/**
 * A cached protocol parameter for `oauth_signature_method` and `oauth_version`, whose values come from a
 * small fixed set (the signature method names, `1.0`).
 *
 * @example
 * ```ts
 * constantParameter('oauth_version', '1.0');
 * ```
 */
export function constantParameter(name: 'oauth_signature_method' | 'oauth_version', value: string): EncodedParameter {
  const cache = constants[name] as Record<string, EncodedParameter>;
  let parameter = Object.hasOwn(cache, value) ? cache[value] : undefined;
  if (parameter === undefined) {
    parameter = frozen(protocolParameter(name, value));
    if (Object.keys(cache).length < 16) cache[value] = parameter;
  }
  return parameter;
}

/**
 * A fresh `oauth_nonce` parameter ({@link generateNonce}: hex, so it needs no encoding).
 *
 * @example
 * ```ts
 * generatedNonceParameter()[1]; // e.g. '9f1c0e5ab4d24c7e8a1b2f3c4d5e6f70'
 * ```
 */
export function generatedNonceParameter(): EncodedParameter {
  const nonce = generateNonce();
  return ['oauth_nonce', nonce, `oauth_nonce%3D${nonce}`, `oauth_nonce="${nonce}", `, ['oauth_nonce', nonce]];
}

let lastTimestamp: EncodedParameter | undefined;

/**
 * The `oauth_timestamp` parameter for a generated timestamp (digits only), reused within the same second.
 *
 * @example
 * ```ts
 * timestampParameter('1318622958');
 * ```
 */
export function timestampParameter(timestamp: string): EncodedParameter {
  if (lastTimestamp === undefined || lastTimestamp[1] !== timestamp) {
    lastTimestamp = frozen(encodedProtocolParameter('oauth_timestamp', percentEncode(timestamp), ['oauth_timestamp', timestamp]));
  }
  return lastTimestamp;
}

/** Credentials in the forms signing needs. */
export interface EncodedCredentials {
  consumerKey: EncodedParameter;
  token: EncodedParameter | undefined;
  /** The HMAC / PLAINTEXT key, {@link signingKey}. Secret material. */
  signingKey: string;
}

let lastCredentials:
  | {
      consumerKey: string;
      consumerSecret: string;
      tokenKey: string | undefined;
      tokenSecret: string | undefined;
      encoded: EncodedCredentials;
    }
  | undefined;

/**
 * The `oauth_consumer_key` and `oauth_token` parameters and the signing key for a consumer and token. A
 * client signs request after request with the same credentials, so the last result is kept (one entry:
 * secrets the caller holds anyway) and reused while the four strings are unchanged.
 *
 * @example
 * ```ts
 * encodedCredentials({ key: 'k', secret: 'a b' }, null).signingKey; // 'a%20b&'
 * ```
 */
export function encodedCredentials(
  consumer: { key: string; secret: string },
  token: { key: string; secret: string } | null | undefined,
): EncodedCredentials {
  const tokenKey = token?.key;
  const tokenSecret = token?.secret;
  const last = lastCredentials;
  if (
    last !== undefined &&
    last.consumerKey === consumer.key &&
    last.consumerSecret === consumer.secret &&
    last.tokenKey === tokenKey &&
    last.tokenSecret === tokenSecret
  ) {
    return last.encoded;
  }
  const encoded: EncodedCredentials = {
    consumerKey: frozen(protocolParameter('oauth_consumer_key', consumer.key)),
    token: tokenKey === undefined ? undefined : frozen(protocolParameter('oauth_token', tokenKey)),
    signingKey: signingKey(consumer.secret, tokenSecret),
  };
  lastCredentials = { consumerKey: consumer.key, consumerSecret: consumer.secret, tokenKey, tokenSecret, encoded };
  return encoded;
}

/** Anything whose first two entries are an encoded name and an encoded value. */
type EncodedNameValue = readonly [string, string, ...unknown[]];

function before(a: EncodedNameValue, b: EncodedNameValue): boolean {
  return a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1];
}

/**
 * Sorts by encoded name, then encoded value (§3.4.1.3.2; encoded strings are ASCII, so code unit order is
 * byte order). Insertion sort for the usual few dozen parameters, `Array#sort` beyond.
 *
 * @example
 * ```ts
 * sortEncoded(parameters);
 * ```
 */
export function sortEncoded<P extends EncodedNameValue>(parameters: P[]): void {
  if (parameters.length > 32) {
    parameters.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return;
  }
  for (let i = 1; i < parameters.length; i++) {
    const parameter = parameters[i] as P;
    let j = i - 1;
    while (j >= 0 && before(parameter, parameters[j] as P)) {
      parameters[j + 1] = parameters[j] as P;
      j--;
    }
    parameters[j + 1] = parameter;
  }
}

/**
 * The base string's third element from sorted parameters: their segments joined by `%26` (an encoded `&`).
 *
 * @example
 * ```ts
 * joinSegments([encodeParameter('a', '1'), encodeParameter('b', 'x y')]); // 'a%3D1%26b%3Dx%2520y'
 * ```
 */
export function joinSegments(parameters: readonly EncodedParameter[]): string {
  let out = '';
  for (let i = 0; i < parameters.length; i++) {
    out += i === 0 ? (parameters[i] as EncodedParameter)[2] : `%26${(parameters[i] as EncodedParameter)[2]}`;
  }
  return out;
}

/**
 * Joins parameters as `application/x-www-form-urlencoded` (`name=value&...`), `from` inclusive to `to`
 * exclusive: a form body or the query / body transport of the protocol parameters.
 *
 * @example
 * ```ts
 * joinForm([encodeParameter('a', '1'), encodeParameter('b', ' ')], 0, 2); // 'a=1&b=%20'
 * ```
 */
export function joinForm(parameters: readonly EncodedParameter[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const parameter = parameters[i] as EncodedParameter;
    out += i === from ? `${parameter[0]}=${parameter[1]}` : `&${parameter[0]}=${parameter[1]}`;
  }
  return out;
}
