/**
 * The oauth1x signing core: RFC 5849 signing with Web APIs only (plus `node:crypto` for HMAC on Node, chosen
 * by export conditions). No runtime dependencies.
 *
 * @module
 */
export {
  type HeaderLimits,
  type ParsedAuthorizationHeader,
  parseAuthorizationHeader,
  realmValue,
  toAuthorizationHeader,
} from './authorization-header.js';
export { signatureBaseString } from './base-string.js';
export { baseStringUri, type ParsedRequestUrl, parseRequestUrl } from './base-string-uri.js';
export { bodyHash } from './body-hash.js';
export type { HashName } from './crypto-web.js';
export {
  OAuthError,
  type OAuthErrorCode,
  type OAuthErrorCodes,
  type OAuthErrorOptions,
  type OAuthProblem,
  OAuthProblemError,
  OAuthResponseError,
  type OAuthResponseErrorInit,
  type ResponseErrorBody,
} from './errors.js';
export { type ExplainedParameter, type Explanation, explainRequest, type ParameterSource, redactSecret } from './explain.js';
export { currentTimestamp, generateNonce } from './nonce.js';
export {
  formEncode,
  isFormContentType,
  normalizeParameters,
  type Parameter,
  type ParameterInput,
  parseFormEncoded,
  toParameterList,
} from './parameters.js';
export { formDecode, percentDecode, percentEncode } from './percent-encode.js';
export { decodePem, importRsaKey } from './rsa-keys.js';
export {
  type Credentials,
  type PreparedRequest,
  prepareRequest,
  type SignedRequest,
  type SignRequestOptions,
  signRequest,
  type Transport,
} from './sign-request.js';
export { createSignScheduler, defaultSignScheduler, type SignScheduler, type SignSchedulerOptions } from './sign-scheduler.js';
export {
  createSignature,
  isSignatureMethod,
  SIGNATURE_METHODS,
  type SignatureMethod,
  type SigningSecrets,
  signingKey,
  timingSafeEqual,
  type VerificationSecrets,
  verifySignature,
} from './signature-methods.js';
export type { CryptoKeyShape, WebBodyInit, WebCryptoKey } from './web-types.js';
