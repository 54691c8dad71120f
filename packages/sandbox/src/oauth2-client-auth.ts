/**
 * Reading OAuth 2.0 token-endpoint requests: the form body (each parameter once, RFC 6749 §3.2) and the client,
 * authenticated by HTTP Basic (confidential clients, RFC 6749 §2.3.1: `client_id:client_secret`, each
 * form-urlencoded) or named by `client_id` in the body (public clients, PKCE alone). Errors are RFC 6749 §5.2
 * JSON with X's descriptions.
 *
 * @module
 */
import { timingSafeEqual } from 'oauth1x';
import { BodyError, readBody } from './api.js';
import type { AppRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { jsonResponse } from './x-errors.js';

/**
 * An RFC 6749 §5.2 error answer (`{error, error_description}`), never cached.
 *
 * @example
 * ```ts
 * return oauth2Error(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
 * ```
 */
export function oauth2Error(status: number, error: string, description: string): Response {
  return jsonResponse({ error, error_description: description }, status, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

/**
 * Thrown for a request that cannot be read or a client that is refused; carries its answer.
 *
 * @example
 * ```ts
 * throw new OAuth2RequestError(oauth2Error(401, 'unauthorized_client', 'Missing valid authorization header'));
 * ```
 */
export class OAuth2RequestError extends Error {
  constructor(readonly response: Response) {
    super('oauth2 request');
  }
}

/**
 * The form parameters of a token-endpoint request; each name once (RFC 6749 §3.2), UTF-8, at most 16 KiB; a
 * JSON object of strings is read too (X takes it).
 *
 * @example
 * ```ts
 * const form = await readTokenForm(request); // Map { 'grant_type' => 'authorization_code', … }
 * ```
 */
export async function readTokenForm(request: Request): Promise<Map<string, string>> {
  if (request.method !== 'POST') throw new OAuth2RequestError(oauth2Error(405, 'invalid_request', 'Only POST is allowed.'));
  const type = request.headers.get('content-type') ?? '';
  // X also takes a JSON object of strings, which twitter-api-v2 sends here (its body-type check reads
  // `url.password` where it meant the path, so /2/oauth2/* requests go out as JSON).
  const json = /^application\/json\s*(;|$)/i.test(type);
  if (!json && !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type))
    throw new OAuth2RequestError(oauth2Error(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.'));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode((await readBody(request, 16384)) ?? new Uint8Array());
  } catch (error) {
    const status = error instanceof BodyError ? error.status : 400;
    throw new OAuth2RequestError(oauth2Error(status, 'invalid_request', 'The request body could not be read.'));
  }
  const form = new Map<string, string>();
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed) ||
      !Object.values(parsed).every((v) => typeof v === 'string')
    )
      throw new OAuth2RequestError(oauth2Error(400, 'invalid_request', 'The request body must be a JSON object of strings.'));
    for (const [name, value] of Object.entries(parsed as Record<string, string>)) form.set(name, value);
    return form;
  }
  for (const [name, value] of new URLSearchParams(text)) {
    if (form.has(name)) throw new OAuth2RequestError(oauth2Error(400, 'invalid_request', `Duplicate parameter [${name.slice(0, 64)}].`));
    form.set(name, value);
  }
  return form;
}

/**
 * The `user:password` of an HTTP Basic header, each part form-decoded (RFC 6749 §2.3.1, RFC 1738 for X's
 * app-only keys); `null` when there is none, `undefined` when it is malformed.
 *
 * @example
 * ```ts
 * basicCredentials(new Headers({ authorization: `Basic ${btoa('id:secret')}` })); // ['id', 'secret']
 * ```
 */
export function basicCredentials(headers: Headers): [string, string] | null | undefined {
  const header = headers.get('authorization');
  if (header === null) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
  } catch {
    return undefined;
  }
}

/**
 * The client of a `/2/oauth2/*` request: a confidential client by HTTP Basic (its secret checked in constant
 * time), a public client by `client_id` in the body. A confidential client without Basic, a wrong secret, an
 * unknown client and a `client_id` that disagrees with Basic are all answered alike: 401 `unauthorized_client`.
 *
 * @example
 * ```ts
 * const app = oauth2Client(ctx, request.headers, form); // AppRecord, or throws OAuth2RequestError
 * ```
 */
export function oauth2Client(ctx: SandboxContext, headers: Headers, form: Map<string, string>): AppRecord {
  const refuse = () => new OAuth2RequestError(oauth2Error(401, 'unauthorized_client', 'Missing valid authorization header'));
  const basic = basicCredentials(headers);
  if (basic === undefined) throw refuse();
  if (basic !== null) {
    const [id, secret] = basic;
    const app = ctx.accounts.appByClientId(id);
    const expected = app?.oauth2ClientSecret ?? null;
    // Compared whether or not the client exists, so an unknown client costs what a wrong secret costs.
    const ok = timingSafeEqual(secret, expected ?? '\u0000'.repeat(48)) && expected !== null;
    const bodyId = form.get('client_id');
    // twitter-api-v2 repeats the client id and secret in the body beside Basic, as X accepts: they must agree.
    const bodySecret = form.get('client_secret');
    if (
      !ok ||
      app === undefined ||
      (bodyId !== undefined && bodyId !== id) ||
      (bodySecret !== undefined && !timingSafeEqual(bodySecret, secret))
    )
      throw refuse();
    return app;
  }
  const id = form.get('client_id');
  const app = id === undefined ? undefined : ctx.accounts.appByClientId(id);
  // A confidential client must authenticate (RFC 6749 §3.2.1); a public one is named only.
  if (app === undefined || app.oauth2ClientSecret !== null) throw refuse();
  return app;
}
