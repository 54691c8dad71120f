/**
 * `oauth1x sandbox`: run the local X-compatible server, and manage its apps and users.
 *
 * @module
 */
import { accessSync, constants } from 'node:fs';
import type { AccessLevel } from '@oauth1x/sandbox';
import { createSandbox, defaultDataDir, isPemText, type Sandbox, usd, usdText, X_STRICT_METHODS } from '@oauth1x/sandbox';
import { parseCommandArgs, UsageError } from '../args.js';
import { dataOption } from '../data-option.js';
import type { CliIo } from '../io.js';

/**
 * @example
 * ```ts
 * process.stdout.write(help);
 * ```
 */
export const help = `Usage: oauth1x sandbox [options]
       oauth1x sandbox app create --name NAME [--callback URL ...] [--xauth] [--x-strict] [--access LEVEL]
                                 [--redirect-uri URL ...] [--public-client]
                                 [--plan PLAN] [--credits USD] [--data DIR] [--json]
       oauth1x sandbox app update --app KEY [--plan PLAN] [--credits USD | --add-credits USD | --unlimited] [--data DIR] [--json]
       oauth1x sandbox app list [--data DIR] [--json]
       oauth1x sandbox usage [--app KEY] [--data DIR] [--json]
       oauth1x sandbox user create --username NAME [--password P] [--name DISPLAY] [--data DIR] [--json]
       oauth1x sandbox user list [--data DIR] [--json]

Runs a local X-compatible server (OAuth 1.0a endpoints, sign-in pages, a slice of the v1.1 and v2 APIs) over
HTTP and HTTPS. On first start it seeds a demo app and demo users and writes <data>/demo-credentials.json (0600),
the only copy of their passwords and RSA private key (the database keeps hashes): without it, the next start
gives them new ones and says so on stderr. The data directory is kept 0700.

Every successful (2xx) API call is priced from X's pay-per-use table and recorded ('oauth1x sandbox usage' shows
calls, billable units and cost by endpoint). An app's plan is pay-per-use (default: may not quote, may reply only where
summoned, one cashtag per post; with --credits, a 402 once the balance is used up), enterprise (no posting
rules, custom pricing: recorded at cost 0) or none (not enrolled: every call is a 403 client-not-enrolled).
Without --credits a pay-per-use app is not limited.

Every app is also an OAuth 2.0 client (client id; a client secret unless --public-client); --redirect-uri
registers its OAuth 2.0 redirect URIs (exact match; http://127.0.0.1/… and http://localhost/… match any port).

Options:
  --port N            HTTP port (default 8787; 0 picks a free port)
  --https-port N      HTTPS port (default 8788; 0 picks a free port)
  --no-https          serve HTTP only
  --host H            interface to bind (default 127.0.0.1)
  --data DIR          data directory (default $XDG_DATA_HOME/oauth1x/sandbox or ~/.local/share/oauth1x/sandbox)
  --memory            keep everything in memory (nothing written to disk)
  --cert FILE         TLS certificate PEM (default: a self-signed certificate created in the data dir)
  --key FILE          TLS private key PEM, with --cert
  --x-strict          the demo app accepts only what the real X accepts (HMAC-SHA1)
  --no-rate-limits    no 15-minute or 24-hour rate limits (for load tests; X's are on by default)
  --json              print one JSON line (URLs, certificate, credentials) instead of text

Examples:
  oauth1x sandbox
  oauth1x sandbox --port 0 --https-port 0 --memory --json
  oauth1x sandbox app create --name "My app" --callback http://127.0.0.1:3000/callback --callback oob --xauth
  oauth1x sandbox app create --name "PKCE app" --public-client --redirect-uri http://127.0.0.1/callback
  oauth1x sandbox user create --username alice2 --password 'correct horse'
  oauth1x sandbox app create --name "Budget app" --xauth --plan pay-per-use --credits 0.50
  oauth1x sandbox app update --app KEY --add-credits 5
  oauth1x sandbox usage --app KEY
`;

