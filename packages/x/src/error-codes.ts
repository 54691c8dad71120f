/**
 * The error codes the X client adds to the core's {@link OAuthErrorCodes} (module augmentation), so
 * `OAuthError#code` stays one checked string-literal union that includes them wherever the X client is used.
 *
 * @module
 */
import type { OAuthErrorCodes } from 'oauth1x';

declare module 'oauth1x' {
  interface OAuthErrorCodes {
    /** X answered an OAuth 2.0 authorization with an error (RFC 6749 §4.1.2.1). */
    ERR_OAUTH2_AUTHORIZATION: true;
    /** The OAuth 2.0 callback's `state` is not the one the flow started with (RFC 6749 §10.12). */
    ERR_OAUTH2_STATE: true;
    /** Refreshing an OAuth 2.0 token failed: authorize again. */
    ERR_OAUTH2_REFRESH: true;
    /** The `onTokens` callback (saving refreshed tokens) threw. */
    ERR_OAUTH2_ON_TOKENS: true;
    /** An OAuth 2.0 step failed with something that is not an `Error`. */
    ERR_UNKNOWN: true;
    /** `XCredentialError`: the call does not take this kind of credentials. */
    ERR_X_CREDENTIAL_KIND: true;
    /** `XCredentialError`: the OAuth 2.0 token lacks scopes the call needs. */
    ERR_X_OAUTH2_SCOPE: true;
    /** `thread()` stopped at a post X refused; `posted` lists what went out before it. */
    ERR_X_THREAD: true;
    /** X reported that uploaded media failed processing. */
    ERR_MEDIA_PROCESSING: true;
    /** Uploaded media was still processing when the wait ran out. */
    ERR_TIMEOUT: true;
  }
}

/**
 * The codes the X client's errors carry (a subset of `OAuthErrorCode` once this module is loaded).
 *
 * @example
 * ```ts
 * import type { XErrorCode } from '@oauth1x/x';
 * const code: XErrorCode = 'ERR_X_OAUTH2_SCOPE';
 * ```
 */
export type XErrorCode = Extract<
  keyof OAuthErrorCodes,
  `ERR_OAUTH2_${string}` | `ERR_X_${string}` | 'ERR_UNKNOWN' | 'ERR_MEDIA_PROCESSING' | 'ERR_TIMEOUT'
>;
