/**
 * X's reverse auth: step 1, `POST /oauth/request_token` with `x_auth_mode=reverse_auth` (signed by the server
 * app) answers a signed `OAuth ...` header; step 2, `POST /oauth/access_token` with `x_reverse_auth_target`
 * and `x_reverse_auth_parameters` (signed by the device app with the user's token there) answers an access
 * token of that user for the target app. Requests are verified with the provider's `verifyRequest`; the
 * one-time grant is a request token in the provider store, consumed atomically.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { generateNonce, OAuthProblemError, parseAuthorizationHeader, toAuthorizationHeader } from 'oauth1x';
import { formResponse, oauthProblem, randomToken, verifyRequest } from 'oauth1x/provider';
import type { SandboxContext } from './context.js';
import { xOAuthError } from './x-oauth-errors.js';

const GRANT_TTL_MS = 15 * 60 * 1000;

function grantSignature(ctx: SandboxContext, grant: string): string {
  return createHmac('sha1', ctx.secret).update(`reverse_auth|${grant}`).digest('base64');
}

function lookupConsumer(ctx: SandboxContext) {
  return (key: string) => {
    const app = ctx.accounts.appByKey(key);
    return app ? { secret: app.consumerSecret, signatureMethods: app.signatureMethods, publicKey: app.rsaPublicKey ?? undefined } : null;
  };
}

/**
 * Whether a token-endpoint request is a reverse-auth step (by its form body).
 *
 * @example
 * ```ts
 * reverseAuthStep('/oauth/request_token', 'x_auth_mode=reverse_auth'); // 1
 * ```
 */
export function reverseAuthStep(pathname: string, body: string | undefined): 1 | 2 | null {
  if (body === undefined) return null;
  const form = new URLSearchParams(body);
  if (pathname === '/oauth/request_token' && form.get('x_auth_mode') === 'reverse_auth') return 1;
  if (pathname === '/oauth/access_token' && form.has('x_reverse_auth_target')) return 2;
  return null;
}

/**
 * Serves a reverse-auth step.
 *
 * @example
 * ```ts
 * if (reverseAuthStep(url.pathname, body) === 1) return reverseAuth(ctx, request, body, 1);
 * ```
 */
export async function reverseAuth(ctx: SandboxContext, request: Request, body: string, step: 1 | 2): Promise<Response> {
  const realm = new URL(request.url).origin;
  try {
    if (step === 1) {
      const verified = await verifyRequest(request, {
        lookupConsumer: lookupConsumer(ctx),
        nonceStore: ctx.store,
        clock: { now: ctx.now },
        timestampWindowSeconds: ctx.timestampWindowSeconds,
        uniformCredentialErrors: ctx.uniformCredentialErrors,
        expectToken: 'none',
        body,
      });
      const grant = randomToken(32);
      const now = ctx.now();
      await ctx.store.saveRequestToken({
        token: grant,
        secret: randomToken(32),
        consumerKey: verified.consumerKey,
        callback: 'oob',
        state: 'pending',
        verifier: null,
        userId: null,
        createdAt: now,
        expiresAt: now + GRANT_TTL_MS,
        meta: { reverse_auth: '1' },
      });
      const header = toAuthorizationHeader([
        ['oauth_consumer_key', verified.consumerKey],
        ['oauth_nonce', generateNonce()],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', String(Math.floor(now / 1000))],
        ['oauth_token', grant],
        ['oauth_version', '1.0'],
        ['oauth_signature', grantSignature(ctx, grant)],
      ]);
      return new Response(header, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
    }
    const verified = await verifyRequest<{ secret?: string }, { secret: string; kind: 'access'; consumerKey: string; userId: string }>(
      request,
      {
        lookupConsumer: lookupConsumer(ctx),
        lookupToken: async (key) => {
          const token = await ctx.store.getAccessToken(key);
          return token && { secret: token.secret, kind: 'access', consumerKey: token.consumerKey, userId: token.userId };
        },
        nonceStore: ctx.store,
        clock: { now: ctx.now },
        timestampWindowSeconds: ctx.timestampWindowSeconds,
        uniformCredentialErrors: ctx.uniformCredentialErrors,
        body,
      },
    );
    const param = (name: string) => verified.params.find(([n]) => n === name)?.[1] ?? '';
    const target = param('x_reverse_auth_target');
    let parsed: ReturnType<typeof parseAuthorizationHeader>;
    try {
      parsed = parseAuthorizationHeader(param('x_reverse_auth_parameters'));
    } catch {
      parsed = null;
    }
    const fields = new Map(parsed?.params ?? []);
    const grant = fields.get('oauth_token') ?? '';
    const expected = Buffer.from(grantSignature(ctx, grant));
    const given = Buffer.from(fields.get('oauth_signature') ?? '');
    const record = grant === '' ? null : await ctx.store.getRequestToken(grant);
    if (
      fields.get('oauth_consumer_key') !== target ||
      expected.length !== given.length ||
      !timingSafeEqual(expected, given) ||
      record === null ||
      record.meta.reverse_auth !== '1' ||
      record.consumerKey !== target
    ) {
      throw oauthProblem('token_rejected', 'x_reverse_auth_parameters are not valid for x_reverse_auth_target');
    }
    const userId = (verified.token as { userId: string }).userId;
    const approved = await ctx.store.authorizeRequestToken(grant, userId, randomToken(20), ctx.now());
    const consumed = approved.ok ? await ctx.store.consumeRequestToken(grant, ctx.now()) : approved;
    if (!consumed.ok)
      throw oauthProblem(
        consumed.reason === 'expired' ? 'token_expired' : 'token_used',
        'The reverse-auth parameters were already used or expired',
      );
    let token = await ctx.store.findAccessToken(target, userId);
    if (token === null) {
      token = {
        token: `${userId}-${randomToken(24)}`,
        secret: randomToken(32),
        consumerKey: target,
        userId,
        createdAt: ctx.now(),
        expiresAt: null,
        meta: {},
      };
      await ctx.store.saveAccessToken(token);
    }
    return formResponse([
      ['oauth_token', token.token],
      ['oauth_token_secret', token.secret],
      ['user_id', userId],
      ['screen_name', ctx.accounts.userById(userId)?.screenName ?? ''],
    ]);
  } catch (error) {
    if (!(error instanceof OAuthProblemError)) throw error;
    return xOAuthError(error, step === 1 ? 'request_token' : 'access_token', realm, ctx.now());
  }
}