const SERVE = {
  port: { type: 'string' },
  'https-port': { type: 'string' },
  'no-https': { type: 'boolean' },
  host: { type: 'string' },
  data: { type: 'string' },
  memory: { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'x-strict': { type: 'boolean' },
  'no-rate-limits': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const ADMIN = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  callback: { type: 'string', multiple: true },
  'redirect-uri': { type: 'string', multiple: true },
  'public-client': { type: 'boolean' },
  xauth: { type: 'boolean' },
  'x-strict': { type: 'boolean' },
  access: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  plan: { type: 'string' },
  credits: { type: 'string' },
} as const;

function port(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  // Decimal digits only: Number('') is 0 (any port) and Number('0x10') is 16.
  const n = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 65535)) throw new UsageError(`${option} must be a port number (0-65535)`);
  return n;
}

/** `--cert` / `--key`: PEM text, or a file that must be readable (checked before anything starts). */
function pemOption(value: string | undefined, option: string): void {
  if (value === undefined || isPemText(value)) return;
  try {
    accessSync(value, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${option} ${value}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/** The sandbox's warnings (e.g. demo passwords replaced) as lines on the command's stderr. */
function warnOn(io: CliIo): (message: string) => void {
  return (message) => io.stderr.write(`oauth1x sandbox: ${message}\n`);
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, SERVE);
  if (values.memory && values.data !== undefined) throw new UsageError('--data and --memory exclude each other');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
  pemOption(values.cert, '--cert');
  pemOption(values.key, '--key');
  dataOption(values.data);
  const httpPort = port(values.port, 8787, '--port');
  const httpsPort = values['no-https'] ? false : port(values['https-port'], 8788, '--https-port');
  const sandbox = await createSandbox({
    ...(values.memory ? { memory: true } : { dataDir: values.data ?? defaultDataDir(io.env) }),
    xStrict: values['x-strict'] === true,
    ...(values['no-rate-limits'] ? { rateLimits: false as const } : {}),
    onWarning: warnOn(io),
  });
  let running: Awaited<ReturnType<Sandbox['listen']>>;
  try {
    running = await sandbox.listen({
      port: httpPort,
      httpsPort,
      host: values.host ?? '127.0.0.1',
      ...(values.cert !== undefined ? { cert: values.cert, key: values.key as string } : {}),
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const c = sandbox.credentials;
  const info = {
    httpUrl: running.httpUrl,
    httpsUrl: running.httpsUrl,
    certPath: running.certPath,
    fingerprint: running.fingerprint,
    dataDir: sandbox.dataDir,
    consoleUrl: `${running.httpUrl}/console`,
    credentials: c,
    pid: process.pid,
  };
  if (values.json) io.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    io.stdout.write(`oauth1x sandbox listening
  HTTP:        ${running.httpUrl}
  HTTPS:       ${running.httpsUrl ?? '(off)'}
  Console:     ${running.httpUrl}/console
  Certificate: ${running.certPath ?? '(none)'}
  Fingerprint: ${running.fingerprint ?? '(none)'}
  Data:        ${sandbox.dataDir ?? '(memory)'}

Demo app "${c.app_name}" (xAuth allowed, callbacks: ${c.callback_urls.join(' ')})
  consumer key:    ${c.consumer_key}
  consumer secret: ${c.consumer_secret}
  OAuth 2.0 client id:     ${c.oauth2_client_id}
  OAuth 2.0 client secret: ${c.oauth2_client_secret}
  OAuth 2.0 redirect URIs: ${c.oauth2_redirect_uris.join(' ')} (any port)
Demo users:
${c.users.map((u) => `  @${u.username.padEnd(8)} password ${u.password}  id ${u.user_id}`).join('\n')}
Access token of @${c.screen_name}: ${c.access_token} / ${c.access_token_secret}
${sandbox.dataDir ? `Credentials saved to ${sandbox.dataDir}/demo-credentials.json\n` : ''}Press Ctrl+C to stop.
`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}

async function admin(kind: 'app' | 'user', args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (kind === 'app' && action === 'update') return (await import('./sandbox-billing.js')).updateApp(rest, io);
  if (action !== 'create' && action !== 'list')
    throw new UsageError(`sandbox ${kind} expects create or list${kind === 'app' ? ' or update' : ''}`);
  const { values } = parseCommandArgs(rest, ADMIN);
  if (kind === 'user' && (values.plan !== undefined || values.credits !== undefined))
    throw new UsageError('--plan and --credits are app options');
  const billing = kind === 'app' && action === 'create' ? (await import('./sandbox-billing.js')).createBillingOptions(values) : null;
  dataOption(values.data);
  const sandbox = await createSandbox({ dataDir: values.data ?? defaultDataDir(io.env), onWarning: warnOn(io) });
  try {
    const out = (json: unknown, text: string) => io.stdout.write(values.json ? `${JSON.stringify(json)}\n` : text);
    if (kind === 'app' && action === 'create') {
      if (values.name === undefined) throw new UsageError('--name is required');
      const access = values.access ?? 'read-write';
      if (!['read', 'read-write', 'read-write-directmessages'].includes(access))
        throw new UsageError('--access must be read, read-write or read-write-directmessages');
      let app: ReturnType<Sandbox['accounts']['createApp']>;
      try {
        app = sandbox.accounts.createApp({
          name: values.name,
          callbackUrls: values.callback ?? ['oob'],
          redirectUris: values['redirect-uri'] ?? [],
          publicClient: values['public-client'] === true,
          xauth: values.xauth === true,
          accessLevel: access as AccessLevel,
          plan: billing?.plan ?? 'pay-per-use',
          ...(values['x-strict'] ? { signatureMethods: X_STRICT_METHODS } : {}),
        });
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      if (billing !== null) (await import('./sandbox-billing.js')).applyCreateBilling(sandbox, app, billing);
      const balance = sandbox.billing.balance(app.id);
      out(
        {
          name: app.name,
          consumer_key: app.consumerKey,
          consumer_secret: app.consumerSecret,
          callback_urls: app.callbackUrls,
          oauth2_client_id: app.oauth2ClientId,
          oauth2_client_secret: app.oauth2ClientSecret,
          oauth2_redirect_uris: app.oauth2RedirectUris,
          xauth: app.xauth,
          plan: app.plan,
          balance_usd: balance === null ? null : usd(balance),
        },
        `Created app "${app.name}" (plan ${app.plan}${balance === null ? '' : `, balance $${usdText(balance)}`})\n  consumer key:    ${app.consumerKey}\n  consumer secret: ${app.consumerSecret}\n  OAuth 2.0 client id: ${app.oauth2ClientId}\n${app.oauth2ClientSecret === null ? '  (public OAuth 2.0 client: no client secret)' : `  OAuth 2.0 client secret: ${app.oauth2ClientSecret}`}\n`,
      );
    } else if (kind === 'app') {
      const apps = sandbox.accounts.listApps().map((a) => ({
        name: a.name,
        consumer_key: a.consumerKey,
        callback_urls: a.callbackUrls,
        xauth: a.xauth,
        oauth2_client_id: a.oauth2ClientId,
        oauth2_public_client: a.oauth2ClientSecret === null,
        oauth2_redirect_uris: a.oauth2RedirectUris,
        signature_methods: a.signatureMethods,
        plan: a.plan,
      }));
      out(
        apps,
        apps
          .map((a) => `${a.consumer_key}  ${a.name}  xauth=${a.xauth}  plan=${a.plan}  callbacks=${a.callback_urls.join(',')}\n`)
          .join(''),
      );
    } else if (action === 'create') {
      if (values.username === undefined) throw new UsageError('--username is required');
      const password = values.password ?? (await import('@oauth1x/sandbox')).randomKey(12);
      let user: Awaited<ReturnType<Sandbox['accounts']['createUser']>>;
      try {
        user = await sandbox.accounts.createUser({ screenName: values.username, password, ...(values.name ? { name: values.name } : {}) });
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      out(
        { user_id: user.id, username: user.screenName, password },
        `Created user @${user.screenName} (id ${user.id}), password ${password}\n`,
      );
    } else {
      const users = sandbox.accounts.listUsers().map((u) => ({ user_id: u.id, username: u.screenName, name: u.name }));
      out(users, users.map((u) => `${u.user_id}  @${u.username}  ${u.name}\n`).join(''));
    }
    return 0;
  } finally {
    await sandbox.close();
  }
}

/**
 * Runs `oauth1x sandbox ...`.
 *
 * @example
 * ```ts
 * await run(['--memory', '--port', '0', '--json'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'app' || args[0] === 'user') return admin(args[0], args.slice(1), io);
  if (args[0] === 'usage') return (await import('./sandbox-billing.js')).usageCommand(args.slice(1), io);
  return serve(args, io);
}
