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
export { requestBaseString } from './base-string.js';
export { checkBodyHash } from './body-hash-check.js';
export {
  type CollectCompat,
  type CollectedParameters,
  type CollectLimits,
  collectParameters,
  type DuplicateParameter,
  duplicateParameterOf,
  type EncodedPair,
  type ParameterPlace,
  type RawRequestParts,
} from './collect-parameters.js';
export {
  type CredentialPlan,
  callLookup,
  checkSignature,
  reportCredentials,
  uniformCredentialError,
  weighCredentials,
} from './credentials.js';
export { type DualParameter, dualParameter, isCanonicalEncoding, isUnreservedRange, parseFormPairs } from './encoded-pairs.js';
export { createProviderHandler, DEFAULT_PATHS } from './endpoints/handler.js';
export {
  callbackMatches,
  callbackWith,
  checkCallback,
  formResponse,
  randomToken,
  storeTokenLookup,
  transitionProblem,
} from './endpoints/helpers.js';
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
export { checkNonceFormat, claimNonce, nonceUsed } from './nonce.js';
export { type NonceStore, nonceKey, parseNonceKey, SYNC_CLAIM, SYNC_CLAIM_PARTS, type SyncClaimParts } from './nonce-store.js';
export { parseOAuthHeader, scanOAuthHeader } from './parse-authorization.js';
export { oauthProblem, PROBLEM_STATUS, type ProblemCode, problemResponse, toProblemError } from './problems.js';
export { checkBodyLength, decodeBodyText, readBodyBytes } from './request-body.js';
export { type RequestUrlParts, splitRequestUrl } from './request-url.js';
export { createMemoryNonces, type MemoryNonces } from './stores/memory-nonces.js';
export { createMemoryStore, type MemoryStoreOptions } from './stores/memory-store.js';
export type * from './stores/types.js';
export { DEFAULT_RETENTION_MS } from './stores/types.js';
export { checkTimestamp, timestampExpiresAt } from './timestamp.js';
export { checkVerifier } from './verifier-check.js';
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
