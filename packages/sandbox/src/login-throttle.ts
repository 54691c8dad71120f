/**
 * Password sign-in throttling in the sandbox, for xAuth (through the provider's `xAuthThrottle`) and the web
 * sign-in of the consent page, both on the provider's `createLoginThrottle` (counters in the sandbox's store)
 * and both with the same canonical username (`canonicalUsername`: `@Alice`, `alice` and `ALICE` are one
 * counter and one user):
 * - per username and client (xAuth: and consumer key), counted before the password check: 5 attempts (xAuth)
 *   or 10 (web) per 15 minutes; a success resets it. The client is the TCP peer address the listener recorded
 *   (`clientAddressOf`); a request handed to `sandbox.fetch` in-process has none and is client `local`. On the
 *   web page, a browser with a device cookie for that user (`device-cookie.ts`, set at each sign-in) is its
 *   own client and held to this limit only;
 * - per client, all usernames: 100 password checks per 15 minutes;
 * - per username, all clients: after 100 failures within 15 minutes, one attempt per 5 seconds (429 with the
 *   rest of the interval as `Retry-After`), never a lock-out.
 *
 * Every password check goes through the process's gate (`password-gate.ts`): beyond it, 503 with
 * `Retry-After`.
 *
 * @module
 */

import type { XAuthThrottle } from 'oauth1x/provider';
import { canonicalUsername, createLoginThrottle } from 'oauth1x/provider';
import { clientAddressOf } from 'oauth1x/provider/node';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { deviceCookie, deviceOf } from './device-cookie.js';
import { PasswordCheckBusy, passwordChecks } from './password-gate.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './passwords.js';

const WINDOW_SECONDS = 900;
const PER_CLIENT = 100;
const PER_USERNAME = 100;
const SLOW_INTERVAL_SECONDS = 5;

/**
 * The client a request came from, for the throttles: its peer address, or `local` for a request handed to the
 * handler in-process.
 *
 * @example
 * ```ts
 * sandboxClient(request); // '127.0.0.1'
 * ```
 */
export function sandboxClient(request: Request): string {
  return clientAddressOf(request) ?? 'local';
}

/**
 * The sandbox's xAuth throttle (see the module notes).
 *
 * @example
 * ```ts
 * createProviderHandler({ ...options, xAuthThrottle: XAUTH_THROTTLE });
 * ```
 */
export const XAUTH_THROTTLE: XAuthThrottle = Object.freeze({
  maxFailures: 5,
  windowSeconds: WINDOW_SECONDS,
  clientKey: sandboxClient,
  maxAttemptsPerClient: PER_CLIENT,
  maxFailuresPerUsername: PER_USERNAME,
  slowIntervalSeconds: SLOW_INTERVAL_SECONDS,
  normalizeUsername: canonicalUsername,
});

/**
 * Checks a username (canonical: see `canonicalUsername`, the form the throttles count) and password in
 * constant time whether or not the user exists, through the process's password gate. Rejects with
 * `PasswordCheckBusy` when too many checks are waiting.
 *
 * @example
 * ```ts
 * const user = await checkLogin(ctx, canonicalUsername('@Demo'), password);
 * ```
 */
export async function checkLogin(ctx: SandboxContext, canonical: string, password: string) {
  const user = canonical.length <= 64 ? ctx.accounts.userByScreenName(canonical) : undefined;
  const ok = await passwordChecks.run(() => verifyPassword(password.slice(0, 1024), user?.passwordHash ?? DUMMY_PASSWORD_HASH));
  return ok && user !== undefined ? user : null;
}

/** The outcome of a web sign-in: the user and its device cookie, or what the page answers (status, message, `Retry-After`). */
export type WebSignIn =
  | { outcome: 'ok'; user: UserRecord; setCookie: string }
  | { outcome: 'wrong' | 'throttled' | 'busy'; status: 401 | 429 | 503; message: string; retryAfterSeconds: number | null };

/**
 * Signs in with the consent page's username and password: throttled (see the module notes), then checked.
 *
 * @example
 * ```ts
 * const result = await webSignIn(ctx, request, 'demo', password);
 * if (result.outcome === 'ok') approve(result.user);
 * ```
 */
export async function webSignIn(ctx: SandboxContext, request: Request, username: string, password: string): Promise<WebSignIn> {
  const canonical = canonicalUsername(username);
  const throttle = createLoginThrottle({
    store: ctx.store,
    prefix: 'web-login',
    maxFailures: 10,
    windowSeconds: WINDOW_SECONDS,
    maxAttemptsPerClient: PER_CLIENT,
    maxFailuresPerUsername: PER_USERNAME,
    slowIntervalSeconds: SLOW_INTERVAL_SECONDS,
    clock: { now: ctx.now },
  });
  // A browser that signed in as this user before (its device cookie) is counted on its own (device-cookie.ts).
  const device = deviceOf(ctx, request, canonical.length <= 64 ? ctx.accounts.userByScreenName(canonical) : undefined);
  const client = device === null ? sandboxClient(request) : `device:${device}`;
  const admission = await throttle.admit({ username: canonical, client, trusted: device !== null });
  if (!admission.ok) {
    const message = 'Too many failed sign-in attempts. Try again later.';
    return { outcome: 'throttled', status: 429, message, retryAfterSeconds: admission.retryAfterSeconds };
  }
  let user: UserRecord | null;
  try {
    user = await checkLogin(ctx, canonical, password);
  } catch (error) {
    if (!(error instanceof PasswordCheckBusy)) throw error;
    const message = 'Too many sign-ins at once. Try again in a moment.';
    return { outcome: 'busy', status: 503, message, retryAfterSeconds: error.retryAfterSeconds };
  }
  await admission.settle(user !== null);
  if (user !== null) return { outcome: 'ok', user, setCookie: deviceCookie(ctx, user, new URL(request.url).protocol === 'https:') };
  return {
    outcome: 'wrong',
    status: 401,
    message: 'The username and password you entered did not match our records.',
    retryAfterSeconds: null,
  };
}
