/**
 * Plans, credits and the cost ledger: every API call an app makes is priced from X's table (`prices.ts`),
 * recorded in the ledger and debited from the app's balance, as X's pay-per-use billing does
 * (`docs/x-api_getting-started_pricing.mdx`, `docs/x-api_fundamentals_post-cap.mdx`):
 * - only successful calls are charged ("Only successful responses that return data are billed");
 * - reads per resource returned, each resource once per app and UTC day (the sandbox clock decides the day);
 *   writes per request;
 * - a pay-per-use app whose balance is zero or below gets 402 `credits-depleted` before anything is done;
 *   a charge may take the balance slightly below zero, as on X; an app with no balance configured is not
 *   limited (the default, so existing apps behave as before);
 * - pay-per-use apps may read 3 million posts per calendar month (UTC) — X's billing cycle, here the month —
 *   then get 429 `usage-capped`;
 * - an enterprise app has custom pricing: its calls and units are recorded at cost 0, no credits, no cap;
 * - an app in no package gets 403 `client-not-enrolled` for every call.
 *
 * @module
 */
import type { ApiCall } from './api.js';
import type { Accounts, AppRecord, UserRecord } from './apps-users.js';
import { clientNotEnrolled, creditsDepleted, monthlyCapReached } from './billing-errors.js';
import { responseTextOf, responseValueOf } from './body-side-channel.js';
import { CreditBalances } from './credit-balances.js';
import { prepared, type SandboxDatabase } from './db.js';
import { hasUrl, planRefusal, postIntent, summonedBy } from './plan-rules.js';
import type { Plan } from './plans.js';
import { type PriceItem, type PriceRule, postItem, priceRule, resourceIds, X_PRICES } from './prices.js';
import { isRecord } from './x-json.js';

type Writes = { run<T>(work: () => T): Promise<T> };

/** X's monthly cap of post reads for pay-per-use apps. */
export const PAY_PER_USE_POST_READ_CAP = 3_000_000;

const DAY_MS = 86_400_000;

/** Calls, billable units and cost of one endpoint (or of a whole app). */
export interface UsageFigures {
  calls: number;
  units: number;
  /** Micro-USD. */
  cost: number;
}

/** One app's usage, by endpoint. */
export interface AppUsage extends UsageFigures {
  name: string;
  consumerKey: string;
  plan: Plan;
  /** Micro-USD; `null` when no balance is configured (not limited). */
  balance: number | null;
  endpoints: Array<UsageFigures & { endpoint: string }>;
}

/**
 * The JSON value of a successful answer: the one it was made from when recorded (`jsonResponse`: no parsing on
 * the request path), else its text parsed; `null` when it is not JSON.
 */
async function answerValue(response: Response): Promise<unknown> {
  const recorded = responseValueOf(response);
  if (recorded !== undefined) return recorded.value;
  try {
    return JSON.parse(responseTextOf(response) ?? (await response.clone().text()));
  } catch {
    return null;
  }
}

/**
 * One sandbox's billing.
 *
 * @example
 * ```ts
 * const billing = new Billing(db, writes, () => Date.now(), accounts);
 * billing.setCredits(app.id, 50_000); // $0.05
 * ```
 */
export class Billing {
  #prunedDay = -1;
  /** Prices of the writes in flight, per app (micro-USD). */
  readonly #held = new Map<number, number>();
  readonly #balances: CreditBalances;

  constructor(
    private readonly db: SandboxDatabase,
    private readonly writes: Writes,
    private readonly now: () => number,
    private readonly accounts: Accounts,
    private readonly postReadCap = PAY_PER_USE_POST_READ_CAP,
  ) {
    this.#balances = new CreditBalances(db);
  }

  /** The app's balance in micro-USD, `null` when none is configured (not limited). */
  balance(appId: number): number | null {
    return this.#balances.get(appId);
  }

  /** Sets the balance (micro-USD), or `null` to remove it (not limited). */
  setCredits(appId: number, micros: number | null): void {
    if (micros === null) prepared(this.db, 'DELETE FROM x_credits WHERE app_id = ?').run(appId);
    else {
      prepared(
        this.db,
        'INSERT INTO x_credits (app_id, balance) VALUES (?, ?) ON CONFLICT (app_id) DO UPDATE SET balance = excluded.balance',
      ).run(appId, micros);
    }
    this.#balances.set(appId, micros);
  }

  /** Adds credits (micro-USD) to a configured balance; returns the new balance. Throws when none is configured. */
  addCredits(appId: number, micros: number): number {
    const row = prepared(this.db, 'UPDATE x_credits SET balance = balance + ? WHERE app_id = ? RETURNING balance').get(micros, appId) as
      | { balance: number }
      | undefined;
    if (row === undefined) throw new RangeError('the app has no credit balance (not limited); set one with --credits');
    this.#balances.set(appId, row.balance);
    return row.balance;
  }

  /** Posts the app read (charged) this calendar month, UTC. */
  postReads(appId: number): number {
    const row = prepared(this.db, 'SELECT count FROM x_post_reads WHERE app_id = ? AND month = ?').get(appId, month(this.now())) as
      | { count: number }
      | undefined;
    return row?.count ?? 0;
  }

