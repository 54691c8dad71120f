/**
 * The demo app's RSA key pair (RSA-SHA* methods, RFC 5849 §3.4.3): a new one per data dir, and one per process
 * for the sandboxes without a data dir (`memory: true`). Making an RSA-2048 pair takes about 80 ms, most of a
 * memory sandbox's start, so the process's pair is made in the background (libuv's thread pool) and a sandbox
 * seeded before it is ready gets its app's public key when it is; reading the private key
 * (`credentials.rsa_private_key`) before then makes the pair at once, synchronously, and every waiting sandbox
 * gets it before the read returns. No client can hold the key before its app does.
 *
 * @module
 */
import { generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

/** An RSA key pair as PEM (SPKI public, PKCS#8 private). */
export interface RsaPem {
  publicPem: string;
  privatePem: string;
}

const RSA = { modulusLength: 2048 } as const;

function toPem(pair: { publicKey: KeyObject; privateKey: KeyObject }): RsaPem {
  return {
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * A new RSA-2048 key pair for a demo app, made off the main thread.
 *
 * @example
 * ```ts
 * const { publicPem, privatePem } = await rsaKeyPair();
 * ```
 */
export async function rsaKeyPair(): Promise<RsaPem> {
  return toPem(await promisify(generateKeyPair)('rsa', RSA));
}

let settled: RsaPem | undefined;
let making: Promise<void> | undefined;
const waiting = new Set<(pair: RsaPem) => void>();

function settle(pair: RsaPem): RsaPem {
  if (settled === undefined) {
    settled = pair;
    for (const apply of waiting) apply(pair);
    waiting.clear();
  }
  return settled;
}

/**
 * Starts making the process's key pair in the background, unless made or under way (a failure lets the next call
 * start again).
 *
 * @example
 * ```ts
 * startProcessKey(); // while the database opens
 * ```
 */
export function startProcessKey(): void {
  if (settled !== undefined || making !== undefined) return;
  making = rsaKeyPair().then(
    (pair) => {
      settle(pair);
    },
    () => {
      making = undefined;
    },
  );
}

/**
 * The process's key pair if it is made, else `undefined`.
 *
 * @example
 * ```ts
 * const ready = processKeyIfReady();
 * ```
 */
export function processKeyIfReady(): RsaPem | undefined {
  return settled;
}

/**
 * The process's key pair now: made synchronously (blocking about 80 ms, once) when the background one is not
 * ready, whose result is then dropped. Every {@link whenProcessKey} waiting gets it first.
 *
 * @example
 * ```ts
 * const { privatePem } = processKeyNow();
 * ```
 */
export function processKeyNow(): RsaPem {
  return settled ?? settle(toPem(generateKeyPairSync('rsa', RSA)));
}

/**
 * Calls `apply` with the process's key pair once it is made (now, if it is).
 *
 * @example
 * ```ts
 * whenProcessKey((pair) => accounts.setRsaPublicKey(consumerKey, pair.publicPem));
 * ```
 */
export function whenProcessKey(apply: (pair: RsaPem) => void): void {
  if (settled !== undefined) apply(settled);
  else {
    waiting.add(apply);
    startProcessKey();
  }
}
