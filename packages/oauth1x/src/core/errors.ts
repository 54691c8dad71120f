/**
 * Error classes shared by every oauth1x module. There are few of them, each with a stable `code` string and
 * named fields, so callers branch on `code` / `problem` instead of parsing messages. Messages never contain
 * secrets (consumer secrets, token secrets, passwords, signatures).
 *
 * @module
 */

/** Options accepted by every oauth1x error. */
export interface OAuthErrorOptions {
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * Every `code` an oauth1x error carries, as the keys of an interface so a package built on oauth1x (the X
 * client) adds its own codes by module augmentation; {@link OAuthErrorCode} is their union, so
 * `switch (error.code)` is checked.
 *
 * @example
 * ```ts
 * import type { OAuthErrorCodes } from 'oauth1x';
 * const described: Record<keyof OAuthErrorCodes, boolean> | undefined = undefined;
 * ```
 */
export interface OAuthErrorCodes {
  /** A caller mistake: a missing or malformed option or argument. */
  ERR_INVALID_ARGUMENT: true;
  /** An optional peer dependency (better-sqlite3, ioredis) an entry needs is not installed. */
  ERR_MISSING_PEER: true;
  /** Bad percent-encoding (RFC 5849 §3.6) or invalid UTF-8. */
  ERR_INVALID_ENCODING: true;
  /** A URL that is not absolute http(s), or cannot be a base string URI (§3.4.1.2). */
  ERR_INVALID_URL: true;
  /** A malformed `Authorization: OAuth` header (§3.5.1). */
  ERR_INVALID_HEADER: true;
  /** An RSA key that cannot be imported (§3.4.3). */
  ERR_INVALID_KEY: true;
  /** A signature method oauth1x does not implement. */
  ERR_UNSUPPORTED_METHOD: true;
  /** A header, parameter count or body over a configured limit. */
  ERR_LIMIT_EXCEEDED: true;
  /** {@link OAuthProblemError}: a received request failed verification (provider side). */
  ERR_OAUTH_PROBLEM: true;
  /** {@link OAuthResponseError}: a provider answered with an error (client side). */
  ERR_OAUTH_RESPONSE: true;
  /** A provider's answer that is not what the protocol promises (e.g. a token response without a token). */
  ERR_INVALID_RESPONSE: true;
  /** The user denied the authorization (the callback carried `denied`). */
  ERR_ACCESS_DENIED: true;
  /** The provider did not answer `oauth_callback_confirmed=true` (§2.1). */
  ERR_CALLBACK_NOT_CONFIRMED: true;
  /** A callback URL without `oauth_token` and `oauth_verifier` (§2.2). */
  ERR_INVALID_CALLBACK: true;
  /** The callback's `oauth_token` is not the request token the flow started with (§2.2). */
  ERR_TOKEN_MISMATCH: true;
}

/**
 * The `code` of an oauth1x error: a string-literal union (see {@link OAuthErrorCodes}), stable across versions.
 *
 * @example
 * ```ts
 * import { OAuthError, type OAuthErrorCode } from 'oauth1x';
 * function describe(error: OAuthError): string {
 *   const code: OAuthErrorCode = error.code;
 *   switch (code) {
 *     case 'ERR_INVALID_ENCODING':
 *       return 'bad percent-encoding';
 *     default:
 *       return code;
 *   }
 * }
 * ```
 */
export type OAuthErrorCode = keyof OAuthErrorCodes;

/**
 * The `oauth_problem` values of the OAuth Problem Reporting extension (the values RFC 5849 §3.2's 400 and 401
 * answers carry), plus oauth1x's `verifier_invalid` (a wrong `oauth_verifier`, §2.3) and
 * `temporarily_unavailable` (503: a store or lookup failed, the request is refused and may be retried).
 *
 * @example
 * ```ts
 * import { OAuthProblemError, type OAuthProblem } from 'oauth1x';
 * function retryable(error: OAuthProblemError): boolean {
 *   const problem: OAuthProblem = error.problem;
 *   return problem === 'temporarily_unavailable' || problem === 'timestamp_refused';
 * }
 * ```
 */
export type OAuthProblem =
  | 'version_rejected'
  | 'parameter_absent'
  | 'parameter_rejected'
  | 'timestamp_refused'
  | 'nonce_used'
  | 'signature_method_rejected'
  | 'signature_invalid'
  | 'consumer_key_unknown'
  | 'consumer_key_rejected'
  | 'consumer_key_refused'
  | 'token_used'
  | 'token_expired'
  | 'token_revoked'
  | 'token_rejected'
  | 'verifier_invalid'
  | 'additional_authorization_required'
  | 'permission_unknown'
  | 'permission_denied'
  | 'user_refused'
  | 'temporarily_unavailable';

/**
 * Base class of every error oauth1x throws on purpose. `code` is stable across versions and typed
 * ({@link OAuthErrorCode}), so a `switch` over it is checked.
 *
 * @example
 * ```ts
 * import { OAuthError, percentDecode } from 'oauth1x';
 * try {
 *   percentDecode('%zz');
 * } catch (error) {
 *   if (error instanceof OAuthError && error.code === 'ERR_INVALID_ENCODING') console.log('bad input');
 * }
 * ```
 */
export class OAuthError extends Error {
  /** A stable machine-readable code such as `ERR_INVALID_ENCODING`. */
  readonly code: OAuthErrorCode;

