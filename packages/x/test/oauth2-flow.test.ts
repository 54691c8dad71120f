// The OAuth 2.0 helpers of oauth1x/x against a fake X built from X's docs: consent URL (PKCE S256, state,
// scopes), code exchange (state checked first), refresh with rotation, revocation, the app-only bearer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { OAuthError, OAuthResponseError } from 'oauth1x';
import {
  appOnlyToken,
  exchangeOAuth2Code,
  invalidateAppOnlyToken,
  oauth2AuthorizationUrl,
  refreshOAuth2Token,
  revokeOAuth2Token,
  X_OAUTH2_SCOPES,
  XApiError,
  XClient,
} from '../src/index.js';
import { fakeXOAuth2 } from './fake-x-oauth2.js';

const REDIRECT = 'http://127.0.0.1:53682/callback';
const SCOPES = ['tweet.read', 'users.read', 'offline.access'];

/** Every string an error shows: message, fields, and its causes'. */
function shown(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) parts.push(String(e), e.stack ?? '', JSON.stringify(e));
  return parts.join('\n');
}

describe('oauth2AuthorizationUrl', () => {
  it('points at x.com with response_type, client_id, redirect_uri, scopes, state and an S256 challenge of the verifier', async () => {
    const { url, state, codeVerifier } = await oauth2AuthorizationUrl({ clientId: 'cid', redirectUri: REDIRECT, scopes: SCOPES });
    assert.equal(`${url.origin}${url.pathname}`, 'https://x.com/i/oauth2/authorize');
    const p = url.searchParams;
    assert.equal(p.get('response_type'), 'code');
    assert.equal(p.get('client_id'), 'cid');
    assert.equal(p.get('redirect_uri'), REDIRECT);
    assert.equal(p.get('scope'), 'tweet.read users.read offline.access');
    assert.match(url.search, /scope=tweet\.read(\+|%20)users\.read/);
    assert.equal(p.get('state'), state);
    assert.ok(state.length >= 32, 'state is random and long');
    assert.match(codeVerifier, /^[A-Za-z0-9_-]{43,128}$/, 'RFC 7636 §4.1 verifier');
    assert.equal(p.get('code_challenge_method'), 'S256');
    assert.equal(p.get('code_challenge'), createHash('sha256').update(codeVerifier).digest('base64url'), 'RFC 7636 §4.2 S256');
    const again = await oauth2AuthorizationUrl({ clientId: 'cid', redirectUri: REDIRECT, scopes: SCOPES });
    assert.notEqual(again.state, state);
    assert.notEqual(again.codeVerifier, codeVerifier);
  });

  it('uses the sandbox origin for another baseUrl, keeps a given state, and refuses bad input', async () => {
    const { url, state } = await oauth2AuthorizationUrl({
      clientId: 'cid',
      redirectUri: REDIRECT,
      scopes: ['tweet.read'],
      state: 'my-state',
      baseUrl: 'http://127.0.0.1:8787',
    });
    assert.equal(`${url.origin}${url.pathname}`, 'http://127.0.0.1:8787/i/oauth2/authorize');
    assert.equal(state, 'my-state');
    const bad = (o: object) =>
      assert.rejects(
        oauth2AuthorizationUrl({ clientId: 'cid', redirectUri: REDIRECT, scopes: ['tweet.read'], ...o }),
        (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT',
      );
    await bad({ scopes: [] });
    await bad({ scopes: ['tweet.read users.read'] });
    await bad({ state: 'x'.repeat(501) });
    await bad({ redirectUri: 'not a url' });
    await bad({ clientId: '' });
    assert.ok(X_OAUTH2_SCOPES.includes('tweet.write') && X_OAUTH2_SCOPES.includes('offline.access'));
  });
});

describe('exchangeOAuth2Code', () => {
  it('confidential client: checks state, sends code + verifier with HTTP Basic, returns tokens with expiry and scopes', async () => {
    const x = fakeXOAuth2({ clientSecret: 'client-secret-_-.~x' });
    const { url, state, codeVerifier } = await oauth2AuthorizationUrl({ clientId: x.clientId, redirectUri: REDIRECT, scopes: SCOPES });
    const callback = x.consent(url);
    const before = Date.now();
    const tokens = await exchangeOAuth2Code({
      clientId: x.clientId,
      clientSecret: 'client-secret-_-.~x',
      redirectUri: REDIRECT,
      callbackUrl: callback.href,
      state,
      codeVerifier,
      fetch: x.fetch,
    });
    assert.equal(tokens.tokenType, 'bearer');
    assert.deepEqual(tokens.scopes, SCOPES);
    assert.ok(tokens.refreshToken, 'offline.access gives a refresh token');
    assert.ok(tokens.expiresAt !== undefined && tokens.expiresAt >= before + 7200_000 && tokens.expiresAt <= Date.now() + 7200_000);
    const sent = x.bodies[0];
    assert.equal(sent?.path, '/2/oauth2/token');
    assert.equal(sent?.form.get('grant_type'), 'authorization_code');
    assert.equal(sent?.form.get('code_verifier'), codeVerifier);
    assert.equal(sent?.form.get('redirect_uri'), REDIRECT);
    assert.equal(sent?.form.get('client_id'), null, 'a confidential client authenticates by HTTP Basic only');
    // X's own SDK and curl -u send id:secret as they are: so do we (unreserved characters unencoded).
    assert.equal(sent?.headers.get('authorization'), `Basic ${Buffer.from(`${x.clientId}:client-secret-_-.~x`).toString('base64')}`);
  });

  it('public client sends client_id in the body; a code works once', async () => {
    const x = fakeXOAuth2();
    const { url, state, codeVerifier } = await oauth2AuthorizationUrl({
      clientId: x.clientId,
      redirectUri: REDIRECT,
      scopes: ['tweet.read'],
    });
    const callback = x.consent(url);
    const options = { clientId: x.clientId, redirectUri: REDIRECT, callbackUrl: callback, state, codeVerifier, fetch: x.fetch };
    const tokens = await exchangeOAuth2Code(options);
    assert.equal(tokens.refreshToken, undefined, 'no offline.access, no refresh token');
    assert.equal(x.bodies[0]?.form.get('client_id'), x.clientId);
    assert.equal(x.bodies[0]?.headers.get('authorization'), null);
    await assert.rejects(exchangeOAuth2Code(options), (e: unknown) => e instanceof OAuthResponseError && e.status === 400);
  });

  it('a callback with another state, or none, is refused before any request (CSRF, RFC 6749 §10.12)', async () => {
    const x = fakeXOAuth2();
    const { url, codeVerifier } = await oauth2AuthorizationUrl({ clientId: x.clientId, redirectUri: REDIRECT, scopes: ['tweet.read'] });
    const callback = x.consent(url);
    const base = { clientId: x.clientId, redirectUri: REDIRECT, codeVerifier, fetch: x.fetch };
    await assert.rejects(
      exchangeOAuth2Code({ ...base, callbackUrl: callback, state: 'another-state' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_OAUTH2_STATE',
    );
    const stateless = new URL(callback);
    stateless.searchParams.delete('state');
    await assert.rejects(
      exchangeOAuth2Code({ ...base, callbackUrl: stateless, state: url.searchParams.get('state') ?? '' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_OAUTH2_STATE',
    );
    assert.deepEqual(x.calls, [], 'nothing was sent');
    const denied = new URL(`${REDIRECT}?error=access_denied&state=${url.searchParams.get('state')}`);
    await assert.rejects(
      exchangeOAuth2Code({ ...base, callbackUrl: denied, state: url.searchParams.get('state') ?? '' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_OAUTH2_AUTHORIZATION' && /access_denied/.test(e.message),
    );
    assert.deepEqual(x.calls, []);
  });

  it('a wrong code_verifier is X’s 400, and the error shows no code, verifier or secret', async () => {
    const x = fakeXOAuth2({ clientSecret: 'the-client-secret' });
    const { url, state } = await oauth2AuthorizationUrl({ clientId: x.clientId, redirectUri: REDIRECT, scopes: ['tweet.read'] });
    const callback = x.consent(url);
    const verifier = 'W'.repeat(43);
    const error = await exchangeOAuth2Code({
      clientId: x.clientId,
      clientSecret: 'the-client-secret',
      redirectUri: REDIRECT,
      callbackUrl: callback,
      state,
      codeVerifier: verifier,
      fetch: x.fetch,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof OAuthResponseError && error.status === 400, String(error));
    assert.match(error.message, /code verifier did not match/);
    const text = shown(error);
    for (const secret of ['the-client-secret', verifier, callback.searchParams.get('code') ?? ''])
      assert.ok(!text.includes(secret), secret);
  });
});

describe('refreshOAuth2Token and revokeOAuth2Token', () => {
  it('refresh rotates the refresh token (the old one then fails); revoke kills the token', async () => {
    const x = fakeXOAuth2({ clientSecret: 'sec' });
    const first = x.grant(SCOPES);
    const options = { clientId: x.clientId, clientSecret: 'sec', fetch: x.fetch };
    const next = await refreshOAuth2Token({ ...options, refreshToken: first.refreshToken ?? '' });
    assert.notEqual(next.accessToken, first.accessToken);
    assert.ok(next.refreshToken !== undefined && next.refreshToken !== first.refreshToken);
    assert.deepEqual(next.scopes, SCOPES);
    assert.equal(x.bodies[0]?.form.get('grant_type'), 'refresh_token');
    const reused = await refreshOAuth2Token({ ...options, refreshToken: first.refreshToken ?? '' }).catch((e: unknown) => e);
    assert.ok(reused instanceof OAuthResponseError && reused.status === 400);
    assert.ok(!shown(reused).includes(first.refreshToken ?? '?'), 'the refresh token is not in the error');
    await revokeOAuth2Token({ ...options, token: next.refreshToken ?? '', tokenTypeHint: 'refresh_token' });
    const revoke = x.bodies.at(-1);
    assert.equal(revoke?.path, '/2/oauth2/revoke');
    assert.equal(revoke?.form.get('token_type_hint'), 'refresh_token');
    assert.equal(x.isActive(next.refreshToken ?? ''), false);
    await assert.rejects(refreshOAuth2Token({ ...options, refreshToken: next.refreshToken ?? '' }), OAuthResponseError);
  });
});

describe('appOnlyToken and invalidateAppOnlyToken', () => {
  it('mints the bearer with client credentials (HTTP Basic consumer key:secret), calls a v2 read, invalidates it', async () => {
    const x = fakeXOAuth2({ api: () => ({ body: { data: [], meta: { result_count: 0 } } }) });
    const creds = { consumerKey: x.consumerKey, consumerSecret: x.consumerSecret, fetch: x.fetch };
    const bearer = await appOnlyToken(creds);
    const sent = x.bodies[0];
    assert.equal(sent?.path, '/oauth2/token');
    assert.equal(sent?.form.get('grant_type'), 'client_credentials');
    assert.equal(sent?.headers.get('authorization'), `Basic ${Buffer.from(`${x.consumerKey}:${x.consumerSecret}`).toString('base64')}`);
    assert.equal(await appOnlyToken(creds), bearer, 'one bearer per app until invalidated');
    const app = new XClient({ auth: { kind: 'app', bearer }, fetch: x.fetch });
    for await (const _ of app.searchRecent('from:XDevelopers', { limit: 1 }));
    assert.deepEqual(x.violations, []);
    await invalidateAppOnlyToken({ ...creds, token: bearer });
    assert.equal(x.bodies.at(-1)?.path, '/oauth2/invalidate_token');
    assert.equal(x.bodies.at(-1)?.form.get('access_token'), bearer);
    await assert.rejects(app.getTweet('20'), (e: unknown) => e instanceof OAuthResponseError && e.status === 401);
    assert.notEqual(await appOnlyToken(creds), bearer, 'a new bearer after invalidation');
  });

  it('wrong consumer secret: X’s 403 with code 99, without the secret in the error', async () => {
    const x = fakeXOAuth2();
    const error = await appOnlyToken({ consumerKey: x.consumerKey, consumerSecret: 'wrong-secret-123', fetch: x.fetch }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof XApiError && error.status === 403 && error.xCode === 99, String(error));
    assert.ok(!shown(error).includes('wrong-secret-123'));
    const inv = await invalidateAppOnlyToken({
      consumerKey: x.consumerKey,
      consumerSecret: x.consumerSecret,
      token: 'AAAAnot-it',
      fetch: x.fetch,
    }).catch((e: unknown) => e);
    assert.ok(inv instanceof XApiError && inv.status === 403 && inv.xCode === 99);
    assert.ok(!shown(inv).includes('AAAAnot-it') && !shown(inv).includes(x.consumerSecret));
  });
});
