/**
 * oauth1x: OAuth 1.0a (RFC 5849) for every JavaScript runtime. The main entry is the signing core and uses
 * Web APIs only; flows, provider, X client and sandbox live behind their own subpath exports
 * (`oauth1x/client`, `oauth1x/provider`, `oauth1x/x`, `oauth1x/sandbox`).
 *
 * @example
 * ```ts
 * import { signRequest } from 'oauth1x';
 * const { authorization } = await signRequest({ method: 'GET', url: 'https://api.x.com/2/users/me', consumer, token });
 * ```
 *
 * @module
 */
export * from './core/index.js';
