/**
 * Parameters as {@link EncodedPair}s (the one parameter model, `base-string.ts`), for the signing hot path:
 * each parameter is percent-encoded once (§3.6) and carries the two strings it contributes, its base string
 * segment (§3.4.1.1: `name=value` encoded a second time) and its Authorization header segment (§3.5.1). Constants (signature method,
 * version) and the last credentials are cached, so signing a request only encodes what changes.
 *
 * Internal to the core; the public building blocks are in `parameters.ts` and `authorization-header.ts`.
 *
 * @module
 */
import { type EncodedPair, encodeTwice } from './base-string.js';
import { generateNonce } from './nonce.js';
import type { Parameter } from './parameters.js';
import { percentEncode } from './percent-encode.js';
import { signingKey } from './signature-methods.js';

/** `ONCE[c]`: `''` for an unreserved ASCII character, else its `%XX` escape (§3.6). */
const ONCE: string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? '' : `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

/** `TWICE[c]`: `''` for an unreserved ASCII character, else its `%XX` escape encoded again (`%25XX`). */
const TWICE: string[] = Array.from({ length: 128 }, (_, c) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? '' : `%25${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

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
      twice += plain + encodeTwice(run);
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
 * Encodes a request parameter (query or body) with its base string segment; no header segment.
 *
 * @example
 * ```ts
 * encodeParameter(['status', 'a b']); // ['status', 'a%20b', 'status', 'a b', 'status%3Da%2520b']
 * ```
 */
export function encodeParameter(decoded: Parameter): EncodedPair {
  const name = decoded[0];
  const value = decoded[1];
  const encodedName = encodeOnceAndTwice(name);
  const nameTwice = encodedTwice;
  const encodedValue = encodeOnceAndTwice(value);
  return [encodedName, encodedValue, name, value, `${nameTwice}%3D${encodedTwice}`];
}

/**
 * A protocol parameter from its decoded name and value, with its header segment.
 *
 * @example
 * ```ts
 * protocolParameter('oauth_callback', 'oob');
 * // ['oauth_callback', 'oob', 'oauth_callback', 'oob', 'oauth_callback%3Doob', 'oauth_callback="oob", ', ['oauth_callback', 'oob']]
 * ```
 */
export function protocolParameter(name: string, value: string): EncodedPair {
  return encodedProtocolParameter(percentEncode(name), percentEncode(value), name, value);
}

/**
 * A protocol parameter whose name and value are already encoded (or need no encoding, like a generated
 * hex nonce).
 *
 * @example
 * ```ts
 * encodedProtocolParameter('oauth_nonce', 'ab12', 'oauth_nonce', 'ab12');
 * // [..., 'oauth_nonce%3Dab12', 'oauth_nonce="ab12", ', ['oauth_nonce', 'ab12']]
 * ```
 */
export function encodedProtocolParameter(encodedName: string, encodedValue: string, name: string, value: string): EncodedPair {
  const segment = `${encodeTwice(encodedName)}%3D${encodeTwice(encodedValue)}`;
  return [encodedName, encodedValue, name, value, segment, `${encodedName}="${encodedValue}", `, [name, value]];
}

/** Cached parameters are shared between results: frozen, so a caller cannot change them for later calls. */
function frozen(parameter: EncodedPair): EncodedPair {
  Object.freeze(parameter[6]);
  return Object.freeze(parameter) as EncodedPair;
}

const constants: Record<string, Record<string, EncodedPair>> = { oauth_signature_method: {}, oauth_version: {} };

/**
 * A cached protocol parameter for `oauth_signature_method` and `oauth_version`, whose values come from a
 * small fixed set (the signature method names, `1.0`).
 *
 * @example
 * ```ts
 * constantParameter('oauth_version', '1.0');
 * ```
 */
export function constantParameter(name: 'oauth_signature_method' | 'oauth_version', value: string): EncodedPair {
  const cache = constants[name] as Record<string, EncodedPair>;
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
export function generatedNonceParameter(): EncodedPair {
  const nonce = generateNonce();
  return ['oauth_nonce', nonce, 'oauth_nonce', nonce, `oauth_nonce%3D${nonce}`, `oauth_nonce="${nonce}", `, ['oauth_nonce', nonce]];
}

let lastTimestamp: EncodedPair | undefined;

/**
 * The `oauth_timestamp` parameter for a generated timestamp (digits only), reused within the same second.
 *
 * @example
 * ```ts
 * timestampParameter('1318622958');
 * ```
 */
export function timestampParameter(timestamp: string): EncodedPair {
  if (lastTimestamp === undefined || lastTimestamp[1] !== timestamp) {
    lastTimestamp = frozen(encodedProtocolParameter('oauth_timestamp', percentEncode(timestamp), 'oauth_timestamp', timestamp));
  }
  return lastTimestamp;
}

/** Credentials in the forms signing needs. */
export interface EncodedCredentials {
  consumerKey: EncodedPair;
  token: EncodedPair | undefined;
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
