/**
 * oauth4webapi (panva), an OAuth 2.0 client we did not write, unchanged against the sandbox: its own PKCE
 * helpers, authorization response validation (state), code exchange with client_secret_basic, refresh with
 * rotation, revocation, and the client credentials grant at X's app-only endpoint. Requests go to
 * `sandbox.fetch` through oauth4webapi's `customFetch`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API, consent, demoUser } from '@oauth1x/test-kit/sandbox/oauth2-helpers.js';
import * as oauth from 'oauth4webapi';
import { createSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
const REDIRECT = 'http://127.0.0.1:41234/callback';

before(async () => {
  sandbox = await createSandbox({ memory: true });
});
after(async () => sandbox.close());

function server(): oauth.AuthorizationServer {
  return {
    issuer: API,
    authorization_endpoint: `${API}/i/oauth2/authorize`,
    token_endpoint: `${API}/2/oauth2/token`,
    revocation_endpoint: `${API}/2/oauth2/revoke`,
  };
}

const options = () => ({ [oauth.customFetch]: (url: string, init: RequestInit) => sandbox.fetch(new Request(url, init)) });

describe('oauth4webapi against the sandbox', () => {
  it('authorization code with PKCE S256, refresh with rotation, revocation', async () => {
    const as = server();
    const client: oauth.Client = { client_id: sandbox.credentials.oauth2_client_id };
    const auth = oauth.ClientSecretBasic(sandbox.credentials.oauth2_client_secret);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint as string);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'tweet.read users.read offline.access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    }).toString();
    const { username, password } = demoUser(sandbox);
    const approved = await consent(sandbox.fetch, url.href, username, password);
    const params = oauth.validateAuthResponse(as, client, new URL(approved.headers.get('location') as string), state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT, verifier, options());
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 7200);
    assert.ok(tokens.refresh_token);
    const me = await sandbox.fetch(new Request(`${API}/2/users/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } }));
    assert.equal(me.status, 200);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token, options()),
    );
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    // The rotated-out refresh token is refused: oauth4webapi reports X's RFC 6749 §5.2 error.
    await assert.rejects(
      async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token as string, options()),
        ),
      (error: unknown) => error instanceof oauth.ResponseBodyError && error.error === 'invalid_request',
    );

    const second = await codeFlowTokens(as, client, auth);
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, second, options()));
    const after = await sandbox.fetch(new Request(`${API}/2/users/me`, { headers: { authorization: `Bearer ${second}` } }));
    assert.equal(after.status, 401);
  });

  it('a public client (no secret) with oauth4webapi’s None() client authentication', async () => {
    const app = sandbox.accounts.createApp({ name: 'public', publicClient: true, redirectUris: ['http://127.0.0.1/callback'] });
    assert.equal(app.oauth2ClientSecret, null);
    const as = server();
    const client: oauth.Client = { client_id: app.oauth2ClientId };
    const access = await codeFlowTokens(as, client, oauth.None());
    assert.ok(access.length > 20);
  });

  it('client credentials at X’s app-only endpoint (POST /oauth2/token) with the consumer key and secret', async () => {
    const c = sandbox.credentials;
    const as: oauth.AuthorizationServer = { issuer: API, token_endpoint: `${API}/oauth2/token` };
    const client: oauth.Client = { client_id: c.consumer_key };
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(c.consumer_secret), {}, options());
    const tokens = await oauth.processClientCredentialsResponse(as, client, response);
    const user = await sandbox.fetch(
      new Request(`${API}/2/users/by/username/bob`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
    );
    assert.equal(user.status, 200);
  });
});

async function codeFlowTokens(as: oauth.AuthorizationServer, client: oauth.Client, auth: oauth.ClientAuth): Promise<string> {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint as string);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'tweet.read users.read',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const { username, password } = demoUser(sandbox);
  const approved = await consent(sandbox.fetch, url.href, username, password);
  const params = oauth.validateAuthResponse(as, client, new URL(approved.headers.get('location') as string), oauth.expectNoState);
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT, verifier, options());
  return (await oauth.processAuthorizationCodeResponse(as, client, response)).access_token;
}
