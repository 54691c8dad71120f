/**
 * OAuth 1.0a user context on X API routes: the provider's `verifyRequest` against the URL the client signed,
 * the token's user and app, and X's answer for a read-only app or token writing.
 *
 * @module
 */

import type { Parameter } from 'oauth1x';
import { OAuthProblemError } from 'oauth1x';
import type { TokenRecord } from 'oauth1x/provider';
import { verifyRequest } from 'oauth1x/provider';
import type { AppRecord, UserRecord } from './apps-users.js';
import type { CallAuth } from './bearer-auth.js';
import type { SandboxContext } from './context.js';
import { explainBaseString } from './request-log.js';
import { jsonResponse, v1Error, v2Problem } from './x-errors.js';
import { loggedProblem, xOAuthError } from './x-oauth-errors.js';

interface SandboxToken extends TokenRecord {
  userId: string;
  /** Issued for a request token asked with `x_auth_access_type=read`. */
  readOnly: boolean;
}

/** An authenticated API call: its user (`null` for app-only), app, auth kind and parameters. */
export interface Authenticated {
  user: UserRecord | null;
  app: AppRecord;
  auth: CallAuth;
  params: Parameter[];
}

/** Records one answered request in the request log. */
export type LogCall = (status: number, consumerKey: string | null, problem: string | null, baseString: string | null) => void;

/**
 * Verifies an OAuth 1.0a signed API request; the answer to send when it does not pass.
 *
 * @example
 * ```ts
 * const result = await verifyOAuth1(ctx, 'v2', request, bytes, false, undefined, 65536, log);
 * if (result instanceof Response) return result;
 * ```
 */
export async function verifyOAuth1(
  ctx: SandboxContext,
  style: 'v1' | 'v2',
  request: Request,
  bytes: Uint8Array<ArrayBuffer> | null,
  isForm: boolean,
  formText: string | undefined,
  maxBody: number,
  log: LogCall,
): Promise<Authenticated | Response> {
  const url = new URL(request.url);
  // A form body is passed to verifyRequest as text; only a non-form body is read again (from a fresh Request
  // over the bytes), and only when it carries oauth_body_hash.
  const verifyTarget =
    bytes === null || isForm ? request : new Request(request.url, { method: request.method, headers: request.headers, body: bytes });
  let verified: Awaited<ReturnType<typeof verifyRequest<{ secret?: string }, SandboxToken>>>;
  try {
    verified = await verifyRequest<{ secret?: string }, SandboxToken>(verifyTarget, {
      lookupConsumer: (key) => {
        const app = ctx.accounts.appByKey(key);
        return app
          ? { secret: app.consumerSecret, signatureMethods: app.signatureMethods, publicKey: app.rsaPublicKey ?? undefined }
          : null;
      },
      lookupToken: async (key) => {
        const token = await ctx.store.getAccessToken(key);
        if (token === null) return null;
        return {
          secret: token.secret,
          kind: 'access',
          consumerKey: token.consumerKey,
          userId: token.userId,
          expiresAt: token.expiresAt ?? undefined,
          readOnly: token.meta.x_auth_access_type === 'read',
        };
      },
      nonceStore: ctx.store,
      clock: { now: ctx.now },
      timestampWindowSeconds: ctx.timestampWindowSeconds,
      uniformCredentialErrors: ctx.uniformCredentialErrors,
      body: isForm ? (formText ?? null) : undefined,
      limits: { maxBodyBytes: maxBody, maxParameters: 256 },
    });
  } catch (error) {
    if (!(error instanceof OAuthProblemError)) throw error;
    const consumerKey = /oauth_consumer_key="([^"]*)"/.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;
    const base = explainBaseString(request.method, request.url, request.headers.get('authorization'), formText);
    const response = xOAuthError(error, style, url.origin, ctx.now());
    log(response.status, consumerKey, loggedProblem(error), base);
    return response;
  }
  const token = verified.token as SandboxToken;
  const user = ctx.accounts.userById(token.userId);
  const app = ctx.accounts.appByKey(verified.consumerKey);
  if (user === undefined || app === undefined) {
    log(401, verified.consumerKey, 'token_revoked', null);
    return style === 'v2' ? v2Problem(401) : v1Error(89);
  }
  if ((app.accessLevel === 'read' || token.readOnly) && request.method !== 'GET' && request.method !== 'HEAD') {
    log(403, verified.consumerKey, 'read_only_app', null);
    return style === 'v2'
      ? jsonResponse(
          {
            title: 'Unsupported Authentication',
            detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.',
            type: 'https://api.x.com/2/problems/oauth1-permissions',
            status: 403,
          },
          403,
        )
      : v1Error(261);
  }
  return { user, app, auth: { kind: 'oauth1' }, params: verified.params };
}
