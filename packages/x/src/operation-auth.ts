/**
 * Which credentials X accepts for each operation (the `security` of X's OpenAPI document, tabled in
 * `x-auth.generated.ts`), and the check the X client makes before sending: the wrong credential kind, or an
 * OAuth 2.0 token without a scope the operation needs, is refused without a request (X would answer 403).
 *
 * @module
 */
import { OAuthError } from 'oauth1x';
import type { CredentialKind } from './auth-types.js';
import { X_OPERATION_AUTH } from './x-auth.generated.js';

/** What X accepts for one operation. */
export interface OperationAuth {
  /** `METHOD /path` as X's document writes it. */
  operation: string;
  operationId: string;
  /** The credential kinds X accepts; empty when the operation needs none. */
  kinds: CredentialKind[];
  /** The OAuth 2.0 scopes an `oauth2` token needs (all of them). */
  scopes: string[];
}

interface Route {
  method: string;
  regex: RegExp;
  params: number;
  key: string;
}

let routes: Route[] | undefined;

function table(): Route[] {
  if (routes !== undefined) return routes;
  routes = Object.keys(X_OPERATION_AUTH).map((key) => {
    const [method = '', path = ''] = key.split(' ');
    let params = 0;
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, () => {
      params++;
      return '[^/]+';
    });
    return { method, regex: new RegExp(`^${source}$`), params, key };
  });
  // Literal paths before templates: GET /2/users/me is getUsersMe, not GET /2/users/{id}.
  routes.sort((a, b) => a.params - b.params);
  return routes;
}

const KIND_NAMES: Record<CredentialKind, string> = {
  oauth1: 'OAuth 1.0a user context',
  oauth2: 'an OAuth 2.0 user token',
  app: 'an app-only bearer',
};

/**
 * The operation of X's document a request is (`method` and the path below the API origin), or `undefined`
 * for a path the document does not have (a newer endpoint, v1.1).
 *
 * @example
 * ```ts
 * operationAuth('POST', '/2/tweets');
 * // { operation: 'POST /2/tweets', operationId: 'createPosts', kinds: ['oauth1', 'oauth2'], scopes: ['tweet.read', 'tweet.write', 'users.read'] }
 * ```
 */
export function operationAuth(method: string, path: string): OperationAuth | undefined {
  const upper = method.toUpperCase();
  const route = table().find((r) => r.method === upper && r.regex.test(path));
  if (route === undefined) return undefined;
  const [operationId, kinds, scopes] = X_OPERATION_AUTH[route.key] as readonly [string, string, string];
  return {
    operation: route.key,
    operationId,
    kinds: kinds === '' ? [] : (kinds.split(' ') as CredentialKind[]),
    scopes: scopes === '' ? [] : scopes.split(' '),
  };
}

/** Fields of an {@link XCredentialError}. */
export interface XCredentialErrorInit {
  /** The X client method called (`tweet`, `request`, …). */
  method: string;
  operation: string;
  operationId: string;
  /** The kind the client holds. */
  kind: CredentialKind;
  /** The kinds X accepts for the operation. */
  accepted: CredentialKind[];
  /** For an OAuth 2.0 token: the scopes the operation needs, those the token has, and those it lacks. */
  scopesNeeded?: string[] | undefined;
  scopesGranted?: string[] | undefined;
  scopesMissing?: string[] | undefined;
}

/**
 * The X client was asked for an operation its credentials cannot do, found before sending: code
 * `ERR_X_CREDENTIAL_KIND` (X does not accept this kind there; its answer would be 403) or `ERR_X_OAUTH2_SCOPE`
 * (the OAuth 2.0 token lacks a scope the operation needs). Names the method, the operation, the kinds X
 * accepts and, for OAuth 2.0, the scopes needed, granted and missing; never a token.
 *
 * @example
 * ```ts
 * try {
 *   await new XClient({ auth: { kind: 'app', bearer } }).tweet('hi');
 * } catch (error) {
 *   if (error instanceof XCredentialError) console.log(error.accepted); // ['oauth1', 'oauth2']
 * }
 * ```
 */
export class XCredentialError extends OAuthError {
  readonly method: string;
  readonly operation: string;
  readonly operationId: string;
  readonly kind: CredentialKind;
  readonly accepted: CredentialKind[];
  readonly scopesNeeded: string[] | undefined;
  readonly scopesGranted: string[] | undefined;
  readonly scopesMissing: string[] | undefined;

  constructor(init: XCredentialErrorInit) {
    const where = `XClient.${init.method} (${init.operation}, ${init.operationId})`;
    const scopes = (list: string[] | undefined) => (list === undefined || list.length === 0 ? '(none)' : list.join(' '));
    const message =
      init.scopesMissing !== undefined
        ? `${where} needs the OAuth 2.0 scopes ${scopes(init.scopesNeeded)}; the token has ${scopes(init.scopesGranted)} (missing ${scopes(init.scopesMissing)}): authorize again with them`
        : `${where} takes ${init.accepted.map((k) => `${KIND_NAMES[k]} (${k})`).join(' or ')}${
            init.accepted.includes('oauth2') ? ` with the scopes ${scopes(init.scopesNeeded)}` : ''
          }, not ${KIND_NAMES[init.kind]} (${init.kind})`;
    super(init.scopesMissing !== undefined ? 'ERR_X_OAUTH2_SCOPE' : 'ERR_X_CREDENTIAL_KIND', message);
    this.name = 'XCredentialError';
    this.method = init.method;
    this.operation = init.operation;
    this.operationId = init.operationId;
    this.kind = init.kind;
    this.accepted = init.accepted;
    this.scopesNeeded = init.scopesNeeded;
    this.scopesGranted = init.scopesGranted;
    this.scopesMissing = init.scopesMissing;
  }
}

/**
 * Throws {@link XCredentialError} when X does not accept `kind` for the operation `method path` or, for an
 * OAuth 2.0 token whose scopes are known, when the token lacks one it needs. Paths X's document does not have
 * pass unchecked.
 *
 * @example
 * ```ts
 * checkCredentials('tweet', 'POST', '/2/tweets', 'app'); // throws: takes OAuth 1.0a user context (oauth1) or …
 * ```
 */
export function checkCredentials(
  caller: string,
  method: string,
  path: string,
  kind: CredentialKind,
  grantedScopes?: readonly string[] | undefined,
): void {
  const auth = operationAuth(method, path);
  if (auth === undefined || auth.kinds.length === 0) return;
  const base = { method: caller, operation: auth.operation, operationId: auth.operationId, kind, accepted: auth.kinds };
  const needed = auth.kinds.includes('oauth2') ? auth.scopes : undefined;
  if (!auth.kinds.includes(kind)) throw new XCredentialError({ ...base, scopesNeeded: needed });
  if (kind !== 'oauth2' || grantedScopes === undefined) return;
  const missing = auth.scopes.filter((s) => !grantedScopes.includes(s));
  if (missing.length > 0)
    throw new XCredentialError({ ...base, scopesNeeded: auth.scopes, scopesGranted: [...grantedScopes], scopesMissing: missing });
}
