/**
 * The contract of `verifyRequest` (RFC 5849 §3.2): what the host application injects (credential lookups, a
 * nonce store, a clock, policy, limits) and what a verified request resolves to. Types only.
 *
 * @module
 */
import type { Parameter } from '../core/parameters.js';
import type { SignatureMethod } from '../core/signature-methods.js';
import type { WebCryptoKey } from '../core/web-types.js';
import type { NonceStore } from './nonce-store.js';

/** A value or a promise of it: lookups may answer synchronously (memory) or asynchronously (SQLite, Redis). */
export type MaybePromise<T> = T | Promise<T>;

/** What the consumer lookup returns for a known consumer key (client credentials, RFC 5849 §1.1). */
export interface ConsumerRecord {
  /** Shared secret for the HMAC-* methods and PLAINTEXT. */
  secret?: string | undefined;
  /** RSA public key for the RSA-* methods: PEM (SPKI, PKCS#1 or an X.509 certificate) or a `CryptoKey`. */
  publicKey?: string | WebCryptoKey | undefined;
  /** Signature methods this consumer may use; default: every method `VerifyOptions.signatureMethods` allows. */
  signatureMethods?: readonly SignatureMethod[] | undefined;
}

/** The two kinds of token (RFC 5849 §2): temporary credentials (request token) and token credentials (access token). */
export type TokenKind = 'request' | 'access';

/** What the token lookup returns for a known token. */
export interface TokenRecord {
  /** The token's shared secret. */
  secret: string;
  kind: TokenKind;
  /** The consumer the token was issued to; a token presented by any other consumer is rejected. */
  consumerKey: string;
  /** Expiry in epoch milliseconds (checked against `clock.now()`); absent: never expires. */
  expiresAt?: number | undefined;
  /** `true` once a request token was exchanged: a second use is `token_used`. */
  used?: boolean | undefined;
  /** The verifier issued when the user authorised this request token (§2.2); checked when `requireVerifier` is set. */
  verifier?: string | undefined;
}

/**
 * Which token the route expects: `access` (a protected resource, §3), `request` (the access-token endpoint,
 * §2.3), `none` (the request-token endpoint or a 2-legged call: an `oauth_token` is rejected) or `optional`
 * (either no token or an access token).
 */
export type ExpectedToken = 'access' | 'request' | 'none' | 'optional';

/** Hard limits, checked before anything is parsed. */
export interface VerifyLimits {
  /** Longest `Authorization` header, in characters. Default 8192. */
  maxHeaderLength?: number | undefined;
  /** Longest request URL, in characters. Default 8192. */
  maxUrlLength?: number | undefined;
  /** Most parameters in header, query and form body together. Default 64. */
  maxParameters?: number | undefined;
  /** Largest form body read, in bytes. Default 65536. */
  maxBodyBytes?: number | undefined;
  /** Longest `oauth_nonce`, in characters. Default 64. */
  maxNonceLength?: number | undefined;
}

/** X (Twitter) compatibility switches for clients that bend the RFC the way X's own servers tolerate. */
export interface VerifyCompat {
  /**
   * Accept `oauth_token` / `oauth_verifier` repeated in the query or form body when the protocol parameters
   * travel in the `Authorization` header: a repeated value must equal the header's and is signed once (what
   * twitter-api-v2 does on `access_token`); an `oauth_verifier` only in the body is taken as a protocol
   * parameter. Default `false`: any `oauth_*` parameter outside the header is `parameter_rejected`.
   */
  repeatedTokenInBody?: boolean | undefined;
  /**
   * Accept a parameter that travels in the `Authorization` header and again, with the same value, in the
   * query or form body, taking it once (signed once, as the clients that do this sign it: oauth-1.0a with
   * `data: { oauth_callback: 'oob' }`, clients that also put `x_auth_*` in the header). RFC 5849 §3.5 allows
   * one location only, so the default `false` rejects it; X tolerated it. A parameter repeated with a
   * different value is `parameter_rejected` in every mode, its message naming the parameter and both places.
   */
  sameValueInHeaderAndBody?: boolean | undefined;
}

