// A Redis namespace that has been in service for an hour, for tests about anything but a fresh start. A fresh
// namespace refuses requests timestamped up to the second its nonce marker was made (redis-nonces.ts: an empty
// Redis cannot tell "new" from "flushed"), which is what redis-nonces.test.ts tests.
import { createRedisStore } from '../../src/provider/stores/redis-store.js';

const HOUR_MS = 3_600_000;

/** Makes the nonce marker of `prefix` as a store connected an hour ago would have (no wait, no nonce claimed). */
export async function markInService(url: string, prefix: string): Promise<void> {
  const past = createRedisStore({ url, prefix, clock: { now: () => Date.now() - HOUR_MS } });
  try {
    // A claim checks the marker too, and a key not in nonceKey form carries no timestamp to refuse.
    await past.claim('in-service', Date.now());
  } finally {
    await past.close();
  }
}
