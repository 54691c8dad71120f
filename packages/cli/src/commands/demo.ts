/**
 * `oauth1x demo`: the whole story in one command, against an embedded sandbox: obtain a token with xAuth
 * (or the PIN flow), post a tweet, read it back.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { XClient } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import { pinFlow, xauthFlow } from '../authorize-flows.js';
import { dataOption } from '../data-option.js';
import { type CliFetch, createCliFetch } from '../http.js';
import type { CliIo } from '../io.js';

export const help = `Usage: oauth1x demo [--three-legged | --oauth2] [--data DIR] [--https] [--text TEXT]

Starts an embedded X sandbox on 127.0.0.1 (a temporary data directory, removed afterwards, unless --data),
obtains an access token for the demo user with xAuth (username + password exchanged at
/oauth/access_token with x_auth_mode=client_auth), posts "Hello world! First tweet using xAuth via oauth1x",
reads it back from the user's timeline, and prints each step. Nothing leaves this machine.

Options:
  --three-legged   use the PIN flow instead: request token, approve on the sandbox's consent page (over
                   HTTP, as a browser would), exchange the PIN for the access token
  --oauth2         OAuth 2.0 Authorization Code with PKCE instead: authorize URL with an S256 challenge,
                   consent on the sandbox's page (signed in and approved by the demo itself, as the demo
                   user), the redirect to a loopback server, the code exchanged with the verifier
  --data DIR       keep the sandbox's data in DIR (created if missing, kept afterwards)
  --https          talk to the sandbox over HTTPS, verifying its self-signed certificate (--cacert style)
  --text TEXT      tweet this text instead

Examples:
  npx oauth1x demo
  npx oauth1x demo --three-legged
  npx oauth1x demo --oauth2
`;

const OPTIONS = {
  'three-legged': { type: 'boolean' },
  oauth2: { type: 'boolean' },
  data: { type: 'string' },
  https: { type: 'boolean' },
  text: { type: 'string' },
} as const;

/**
 * Runs `oauth1x demo`.
 *
 * @example
 * ```ts
 * const code = await run([], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const threeLegged = values['three-legged'] === true;
  const oauth2 = values.oauth2 === true;
  if (threeLegged && oauth2) throw new UsageError('--three-legged and --oauth2 are different flows');
  const flowName = oauth2 ? 'OAuth 2.0 with PKCE' : threeLegged ? 'the PIN flow' : 'xAuth';
  const text = values.text ?? `Hello world! First tweet using ${flowName} via oauth1x`;
  if (text.trim() === '') throw new UsageError('--text must not be empty');
  dataOption(values.data);
  const step = (n: number, line: string) => io.stdout.write(`[${n}] ${line}\n`);
  const temp = values.data === undefined ? await mkdtemp(join(tmpdir(), 'oauth1x-demo-')) : undefined;
  const dataDir = values.data ?? (temp as string);
  const { createSandbox } = await import('@oauth1x/sandbox');
  const sandbox = await createSandbox({ dataDir, onWarning: (message) => io.stderr.write(`oauth1x demo: ${message}\n`) });
  let server: Awaited<ReturnType<typeof sandbox.listen>> | undefined;
  try {
    server = await sandbox.listen({ port: 0, httpsPort: values.https ? 0 : false });
    const host = values.https ? (server.httpsUrl as string) : server.httpUrl;
    const fetch = createCliFetch(values.https && server.certPath !== null ? { cacert: server.certPath } : {});
    step(
      1,
      `Sandbox running at ${host} (data: ${temp === undefined ? dataDir : 'temporary directory'}${values.https ? `, TLS verified against ${server.certPath}` : ''})`,
    );
    const creds = sandbox.credentials;
    const consumer = { key: creds.consumer_key, secret: creds.consumer_secret };
    let x: XClient;
    let n: number;
    if (oauth2) {
      const { demoOAuth2 } = await import('../demo-oauth2.js');
      const client = {
        clientId: creds.oauth2_client_id,
        // demo-credentials.json has '' for a public client.
        clientSecret: creds.oauth2_client_secret || undefined,
        redirectUris: creds.oauth2_redirect_uris,
      };
      x = await demoOAuth2(host, { ...client, username: creds.username, password: creds.password }, fetch, step);
      n = 6;
    } else {
      step(2, `Demo app: consumer key ${consumer.key} (secret not shown); demo user @${creds.username}`);
      x = await oauth1Token(host, creds, fetch, threeLegged, step);
      n = threeLegged ? 6 : 5;
    }
    const { data: me } = await x.me({ 'user.fields': 'name,username' });
    step(n, `The token's profile: ${me.name} (@${me.username}, id ${me.id})`);
    const posted = await x.tweet(text);
    step(n + 1, `Posted tweet ${posted.data.id}: "${posted.data.text}"`);
    let found: { id: string; text: string } | undefined;
    for await (const tweet of x.userTimeline(me.id, { limit: 20, maxResults: 20 })) {
      if (tweet.id === posted.data.id) {
        found = tweet;
        break;
      }
    }
    if (found === undefined) {
      io.stderr.write(`oauth1x demo: tweet ${posted.data.id} is not on @${me.username}'s timeline\n`);
      return 1;
    }
    step(n + 2, `Read back from @${me.username}'s timeline: ${found.id} "${found.text}"`);
    io.stdout.write(`Done: signed in as ${me.name} (@${me.username}) with ${flowName}, tweeted, and read it back.\n`);
    return 0;
  } catch (error) {
    const { OAuthResponseError } = await import('oauth1x');
    if (error instanceof OAuthResponseError) {
      io.stderr.write(`oauth1x demo: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await server?.close();
    await sandbox.close();
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  }
}

/** The OAuth 1.0a part: xAuth, or the PIN flow approved on the sandbox's page; steps 3 to 4 (5). */
async function oauth1Token(
  host: string,
  creds: { consumer_key: string; consumer_secret: string; username: string; password: string },
  fetch: CliFetch,
  threeLegged: boolean,
  step: (n: number, line: string) => void,
): Promise<XClient> {
  const consumer = { key: creds.consumer_key, secret: creds.consumer_secret };
  const flow = { host, consumer, fetch };
  let token: { key: string; secret: string };
  if (threeLegged) {
    const { approveOnSandboxPage } = await import('../sandbox-approve.js');
    let authorizeUrl = '';
    const result = await pinFlow(
      flow,
      (url) => {
        authorizeUrl = url;
        step(3, `Request token obtained (oauth_callback=oob); authorize URL:\n      ${url}`);
      },
      async () => {
        const { pin } = await approveOnSandboxPage(authorizeUrl, creds.username, creds.password, fetch);
        step(4, `Approved on the sandbox consent page as @${creds.username}; PIN ${pin}`);
        return pin;
      },
    );
    token = result.token;
    step(5, `Exchanged the PIN at /oauth/access_token: token ${result.token.key} for @${result.params.screen_name ?? creds.username}`);
  } else {
    step(3, `xAuth: POST ${host}/oauth/access_token with x_auth_mode=client_auth, x_auth_username=${creds.username} (password not shown)`);
    const result = await xauthFlow(flow, creds.username, creds.password);
    token = result.token;
    step(4, `Access token ${result.token.key} (secret not shown) for @${result.params.screen_name ?? creds.username}`);
  }
  const { XClient } = await import('@oauth1x/x');
  return new XClient({ consumer, token, baseUrl: host, fetch });
}
