/**
 * Fault: slow and broken clients against the sandbox's Node server — headers sent byte by byte (slowloris),
 * a body that never finishes, a 1 MB `Authorization` header, an oversized body. The server must bound each
 * (timeouts → 408 or close, 431, 413), keep answering a normal client meanwhile (its latency is measured
 * during the attack) and keep its memory bounded (RSS sampled across the run).
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processRss, sampleRss, startServerProcess } from '../processes.js';
import { obtainAccessToken, postTweet, toDemoCredentials } from '../xauth.js';
import type { FaultReport } from './types.js';

/** Settings of the slow-clients fault. */
export interface SlowClientsOptions {
  /** Slowloris connections per wave. */
  slowloris: number;
  /** Never-finished bodies per wave. */
  stalledBodies: number;
  /** 1 MB header and oversized-body clients per wave. */
  oversized: number;
  /** Attack waves (memory must not grow from wave to wave). */
  waves: number;
  /** How long to wait for the server to drop a slow client before calling it unbounded, in ms. */
  giveUpMs: number;
  /** Server limits to start the sandbox with (the CI form shortens them); default: the sandbox's defaults. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
}

interface RawOutcome {
  /** First line the server answered, or '' when it closed without answering. */
  statusLine: string;
  /** ms from the first byte sent until the server answered or closed. */
  closedAfterMs: number;
  /** `true` when the server never closed within `giveUpMs` (we closed it). */
  hung: boolean;
}

/**
 * Opens a raw connection, runs `attack(socket)` and resolves when the server answers or closes the
 * connection (or after `giveUpMs`).
 */
function rawClient(port: number, giveUpMs: number, attack: (socket: Socket, done: () => boolean) => void): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const start = performance.now();
    let received = '';
    let finished = false;
    const finish = (hung: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ statusLine: hung ? 'still open' : (received.split('\r\n')[0] ?? ''), closedAfterMs: performance.now() - start, hung });
    };
    const timer = setTimeout(() => finish(true), giveUpMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      // Skip interim answers (100 Continue); finish on the final answer's head.
      while (/^HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n/.test(received)) received = received.slice(received.indexOf('\r\n\r\n') + 4);
      if (received.includes('\r\n\r\n')) finish(false);
    });
    socket.on('close', () => finish(false));
    // EPIPE / ECONNRESET while we still write: 'close' follows, after any answer already received was read.
    socket.on('error', () => {});
    socket.on('connect', () => attack(socket, () => finished));
  });
}

function headLines(port: number, extra: string): string {
  return `POST /1.1/statuses/update.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}`;
}

/** Headers byte by byte, one every 200 ms, never ending. */
function slowloris(port: number, giveUpMs: number): Promise<RawOutcome> {
  return rawClient(port, giveUpMs, (socket, done) => {
    const bytes = Buffer.from(`${headLines(port, 'User-Agent: slowloris')}${'X-Padding: '.padEnd(100_000, 'a')}`);
    let i = 0;
    const tick = () => {
      if (done() || socket.destroyed) return;
      socket.write(bytes.subarray(i, i + 1));
      i++;
      setTimeout(tick, 200);
    };
    tick();
  });
}

/** Complete headers announcing 100 kB, 10 bytes of body, then silence. */
function stalledBody(port: number, giveUpMs: number): Promise<RawOutcome> {
  return rawClient(port, giveUpMs, (socket) => {
    socket.write(`${headLines(port, 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n')}status=abc`);
  });
}

/** A 1 MB Authorization header. */
function hugeHeader(port: number, giveUpMs: number): Promise<RawOutcome> {
  return rawClient(port, giveUpMs, (socket) => {
    socket.write(
      `${headLines(port, `Authorization: OAuth oauth_nonce="${'n'.repeat(1024 * 1024)}"\r\nContent-Length: 0\r\n\r\n`)}`,
      () => {},
    );
  });
}

/**
 * A 20 MB form body. `expect`: announced with `Expect: 100-continue` (what curl does above 1 MB), streamed only
 * after 100 Continue; otherwise streamed blindly right after the headers.
 */
