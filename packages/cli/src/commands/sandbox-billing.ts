/**
 * The billing parts of `oauth1x sandbox`: `--plan` / `--credits` of `app create`, `app update` (plan and
 * credits of an app) and `usage` (calls, billable units and cost by endpoint, from the sandbox's ledger,
 * priced from X's pay-per-use table).
 *
 * @module
 */
import type { AppRecord, AppUsage, Plan, Sandbox } from '@oauth1x/sandbox';
import { PLANS, parseUsd, usd, usdText } from '@oauth1x/sandbox';
import { parseCommandArgs, UsageError } from '../args.js';
import { dataOption } from '../data-option.js';
import type { CliIo } from '../io.js';

/**
 * `--plan`: a plan name, or `undefined` when absent; a {@link UsageError} otherwise.
 *
 * @example
 * ```ts
 * planOption('enterprise'); // 'enterprise'
 * ```
 */
export function planOption(value: string | undefined): Plan | undefined {
  if (value === undefined) return undefined;
  if (!(PLANS as readonly string[]).includes(value)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}`);
  return value as Plan;
}

/**
 * An amount option in USD (`--credits 5`, `--add-credits 0.25`) as micro-USD; a {@link UsageError} when it is
 * not digits with at most 6 decimals, up to one million.
 *
 * @example
 * ```ts
 * creditsOption('0.05', '--credits'); // 50000
 * ```
 */
export function creditsOption(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const micros = parseUsd(value);
  if (micros === null) throw new UsageError(`${option} must be an amount in USD such as 5 or 0.25 (at most 6 decimals, up to 1000000)`);
  return micros;
}

/** `--credits` needs a pay-per-use plan: enterprise is invoiced, an unenrolled app makes no calls. */
function creditsNeedPayPerUse(plan: Plan, option: string): void {
  if (plan !== 'pay-per-use') throw new UsageError(`${option} applies to pay-per-use apps only (this app's plan: ${plan})`);
}

/**
 * Checks `--plan` / `--credits` of `app create` before the app is created.
 *
 * @example
 * ```ts
 * const billing = createBillingOptions(values);
 * const app = accounts.createApp({ name, plan: billing.plan });
 * applyCreateBilling(sandbox, app, billing);
 * ```
 */
export function createBillingOptions(values: { plan?: string | undefined; credits?: string | undefined }): {
  plan: Plan;
  credits: number | undefined;
} {
  const plan = planOption(values.plan) ?? 'pay-per-use';
  const credits = creditsOption(values.credits, '--credits');
  if (credits !== undefined) creditsNeedPayPerUse(plan, '--credits');
  return { plan, credits };
}

/**
 * Sets the balance of a created app when `--credits` was given.
 *
 * @example
 * ```ts
 * applyCreateBilling(sandbox, app, { credits: 5_000_000 }); // $5.00 in micro-USD
 * ```
 */
export function applyCreateBilling(sandbox: Sandbox, app: AppRecord, billing: { credits: number | undefined }): void {
  if (billing.credits !== undefined) sandbox.billing.setCredits(app.id, billing.credits);
}

const balanceText = (balance: number | null) => (balance === null ? 'no balance set (not limited)' : `balance $${usdText(balance)}`);

const UPDATE = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  app: { type: 'string' },
  plan: { type: 'string' },
  credits: { type: 'string' },
  'add-credits': { type: 'string' },
  unlimited: { type: 'boolean' },
} as const;

async function openSandbox(data: string | undefined, io: CliIo): Promise<Sandbox> {
  dataOption(data);
  const { createSandbox, defaultDataDir } = await import('@oauth1x/sandbox');
  return createSandbox({
    dataDir: data ?? defaultDataDir(io.env),
    onWarning: (message) => io.stderr.write(`oauth1x sandbox: ${message}\n`),
  });
}

/**
 * `oauth1x sandbox app update --app KEY [--plan P] [--credits USD | --add-credits USD | --unlimited]`.
 *
 * @example
 * ```ts
 * await updateApp(['--app', key, '--add-credits', '5'], io);
 * ```
 */
