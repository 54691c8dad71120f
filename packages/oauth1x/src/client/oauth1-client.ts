/**
 * `OAuth1Client`: every OAuth 1.0a flow as a typed async call — request token (§2.1), authorize URL (§2.2),
 * access token with a verifier (§2.3, PIN or callback), xAuth, X reverse auth, and 2-legged requests.
 *
 * @module
 */
import { type Credentials, formEncode, OAuthError } from '../core/index.js';
import type { ClockState } from './clock.js';
import { checkEndpoints } from './endpoints.js';
import { parseTokenResponse, responseError } from './response.js';
import { type SignerConfig, sendSigned, signerConfig } from './signed-fetch.js';
import type {
  AuthorizeUrlOptions,
  CallOptions,
  OAuth1ClientOptions,
  OAuthEndpoints,
  RequestTokenOptions,
  ReverseAuthParameters,
  SignedFetch,
  TokenResult,
} from './types.js';

function checkToken(token: Credentials, what: string): void {
  if (typeof token?.key !== 'string' || token.key === '' || typeof token.secret !== 'string') {
    throw new OAuthError('ERR_INVALID_ARGUMENT', `${what} must be { key, secret } strings`);
  }
}

/**
 * An OAuth 1.0a client for one consumer and one provider.
 *
 * @example
 * ```ts
 * import { OAuth1Client, parseCallback, xEndpoints } from 'oauth1x/client';
 * const client = new OAuth1Client({ consumer: { key, secret }, endpoints: xEndpoints() });
 * const pending = await client.requestToken({ callback: 'https://app.example/cb' });
 * redirect(client.authorizeUrl(pending.token));
 * // ...in the callback handler:
 * const { verifier } = parseCallback(callbackUrl, pending.token);
 * const { token, params } = await client.accessToken(pending.token, verifier); // params.screen_name, ...
 *
 * // xAuth (username + password, for apps X granted it):
 * const { token: userToken } = await client.xauth('alice', 'secret password');
 * ```
 */
export class OAuth1Client {
  /** The provider URLs in use. */
  readonly endpoints: Readonly<OAuthEndpoints>;
  readonly #config: SignerConfig;
  readonly #requireCallbackConfirmed: boolean;

