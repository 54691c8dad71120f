/**
 * `oauth1x/provider`: verify OAuth 1.0a signed requests (RFC 5849 §3.2) and serve the token endpoints. Web APIs
 * only; the SQLite, Redis and node:http / Hono pieces live behind their own subpath exports.
 *
 * @example
 * ```ts
 * import { problemResponse, verifyRequest } from 'oauth1x/provider';
 * const verified = await verifyRequest(request, { lookupConsumer, lookupToken, nonceStore });
 * ```
 *
 * @module
 */
export { type NonceStore, nonceKey } from './nonce-store.js';
export { oauthProblem, PROBLEM_STATUS, type ProblemCode, problemResponse, toProblemError } from './problems.js';
export type {
  ConsumerRecord,
  ExpectedToken,
  MaybePromise,
  ParameterLocation,
  TokenKind,
  TokenRecord,
  VerifiedRequest,
  VerifyCompat,
  VerifyLimits,
  VerifyOptions,
} from './verify-options.js';
