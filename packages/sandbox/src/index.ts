/**
 * The oauth1x sandbox: a local X-compatible server (OAuth 1.0a endpoints, consent pages, a slice of the
 * v1.1 and v2 APIs in X's exact formats) built on oauth1x's provider, as a `fetch` handler plus a Node
 * starter for HTTP and HTTPS. Node only: `oauth1x/sandbox`.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxApp } from './app.js';
import { fingerprintOf, loadOrCreateCertificate, processCertificate, readPem, type SandboxCertificate } from './cert.js';
import { createContext, type DemoCredentials, type SandboxContext, type SandboxOptions, writeFileAtomic } from './context.js';
import { type ServerLimits, type StartedServer, startServer } from './node-server.js';
import { acquireServerLock, type ServerLock } from './server-lock.js';

export type { AccessLevel, AppRecord, CreateAppInput, CreateUserInput, UserRecord } from './apps-users.js';
export { X_STRICT_METHODS } from './apps-users.js';
export type { AppUsage, UsageFigures } from './billing.js';
export { isPemText } from './cert.js';
export type { DemoCredentials, SandboxOptions } from './context.js';
export type { ServerLimits } from './node-server.js';
export { PLAN_RULE_DETAILS } from './plan-rules.js';
export type { Plan } from './plans.js';
export { PLANS, parseUsd, usd, usdText } from './plans.js';
export { priceRule, X_PRICES } from './prices.js';
export { randomKey } from './random-key.js';
export type { RateLimitConfig, RateLimitRule, RateLimitScope, RateLimitState, RateLimitWindow } from './rate-limit.js';
export { X_RATE_LIMITS } from './rate-limit-table.js';
export { SqliteUnavailableError } from './sqlite-binding.js';

/** Options of {@link Sandbox.listen}. */
export interface ListenOptions {
  /** HTTP port; 0 (default) picks a free one. */
  port?: number;
  /** HTTPS port; 0 (default) picks a free one; `false` serves HTTP only. */
  httpsPort?: number | false;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Certificate PEM (content or file path); default: the data dir's self-signed certificate. */
  cert?: string;
  /** Private key PEM (content or file path), with `cert`. */
  key?: string;
  limits?: ServerLimits;
}

/** A listening sandbox. */
export interface RunningSandbox {
  httpUrl: string;
  /** `null` when HTTPS is off. */
  httpsUrl: string | null;
  /** The certificate to trust (PEM file), `null` when HTTPS is off. */
  certPath: string | null;
  /** SHA-256 fingerprint of the certificate, `null` when HTTPS is off. */
  fingerprint: string | null;
  /** Stops the listeners (the sandbox and its database stay open). */
  close(): Promise<void>;
}

/** A sandbox instance. */
export interface Sandbox {
  /** The whole app as a fetch handler (no ports). The request URL is the URL the client signed. */
  fetch(request: Request): Promise<Response>;
  /** The seeded demo app and user. */
  readonly credentials: DemoCredentials;
  /** The data directory, `null` in memory mode. */
  readonly dataDir: string | null;
  /** Apps and users management (what `oauth1x sandbox app|user` uses). */
  readonly accounts: SandboxContext['accounts'];
  /** Plans' credits and the cost ledger (what `oauth1x sandbox usage` reads). */
  readonly billing: SandboxContext['billing'];
  /** Protected accounts and their follow requests, reposts and bookmarks (approve a pending follow here). */
  readonly social: SandboxContext['social'];
  /** Polls, communities, tagged users and long posts, and each account's X subscription (`setSubscription`: long posts). */
  readonly posts: SandboxContext['posts'];
  /** Starts HTTP and HTTPS listeners. */
  listen(options?: ListenOptions): Promise<RunningSandbox>;
  /** Closes listeners and the database. */
  close(): Promise<void>;
}

/**
 * The default data directory: `$XDG_DATA_HOME/oauth1x/sandbox`, else `~/.local/share/oauth1x/sandbox`.
 *
 * @example
 * ```ts
 * defaultDataDir(process.env); // '/home/me/.local/share/oauth1x/sandbox'
 * ```
 */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(env.HOME ?? homedir(), '.local', 'share');
  return join(base, 'oauth1x', 'sandbox');
}

