/**
 * The sandbox's HTTPS certificate: a self-signed ECDSA P-256 certificate for `localhost`, `127.0.0.1`, `::1`
 * and X's API hosts, created in the data dir on first start (`cert.pem`, `key.pem` mode 0600) and reused
 * afterwards, or taken from the caller. Clients trust it by its path (`ca`, `REQUESTS_CA_BUNDLE`, ...).
 *
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './context.js';

/** A certificate with its key, where it is on disk, and its SHA-256 fingerprint. */
export interface SandboxCertificate {
  cert: string;
  key: string;
  certPath: string;
  /** SHA-256 fingerprint, colon-separated hex (as `openssl x509 -fingerprint -sha256` prints it). */
  fingerprint: string;
}

/**
 * Host names the certificate is valid for.
 *
 * @example
 * ```ts
 * CERT_HOSTS.includes('api.x.com'); // true
 * ```
 */
export const CERT_HOSTS = ['localhost', 'api.x.com', 'upload.x.com', 'api.twitter.com', 'upload.twitter.com', 'x.com', 'twitter.com'];

/**
 * Creates a new self-signed certificate.
 *
 * @example
 * ```ts
 * const { cert, key } = await createCertificate();
 * ```
 */
export async function createCertificate(): Promise<{ cert: string; key: string }> {
  // Loaded here, not with the module: selfsigned and its ASN.1 stack cost tens of milliseconds to import, and a
  // data dir makes its certificate once.
  const { generate } = await import('selfsigned');
  const now = new Date();
  const result = await generate([{ name: 'commonName', value: 'oauth1x sandbox' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 86_400_000),
    notAfterDate: new Date(now.getTime() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...CERT_HOSTS.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}

/**
 * SHA-256 fingerprint of a PEM certificate.
 *
 * @example
 * ```ts
 * fingerprintOf(readFileSync('cert.pem', 'utf8')); // 'AB:CD:...'
 * ```
 */
export function fingerprintOf(cert: string): string {
  return new X509Certificate(cert).fingerprint256;
}

/**
 * Loads `<dir>/cert.pem` + `<dir>/key.pem`, creating them on first use (so once per data dir; the key is written
 * with mode 0600).
 *
 * @example
 * ```ts
 * const certificate = await loadOrCreateCertificate('/home/me/.local/share/oauth1x/sandbox');
 * ```
 */
export async function loadOrCreateCertificate(dir: string): Promise<SandboxCertificate> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const created = await createCertificate();
    writeFileAtomic(keyPath, created.key);
    writeFileAtomic(certPath, created.cert);
  }
  const cert = readFileSync(certPath, 'utf8');
  return { cert, key: readFileSync(keyPath, 'utf8'), certPath, fingerprint: fingerprintOf(cert) };
}

/**
 * Whether a `--cert` / `--key` value is PEM text itself rather than the path of a PEM file.
 *
 * @example
 * ```ts
 * isPemText('-----BEGIN CERTIFICATE-----\n…'); // true
 * isPemText('/etc/ssl/cert.pem'); // false
 * ```
 */
export function isPemText(value: string): boolean {
  return value.includes('-----BEGIN');
}

/**
 * Reads a PEM given as content (`-----BEGIN ...`) or as a file path.
 *
 * @example
 * ```ts
 * const pem = readPem('./cert.pem');
 * ```
 */
export function readPem(value: string): { pem: string; path: string | null } {
  if (isPemText(value)) return { pem: value, path: null };
  return { pem: readFileSync(value, 'utf8'), path: value };
}

let shared: Promise<{ cert: string; key: string; fingerprint: string }> | undefined;

/**
 * The certificate of the sandboxes without a data dir (`memory: true`): made once per process and shared by all
 * of them, as a data dir's is by every start on it (a self-signed certificate for loopback and X's host names,
 * which each listener serves with its key). A failed creation is not kept: the next call tries again.
 *
 * @example
 * ```ts
 * const { cert, key, fingerprint } = await processCertificate();
 * ```
 */
export function processCertificate(): Promise<{ cert: string; key: string; fingerprint: string }> {
  if (shared === undefined) {
    const made = createCertificate().then((created) => ({ ...created, fingerprint: fingerprintOf(created.cert) }));
    shared = made;
    made.catch(() => {
      if (shared === made) shared = undefined;
    });
  }
  return shared;
}
