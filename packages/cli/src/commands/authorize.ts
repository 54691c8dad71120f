/**
 * `oauth1x authorize`: obtain credentials (OAuth 1.0a by xAuth, PIN or browser; OAuth 2.0 with PKCE; an
 * app-only bearer), store them in a profile and say who is signed in.
 *
 * @module
 */
import { resolve } from 'node:path';
import { parseCommandArgs, UsageError } from '../args.js';
import { browserFlow, pinFlow, xauthFlow } from '../authorize-flows.js';
import { DEFAULT_HOST_HELP, normalizeHost, tlsFetch } from '../connection.js';
import type { CliIo } from '../io.js';
import { parsePort } from '../loopback.js';
import { checkProfileName, keptCredentials, loadProfiles, profileName, storedConsumer, updateProfiles } from '../profiles.js';
import { promptHidden, readLine } from '../prompt.js';

export const help = `Usage: oauth1x authorize [--xauth -u USER [-p PASSWORD]] [--callback-port N] [options]
       oauth1x authorize --oauth2 [--scopes "tweet.read users.read ..."] [--client-id ID] [--client-secret S]
                         [--no-browser] [--callback-port N] [options]
       oauth1x authorize --bearer [options]

Obtains credentials and stores them as a profile ($XDG_CONFIG_HOME/oauth1x/profiles.json, mode 0600), then
prints who is signed in. A profile may hold all three kinds X takes (pick one per call with --auth);
authorizing again adds or replaces that kind only.
OAuth 1.0a (user context):
  --xauth -u USER   xAuth: username and password (from -p, else stdin, else a hidden prompt on a terminal)
  (default)         PIN flow: prints the authorize URL, then reads the PIN shown after approving
  --callback-port N browser flow: a one-shot local server on 127.0.0.1:N receives the callback (0: any port)
OAuth 2.0 user token (Authorization Code with PKCE, S256):
  --oauth2          prints the authorize URL and opens a browser ($BROWSER, else xdg-open/open); the
                    redirect to http://127.0.0.1:PORT/callback completes it (register that redirect URI for
                    your app; --callback-port N fixes PORT, default any free port). The token is refreshed
                    when it expires (with offline.access) and the new one stored.
  --no-browser      on a machine without a browser: open the URL anywhere, approve, then paste the address
                    the browser was redirected to (port 8080 unless --callback-port)
  --scopes LIST     space-separated scopes (default: tweet.read tweet.write users.read media.write
                    offline.access)
  --client-id ID, --client-secret S
                    the app's OAuth 2.0 client (or $OAUTH1X_CLIENT_ID / $OAUTH1X_CLIENT_SECRET; no secret
                    for a public client); default the client of a stored profile on the same host
App-only bearer token:
  --bearer          POST /oauth2/token (client_credentials) with the consumer key and secret; stored in
                    the app's profile on that host (else "app-" and the key's first 8 characters)

Options:
  --consumer-key K, --consumer-secret S
                    the app's credentials (or $OAUTH1X_CONSUMER_KEY / $OAUTH1X_CONSUMER_SECRET); default the
                    app of a stored profile on the same host
${DEFAULT_HOST_HELP}
  --name NAME       profile name (default: the screen name, plus @host off the real X)
  --default         make it the default profile (the first profile always is)
  --cacert FILE     trust this CA certificate too (the sandbox prints its cert path)
  --insecure        do not verify TLS certificates (prints a warning)

Examples:
  oauth1x authorize --xauth -u alice --host http://127.0.0.1:8787 --consumer-key K --consumer-secret S
  oauth1x authorize --consumer-key K --consumer-secret S            # PIN flow on api.x.com
  oauth1x authorize --callback-port 8765 --consumer-key K --consumer-secret S
  oauth1x authorize --oauth2 --client-id ID --scopes "tweet.read tweet.write users.read offline.access"
  oauth1x authorize --oauth2 --no-browser --callback-port 8080 --client-id ID
  oauth1x authorize --bearer --consumer-key K --consumer-secret S
`;

const OPTIONS = {
  xauth: { type: 'boolean' },
  oauth2: { type: 'boolean' },
  bearer: { type: 'boolean' },
  scopes: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'no-browser': { type: 'boolean' },
  username: { type: 'string', short: 'u' },
  password: { type: 'string', short: 'p' },
  'callback-port': { type: 'string' },
  'consumer-key': { type: 'string' },
  'consumer-secret': { type: 'string' },
  host: { type: 'string' },
  name: { type: 'string' },
  default: { type: 'boolean' },
  cacert: { type: 'string' },
  insecure: { type: 'boolean' },
} as const;

