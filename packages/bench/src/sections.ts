/**
 * The sections of `npm run bench`, in report order. Each module exports
 * `run(context: BenchContext): Promise<BenchSection>`; it is imported only when it runs.
 *
 * @module
 */
import type { BenchContext, BenchSection } from './harness.js';

/** A section's name (used to filter: `npm run bench -- signing`) and its loader. */
export interface SectionEntry {
  name: string;
  load: () => Promise<{ run(context: BenchContext): Promise<BenchSection> }>;
}

export const SECTIONS: SectionEntry[] = [
  { name: 'signing', load: () => import('./sections/signing.js') },
  { name: 'event-loop', load: () => import('./sections/event-loop.js') },
  { name: 'verify', load: () => import('./sections/verify.js') },
  { name: 'credential-timing', load: () => import('./sections/credential-timing.js') },
  { name: 'cli-startup', load: () => import('./sections/cli-startup.js') },
  { name: 'sandbox-startup', load: () => import('./sections/sandbox-startup.js') },
  { name: 'sandbox-throughput', load: () => import('./sections/sandbox-throughput.js') },
  { name: 'faults', load: () => import('./sections/faults.js') },
];
