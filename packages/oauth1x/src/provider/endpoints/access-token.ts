/**
 * The access-token endpoint (RFC 5849 §2.3): the three-legged exchange (request token + verifier, single use)
 * and xAuth (`x_auth_mode=client_auth`: username and password, for consumers allowed to use it, throttled per
 * username and client: see `login-throttle.ts`). Used by {@link createProviderHandler}.
 *
 * @module
 */
import { OAuthProblemError } from '../../core/errors.js';
import type { Parameter } from '../../core/parameters.js';
import { uniformCredentialError } from '../credentials.js';
import { oauthProblem } from '../problems.js';
import type { AccessTokenRecord, RequestTokenRecord } from '../stores/types.js';
import type { TokenRecord, VerifiedRequest } from '../verify-options.js';
import { verifyRequest } from '../verify-request.js';
import { formResponse, storeTokenLookup, transitionProblem } from './helpers.js';
import { canonicalUsername, createLoginThrottle } from './login-throttle.js';
import type { AuthenticatedUser, ProviderConsumer, ProviderHandlerOptions, XAuthThrottle } from './types.js';

/** Seconds a throttled xAuth client should wait, keyed by the error it receives. Internal to the handler. */
export const retryAfter = new WeakMap<OAuthProblemError, number>();

/** What the endpoint functions share. */
export interface EndpointContext<C extends ProviderConsumer> {
  options: ProviderHandlerOptions<C>;
  now(): number;
  verifyBase(request: Request, body: string | undefined): Parameters<typeof verifyRequest<C>>[1];
  secret(): string;
}

function first(params: readonly Parameter[], name: string): string | undefined {
  for (const [key, value] of params) if (key === name) return value;
  return undefined;
}

async function issue<C extends ProviderConsumer>(
  ctx: EndpointContext<C>,
  request: Request,
  consumerKey: string,
  consumer: C,
  userId: string,
  mode: 'verifier' | 'xauth',
  requestToken: RequestTokenRecord | null,
): Promise<Response> {
  const { options, now } = ctx;
  const store = options.store;
  const at = now();
  let token: AccessTokenRecord | null = null;
  if (options.reuseAccessTokens === true) {
    const existing = await store.findAccessToken(consumerKey, userId);
    if (existing !== null && (existing.expiresAt === null || existing.expiresAt > at)) token = existing;
  }
  if (token === null) {
    const ttl = options.accessTokenTtlSeconds ?? null;
    token = {
      token: options.generate?.accessToken?.(userId, consumerKey) ?? ctx.secret(),
      secret: ctx.secret(),
      consumerKey,
      userId,
      createdAt: at,
      expiresAt: ttl === null ? null : at + ttl * 1000,
      meta: requestToken === null ? {} : { ...requestToken.meta },
    };
    await store.saveAccessToken(token);
  }
  const extra = (await options.accessTokenFields?.({ consumerKey, consumer, userId, token, mode, requestToken, request })) ?? {};
  const pairs: Parameter[] = [
    ['oauth_token', token.token],
    ['oauth_token_secret', token.secret],
  ];
  for (const [name, value] of Object.entries(extra)) if (name !== 'oauth_token' && name !== 'oauth_token_secret') pairs.push([name, value]);
  return formResponse(pairs);
}

/** Verifier attempts per request token when `maxVerifierAttempts` is not set. */
export const DEFAULT_MAX_VERIFIER_ATTEMPTS = 5;

/** The answer for a request token that died of wrong verifiers: what an unknown request token gets. */
function deadToken<C extends ProviderConsumer>(options: ProviderHandlerOptions<C>): OAuthProblemError {
  const unknown = transitionProblem('unknown');
  return options.verify?.uniformCredentialErrors === true ? uniformCredentialError(unknown) : unknown;
}

/**
 * The three-legged exchange: request token + verifier → access token, exactly once (RFC 5849 §2.3). Each attempt
 * that reaches the verifier comparison is counted first, in the store's atomic counter, so of any number of
 * concurrent guesses at most `maxVerifierAttempts` are compared (the others answer as for an unknown token),
 * and the token is deleted once that many were wrong. Internal to the handler.
 */