/**
 * Runs `oauth1x authorize`.
 *
 * @example
 * ```ts
 * await run(['--xauth', '-u', 'alice', '--host', 'http://127.0.0.1:8787'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  if (values.name !== undefined) checkProfileName(values.name);
  const host = normalizeHost(values.host ?? io.env.OAUTH1X_HOST ?? 'https://api.x.com');
  const flows = [values.xauth && '--xauth', values.oauth2 && '--oauth2', values.bearer && '--bearer'].filter((f) => f);
  if (flows.length > 1) throw new UsageError(`${flows.join(' and ')} are different flows`);
  if (!values.oauth2) {
    for (const option of ['scopes', 'client-id', 'client-secret', 'no-browser'] as const)
      if (values[option] !== undefined) throw new UsageError(`--${option} goes with --oauth2`);
  }
  if ((values.xauth || values.bearer) && values['callback-port'] !== undefined)
    throw new UsageError(`${values.xauth ? '--xauth' : '--bearer'} and --callback-port are different flows`);
  if (!values.xauth && (values.username !== undefined || values.password !== undefined)) throw new UsageError('-u and -p go with --xauth');
  if (values.xauth && values.username === undefined) throw new UsageError('--xauth needs -u USER');
  const port = values['callback-port'] === undefined ? undefined : parsePort(values['callback-port']);
  if (values.oauth2 || values.bearer) {
    if (values.oauth2 && (values['consumer-key'] !== undefined || values['consumer-secret'] !== undefined))
      throw new UsageError('--oauth2 takes --client-id (and --client-secret), not the consumer key');
    const fetch = tlsFetch(io, values);
    const { authorizeBearer, authorizeOAuth2 } = await import('../authorize-kinds.js');
    return values.oauth2 ? authorizeOAuth2(values, io, host, fetch, port ?? 0) : authorizeBearer(values, io, host, fetch);
  }
  let key = values['consumer-key'] ?? io.env.OAUTH1X_CONSUMER_KEY;
  let secret = values['consumer-secret'] ?? io.env.OAUTH1X_CONSUMER_SECRET;
  if ((key === undefined) !== (secret === undefined)) throw new UsageError('--consumer-key and --consumer-secret go together');
  const store = await loadProfiles(io.env);
  if (key === undefined || secret === undefined) {
    const app = storedConsumer(store, host);
    if (app === undefined) throw new UsageError(`--consumer-key and --consumer-secret are required (no stored app for ${host})`);
    key = app.key;
    secret = app.secret;
  }
  const fetch = tlsFetch(io, values);
  const flow = { host, consumer: { key, secret }, fetch };
  const showUrl = (verb: string) => (url: string) => {
    io.stdout.write(`${verb}:\n  ${url}\n`);
  };
  let result: Awaited<ReturnType<typeof xauthFlow>>;
  if (values.xauth) {
    const username = values.username as string;
    let password = values.password;
    if (password === undefined) {
      password = await promptHidden(io, `Password for ${username}: `);
      if (password === undefined) throw new UsageError('no password given');
    }
    result = await xauthFlow(flow, username, password);
  } else if (port !== undefined) {
    result = await browserFlow(flow, port, showUrl('Open this URL in a browser and approve the app'));
  } else {
    result = await pinFlow(flow, showUrl('Open this URL, approve the app, then enter the PIN shown'), async () => {
      io.stderr.write('PIN: ');
      return readLine(io);
    });
  }
  const { XClient } = await import('@oauth1x/x');
  const x = new XClient({ consumer: flow.consumer, token: result.token, baseUrl: host, fetch });
  const { data: me } = await x.me();
  const name = values.name ?? profileName(me.username, host);
  // Stored absolute: the profile is used from other directories.
  const cacert = values.cacert === undefined ? undefined : resolve(values.cacert);
  const saved = await updateProfiles(io.env, (file) => {
    // The profile's other credentials (an OAuth 2.0 token, an app-only bearer) stay when it is the same host.
    const kept = keptCredentials(file.profiles[name], host);
    file.profiles[name] = { ...kept, host, consumer: flow.consumer, token: result.token, userId: me.id, screenName: me.username, cacert };
    if (file.default === undefined || values.default) file.default = name;
  });
  io.stdout.write(`Signed in as @${me.username} (${me.name}, id ${me.id}) on ${host}\n`);
  io.stdout.write(`Stored profile "${name}"${saved.default === name ? ' (default)' : ''}\n`);
  return 0;
}