async function certificateFor(ctx: SandboxContext, options: ListenOptions, temp: string[]): Promise<SandboxCertificate> {
  if (options.cert !== undefined || options.key !== undefined) {
    if (options.cert === undefined || options.key === undefined) throw new TypeError('cert and key go together');
    const cert = readPem(options.cert);
    const key = readPem(options.key);
    let certPath = cert.path;
    if (certPath === null) {
      const dir = mkdtempSync(join(tmpdir(), 'oauth1x-sandbox-cert-'));
      temp.push(dir);
      certPath = join(dir, 'cert.pem');
      writeFileAtomic(certPath, cert.pem);
    }
    return { cert: cert.pem, key: key.pem, certPath, fingerprint: fingerprintOf(cert.pem) };
  }
  if (ctx.dataDir !== null) return loadOrCreateCertificate(ctx.dataDir);
  const dir = mkdtempSync(join(tmpdir(), 'oauth1x-sandbox-cert-'));
  temp.push(dir);
  const shared = await processCertificate();
  const certPath = join(dir, 'cert.pem');
  writeFileAtomic(certPath, shared.cert);
  return { ...shared, certPath };
}

/**
 * Creates a sandbox: opens (or creates) its database, seeds the demo app and users on first start and
 * returns the fetch handler plus a Node starter.
 *
 * @example
 * ```ts
 * import { createSandbox } from '@oauth1x/sandbox';
 * const sandbox = await createSandbox({ memory: true });
 * const running = await sandbox.listen({ port: 0 });
 * console.log(running.httpUrl, sandbox.credentials.consumer_key);
 * await running.close();
 * await sandbox.close();
 * ```
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dataDir = options.memory === true ? null : (options.dataDir ?? defaultDataDir());
  const ctx = await createContext(options, dataDir);
  const fetch = createSandboxApp(ctx);
  const running = new Set<RunningSandbox>();
  let closed = false;
  let lock: ServerLock | null = null;
  return {
    fetch,
    credentials: ctx.credentials,
    dataDir,
    accounts: ctx.accounts,
    billing: ctx.billing,
    social: ctx.social,
    posts: ctx.posts,
    async listen(listenOptions: ListenOptions = {}): Promise<RunningSandbox> {
      if (closed) throw new Error('The sandbox is closed');
      if (dataDir !== null && lock === null) lock = acquireServerLock(dataDir);
      const host = listenOptions.host ?? '127.0.0.1';
      const urlHost = host.includes(':') ? `[${host}]` : host;
      const temp: string[] = [];
      const servers: StartedServer[] = [];
      try {
        const http = await startServer(fetch, {
          host,
          port: listenOptions.port ?? 0,
          limits: listenOptions.limits ?? {},
          bodySideChannel: true,
        });
        servers.push(http);
        let certificate: SandboxCertificate | null = null;
        let https: StartedServer | null = null;
        if (listenOptions.httpsPort !== false) {
          certificate = await certificateFor(ctx, listenOptions, temp);
          https = await startServer(fetch, {
            host,
            port: listenOptions.httpsPort ?? 0,
            tls: { cert: certificate.cert, key: certificate.key },
            limits: listenOptions.limits ?? {},
            bodySideChannel: true,
          });
          servers.push(https);
        }
        const handle: RunningSandbox = {
          httpUrl: `http://${urlHost}:${http.port}`,
          httpsUrl: https ? `https://${urlHost}:${https.port}` : null,
          certPath: certificate?.certPath ?? null,
          fingerprint: certificate?.fingerprint ?? null,
          async close() {
            if (!running.delete(handle)) return;
            await Promise.all(servers.map((s) => s.close()));
            for (const dir of temp) rmSync(dir, { recursive: true, force: true });
          },
        };
        running.add(handle);
        return handle;
      } catch (error) {
        await Promise.all(servers.map((s) => s.close()));
        for (const dir of temp) rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...running].map((r) => r.close()));
      await ctx.store.close();
      ctx.writes.flush();
      await ctx.checkpointer?.close();
      ctx.db.close();
      lock?.release();
    },
  };
}