/** Options of `verifyRequest`. Only `lookupConsumer` and `nonceStore` are required. */
export interface VerifyOptions<C extends ConsumerRecord = ConsumerRecord, T extends TokenRecord = TokenRecord> {
  /**
   * Finds a consumer by `oauth_consumer_key`; `null` when unknown. May throw an `OAuthProblemError` to refuse a
   * consumer (e.g. `consumer_key_refused`); any other error becomes `temporarily_unavailable` (503).
   */
  lookupConsumer: (consumerKey: string) => MaybePromise<C | null | undefined>;
  /**
   * Finds a token by `oauth_token`; `null` when unknown. Required unless `expectToken` is `none`. Errors as for
   * `lookupConsumer`.
   */
  lookupToken?: ((token: string, consumerKey: string) => MaybePromise<T | null | undefined>) | undefined;
  /** Which token the route expects. Default `access`. */
  expectToken?: ExpectedToken | undefined;
  /** Replay protection (§3.3). Claimed only after the signature verified. */
  nonceStore: NonceStore;
  /** Time source in epoch milliseconds. Default `Date.now`. */
  clock?:
    | {
        /** The current time in epoch milliseconds. */
        now(): number;
      }
    | undefined;
  /** Accepted clock difference in seconds, both directions. Default 300. */
  timestampWindowSeconds?: number | undefined;
  /** Signature methods accepted. Default: every method in `SIGNATURE_METHODS`. */
  signatureMethods?: readonly SignatureMethod[] | undefined;
  /** Allow PLAINTEXT over plain `http:` (never do this outside tests). Default `false`: PLAINTEXT needs https. */
  allowInsecurePlaintext?: boolean | undefined;
  /** The realm answered in `WWW-Authenticate`, and the one required when `requireRealm` is set. */
  realm?: string | undefined;
  /** When `true`, the `Authorization` header must carry `realm` equal to `options.realm`. Default `false`. */
  requireRealm?: boolean | undefined;
  /**
   * The URL the client signed. Default `request.url`. Behind a proxy or in a sandbox, pass the public URL
   * (scheme from the TLS terminator, host from the `Host` header).
   */
  url?: string | URL | undefined;
  /** The HTTP method the client signed. Default `request.method`. */
  method?: string | undefined;
  /**
   * The request body as text, when the caller already read it (fastest). Default: a form body is read from a
   * clone of the request, so the caller can still read it. Non-form bodies are never read.
   */
  body?: string | null | undefined;
  /** Extra protocol parameters the route requires, e.g. `['oauth_callback']` or `['oauth_verifier']`. */
  requiredParams?: readonly string[] | undefined;
  /** Check `oauth_verifier` against the request token's `verifier` in constant time (access-token endpoint). */
  requireVerifier?: boolean | undefined;
  /**
   * With `requireVerifier`: called once per attempt, after the signature, the nonce and the token's state
   * checked out and before `oauth_verifier` is compared (RFC 5849 §2.3). Count the attempt here (atomically)
   * and throw an `OAuthProblemError` to refuse it without comparing; any other error answers 503. Counting
   * after the signature means only the holder of the token secret can spend a token's attempts. The token
   * endpoints handler uses it for `maxVerifierAttempts`.
   */
  beforeVerifierCheck?: ((tokenKey: string, token: TokenRecord) => MaybePromise<void>) | undefined;
  /**
   * Report every credential failure alike: an unknown consumer, an unknown or revoked token (or one of another
   * consumer or kind), a signature method this consumer may not use and a bad signature all reject with the
   * same `signature_invalid` (401), so an answer never tells which credential exists. The precise problem is kept
   * as the error's `cause`, for the host's own logs (never send it). Default `false`: each has its own
   * `oauth_problem` (OAuth Problem Reporting), which helps developers but lets anyone test consumer keys.
   */
  uniformCredentialErrors?: boolean | undefined;
  compat?: VerifyCompat | undefined;
  limits?: VerifyLimits | undefined;
}

/** Where the protocol parameters travelled (§3.5). */
export type ParameterLocation = 'header' | 'query' | 'body';

/** What `verifyRequest` resolves to: an authenticated request. */
export interface VerifiedRequest<C extends ConsumerRecord = ConsumerRecord, T extends TokenRecord = TokenRecord> {
  consumerKey: string;
  consumer: C;
  /** The `oauth_token` value, or `null` when the request carries none. */
  tokenKey: string | null;
  token: T | null;
  /** Every protocol parameter except `oauth_signature`, decoded (e.g. `oauth_callback`, `oauth_verifier`). */
  oauthParams: Readonly<Record<string, string>>;
  /** The non-protocol parameters: query, then form body, decoded, in request order, duplicates kept. */
  params: Parameter[];
  signatureMethod: SignatureMethod;
  /** The signature base string (§3.4.1.1) that verified. Contains no secrets. */
  baseString: string;
  /** Where the protocol parameters were found. */
  location: ParameterLocation;
  /** The `realm` of the Authorization header, if any. */
  realm: string | undefined;
  /** `oauth_timestamp` in seconds. */
  timestamp: number;
  nonce: string;
  /** The form body text that was read (or passed in), `undefined` when there was none. */
  body: string | undefined;
}
