/**
 * Throttling password sign-ins (xAuth's `x_auth_mode=client_auth`, or a host's own sign-in form) so that
 * guessing is bounded and an attacker cannot lock the real user out. Every count goes through the store's
 * atomic `hit` (memory, SQLite, Redis alike), so the limits hold under concurrency and across processes.
 *
 * Per attempt, with the client known (its address, say):
 * 1. **Per username, app and client** (strict): at most `maxFailures` attempts within the window, counted
 *    before the password is checked (attempt `maxFailures + 1` never reaches it, however many run at once); a
 *    success resets it. An attacker exhausts only its own count.
 * 2. **Per client** (the source, all usernames): at most `maxAttemptsPerClient` password checks within the
 *    window, right or wrong, so one client cannot flood the expensive check with made-up usernames.
 * 3. **Per username, all clients** (slow, never locked): once `maxFailuresPerUsername` failures for a username
 *    were counted within the window, attempts on it are admitted at most one per `slowIntervalSeconds`, taken
 *    atomically (one counter per interval); the others get 429 with `Retry-After` = the rest of the interval.
 *    A client that exhausted its own count (1) or the source count (2) is refused before it can take the
 *    interval's slot, so keeping the user out takes a fresh client for every few intervals, and guessing stays
 *    bounded by the cap plus one per interval.
 *
 * A refused attempt consumes nothing of (1) or (2) unless it raced past their pre-checks. A `trusted` attempt
 * (one the host already knows comes from the user, e.g. a device cookie issued at an earlier sign-in as that
 * user) is held to (1) only. Without a client (`''`), attempts are counted per username only, `maxFailures`
 * within the window: simple, but anyone can lock a user out.
 *
 * @module
 */
import type { ProviderStore } from '../stores/types.js';

/** Store keys and limits beyond this length are cut (a longer username shares its counters with its prefix). */
const MAX_KEY_PART = 256;

/**
 * The canonical form of a username, used for the throttle's counters and for the lookup alike: a leading `@`
 * removed, Unicode NFKC (full-width and compatibility forms folded), then case-folded (upper then lower case,
 * so `ß`/`SS` and `ς`/`σ` meet). `@Alice`, `alice` and `ＡＬＩＣＥ` are one user.
 *
 * @example
 * ```ts
 * canonicalUsername('@Alice'); // 'alice'
 * canonicalUsername('ＡＬＩＣＥ'); // 'alice'
 * ```
 */
export function canonicalUsername(username: string): string {
  return username.normalize('NFKC').replace(/^@/, '').toUpperCase().toLowerCase().normalize('NFKC');
}

/** Settings of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  /** Where the counters live (its `hit` must be atomic). */
  store: Pick<ProviderStore, 'hit' | 'count' | 'resetCount'>;
  /** The counters' key prefix, e.g. `xauth` or `web-login`. Default `login`. */
  prefix?: string | undefined;
  /** Attempts per username and client (per username without a client) within the window. Default 5. */
  maxFailures?: number | undefined;
  /** The window, in seconds. Default 900. */
  windowSeconds?: number | undefined;
  /** Password checks per client, any username, right or wrong, within the window. Default 20 × `maxFailures`. */
  maxAttemptsPerClient?: number | undefined;
  /** Failures per username from all clients within the window before it is slowed. Default 20 × `maxFailures`. */
  maxFailuresPerUsername?: number | undefined;
  /** A slowed username admits one attempt per this many seconds. Default 5. */
  slowIntervalSeconds?: number | undefined;
  /** Epoch milliseconds, for the slow mode's intervals. Default `Date.now`. */
  clock?:
    | {
        /** The current time in epoch milliseconds. */
        now(): number;
      }
    | undefined;
}

/** One sign-in attempt, as the throttle sees it. */
export interface LoginAttempt {
  /** The canonical username (see {@link canonicalUsername}). */
  username: string;
  /** The client (source) identity, e.g. its address; `''` when unknown. */
  client: string;
  /** What else separates the strict counter, e.g. the consumer key. Default `''`. */
  app?: string | undefined;
  /** Known to come from the user (see the module notes): held to the strict per-client count only. */
  trusted?: boolean | undefined;
}

/** Which limit refused an attempt. */
export type LoginLimit = 'client' | 'source' | 'username';

