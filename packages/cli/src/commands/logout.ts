/**
 * `oauth1x logout NAME`: revoke a profile's tokens at the provider and remove the profile (or, with `--auth`,
 * one kind of its credentials).
 *
 * @module
 */
import { signRequest } from 'oauth1x';
import { parseCommandArgs, UsageError } from '../args.js';
import { tlsFetch } from '../connection.js';
import type { CliFetch } from '../http.js';
import type { CliIo } from '../io.js';
import { errorHints } from '../output.js';
import { type AuthKind, describeKind, parseAuthKind } from '../profile-kinds.js';
import { loadProfiles, type Profile, updateProfiles } from '../profiles.js';

export const help = `Usage: oauth1x logout NAME [--auth oauth1|oauth2|app] [--local] [--cacert FILE] [--insecure]

Revokes the profile's tokens at the provider and removes the profile from the store:
  OAuth 1.0a         POST /1.1/oauth/invalidate_token, signed with the token
  OAuth 2.0          POST /2/oauth2/revoke for the refresh token and the access token (RFC 7009)
  app-only bearer    POST /oauth2/invalidate_token with the consumer key and secret
With --auth, only that kind is revoked and removed (the profile stays while it holds others). If the provider
cannot be reached or refuses, what it refused is kept (exit 1); --local removes without calling the provider.
A token the provider no longer knows (401; for OAuth 2.0 any token, RFC 7009 §2.2) counts as revoked.

Examples:
  oauth1x logout alice
  oauth1x logout alice --auth oauth2
  oauth1x logout alice@127.0.0.1:8787 --local
`;

/** What a profile has to revoke, per kind. */
function revocable(profile: Profile): AuthKind[] {
  const kinds: AuthKind[] = [];
  if (profile.token !== undefined) kinds.push('oauth1');
  if (profile.oauth2 !== undefined) kinds.push('oauth2');
  if (profile.app !== undefined) kinds.push('app');
  return kinds;
}

/** Removes one kind's credentials from a profile. */
function strip(profile: Profile, kind: AuthKind): void {
  if (kind === 'oauth1') delete profile.token;
  else if (kind === 'oauth2') delete profile.oauth2;
  else delete profile.app;
}

async function revokeOAuth1(io: CliIo, profile: Profile, fetch: CliFetch): Promise<boolean> {
  const url = `${profile.host}/1.1/oauth/invalidate_token`;
  const signed = await signRequest({
    method: 'POST',
    url,
    consumer: profile.consumer as { key: string; secret: string },
    token: profile.token,
  });
  const response = await fetch(url, { method: 'POST', headers: { authorization: signed.authorization } });
  const text = await response.text();
  if (!response.ok && response.status !== 401) {
    io.stderr.write(
      `oauth1x logout: the provider refused to invalidate the OAuth 1.0a token (HTTP ${response.status}); it is kept (--local removes it anyway)\n`,
    );
    for (const hint of errorHints(response.status, text, response.headers)) io.stderr.write(`hint: ${hint}\n`);
    return false;
  }
  io.stdout.write(response.ok ? 'token invalidated\n' : 'token already invalid at the provider\n');
  return true;
}

async function revokeBearer(io: CliIo, profile: Profile, kind: 'oauth2' | 'app', fetch: CliFetch): Promise<boolean> {
  const { revokeOAuth2Token } = await import('@oauth1x/x');
  const { invalidateAppOnlyToken } = await import('@oauth1x/x');
  try {
    if (kind === 'oauth2') {
      const c = profile.oauth2 as NonNullable<Profile['oauth2']>;
      // The refresh token first: revoking it ends the grant (RFC 7009 §2.1), then the access token itself.
      for (const token of [c.refreshToken, c.accessToken]) {
        if (token !== undefined)
          await revokeOAuth2Token({ clientId: c.clientId, clientSecret: c.clientSecret, token, baseUrl: profile.host, fetch });
      }
      io.stdout.write('OAuth 2.0 token revoked\n');
    } else {
      const consumer = profile.consumer;
      if (consumer === undefined) {
        io.stderr.write(
          'oauth1x logout: the app-only bearer cannot be invalidated without the consumer key and secret; it is kept (--local removes it anyway)\n',
        );
        return false;
      }
      const token = (profile.app as NonNullable<Profile['app']>).bearer;
      await invalidateAppOnlyToken({ consumerKey: consumer.key, consumerSecret: consumer.secret, token, baseUrl: profile.host, fetch });
      io.stdout.write('app-only bearer invalidated\n');
    }
    return true;
  } catch (error) {
    const { OAuthResponseError } = await import('oauth1x');
    const status = error instanceof OAuthResponseError ? ` (HTTP ${error.status})` : '';
    if (!(error instanceof OAuthResponseError) && !(error instanceof TypeError)) throw error;
    io.stderr.write(
      `oauth1x logout: could not revoke the ${describeKind(kind)}${status}: ${error.message}; it is kept (--local removes it anyway)\n`,
    );
    return false;
  }
}

/**
 * Runs `oauth1x logout`.
 *
 * @example
 * ```ts
 * await run(['alice'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { auth: { type: 'string' }, local: { type: 'boolean' }, cacert: { type: 'string' }, insecure: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('expects exactly one profile NAME');
  const only = parseAuthKind(values.auth);
  const name = positionals[0] as string;
  const file = await loadProfiles(io.env);
  const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
  if (profile === undefined) throw new UsageError(`no profile named "${name}" (see 'oauth1x accounts')`);
  const held = revocable(profile);
  if (only !== undefined && !held.includes(only))
    throw new UsageError(`profile "${name}" holds no ${only} token (it has: ${held.join(', ') || 'none'})`);
  const kinds = only === undefined ? held : [only];
  const done: AuthKind[] = [];
  if (values.local) done.push(...kinds);
  else {
    const fetch = tlsFetch(io, { cacert: values.cacert ?? profile.cacert, insecure: values.insecure });
    for (const kind of kinds) {
      const ok = kind === 'oauth1' ? await revokeOAuth1(io, profile, fetch) : await revokeBearer(io, profile, kind, fetch);
      if (ok) done.push(kind);
    }
  }
  let removed = false;
  await updateProfiles(io.env, (current) => {
    const stored = Object.hasOwn(current.profiles, name) ? current.profiles[name] : undefined;
    if (stored === undefined) return;
    for (const kind of done) strip(stored, kind);
    // Without --auth the whole profile goes once everything is revoked; with --auth, once it holds no token.
    if ((only === undefined && done.length === kinds.length) || revocable(stored).length === 0) {
      delete current.profiles[name];
      if (current.default === name) current.default = undefined;
      removed = true;
    }
  });
  if (removed) io.stdout.write(`removed profile ${name}\n`);
  else if (done.length > 0) io.stdout.write(`removed ${done.map(describeKind).join(', ')} from profile ${name}\n`);
  return done.length === kinds.length ? 0 : 1;
}