function hugeBody(port: number, giveUpMs: number, expect: boolean): Promise<RawOutcome> {
  return rawClient(port, giveUpMs, (socket, done) => {
    const size = 20 * 1024 * 1024;
    const head = `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\n${expect ? 'Expect: 100-continue\r\n' : ''}\r\n`;
    let started = false;
    socket.write(headLines(port, head));
    if (expect) {
      let seen = '';
      socket.on('data', (chunk: string) => {
        seen += chunk;
        if (seen.startsWith('HTTP/1.1 100') && seen.includes('\r\n\r\n')) startBody();
      });
    } else startBody();
    function startBody() {
      if (started) return;
      started = true;
      stream();
    }
    function stream() {
      socket.write('status=');
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (!done() && !socket.destroyed && sent < size) {
          sent += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    }
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * Runs the slow-clients fault against a sandbox process and reports what happened.
 *
 * @example
 * ```ts
 * const report = await runSlowClients({ slowloris: 50, stalledBodies: 20, oversized: 5, waves: 1, giveUpMs: 40_000 });
 * ```
 */
export async function runSlowClients(options: SlowClientsOptions): Promise<FaultReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth1x-slow-'));
  const limits = [
    ...(options.requestTimeoutMs === undefined ? [] : ['--request-timeout', String(options.requestTimeoutMs)]),
    ...(options.headersTimeoutMs === undefined ? [] : ['--headers-timeout', String(options.headersTimeoutMs)]),
  ];
  const server = await startServerProcess(['dist/src/load/sandbox-process.js', '--data', dataDir, ...limits]);
  try {
    const origin = server.info.httpUrl;
    const port = Number(new URL(origin).port);
    const tokens = await obtainAccessToken(origin, toDemoCredentials(server.info.credentials));
    let n = 0;
    const normal = async () => postTweet(origin, tokens, `normal client ${process.pid} #${n++}`, AbortSignal.timeout(10_000));
    const baseline: number[] = [];
    for (let i = 0; i < 20; i++) baseline.push((await normal()).elapsedMs);
    const rss = sampleRss(server.pid, 100);
    const rssAfterWave: number[] = [];
    const during: Array<{ status: number; elapsedMs: number }> = [];
    const outcomes: Record<string, RawOutcome[]> = { slowloris: [], stalledBody: [], hugeHeader: [], hugeBody: [], blindBody: [] };
    for (let wave = 0; wave < options.waves; wave++) {
      const attacks: Array<Promise<void>> = [];
      const add = (kind: string, count: number, fn: (port: number, giveUpMs: number) => Promise<RawOutcome>) => {
        for (let i = 0; i < count; i++) attacks.push(fn(port, options.giveUpMs).then((o) => void outcomes[kind]?.push(o)));
      };
      add('slowloris', options.slowloris, slowloris);
      add('stalledBody', options.stalledBodies, stalledBody);
      add('hugeHeader', options.oversized, hugeHeader);
      add('hugeBody', options.oversized, (p, g) => hugeBody(p, g, true));
      add('blindBody', options.oversized, (p, g) => hugeBody(p, g, false));
      let attacking = true;
      const all = Promise.all(attacks).then(() => {
        attacking = false;
      });
      // A normal client keeps tweeting while the attack lasts.
      while (attacking) {
        const started = performance.now();
        try {
          const res = await normal();
          during.push({ status: res.status, elapsedMs: res.elapsedMs });
        } catch {
          during.push({ status: 0, elapsedMs: performance.now() - started });
        }
        await Promise.race([all, new Promise((r) => setTimeout(r, 100))]);
      }
      await new Promise((r) => setTimeout(r, 500));
      rssAfterWave.push(processRss(server.pid));
    }
    const samples = rss.stop();
    const peak = Math.max(...samples);
    const start = samples[0] ?? Number.NaN;
    const bounded = (kind: string, ok: (o: RawOutcome) => boolean) => {
      const list = outcomes[kind] ?? [];
      const bad = list.filter((o) => o.hung || !ok(o));
      const lines = [...new Set(list.map((o) => o.statusLine || 'closed'))].join(' | ');
      const slowest = Math.max(0, ...list.map((o) => o.closedAfterMs));
      return {
        pass: list.length > 0 && bad.length === 0,
        detail: `${list.length} clients, ${bad.length} unbounded; answers: ${lines}; dropped within ${(slowest / 1000).toFixed(1)} s`,
      };
    };
    const normalOk = during.filter((d) => d.status >= 200 && d.status < 300);
    const growth = (rssAfterWave[rssAfterWave.length - 1] ?? 0) - (rssAfterWave[0] ?? 0);
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
    const checks = [
      {
        name: 'slowloris headers dropped (408 or close)',
        ...bounded('slowloris', (o) => o.statusLine === '' || /^HTTP\/1\.1 408/.test(o.statusLine)),
      },
      {
        name: 'never-finished body dropped (408 or close)',
        ...bounded('stalledBody', (o) => o.statusLine === '' || /^HTTP\/1\.1 (408|400)/.test(o.statusLine)),
      },
      { name: '1 MB Authorization header → 431', ...bounded('hugeHeader', (o) => /^HTTP\/1\.1 431/.test(o.statusLine)) },
      { name: '20 MB body with Expect: 100-continue → 413', ...bounded('hugeBody', (o) => /^HTTP\/1\.1 413/.test(o.statusLine)) },
      {
        // Streamed without waiting, the client may see a reset instead of the 413 (the server closes while
        // body bytes are still unread): bounded either way.
        name: '20 MB body streamed blindly → 413 or reset, promptly',
        ...bounded('blindBody', (o) => /^HTTP\/1\.1 413/.test(o.statusLine) || (o.statusLine === '' && o.closedAfterMs < 5000)),
      },
      {
        name: 'normal client served during the attack',
        pass:
          during.length > 0 &&
          normalOk.length === during.length &&
          percentile(
            during.map((d) => d.elapsedMs),
            99,
          ) < 2000,
        detail: `${normalOk.length}/${during.length} ok; latency p50 ${percentile(
          during.map((d) => d.elapsedMs),
          50,
        ).toFixed(1)} ms, p99 ${percentile(
          during.map((d) => d.elapsedMs),
          99,
        ).toFixed(1)} ms (before the attack: p50 ${percentile(baseline, 50).toFixed(1)} ms)`,
      },
      {
        name: 'memory bounded',
        pass: peak - start < 128 * 2 ** 20 && (options.waves < 2 || growth < 32 * 2 ** 20),
        detail: `RSS ${mb(start)} → peak ${mb(peak)}${options.waves > 1 ? `, after each wave ${rssAfterWave.map(mb).join(' → ')}` : ''}`,
      },
    ];
    return {
      name: 'slow and broken clients',
      pass: checks.every((c) => c.pass),
      checks,
      metrics: {
        normalP50Ms: percentile(
          during.map((d) => d.elapsedMs),
          50,
        ),
        normalP99Ms: percentile(
          during.map((d) => d.elapsedMs),
          99,
        ),
        baselineP50Ms: percentile(baseline, 50),
        rssStart: start,
        rssPeak: peak,
      },
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