/** The throttle's answer: admitted (then report the outcome with `settle`), or refused with a wait. */
export type LoginAdmission =
  | {
      ok: true;
      /** Reports the attempt's outcome: a success resets the strict counter. */
      settle(success: boolean): Promise<void>;
    }
  | { ok: false; limit: LoginLimit; retryAfterSeconds: number };

/** A sign-in throttle (see the module notes). */
export interface LoginThrottle {
  /** Counts the attempt and answers whether the password may be checked now. */
  admit(attempt: LoginAttempt): Promise<LoginAdmission>;
}

/** `value` when a finite number at least `min`, else `fallback`. */
function setting(value: number | undefined, fallback: number, min: number): number {
  return value !== undefined && Number.isFinite(value) && value >= min ? value : fallback;
}

const part = (value: string) => {
  const cut = value.slice(0, MAX_KEY_PART);
  return `${cut.length}:${cut}`;
};

/**
 * Creates a sign-in throttle over a store.
 *
 * @example
 * ```ts
 * import { canonicalUsername, createLoginThrottle, createMemoryStore } from 'oauth1x/provider';
 * const throttle = createLoginThrottle({ store: createMemoryStore(), prefix: 'web-login', maxFailures: 10 });
 * const admission = await throttle.admit({ username: canonicalUsername(form.username), client: address });
 * if (!admission.ok) return new Response('Too many attempts', { status: 429, headers: { 'retry-after': String(admission.retryAfterSeconds) } });
 * const user = await checkPassword(form.username, form.password);
 * await admission.settle(user !== null);
 * ```
 */
export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const { store } = options;
  const prefix = options.prefix ?? 'login';
  const maxFailures = Math.floor(setting(options.maxFailures, 5, 0));
  const windowMs = Math.max(1, setting(options.windowSeconds, 900, 0) * 1000);
  const perClient = Math.floor(setting(options.maxAttemptsPerClient, maxFailures * 20, 0));
  const perUsername = Math.floor(setting(options.maxFailuresPerUsername, maxFailures * 20, 0));
  const intervalMs = Math.max(1, setting(options.slowIntervalSeconds, 5, 0) * 1000);
  const now = () => options.clock?.now() ?? Date.now();
  const windowSeconds = Math.ceil(windowMs / 1000);
  const refuse = (limit: LoginLimit, retryAfterSeconds = windowSeconds): LoginAdmission => ({ ok: false, limit, retryAfterSeconds });

  async function admit(attempt: LoginAttempt): Promise<LoginAdmission> {
    const name = attempt.username.slice(0, MAX_KEY_PART);
    if (attempt.client === '') {
      const key = `${prefix}:${name}`;
      if ((await store.hit(key, windowMs)) > maxFailures) return refuse('username');
      return { ok: true, settle: async (success) => (success ? store.resetCount(key) : undefined) };
    }
    const strict = `${prefix}:${part(name)}|${part(attempt.app ?? '')}|${attempt.client.slice(0, MAX_KEY_PART)}`;
    const source = `${prefix}-source:${attempt.client.slice(0, MAX_KEY_PART)}`;
    const failures = `${prefix}-failures:${name}`;
    const trusted = attempt.trusted === true;
    // Pre-checks that consume nothing: a client over its limits cannot take the slow mode's slot.
    if ((await store.count(strict)) >= maxFailures) return refuse('client');
    if (!trusted && (await store.count(source)) >= perClient) return refuse('source');
    if (!trusted && (await store.count(failures)) >= perUsername) {
      const at = now();
      const index = Math.floor(at / intervalMs);
      if ((await store.hit(`${prefix}-slot:${name}:${index}`, intervalMs)) > 1) {
        return refuse('username', Math.max(1, Math.ceil(((index + 1) * intervalMs - at) / 1000)));
      }
    }
    // The atomic counts: concurrent attempts each get their own number, and only those within the limit pass.
    if ((await store.hit(strict, windowMs)) > maxFailures) return refuse('client');
    if (!trusted && (await store.hit(source, windowMs)) > perClient) return refuse('source');
    return {
      ok: true,
      settle: async (success) => {
        if (success) await store.resetCount(strict);
        else await store.hit(failures, windowMs);
      },
    };
  }

  return { admit };
}
