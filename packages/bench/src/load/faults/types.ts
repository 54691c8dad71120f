/**
 * The report every fault scenario returns; the `faults` bench section and the CI tests read it.
 *
 * @module
 */

/** One checked property of a fault scenario. */
export interface FaultCheck {
  name: string;
  pass: boolean;
  detail: string;
}

/** What a fault scenario reports. */
export interface FaultReport {
  name: string;
  pass: boolean;
  checks: FaultCheck[];
  /** Numbers for the report (counts, latencies in ms, memory in bytes). */
  metrics: Record<string, number>;
}