export async function exchangeVerifier<C extends ProviderConsumer>(ctx: EndpointContext<C>, request: Request, body: string | undefined) {
  const { options, now } = ctx;
  const store = options.store;
  const max = options.maxVerifierAttempts ?? DEFAULT_MAX_VERIFIER_ATTEMPTS;
  let attempts = 0;
  let tokenKey: string | null = null;
  // Called by verifyRequest once the signature, nonce and token state checked out, before the comparison.
  const countAttempt = async (key: string, token: TokenRecord): Promise<void> => {
    tokenKey = key;
    // The counter lasts as long as the token can be exchanged.
    const life = (token.expiresAt ?? now() + (options.requestTokenTtlSeconds ?? 900) * 1000) - now();
    attempts = await store.hit(`verifier:${key}`, Math.max(1000, life));
    // Past the limit: refused uncompared. Not deleted here, so a right verifier compared within the limit and
    // in flight still completes; the attempt that spent the limit on a wrong verifier deletes the token.
    if (attempts > max) throw deadToken(options);
  };
  let verified: VerifiedRequest<C>;
  try {
    verified = await verifyRequest<C>(request, {
      ...ctx.verifyBase(request, body),
      expectToken: 'request',
      requireVerifier: true,
      lookupToken: storeTokenLookup(options.store, 'request'),
      beforeVerifierCheck: countAttempt,
    });
  } catch (error) {
    // The last allowed attempt was wrong: the token dies now (later attempts find it unknown).
    if (tokenKey !== null && attempts >= max && error instanceof OAuthProblemError && error.problem === 'verifier_invalid') {
      await store.deleteRequestToken(tokenKey);
    }
    throw error;
  }
  const consumedKey = verified.tokenKey as string;
  // verifyRequest checked the verifier in constant time; the store makes the exchange single-use atomically.
  const consumed = await store.consumeRequestToken(consumedKey, now());
  if (!consumed.ok) throw transitionProblem(consumed.reason);
  const record = consumed.record;
  if (record.userId === null) throw oauthProblem('verifier_invalid', 'The request token was not authorised');
  return issue(ctx, request, verified.consumerKey, verified.consumer, record.userId, 'verifier', record);
}

/** The throttle's client key for `request`; '' (count per username only) when unknown or when the function throws. */
function clientOf(throttle: XAuthThrottle | undefined, request: Request): string {
  try {
    return throttle?.clientKey?.(request) ?? '';
  } catch {
    return '';
  }
}

/** The canonical username: the host's `normalizeUsername`, or {@link canonicalUsername} when absent or when it fails. */
function canonicalOf(throttle: XAuthThrottle | undefined, username: string): string {
  try {
    const name = throttle?.normalizeUsername?.(username);
    if (typeof name === 'string') return name;
  } catch {
    // The default below.
  }
  return canonicalUsername(username);
}

/** xAuth: username and password → access token, for consumers allowed to use it. Internal to the handler. */
export async function exchangePassword<C extends ProviderConsumer>(ctx: EndpointContext<C>, request: Request, body: string | undefined) {
  const { options } = ctx;
  const verified = await verifyRequest<C>(request, { ...ctx.verifyBase(request, body), expectToken: 'none' });
  const mode = first(verified.params, 'x_auth_mode');
  if (mode !== 'client_auth') {
    throw oauthProblem('parameter_rejected', 'x_auth_mode must be client_auth', { oauth_parameters_rejected: 'x_auth_mode' });
  }
  if (verified.consumer.xAuth !== true || options.authenticateUser === undefined) {
    throw oauthProblem('consumer_key_refused', 'This consumer is not permitted to use xAuth', {
      oauth_problem_advice: 'This consumer is not permitted to use xAuth',
    });
  }
  const username = first(verified.params, 'x_auth_username');
  const password = first(verified.params, 'x_auth_password');
  const missing = [username === undefined || username === '' ? 'x_auth_username' : '', password === undefined ? 'x_auth_password' : ''];
  const absent = missing.filter((name) => name !== '');
  if (absent.length > 0)
    throw oauthProblem('parameter_absent', `Missing ${absent.join(', ')}`, { oauth_parameters_absent: absent.join('&') });

  const throttle = options.xAuthThrottle;
  // One canonical name for the counters and the lookup; counted whether or not the user exists, so the
  // throttle reveals nothing.
  const name = canonicalOf(throttle, username as string);
  const client = clientOf(throttle, request);
  const admission = await createLoginThrottle({ ...throttle, store: options.store, prefix: 'xauth', clock: { now: ctx.now } }).admit({
    username: name,
    client,
    app: verified.consumerKey,
  });
  if (!admission.ok) {
    const advice = 'Too many failed logins for this username; retry later';
    const error = oauthProblem('permission_denied', advice, { oauth_problem_advice: advice }, { status: 429 });
    retryAfter.set(error, admission.retryAfterSeconds);
    throw error;
  }
  const user = await options.authenticateUser(username as string, password as string, {
    canonicalUsername: name,
    consumerKey: verified.consumerKey,
    consumer: verified.consumer,
    request,
  });
  const ok = user !== null && typeof user?.userId === 'string';
  await admission.settle(ok);
  // The same answer for an unknown user and a wrong password.
  if (!ok)
    throw oauthProblem('permission_denied', 'Invalid username or password', { oauth_problem_advice: 'Invalid username or password' });
  return issue(ctx, request, verified.consumerKey, verified.consumer, (user as AuthenticatedUser).userId, 'xauth', null);
}
