/**
 * Device cookies for the web sign-in throttle (OWASP's "Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser that signed in as a user gets an HttpOnly cookie naming that user and a random device
 * id, signed with the sandbox's secret. A later sign-in as the same user that presents it is counted for that
 * device alone (10 attempts per 15 minutes) and is not held to its address's limits: everything on one
 * machine shares `127.0.0.1`, so without it a page or process on another local port could lock the user out
 * of the consent page. A cookie cannot be made without the secret; a missing, altered, expired or other
 * user's cookie just means the address's limits.
 *
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import { timingSafeEqual } from 'oauth1x';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';

const DEVICE_COOKIE = 'oauth1x_device';
const DEVICE_MS = 90 * 24 * 3600 * 1000;

function sign(ctx: SandboxContext, userId: string, device: string, expires: string): string {
  return createHmac('sha256', ctx.secret).update(`device|${userId}|${device}|${expires}`).digest('base64url');
}

/**
 * The `Set-Cookie` value that marks this browser as a device of `user` for 90 days.
 *
 * @example
 * ```ts
 * response.headers.append('set-cookie', deviceCookie(ctx, user, url.protocol === 'https:'));
 * ```
 */
export function deviceCookie(ctx: SandboxContext, user: UserRecord, secure: boolean): string {
  const device = randomBytes(12).toString('base64url');
  const expires = String(ctx.now() + DEVICE_MS);
  const value = `${user.id}.${device}.${expires}.${sign(ctx, user.id, device, expires)}`;
  return `${DEVICE_COOKIE}=${value}; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_MS / 1000}${secure ? '; Secure' : ''}`;
}

/**
 * The device id of a request's valid device cookie for `user`, or `null` (no cookie, another user's, altered
 * or expired). Several cookies of that name (one planted from another port, say) are each tried.
 *
 * @example
 * ```ts
 * const device = deviceOf(ctx, request, user); // 'Xy3…' or null
 * ```
 */
export function deviceOf(ctx: SandboxContext, request: Request, user: UserRecord | undefined): string | null {
  if (user === undefined) return null;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== DEVICE_COOKIE) continue;
    const [userId, device, expires, signature, extra] = part
      .slice(eq + 1)
      .trim()
      .split('.');
    if (userId !== user.id || device === undefined || expires === undefined || signature === undefined || extra !== undefined) continue;
    if (timingSafeEqual(sign(ctx, userId, device, expires), signature) && Number(expires) > ctx.now()) return device;
  }
  return null;
}
