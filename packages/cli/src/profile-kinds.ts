/**
 * The credential kinds a CLI profile may hold, as X's v2 API takes them (`security` in X's OpenAPI document):
 * OAuth 1.0a user context (`consumer` + `token`, the fields profiles always had), an OAuth 2.0 user token from
 * Authorization Code with PKCE (`oauth2`, RFC 6749 §4.1 + RFC 7636) and an app-only bearer (`app`, minted
 * from the consumer key and secret with `client_credentials`, RFC 6749 §4.4). `--auth` picks one per call.
 *
 * @module
 */
import { UsageError } from './args.js';

/** A credential kind: OAuth 1.0a user context, OAuth 2.0 user token, app-only bearer. */
export type AuthKind = 'oauth1' | 'oauth2' | 'app';

/** The kinds, in the order the default picks them. */
export const AUTH_KINDS: readonly AuthKind[] = ['oauth1', 'oauth2', 'app'];

/** An OAuth 2.0 user token and the client it was issued to. */
export interface OAuth2Credential {
  clientId: string;
  /** Only for confidential clients. */
  clientSecret?: string | undefined;
  accessToken: string;
  /** Only when `offline.access` was granted. */
  refreshToken?: string | undefined;
  /** Epoch milliseconds. */
  expiresAt?: number | undefined;
  scopes: string[];
}

/** An app-only bearer token (the consumer key and secret that mint it stay in the profile's `consumer`). */
export interface AppCredential {
  bearer: string;
}

/** What a profile's credentials look like (the other fields are in `Profile`). */
export interface ProfileCredentials {
  consumer?: { key: string; secret: string } | undefined;
  token?: { key: string; secret: string } | undefined;
  oauth2?: OAuth2Credential | undefined;
  app?: AppCredential | undefined;
}

const isPair = (v: unknown): v is { key: string; secret: string } =>
  v !== null &&
  typeof v === 'object' &&
  typeof (v as { key?: unknown }).key === 'string' &&
  typeof (v as { secret?: unknown }).secret === 'string';

const optional = (v: unknown, type: 'string' | 'number') => v === undefined || typeof v === type;

function isOAuth2(v: unknown): v is OAuth2Credential {
  const c = v as OAuth2Credential;
  return (
    c !== null &&
    typeof c === 'object' &&
    typeof c.clientId === 'string' &&
    typeof c.accessToken === 'string' &&
    optional(c.clientSecret, 'string') &&
    optional(c.refreshToken, 'string') &&
    optional(c.expiresAt, 'number') &&
    Array.isArray(c.scopes) &&
    c.scopes.every((s) => typeof s === 'string')
  );
}

/**
 * Whether a stored value holds well-formed credentials: each field present has its shape, a token comes with
 * its consumer, and at least one kind (or the consumer alone, which can mint an app-only bearer) is there.
 *
 * @example
 * ```ts
 * hasValidCredentials({ consumer: { key: 'k', secret: 's' }, token: { key: 't', secret: 'ts' } }); // true
 * ```
 */
export function hasValidCredentials(p: ProfileCredentials): boolean {
  if (p.consumer !== undefined && !isPair(p.consumer)) return false;
  if (p.token !== undefined && (!isPair(p.token) || p.consumer === undefined)) return false;
  if (p.oauth2 !== undefined && !isOAuth2(p.oauth2)) return false;
  if (p.app !== undefined && (p.app === null || typeof p.app !== 'object' || typeof p.app.bearer !== 'string')) return false;
  return p.consumer !== undefined || p.oauth2 !== undefined || p.app !== undefined;
}

/**
 * The kinds a profile can sign with: `oauth1` with a consumer and a token, `oauth2` with a user token, `app`
 * with a bearer or a consumer to mint one.
 *
 * @example
 * ```ts
 * profileKinds({ consumer, token }); // ['oauth1', 'app']
 * ```
 */
export function profileKinds(p: ProfileCredentials): AuthKind[] {
  const kinds: AuthKind[] = [];
  if (p.consumer !== undefined && p.token !== undefined) kinds.push('oauth1');
  if (p.oauth2 !== undefined) kinds.push('oauth2');
  if (p.app !== undefined || p.consumer !== undefined) kinds.push('app');
  return kinds;
}

/**
 * Checks an `--auth` value.
 *
 * @example
 * ```ts
 * parseAuthKind('oauth2'); // 'oauth2'
 * ```
 */
export function parseAuthKind(value: string | undefined): AuthKind | undefined {
  if (value === undefined) return undefined;
  if (!(AUTH_KINDS as readonly string[]).includes(value)) throw new UsageError(`--auth must be oauth1, oauth2 or app, got "${value}"`);
  return value as AuthKind;
}

/**
 * The kind a call uses: `wanted` when the profile has it (a {@link UsageError} naming what it has otherwise),
 * else OAuth 1.0a if present, else OAuth 2.0, else app-only.
 *
 * @example
 * ```ts
 * pickAuthKind({ oauth2 }, undefined, 'alice'); // 'oauth2'
 * ```
 */
export function pickAuthKind(p: ProfileCredentials, wanted: AuthKind | undefined, name: string): AuthKind {
  const kinds = profileKinds(p);
  if (wanted === undefined) {
    const first = kinds[0];
    if (first === undefined) throw new UsageError(`profile "${name}" holds no credentials`);
    return first;
  }
  if (!kinds.includes(wanted)) {
    const how: Record<AuthKind, string> = {
      oauth1: "'oauth1x authorize'",
      oauth2: "'oauth1x authorize --oauth2'",
      app: "'oauth1x authorize --bearer'",
    };
    throw new UsageError(
      `profile "${name}" has no ${wanted} credentials (it has: ${kinds.join(', ') || 'none'}; add them with ${how[wanted]})`,
    );
  }
  return wanted;
}

/**
 * A label for a kind, for humans.
 *
 * @example
 * ```ts
 * describeKind('app'); // 'app-only bearer token'
 * ```
 */
export function describeKind(kind: AuthKind): string {
  return { oauth1: 'OAuth 1.0a user context', oauth2: 'OAuth 2.0 user token', app: 'app-only bearer token' }[kind];
}
