/**
 * OAuth 2.0 redirect URIs of sandbox apps: what may be registered, and whether a requested one matches. X asks
 * for exact matching (RFC 6749 §3.1.2.2, §10.6); a registered loopback URI (`http://127.0.0.1/…`,
 * `http://[::1]/…`, `http://localhost/…`) matches the same URI on any port, as native apps need (RFC 8252 §7.3).
 *
 * @module
 */

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Throws a `RangeError` for a redirect URI that cannot be registered: not absolute, or with a fragment
 * (RFC 6749 §3.1.2).
 *
 * @example
 * ```ts
 * checkRedirectUri('http://127.0.0.1/callback'); // ok
 * checkRedirectUri('https://example.com/cb#x'); // throws
 * ```
 */
export function checkRedirectUri(uri: string): void {
  if (uri.length > 2048 || !URL.canParse(uri) || uri.includes('#') || /\s/.test(uri))
    throw new RangeError(`invalid redirect URI: ${uri} (absolute, no fragment)`);
}

function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/**
 * Whether `requested` is one of `registered`: the same string, or for a loopback registration the same URI
 * with any port (RFC 8252 §7.3).
 *
 * @example
 * ```ts
 * redirectUriMatches(['http://127.0.0.1/callback'], 'http://127.0.0.1:53682/callback'); // true
 * redirectUriMatches(['https://example.com/cb'], 'https://example.com/cb2'); // false
 * ```
 */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  if (!URL.canParse(requested)) return false;
  const asked = new URL(requested);
  if (!isLoopback(asked) || asked.username !== '' || asked.password !== '' || asked.hash !== '') return false;
  for (const entry of registered) {
    if (!URL.canParse(entry)) continue;
    const url = new URL(entry);
    if (!isLoopback(url) || url.port !== '') continue;
    if (url.hostname === asked.hostname && url.pathname === asked.pathname && url.search === asked.search) return true;
  }
  return false;
}
