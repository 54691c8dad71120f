/**
 * CSRF protection for the sandbox's consent pages: OAuth 1.0a's `/oauth/authorize` and `/oauth/authenticate`
 * (RFC 5849 §2.2, which leaves the page's protection to the server, §4.1), and any later consent page that
 * approves an app for a user.
 *
 * The threat is a page served from another port of the same host. Cookies ignore ports (RFC 6265 §8.5), and
 * on loopback even `Secure` cookies are sent over plain HTTP, so such a page is *same-site* with the sandbox:
 * it can set (toss) any cookie the sandbox reads, `SameSite=Lax` does not stop its form posts, and its own
 * server receives every cookie the sandbox set (HttpOnly ones included) as soon as the user's browser visits
 * it. Three rules follow.
 *
 * 1. **Where the POST comes from** ({@link formOriginRefusal}). A state-changing POST must carry the page's
 *    own `Origin`, or `Sec-Fetch-Site: same-origin` when the browser sends `Origin: null` (our pages send
 *    `Referrer-Policy: no-referrer`, under which Chromium posts `Origin: null` even to its own origin). Any
 *    other `Sec-Fetch-Site` value, a foreign `Origin`, and `Origin: null` or no `Origin` without
 *    `same-origin` are refused. Browsers do not let a page set these headers, so a form the victim's
 *    browser submits from another port (with or without a `no-referrer` policy) is refused.
 * 2. **The form token** ({@link formGuard}, {@link formPostRefusal}): an HMAC, under the sandbox's secret, of
 *    the subject (the request token), a random per-browser nonce cookie, and the signed session cookie when
 *    the user is signed in. A token rendered for one request token, nonce or session fails for another. The
 *    nonce alone is tossable (an attacker can choose it and fetch the page to learn the matching token), and
 *    so is, on loopback, everything cookie-borne: the token is a second line behind rule 1, not a secret the
 *    attacker cannot learn.
 * 3. **A cookie never approves on its own.** Because the other port's server receives the session cookie,
 *    it can replay it from its own HTTP client with any `Origin` it likes, and no header distinguishes that
 *    client from the user's browser. So approving an app needs the user's password on every POST (the page
 *    pre-fills the signed-in user's name), which the attacker does not have. A POST that passes rules 1 and
 *    2 with credentials the attacker does know can only approve as the attacker's own account, which gains
 *    it nothing. That is why a token bound to the nonce alone (a user who is not signed in) is accepted.
 *
 * The consent form's page also gets CSP `form-action` limited to {@link formActionSources}: Chromium checks
 * the redirect that follows a form submission against it, so the app's callback origin must be listed.
 *
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import { timingSafeEqual } from 'oauth1x';

/** The nonce cookie the form token is bound to. */
export const CSRF_COOKIE = 'oauth1x_csrf';
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Reads one cookie (the first of that name, as browsers send the most specific path first).
 *
 * @example
 * ```ts
 * cookie(request, 'oauth1x_csrf');
 * ```
 */
export function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Why a state-changing POST may not proceed, from its `Origin` and `Sec-Fetch-Site` headers (rule 1 above);
 * `null` when it comes from `ownOrigin`. The reason is a fixed word, never a header value.
 *
 * @example
 * ```ts
 * formOriginRefusal(request, new URL(request.url).origin); // null, 'cross-site', 'no-origin' or 'other-origin'
 * ```
 */
export function formOriginRefusal(request: Request, ownOrigin: string): 'cross-site' | 'no-origin' | 'other-origin' | null {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  if (site !== null && site !== 'same-origin') return 'cross-site';
  if (origin === null || origin === 'null') return site === 'same-origin' ? null : 'no-origin';
  return origin === ownOrigin ? null : 'other-origin';
}

/** A page's form token, and the nonce cookie to set when the browser had none. */
export interface FormGuard {
  /** The hidden `csrf` field's value. */
  token: string;
  /** A `Set-Cookie` value, or `null` when the request carried a usable nonce. */
  setCookie: string | null;
}

function tokenFor(secret: string, subject: string, nonce: string, session: string | null): string {
  return createHmac('sha256', secret)
    .update(`form|${subject}|${nonce}|${session ?? ''}`)
    .digest('base64url');
}

/**
 * The form token for a consent page (rule 2 above): bound to `subject` (the request token), the nonce cookie
 * (created when missing or malformed) and `session`, the signed session cookie's value when the user is
 * signed in (`null` otherwise).
 *
 * @example
 * ```ts
 * const guard = formGuard(ctx.secret, request, requestToken, signedIn ? sessionValue : null);
 * // <input type="hidden" name="csrf" value="${guard.token}">, and Set-Cookie: guard.setCookie when not null
 * ```
 */
export function formGuard(secret: string, request: Request, subject: string, session: string | null): FormGuard {
  let nonce = cookie(request, CSRF_COOKIE);
  let setCookie: string | null = null;
  if (nonce === undefined || !NONCE.test(nonce)) {
    nonce = randomBytes(18).toString('base64url');
    const secure = new URL(request.url).protocol === 'https:';
    setCookie = `${CSRF_COOKIE}=${nonce}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }
  return { token: tokenFor(secret, subject, nonce, session), setCookie };
}

/**
 * Why a consent form's POST is refused (rules 1 and 2 above), or `null` when it may proceed: the origin check,
 * then the `given` form token against the request's nonce cookie, `subject` and `session` (as for
 * {@link formGuard}), compared in constant time. Rule 3 (the password) is the caller's.
 *
 * @example
 * ```ts
 * if (formPostRefusal(ctx.secret, request, requestToken, session, fields.get('csrf') ?? '') !== null) return forbidden();
 * ```
 */
export function formPostRefusal(
  secret: string,
  request: Request,
  subject: string,
  session: string | null,
  given: string,
): 'cross-site' | 'no-origin' | 'other-origin' | 'token' | null {
  const origin = formOriginRefusal(request, new URL(request.url).origin);
  if (origin !== null) return origin;
  const nonce = cookie(request, CSRF_COOKIE);
  if (nonce === undefined || !NONCE.test(nonce)) return 'token';
  return timingSafeEqual(tokenFor(secret, subject, nonce, session), given) ? null : 'token';
}

/**
 * The CSP `form-action` sources for a consent form whose app registered `callback`: `'self'`, plus the
 * callback's origin (Chromium enforces `form-action` on the redirect after the submission, RFC 5849 §2.2's
 * redirect to the callback included). `oob` adds nothing. A callback whose origin is not a plain host-source
 * (a custom scheme, an IPv6 literal) adds its scheme instead.
 *
 * @example
 * ```ts
 * formActionSources('https://app.example/cb?x=1'); // ["'self'", 'https://app.example']
 * formActionSources('oob'); // ["'self'"]
 * ```
 */
export function formActionSources(callback: string): string[] {
  const sources = ["'self'"];
  if (callback === 'oob' || !URL.canParse(callback)) return sources;
  const url = new URL(callback);
  if (/^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(url.origin)) sources.push(url.origin);
  else if (/^[a-z][a-z0-9+.-]*:$/.test(url.protocol)) sources.push(url.protocol);
  return sources;
}
