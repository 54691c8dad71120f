/**
 * Shapes shared by the load generator process and the processes that start it.
 *
 * @module
 */

/** What the load generator process is told to do (passed as one JSON argument). */
export interface LoadConfig {
  /** Origin of the server under test, e.g. `http://127.0.0.1:8787` (the Host header and signed URL use it). */
  url: string;
  /** Request path; default `/1.1/statuses/update.json`. */
  path?: string;
  connections: number;
  /** Upper bound of the run in seconds; the run also ends when the pool is used up. */
  durationS: number;
  /** How many unique requests to pre-sign; each is sent at most once. */
  poolSize: number;
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
  /** Prefix of the unique status texts. */
  statusPrefix?: string;
  /** Per-request timeout in seconds (default 10). */
  timeoutS?: number;
}

/** What the load generator reports. */
export interface LoadResult {
  /** Responses received. */
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** autocannon's duration: it ends a run only on its one-second sampling tick, so this is whole-second-ish. */
  durationS: number;
  /** `durationS`, or, when the pool ran out, the time from the first request to the last one handed out. */
  activeS: number;
  /** `requests / activeS`: not `requests / durationS`, which undercounts a run whose pool ran out between two ticks. */
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Count per HTTP status. */
  statuses: Record<string, number>;
  /** Time spent pre-signing the pool, before the run. */
  signMs: number;
  /** `true` when the run ended because every pre-signed request was sent (raise `poolSize`). */
  poolExhausted: boolean;
  /** The load generator's own CPU time (user + system) per response during the run, µs: what it leaves the server. */
  loadCpuUsPerRequest: number;
}
