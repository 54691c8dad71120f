/**
 * Fault: `kill -9` of the sandbox process in the middle of a bounded tweet storm, then a restart on the same
 * data dir. Every tweet whose POST got a 2xx must be there after the restart (in SQLite and through the API),
 * none twice; re-sending the tweets whose outcome the client never learned yields either the tweet or X's
 * duplicate error 187, still never a second copy.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { signRequest } from 'oauth1x';
import { startServerProcess } from '../processes.js';
import { obtainAccessToken, postTweet, type TokenSet, toDemoCredentials } from '../xauth.js';
import type { FaultReport } from './types.js';

/** Settings of the kill -9 fault. */
export interface KillNineOptions {
  /** Tweets in the storm (an upper bound: the kill ends it early). */
  total: number;
  concurrency: number;
  /** Kill once this many tweets were acknowledged. */
  killAfterAcked: number;
  /** `cli`: `node bin/oauth1x.js sandbox --data DIR --port 0 --no-https --json` (X's rate limits apply: ≤ 300 tweets per run); `fixture`: `dist/src/load/sandbox-process.js`. */
  launcher?: 'cli' | 'fixture';
}

interface Outcome {
  text: string;
  status: number;
  id: string | null;
}

function launch(launcher: 'cli' | 'fixture', dataDir: string) {
  const args =
    launcher === 'cli'
      ? ['../cli/bin/oauth1x.js', 'sandbox', '--data', dataDir, '--port', '0', '--no-https', '--host', '127.0.0.1', '--json']
      : ['dist/src/load/sandbox-process.js', '--data', dataDir];
  return startServerProcess(args, { timeoutMs: 30_000 });
}

function demoOf(info: Record<string, unknown>, dataDir: string) {
  if (info.credentials !== undefined) return toDemoCredentials(info.credentials);
  return toDemoCredentials(JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')));
}

/**
 * Runs the kill -9 fault and reports what happened.
 *
 * @example
 * ```ts
 * const report = await runKillNine({ total: 400, concurrency: 8, killAfterAcked: 100 });
 * ```
 */
export async function runKillNine(options: KillNineOptions): Promise<FaultReport> {
  const launcher = options.launcher ?? 'cli';
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth1x-kill9-'));
  const run = randomBytes(4).toString('hex');
  try {
    let server = await launch(launcher, dataDir);
    const tokens: TokenSet = await obtainAccessToken(server.info.httpUrl, demoOf(server.info, dataDir));
    const origin = server.info.httpUrl;
    const outcomes: Outcome[] = [];
    let next = 0;
    let acked = 0;
    let killed = false;
    let killedAtAcked = 0;
    const storm = Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        const text = `storm ${run} #${next++}`;
        try {
          const res = await postTweet(origin, tokens, text, AbortSignal.timeout(10_000));
          const id = res.status < 300 ? ((JSON.parse(res.body) as { id_str?: string }).id_str ?? null) : null;
          outcomes.push({ text, status: res.status, id });
          if (res.status >= 200 && res.status < 300) acked++;
        } catch {
          outcomes.push({ text, status: 0, id: null });
        }
        if (!killed && acked >= options.killAfterAcked) {
          killed = true;
          killedAtAcked = acked;
          server.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(storm);
    const killSignal = await server.exited;

    server = await launch(launcher, dataDir);
    const ackedTexts = outcomes.filter((o) => o.status >= 200 && o.status < 300);
    const unknown = outcomes.filter((o) => o.status === 0);
    const rejected = outcomes.filter((o) => o.status !== 0 && (o.status < 200 || o.status >= 300));
    // The access token must survive too; if it does not, log in again (and report it).
    let tokensAfter = tokens;
    let tokenSurvived = true;
    const probe = await postTweet(server.info.httpUrl, tokens, `storm ${run} probe`);
    if (probe.status === 401) {
      tokenSurvived = false;
      tokensAfter = await obtainAccessToken(server.info.httpUrl, demoOf(server.info, dataDir));
    }
    // Through the API: a sample of the acknowledged tweets by id.
    let apiMissing = 0;
    for (const o of ackedTexts.slice(0, 25)) {
      const url = new URL(`/1.1/statuses/show/${o.id}.json`, server.info.httpUrl).toString();
      const signed = await signRequest({
        method: 'GET',
        url,
        consumer: { key: tokensAfter.consumerKey, secret: tokensAfter.consumerSecret },
        token: { key: tokensAfter.token, secret: tokensAfter.tokenSecret },
      });
      const res = await fetch(url, { headers: { authorization: signed.authorization } });
      const body = (await res.json().catch(() => ({}))) as { text?: string };
      if (res.status !== 200 || body.text !== o.text) apiMissing++;
    }
    // Re-send what the client never heard back about: the tweet (2xx) or X's duplicate error (403 code 187).
    const resent = new Map<string, number>();
    const queue = [...unknown];
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        for (let o = queue.shift(); o !== undefined; o = queue.shift()) {
          const res = await postTweet(server.info.httpUrl, tokensAfter, o.text);
          resent.set(o.text, res.status === 403 && res.body.includes('187') ? 187 : res.status);
        }
      }),
    );
    const resendOk = [...resent.values()].every((s) => s === 187 || (s >= 200 && s < 300));

    const db = new Database(join(dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
    const rows = db.prepare('SELECT text, COUNT(*) AS n FROM x_tweets WHERE text LIKE ? GROUP BY text').all(`storm ${run} #%`) as Array<{
      text: string;
      n: number;
    }>;
    db.close();
    await server.stop();
    const counts = new Map(rows.map((r) => [r.text, r.n]));
    const missing = ackedTexts.filter((o) => !counts.has(o.text));
    const duplicated = rows.filter((r) => r.n > 1);
    const checks = [
      {
        name: 'killed mid-storm',
        pass: killed && killSignal === 'SIGKILL' && killedAtAcked < options.total,
        detail: `SIGKILL after ${killedAtAcked} acknowledged tweets (${killSignal}); ${unknown.length} requests got no answer`,
      },
      {
        name: 'every acknowledged tweet present',
        pass: missing.length === 0 && apiMissing === 0,
        detail: `${ackedTexts.length} acknowledged, ${missing.length} missing in SQLite, ${apiMissing} of ${Math.min(25, ackedTexts.length)} missing via statuses/show`,
      },
      {
        name: 'no tweet duplicated',
        pass: duplicated.length === 0,
        detail: `${rows.length} distinct storm tweets stored, ${duplicated.length} duplicated (after re-sending ${unknown.length} unanswered ones)`,
      },
      {
        name: 'unanswered tweets re-sent: stored once or 187',
        pass: resendOk,
        detail: `${[...resent.values()].filter((s) => s === 187).length} × 187 duplicate, ${[...resent.values()].filter((s) => s >= 200 && s < 300).length} × 2xx`,
      },
      {
        name: 'access token survives the kill',
        pass: tokenSurvived,
        detail: tokenSurvived ? 'same token works after the restart' : 'token lost: had to log in again',
      },
      {
        name: 'no request refused during the storm',
        pass: rejected.length === 0,
        detail:
          rejected.length === 0
            ? 'only 2xx or no answer'
            : `${rejected.length} non-2xx: ${[...new Set(rejected.map((r) => r.status))].join(', ')}`,
      },
    ];
    return {
      name: 'kill -9 of the sandbox mid-storm',
      pass: checks.every((c) => c.pass),
      checks,
      metrics: { acknowledged: ackedTexts.length, unanswered: unknown.length, stored: rows.length, duplicated: duplicated.length },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
