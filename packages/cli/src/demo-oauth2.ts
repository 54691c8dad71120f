/**
 * `oauth1x demo --oauth2`: OAuth 2.0 Authorization Code with PKCE (RFC 6749 §4.1, RFC 7636 S256) against the
 * embedded sandbox, end to end, with the real loopback redirect (RFC 8252 §7.3). The consent step, which a
 * person does in a browser, is done by the demo itself: it signs in on the sandbox's consent page as the demo
 * user and presses "Authorize app", and says so. Tokens and secrets are never printed.
 *
 * @module
 */
import type { XClient } from '@oauth1x/x';
import { oauth2Flow } from './authorize-oauth2.js';
import type { CliFetch } from './http.js';

/** The sandbox's demo credentials the OAuth 2.0 demo uses. */
export interface DemoOAuth2Credentials {
  username: string;
  password: string;
  clientId: string;
  /** Absent for a public client. */
  clientSecret?: string | undefined;
  redirectUris: string[];
}

/**
 * Runs the flow and returns an X client signed in with the new OAuth 2.0 user token. `step` prints the
 * numbered lines from 3 on.
 *
 * @example
 * ```ts
 * const x = await demoOAuth2(host, creds, fetch, (n, line) => console.log(`[${n}] ${line}`));
 * ```
 */
export async function demoOAuth2(
  host: string,
  creds: DemoOAuth2Credentials,
  fetch: CliFetch,
  step: (n: number, line: string) => void,
): Promise<XClient> {
  const { approveOAuth2OnSandboxPage } = await import('./sandbox-approve.js');
  const scopes = ['tweet.read', 'tweet.write', 'users.read', 'offline.access'];
  const { clientId, clientSecret } = creds;
  step(
    2,
    `Demo app: OAuth 2.0 client id ${clientId} (${clientSecret === undefined ? 'public client' : 'confidential client, secret not shown'}), redirect URIs ${creds.redirectUris.join(', ')}; demo user @${creds.username}`,
  );
  let redirectUri = '';
  const { tokens } = await oauth2Flow({
    host,
    clientId,
    clientSecret,
    scopes,
    fetch,
    port: 0,
    paste: false,
    showUrl: (url) => {
      redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      step(3, `Loopback redirect server listening at ${redirectUri}; authorize URL (PKCE S256 code_challenge, state):\n      ${url}`);
    },
    open: async (url) => {
      // What the user would do in the browser: sign in on the consent page and press "Authorize app".
      const callback = await approveOAuth2OnSandboxPage(url, creds.username, creds.password, fetch);
      step(
        4,
        `Consent approved by this demo itself: it signed in on the sandbox consent page as @${creds.username} and pressed "Authorize app" (you would do this in your browser)`,
      );
      // The browser follows the redirect to the loopback server, which completes the flow.
      const landed = await fetch(callback.href);
      await landed.text();
    },
  });
  const minutes = tokens.expiresAt === undefined ? undefined : Math.round((tokens.expiresAt - Date.now()) / 60_000);
  step(
    5,
    `The redirect reached ${redirectUri}; code exchanged with the code_verifier at POST ${host}/2/oauth2/token: access token (not shown)${minutes === undefined ? '' : ` valid ${minutes} min`}, scopes ${tokens.scopes.join(' ')}${tokens.refreshToken === undefined ? '' : ', refresh token (not shown)'}`,
  );
  const { XClient } = await import('@oauth1x/x');
  return new XClient({
    baseUrl: host,
    fetch,
    auth: { kind: 'oauth2', clientId: clientId, clientSecret, ...tokens },
  });
}
