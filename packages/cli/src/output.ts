/**
 * Output helpers shared by the API commands: coloured JSON on a terminal, and one-line hints for X errors.
 *
 * @module
 */
import { billingHints, isUsageCapped } from './billing-hints.js';
import type { CliIo } from './io.js';

const COLORS = { key: '\x1b[36m', string: '\x1b[32m', number: '\x1b[33m', literal: '\x1b[35m', reset: '\x1b[0m' };

/**
 * True when stdout is a terminal and `NO_COLOR` is not set (https://no-color.org).
 *
 * @example
 * ```ts
 * if (useColor(io)) io.stdout.write('\x1b[32mok\x1b[0m\n');
 * ```
 */
export function useColor(io: CliIo): boolean {
  return io.stdout.isTTY === true && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '') && io.env.TERM !== 'dumb';
}

/**
 * Pretty-prints a JSON value, coloured with ANSI escapes when `color` is true.
 *
 * @example
 * ```ts
 * io.stdout.write(`${prettyJson({ data: { id: '1' } }, true)}\n`);
 * ```
 */
export function prettyJson(value: unknown, color: boolean): string {
  const text = JSON.stringify(value, null, 2);
  if (!color) return text;
  return text.replace(
    /("(?:\\.|[^"\\])*")(\s*:)?|\b(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b|\b(true|false|null)\b/g,
    (match, str, colon, num, lit) => {
      if (str !== undefined)
        return colon !== undefined ? `${COLORS.key}${str}${COLORS.reset}${colon}` : `${COLORS.string}${str}${COLORS.reset}`;
      if (num !== undefined) return `${COLORS.number}${num}${COLORS.reset}`;
      if (lit !== undefined) return `${COLORS.literal}${lit}${COLORS.reset}`;
      return match;
    },
  );
}

/**
 * Writes a response body: pretty (and coloured unless `NO_COLOR`) JSON on a terminal, the raw text otherwise.
 *
 * @example
 * ```ts
 * writeBody(io, await response.text(), response.headers.get('content-type'));
 * ```
 */
export function writeBody(io: CliIo, text: string, contentType: string | null): void {
  if (io.stdout.isTTY === true && /json/i.test(contentType ?? '')) {
    try {
      io.stdout.write(`${prettyJson(JSON.parse(text), useColor(io))}\n`);
      return;
    } catch {
      // Not JSON after all: print it raw.
    }
  }
  io.stdout.write(text);
  if (io.stdout.isTTY === true && text !== '' && !text.endsWith('\n')) io.stdout.write('\n');
}

/** X error codes found in a JSON error body (`{"errors":[{"code":..}]}`). */
function errorCodes(text: string): number[] {
  try {
    const value = JSON.parse(text) as { errors?: Array<{ code?: unknown }> };
    return Array.isArray(value.errors) ? value.errors.map((e) => Number(e?.code)).filter((n) => Number.isFinite(n)) : [];
  } catch {
    return [];
  }
}

/** `3 h 20 min`, `12 min`, `40 s`. */
function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  const minutes = Math.round(s / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
}

/** The hint for a 429 from a used-up 24-hour window (X's `x-app-limit-24hour-*` / `x-user-limit-24hour-*`). */
function dailyHint(headers: Headers, now: number): string | undefined {
  for (const scope of ['app', 'user'] as const) {
    if (headers.get(`x-${scope}-limit-24hour-remaining`)?.trim() !== '0') continue;
    const limit = headers.get(`x-${scope}-limit-24hour-limit`)?.trim();
    const reset = Number(headers.get(`x-${scope}-limit-24hour-reset`));
    const when =
      Number.isFinite(reset) && reset > 0 ? `${new Date(reset * 1000).toISOString()} (in ${duration(reset - now / 1000)})` : 'X resets it';
    const whose = scope === 'app' ? "the app's 24-hour limit (shared by all its users)" : "this user's 24-hour limit";
    return `daily limit reached: ${whose}${limit ? ` of ${limit} requests` : ''} on this endpoint is used up until ${when}; retrying sooner will not help, retry after that`;
  }
  return undefined;
}

/**
 * One-line hints for an error answer: X codes 135 (clock skew, with the measured offset), 32 (credentials
 * or signature rejected), 89 (token invalid), rate limits (429; a used-up 24-hour window says when it resets),
 * OAuth problems, and X's billing, enrollment and plan answers (402 credits depleted, 403 client-not-enrolled,
 * 429 usage-capped, the posting rules).
 *
 * @example
 * ```ts
 * for (const hint of errorHints(response.status, text, response.headers)) io.stderr.write(`hint: ${hint}\n`);
 * ```
 */
export function errorHints(status: number, text: string, headers: Headers, now = Date.now()): string[] {
  const hints: string[] = [];
  const codes = errorCodes(text);
  const problem = /oauth_problem=([a-z_]+)/.exec(text)?.[1];
  if (codes.includes(135) || problem === 'timestamp_refused') {
    const date = Date.parse(headers.get('date') ?? '');
    const offset = Number.isNaN(date) ? undefined : Math.round((now - date) / 1000);
    hints.push(
      offset === undefined
        ? "X error 135: the timestamp was refused; check this machine's clock"
        : `X error 135: this machine's clock is off by ${offset > 0 ? '+' : ''}${offset} s compared with the server; fix the clock (e.g. enable NTP)`,
    );
  }
  if (codes.includes(32) || problem === 'signature_invalid') {
    // X (and the sandbox) answer 32 for every credential failure alike: a revoked token included.
    hints.push(
      "X error 32: the credentials were refused (wrong key or secret, revoked token, or bad signature): if the token was revoked re-run 'oauth1x authorize'; else inspect the signature with 'oauth1x request -v' and check a capture with 'oauth1x verify'",
    );
  }
  if (codes.includes(89) || problem === 'token_rejected' || problem === 'token_revoked' || problem === 'token_expired') {
    hints.push("X error 89: the token is invalid or expired; re-run 'oauth1x authorize'");
  }
  if (status === 401 && hints.length === 0) {
    hints.push(
      "401: the credentials were refused: if the token was revoked re-run 'oauth1x authorize'; else inspect the signature with 'oauth1x request -v'",
    );
  }
  hints.push(...billingHints(status, text));
  const daily = status === 429 ? dailyHint(headers, now) : undefined;
  if (daily !== undefined) hints.push(daily);
  else if ((status === 429 && !isUsageCapped(text)) || codes.includes(88)) {
    const reset = Number(headers.get('x-rate-limit-reset'));
    hints.push(
      Number.isFinite(reset) && reset > 0
        ? `rate limited until ${new Date(reset * 1000).toISOString()} (in ${Math.max(0, Math.round(reset - now / 1000))} s)`
        : 'rate limited: retry later',
    );
  }
  return hints;
}
