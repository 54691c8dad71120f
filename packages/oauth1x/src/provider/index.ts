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
export {
  type CollectCompat,
  type CollectedParameters,
  type CollectLimits,
  collectParameters,
  type DuplicateParameter,
  duplicateParameterOf,
  type ParameterPlace,
  type RawRequestParts,
} from './collect-parameters.js';
export { uniformCredentialError } from './credentials.js';
export { createProviderHandler, DEFAULT_PATHS } from './endpoints/handler.js';
export { formResponse, randomToken, storeTokenLookup } from './endpoints/helpers.js';
export {
  canonicalUsername,
  createLoginThrottle,
  type LoginAdmission,
  type LoginAttempt,
  type LoginLimit,
  type LoginThrottle,
  type LoginThrottleOptions,
} from './endpoints/login-throttle.js';
export type * from './endpoints/types.js';
export { formatXError, X_PATHS, X_PRESET, type XError, xErrorFor, xVerifier } from './endpoints/x-preset.js';
export { type NonceStore, nonceKey, type SyncClaimParts, type SyncClaims, withSyncClaim } from './nonce-store.js';
export { oauthProblem, PROBLEM_STATUS, type ProblemCode, problemResponse, toProblemError } from './problems.js';
export { type BodySource, declaresMoreThan, readBodyWithin } from './request-body.js';
export { createMemoryNonces, type MemoryNonces } from './stores/memory-nonces.js';
export { createMemoryStore, type MemoryStoreOptions } from './stores/memory-store.js';
export type * from './stores/types.js';
export { DEFAULT_RETENTION_MS } from './stores/types.js';
export { timestampExpiresAt } from './timestamp.js';
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
export { verifyRequest } from './verify-request.js';