  constructor(code: OAuthErrorCode, message: string, options: OAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuthError';
    this.code = code;
  }
}

/**
 * An OAuth problem detected while verifying a request (provider side), carrying the OAuth Problem Reporting
 * value (`problem`) and the HTTP status it maps to (400 or 401, RFC 5849 §3.2).
 *
 * @example
 * ```ts
 * import { OAuthProblemError } from 'oauth1x';
 * const error = new OAuthProblemError('nonce_used', 401, 'The nonce was already used');
 * console.log(error.code, error.problem, error.status); // ERR_OAUTH_PROBLEM nonce_used 401
 * ```
 */
export class OAuthProblemError extends OAuthError {
  /** The `oauth_problem` value, e.g. `signature_invalid`. */
  readonly problem: OAuthProblem;
  /** The HTTP status to answer with. */
  readonly status: number;
  /** Extra problem parameters, e.g. `oauth_acceptable_timestamps` or `oauth_parameters_absent`. */
  readonly params: Readonly<Record<string, string>>;

  constructor(
    problem: OAuthProblem,
    status: number,
    message: string,
    params: Record<string, string> = {},
    options: OAuthErrorOptions = {},
  ) {
    super('ERR_OAUTH_PROBLEM', message, options);
    this.name = 'OAuthProblemError';
    this.problem = problem;
    this.status = status;
    this.params = params;
  }

  /**
   * The HTTP answer for this problem (OAuth Problem Reporting): the status, `WWW-Authenticate: OAuth
   * realm="...", oauth_problem="..."` (plus the extra problem parameters) and the same parameters as a
   * form-encoded body. The message is not sent: it may say more than the problem code.
   *
   * @example
   * ```ts
   * import { OAuthProblemError } from 'oauth1x';
   * const response = new OAuthProblemError('nonce_used', 401, 'replay').toResponse({ realm: 'api' });
   * response.headers.get('www-authenticate'); // 'OAuth realm="api", oauth_problem="nonce_used"'
   * ```
   */
  toResponse(options: { realm?: string | undefined } = {}): Response {
    const pairs: Array<[string, string]> = [['oauth_problem', this.problem], ...Object.entries(this.params)];
    const encode = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const challenge = [`realm="${encode(options.realm ?? '')}"`, ...pairs.map(([k, v]) => `${encode(k)}="${encode(v)}"`)].join(', ');
    const headers = new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      'cache-control': 'no-store',
      'www-authenticate': `OAuth ${challenge}`,
    });
    if (this.status === 503) headers.set('retry-after', '1');
    return new Response(pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'), { status: this.status, headers });
  }
}

/**
 * Throws `ERR_INVALID_ARGUMENT` with the given message.
 *
 * @example
 * ```ts
 * if (!Number.isFinite(Number('x'))) invalidArgument('timestamp must be a number');
 * ```
 */
export function invalidArgument(message: string): never {
  throw new OAuthError('ERR_INVALID_ARGUMENT', message);
}

/** The parsed body of an error answer, by the shape the provider used. */
export type ResponseErrorBody =
  | { kind: 'form'; params: Record<string, string> }
  | { kind: 'x-errors'; errors: Array<{ code: number; message: string }> }
  | { kind: 'problem'; type?: string; title?: string; detail?: string; status?: number; [field: string]: unknown }
  | { kind: 'xml'; error: string; request?: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

/** Fields of an {@link OAuthResponseError}. */
export interface OAuthResponseErrorInit {
  status: number;
  body: ResponseErrorBody;
  problem?: string | undefined;
  /** The answer's headers (rate-limit figures and the like); default: none. */
  headers?: Headers | undefined;
  /** Origin and path of the request (never the query). */
  url?: string | undefined;
}

/**
 * A provider answered with an error (client side): `status`, the parsed `body` (form `oauth_problem`,
 * `{"errors":[...]}`, problem JSON, legacy XML, plain text), the OAuth `problem` when present, and the answer's
 * `headers`. Code `ERR_OAUTH_RESPONSE`. The message and fields never contain the secrets or password of the
 * request. (X's error code and rate-limit figures: `XApiError` in `@oauth1x/x`.)
 *
 * @example
 * ```ts
 * import { OAuthResponseError } from 'oauth1x';
 * try {
 *   await client.xauth('alice', 'wrong');
 * } catch (error) {
 *   if (error instanceof OAuthResponseError && error.status === 401) console.log(error.problem ?? error.body.kind);
 * }
 * ```
 */
export class OAuthResponseError extends OAuthError {
  readonly status: number;
  readonly body: ResponseErrorBody;
  readonly problem: string | undefined;
  readonly headers: Headers;
  readonly url: string | undefined;

  constructor(message: string, init: OAuthResponseErrorInit, options: OAuthErrorOptions = {}) {
    super('ERR_OAUTH_RESPONSE', message, options);
    this.name = 'OAuthResponseError';
    this.status = init.status;
    this.body = init.body;
    this.problem = init.problem;
    this.headers = init.headers ?? new Headers();
    this.url = init.url;
  }
}