  constructor(options: OAuth1ClientOptions) {
    if (options === null || typeof options !== 'object') throw new OAuthError('ERR_INVALID_ARGUMENT', 'OAuth1Client needs options');
    this.endpoints = Object.freeze(checkEndpoints(options.endpoints));
    this.#config = signerConfig({
      consumer: options.consumer,
      fetch: options.fetch,
      signatureMethod: options.signatureMethod,
      privateKey: options.privateKey,
      realm: options.realm,
      transport: options.transport,
      clock: options.clock,
      clockSkewWindow: options.clockSkewWindow,
      scheduler: options.scheduler,
    });
    this.#requireCallbackConfirmed = options.requireCallbackConfirmed !== false;
  }

  /** The consumer key (the secret is not exposed). */
  get consumerKey(): string {
    return this.#config.consumer.key;
  }

  /** Seconds added to the local clock when signing; learned from clock-skew refusals, settable (e.g. persisted). */
  get clockOffset(): number {
    return this.#config.clock.offset;
  }

  set clockOffset(value: number) {
    if (!Number.isFinite(value)) throw new TypeError('clockOffset must be a finite number of seconds');
    this.#config.clock.offset = Math.trunc(value);
  }

  /** The clock state shared by this client and the signed fetches it creates. */
  get clock(): ClockState {
    return this.#config.clock;
  }

  /** Signs with the client's settings and throws {@link OAuthResponseError} on a non-2xx answer; returns the body text. */
  async #call(
    url: string,
    form: Record<string, string>,
    options: {
      token?: Credentials | null;
      oauthParams?: Record<string, string>;
      signal?: AbortSignal | undefined;
      secrets?: string[];
      /** Forces POST (xAuth: a password never goes into a URL, where proxies and logs keep it). */
      post?: boolean;
    },
  ): Promise<string> {
    const method = options.post ? 'POST' : (this.endpoints.method ?? 'POST');
    const encoded = formEncode(Object.entries(form));
    let target = url;
    const init: RequestInit = { method, headers: { accept: 'application/x-www-form-urlencoded, text/plain, */*' } };
    if (options.signal !== undefined) init.signal = options.signal;
    if (encoded !== '') {
      if (method === 'GET') target += `${url.includes('?') ? '&' : '?'}${encoded}`;
      else {
        init.body = encoded;
        (init.headers as Record<string, string>)['content-type'] = 'application/x-www-form-urlencoded';
      }
    }
    const response = await sendSigned(this.#config, target, init, { token: options.token ?? null, oauthParams: options.oauthParams });
    const secrets = [this.#config.consumer.secret, ...(options.secrets ?? [])];
    if (options.token) secrets.push(options.token.secret);
    if (!response.ok) throw await responseError(response, { secrets, url });
    return response.text();
  }

  /**
   * Obtains temporary credentials (RFC 5849 §2.1). `callback` defaults to `oob` (PIN flow); `params` adds
   * provider parameters such as `{ x_auth_access_type: 'read' }`. Rejects an answer without
   * `oauth_callback_confirmed=true` (`ERR_CALLBACK_NOT_CONFIRMED`) unless `requireCallbackConfirmed: false`.
   *
   * @example
   * ```ts
   * const { token, params } = await client.requestToken({ callback: 'oob', params: { x_auth_access_type: 'write' } });
   * ```
   */
  async requestToken(options: RequestTokenOptions = {}): Promise<TokenResult> {
    const callback = options.callback ?? 'oob';
    const text = await this.#call(
      this.endpoints.requestTokenUrl,
      { ...options.params },
      { oauthParams: { oauth_callback: callback }, signal: options.signal },
    );
    const result = parseTokenResponse(text);
    if (this.#requireCallbackConfirmed && result.params.oauth_callback_confirmed !== 'true') {
      throw new OAuthError(
        'ERR_CALLBACK_NOT_CONFIRMED',
        'The provider did not confirm the callback (oauth_callback_confirmed=true missing)',
      );
    }
    return result;
  }

  /**
   * The URL to send the user to (RFC 5849 §2.2): `authorize`, or `authenticate` ("Sign in with X") with
   * `authenticate: true`; `forceLogin` and `screenName` map to X's `force_login` and `screen_name`.
   *
   * @example
   * ```ts
   * const url = client.authorizeUrl(pending.token, { forceLogin: true, screenName: 'alice' });
   * ```
   */
  authorizeUrl(requestToken: Credentials | string, options: AuthorizeUrlOptions = {}): string {
    const key = typeof requestToken === 'string' ? requestToken : requestToken?.key;
    if (typeof key !== 'string' || key === '') throw new OAuthError('ERR_INVALID_ARGUMENT', 'authorizeUrl needs the request token');
    let base = this.endpoints.authorizeUrl;
    if (options.authenticate) {
      if (this.endpoints.authenticateUrl === undefined)
        throw new OAuthError('ERR_INVALID_ARGUMENT', 'These endpoints have no authenticateUrl');
      base = this.endpoints.authenticateUrl;
    }
    const url = new URL(base);
    for (const [name, value] of Object.entries(options.params ?? {})) url.searchParams.set(name, value);
    url.searchParams.set('oauth_token', key);
    if (options.forceLogin) url.searchParams.set('force_login', 'true');
    if (options.screenName !== undefined) url.searchParams.set('screen_name', options.screenName);
    return url.href;
  }

  /**
   * Exchanges authorized temporary credentials and the verifier (from the callback or the PIN the user typed)
   * for token credentials (RFC 5849 §2.3). `params` carries every extra field (`user_id`, `screen_name`, ...).
   *
   * @example
   * ```ts
   * const { token, params } = await client.accessToken(pending.token, '8452367');
   * ```
   */
  async accessToken(requestToken: Credentials, verifier: string, options: CallOptions = {}): Promise<TokenResult> {
    checkToken(requestToken, 'requestToken');
    if (typeof verifier !== 'string' || verifier.trim() === '')
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'accessToken needs the verifier');
    const text = await this.#call(
      this.endpoints.accessTokenUrl,
      { ...options.params },
      { token: requestToken, oauthParams: { oauth_verifier: verifier.trim() }, signal: options.signal, secrets: [verifier.trim()] },
    );
    return parseTokenResponse(text);
  }

  /**
   * xAuth: exchanges a username and password for token credentials in one signed call to the access-token
   * URL (`x_auth_mode=client_auth`, `x_auth_username`, `x_auth_password` in the signed form body). `params`
   * carries `user_id`, `screen_name`, `x_auth_expires`, ... Always a POST, whatever `endpoints.method` says;
   * the password never appears in errors.
   *
   * @example
   * ```ts
   * const { token, params } = await client.xauth('alice', 'correct horse battery staple');
   * console.log(params.screen_name, params.x_auth_expires);
   * ```
   */
  async xauth(username: string, password: string, options: CallOptions = {}): Promise<TokenResult> {
    if (typeof username !== 'string' || username === '') throw new OAuthError('ERR_INVALID_ARGUMENT', 'xauth needs a username');
    if (typeof password !== 'string' || password === '') throw new OAuthError('ERR_INVALID_ARGUMENT', 'xauth needs a password');
    const form = { ...options.params, x_auth_mode: 'client_auth', x_auth_username: username, x_auth_password: password };
    const text = await this.#call(this.endpoints.accessTokenUrl, form, { signal: options.signal, secrets: [password], post: true });
    return parseTokenResponse(text);
  }

  /**
   * Reverse auth, step 1 (X, on the server holding this consumer): asks the request-token URL with
   * `x_auth_mode=reverse_auth` for a signed `OAuth ...` header, which a device passes to
   * {@link OAuth1Client.exchangeReverseAuth} to get a token for this consumer.
   *
   * @example
   * ```ts
   * const reverse = await serverClient.reverseAuth(); // send reverse.parameters to the device
   * ```
   */
  async reverseAuth(options: CallOptions = {}): Promise<ReverseAuthParameters> {
    const text = await this.#call(
      this.endpoints.requestTokenUrl,
      { ...options.params, x_auth_mode: 'reverse_auth' },
      { signal: options.signal },
    );
    const parameters = text.trim();
    if (!/^OAuth\s+\S/.test(parameters)) throw new OAuthError('ERR_INVALID_RESPONSE', 'The reverse-auth answer is not an OAuth header');
    return { parameters, consumerKey: this.consumerKey };
  }

  /**
   * Reverse auth, step 2 (on the device, with the device's consumer and the user's token there): exchanges
   * the step-1 header for token credentials issued to the target consumer (`x_reverse_auth_target`,
   * `x_reverse_auth_parameters`).
   *
   * @example
   * ```ts
   * const { token, params } = await deviceClient.exchangeReverseAuth(deviceUserToken, reverse);
   * ```
   */
  async exchangeReverseAuth(userToken: Credentials, reverse: ReverseAuthParameters, options: CallOptions = {}): Promise<TokenResult> {
    checkToken(userToken, 'userToken');
    if (typeof reverse?.parameters !== 'string' || typeof reverse.consumerKey !== 'string') {
      throw new OAuthError('ERR_INVALID_ARGUMENT', 'exchangeReverseAuth needs { parameters, consumerKey } from reverseAuth()');
    }
    const form = { ...options.params, x_reverse_auth_target: reverse.consumerKey, x_reverse_auth_parameters: reverse.parameters };
    const text = await this.#call(this.endpoints.accessTokenUrl, form, { token: userToken, signal: options.signal });
    return parseTokenResponse(text);
  }

  /**
   * A signed `fetch` with this client's consumer, signature method, transport and clock. Without a token it
   * makes 2-legged (consumer-only) requests.
   *
   * @example
   * ```ts
   * const appFetch = client.signedFetch(); // 2-legged
   * const userFetch = client.signedFetch(token);
   * await userFetch('https://api.x.com/2/users/me');
   * ```
   */
  signedFetch(token: Credentials | null = null, options: { bodyHash?: boolean; retryOnClockSkew?: boolean } = {}): SignedFetch {
    if (token !== null) checkToken(token, 'token');
    const config: SignerConfig = {
      ...this.#config,
      token,
      bodyHash: options.bodyHash === true,
      retryOnClockSkew: options.retryOnClockSkew !== false,
    };
    const signedFetch = ((input: string | URL | Request, init?: RequestInit) => sendSigned(config, input, init)) as SignedFetch;
    Object.defineProperty(signedFetch, 'clockOffset', {
      get: () => config.clock.offset,
      set: (value: number) => {
        this.clockOffset = value;
      },
      enumerable: true,
    });
    Object.defineProperty(signedFetch, 'clock', { value: config.clock, enumerable: true });
    return signedFetch;
  }
}
