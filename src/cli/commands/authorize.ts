/**
 * `oauth1x authorize`: obtain an access token (xAuth, PIN or browser flow), store it as a profile and say
 * who is signed in.
 *
 * @module
 */
import { resolve } from 'node:path';
import { parseCommandArgs, UsageError } from '../args.js';
import { browserFlow, pinFlow, xauthFlow } from '../authorize-flows.js';
import { DEFAULT_HOST_HELP, normalizeHost, tlsFetch } from '../connection.js';
import type { CliIo } from '../io.js';
import { checkProfileName, loadProfiles, profileName, updateProfiles } from '../profiles.js';
import { promptHidden, readLine } from '../prompt.js';

export const help = `Usage: oauth1x authorize [--xauth -u USER [-p PASSWORD]] [--callback-port N] [options]

Obtains an access token for a user and stores it as a profile ($XDG_CONFIG_HOME/oauth1x/profiles.json,
mode 0600), then prints who is signed in. Three flows:
  --xauth -u USER   xAuth: username and password (from -p, else stdin, else a hidden prompt on a terminal)
  (default)         PIN flow: prints the authorize URL, then reads the PIN shown after approving
  --callback-port N browser flow: a one-shot local server on 127.0.0.1:N receives the callback (0: any port)

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
`;

const OPTIONS = {
  xauth: { type: 'boolean' },
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
  if (values.xauth && values['callback-port'] !== undefined) throw new UsageError('--xauth and --callback-port are different flows');
  if (!values.xauth && (values.username !== undefined || values.password !== undefined)) throw new UsageError('-u and -p go with --xauth');
  if (values.xauth && values.username === undefined) throw new UsageError('--xauth needs -u USER');
  let port: number | undefined;
  if (values['callback-port'] !== undefined) {
    port = Number(values['callback-port']);
    if (!/^\d+$/.test(values['callback-port']) || port > 65535) throw new UsageError('--callback-port must be a port number (0 for any)');
  }
  let key = values['consumer-key'] ?? io.env.OAUTH1X_CONSUMER_KEY;
  let secret = values['consumer-secret'] ?? io.env.OAUTH1X_CONSUMER_SECRET;
  if ((key === undefined) !== (secret === undefined)) throw new UsageError('--consumer-key and --consumer-secret go together');
  const store = await loadProfiles(io.env);
  if (key === undefined || secret === undefined) {
    const sameHost = Object.entries(store.profiles).filter(([, p]) => p.host === host);
    const app = (sameHost.find(([name]) => name === store.default) ?? sameHost[0])?.[1];
    if (app === undefined) throw new UsageError(`--consumer-key and --consumer-secret are required (no stored app for ${host})`);
    key = app.consumer.key;
    secret = app.consumer.secret;
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
  const { XClient } = await import('../../x/x-client.js');
  const x = new XClient({ consumer: flow.consumer, token: result.token, baseUrl: host, fetch });
  const { data: me } = await x.me();
  const name = values.name ?? profileName(me.username, host);
  // Stored absolute: the profile is used from other directories.
  const cacert = values.cacert === undefined ? undefined : resolve(values.cacert);
  const saved = await updateProfiles(io.env, (file) => {
    file.profiles[name] = { host, consumer: flow.consumer, token: result.token, userId: me.id, screenName: me.username, cacert };
    if (file.default === undefined || values.default) file.default = name;
  });
  io.stdout.write(`Signed in as @${me.username} (${me.name}, id ${me.id}) on ${host}\n`);
  io.stdout.write(`Stored profile "${name}"${saved.default === name ? ' (default)' : ''}\n`);
  return 0;
}