export async function updateApp(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, UPDATE);
  if (values.app === undefined) throw new UsageError('--app is required');
  const plan = planOption(values.plan);
  const set = creditsOption(values.credits, '--credits');
  const add = creditsOption(values['add-credits'], '--add-credits');
  const given = [set !== undefined, add !== undefined, values.unlimited === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('--credits, --add-credits and --unlimited exclude each other');
  if (plan === undefined && given === 0) throw new UsageError('nothing to update: give --plan, --credits, --add-credits or --unlimited');
  const sandbox = await openSandbox(values.data, io);
  try {
    const app = sandbox.accounts.appByKey(values.app);
    if (app === undefined) throw new UsageError(`no app with consumer key ${values.app}`);
    const newPlan = plan ?? app.plan;
    if (set !== undefined) creditsNeedPayPerUse(newPlan, '--credits');
    if (add !== undefined) creditsNeedPayPerUse(newPlan, '--add-credits');
    if (add !== undefined && sandbox.billing.balance(app.id) === null) {
      throw new UsageError('--add-credits: the app has no balance (not limited); set one with --credits');
    }
    if (plan !== undefined) sandbox.accounts.setAppPlan(app.consumerKey, plan);
    if (set !== undefined) sandbox.billing.setCredits(app.id, set);
    if (add !== undefined) sandbox.billing.addCredits(app.id, add);
    if (values.unlimited === true) sandbox.billing.setCredits(app.id, null);
    const balance = sandbox.billing.balance(app.id);
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ consumer_key: app.consumerKey, plan: newPlan, balance_usd: balance === null ? null : usd(balance) })}\n`
        : `App "${app.name}": plan ${newPlan}, ${balanceText(balance)}\n`,
    );
    return 0;
  } finally {
    await sandbox.close();
  }
}

const USAGE = { data: { type: 'string' }, json: { type: 'boolean' }, app: { type: 'string' } } as const;

function usageJson(apps: AppUsage[]): unknown {
  return {
    apps: apps.map((a) => ({
      name: a.name,
      consumer_key: a.consumerKey,
      plan: a.plan,
      balance_usd: a.balance === null ? null : usd(a.balance),
      calls: a.calls,
      units: a.units,
      cost_usd: usd(a.cost),
      endpoints: a.endpoints.map((e) => ({ endpoint: e.endpoint, calls: e.calls, units: e.units, cost_usd: usd(e.cost) })),
    })),
  };
}

function usageTable(apps: AppUsage[]): string {
  const lines: string[] = [];
  for (const a of apps) {
    lines.push(`${a.name} (${a.consumerKey}): plan ${a.plan}, ${balanceText(a.balance)}`);
    if (a.endpoints.length === 0) {
      lines.push('  no calls yet', '');
      continue;
    }
    const rows = [
      ['Endpoint', 'Calls', 'Units', 'Cost (USD)'],
      ...a.endpoints.map((e) => [e.endpoint, String(e.calls), String(e.units), usdText(e.cost)]),
      ['Total', String(a.calls), String(a.units), usdText(a.cost)],
    ];
    const width = (i: number) => Math.max(...rows.map((r) => (r[i] as string).length));
    for (const r of rows) {
      lines.push(`  ${(r[0] as string).padEnd(width(0))}  ${[1, 2, 3].map((i) => (r[i] as string).padStart(width(i))).join('  ')}`);
    }
    lines.push('');
  }
  lines.push(
    "Priced from X's pay-per-use table: reads per resource returned (each resource once per UTC day), writes per request;",
    'enterprise apps are recorded at cost 0 (custom pricing).',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `oauth1x sandbox usage [--app KEY] [--data DIR] [--json]`: calls, billable units and cost by endpoint.
 *
 * @example
 * ```ts
 * await usageCommand(['--json'], io);
 * ```
 */
export async function usageCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, USAGE);
  if (values.app === '') throw new UsageError('--app expects a consumer key');
  const sandbox = await openSandbox(values.data, io);
  try {
    const apps = sandbox.billing.usage(values.app);
    if (apps === undefined) throw new UsageError(`no app with consumer key ${values.app}`);
    io.stdout.write(values.json ? `${JSON.stringify(usageJson(apps))}\n` : usageTable(apps));
    return 0;
  } finally {
    await sandbox.close();
  }
}