  /**
   * Runs one API call under the app's plan: refuses what the plan does not allow (enrollment, credits, monthly
   * cap, posting rules), runs `handler`, and charges a successful answer (committed before it is returned).
   *
   * @example
   * ```ts
   * const response = await ctx.billing.run(call, 'POST /2/tweets', () => handler(call));
   * ```
   */
  async run(anyCall: ApiCall<UserRecord | null>, endpoint: string, handler: () => Response | Promise<Response>): Promise<Response> {
    const app = anyCall.app;
    // Only user-context calls post (app-only ones never reach a write route): the post rules need the user.
    const call = anyCall.user === null ? null : (anyCall as ApiCall);
    if (app.plan === 'none') return clientNotEnrolled(app);
    const rule = priceRule(endpoint);
    let item: PriceItem | null = rule.kind === 'free' ? null : rule.item;
    const intent = call === null ? null : postIntent(call, endpoint);
    if (intent !== null) {
      const summoned = intent.replyToId !== undefined && summonedBy(call as ApiCall, intent.replyToId) === true;
      item = postItem({ hasUrl: hasUrl(intent.text), summoned });
    }
    // A write's price is known before the work: held until its charge is committed, so that concurrent
    // writes cannot all pass the check on the same balance (reads are priced by what they return).
    const held = app.plan === 'pay-per-use' && rule.kind === 'write' && item !== null ? X_PRICES[item] : 0;
    if (app.plan === 'pay-per-use') {
      const balance = this.balance(app.id);
      if (balance !== null && balance - (this.#held.get(app.id) ?? 0) <= 0) return creditsDepleted();
      if (rule.kind === 'read' && rule.resource === 'post' && this.postReads(app.id) >= this.postReadCap) return monthlyCapReached();
    }
    if (intent !== null) {
      const refused = planRefusal(call as ApiCall, app.plan, intent);
      if (refused !== null) return refused;
    }
    this.#held.set(app.id, (this.#held.get(app.id) ?? 0) + held);
    try {
      const response = await handler();
      if (response.status < 200 || response.status > 299) return response;
      let resources: string[] = [];
      let billable = true;
      if (rule.kind !== 'free') {
        const body = await answerValue(response);
        if (rule.kind === 'read') resources = resourceIds(body).map((id) => `${rule.resource}:${id}`);
        // A 200 with only partial errors (e.g. a like of a missing post) returned no data: not billed.
        else billable = !(isRecord(body) && body.errors !== undefined && body.data === undefined);
      }
      try {
        await this.writes.run(() => this.#charge(app, endpoint, rule, billable ? item : null, resources));
      } catch (error) {
        // Its transaction failed, debit and all: the balance is read from the database again.
        this.#balances.forget(app.id);
        throw error;
      }
      return response;
    } finally {
      const left = (this.#held.get(app.id) ?? 0) - held;
      if (left === 0) this.#held.delete(app.id);
      else this.#held.set(app.id, left);
    }
  }

  /** Dedups the resources read, debits the balance and writes the ledger row: one transaction. */
  #charge(app: AppRecord, endpoint: string, rule: PriceRule, item: PriceItem | null, resources: string[]): void {
    const at = this.now();
    let units = rule.kind === 'write' && item !== null ? 1 : 0;
    if (rule.kind === 'read') {
      const day = Math.floor(at / DAY_MS);
      if (day !== this.#prunedDay) {
        prepared(this.db, 'DELETE FROM x_billed_reads WHERE day < ?').run(day);
        this.#prunedDay = day;
      }
      const insert = prepared(this.db, 'INSERT OR IGNORE INTO x_billed_reads (app_id, day, resource) VALUES (?, ?, ?)');
      for (const resource of resources) units += insert.run(app.id, day, resource).changes;
      if (rule.resource === 'post' && units > 0) {
        prepared(
          this.db,
          'INSERT INTO x_post_reads (app_id, month, count) VALUES (?, ?, ?) ON CONFLICT (app_id, month) DO UPDATE SET count = count + excluded.count',
        ).run(app.id, month(at), units);
      }
    }
    const cost = app.plan === 'pay-per-use' && item !== null ? units * X_PRICES[item] : 0;
    if (cost > 0) prepared(this.db, 'UPDATE x_credits SET balance = balance - ? WHERE app_id = ?').run(cost, app.id);
    prepared(this.db, 'INSERT INTO x_ledger (app_id, endpoint, units, cost, at) VALUES (?, ?, ?, ?, ?)').run(
      app.id,
      endpoint,
      units,
      cost,
      at,
    );
    if (cost > 0) this.#balances.debit(app.id, cost);
  }

  /**
   * Usage by app and endpoint (calls, billable units, cost), every app or the one with `consumerKey`;
   * `undefined` when no app has that key.
   *
   * @example
   * ```ts
   * for (const app of billing.usage() ?? []) console.log(app.name, app.cost);
   * ```
   */
  usage(consumerKey?: string): AppUsage[] | undefined {
    const apps = this.accounts.listApps().filter((a) => consumerKey === undefined || a.consumerKey === consumerKey);
    if (consumerKey !== undefined && apps.length === 0) return undefined;
    const rows = prepared(
      this.db,
      'SELECT endpoint, COUNT(*) AS calls, SUM(units) AS units, SUM(cost) AS cost FROM x_ledger WHERE app_id = ? GROUP BY endpoint ORDER BY endpoint',
    );
    return apps.map((app) => {
      const endpoints = rows.all(app.id) as Array<UsageFigures & { endpoint: string }>;
      const total = (key: keyof UsageFigures) => endpoints.reduce((sum, e) => sum + e[key], 0);
      return {
        name: app.name,
        consumerKey: app.consumerKey,
        plan: app.plan,
        balance: this.balance(app.id),
        calls: total('calls'),
        units: total('units'),
        cost: total('cost'),
        endpoints,
      };
    });
  }
}

/** The calendar month (UTC) of an instant, `YYYY-MM`. */
function month(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
