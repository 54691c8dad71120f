/**
 * The console (`/console`): apps, users, access tokens, each app's usage and cost (calls, billable units and
 * cost by endpoint, as `oauth1x sandbox usage` prints them) and the recent requests with the base string the
 * sandbox computed for each rejected one; and a per-user timeline page (`/timeline/:screen_name`).
 * Secrets are never shown (keys and token prefixes only).
 *
 * @module
 */
import type { SandboxContext } from '../context.js';
import { usdText } from '../plans.js';
import { v1Date } from '../x-json.js';
import { h, page } from './html.js';

interface TokenRow {
  token: string;
  consumer_key: string;
  user_id: string;
  created_at: number;
}

function tokens(ctx: SandboxContext): TokenRow[] {
  try {
    return ctx.db
      .prepare('SELECT token, consumer_key, user_id, created_at FROM oauth_access_tokens ORDER BY created_at DESC LIMIT 100')
      .all() as TokenRow[];
  } catch {
    return [];
  }
}

const money = (micros: number) => `$${usdText(micros)}`;

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/**
 * Renders the console page.
 *
 * @example
 * ```ts
 * app.get('/console', () => consolePage(ctx));
 * ```
 */
export function consolePage(ctx: SandboxContext): Response {
  const apps = ctx.accounts.listApps();
  const users = ctx.accounts.listUsers();
  const names = new Map(users.map((u) => [u.id, u.screenName]));
  const appNames = new Map(apps.map((a) => [a.consumerKey, a.name]));
  const log = ctx.log.recent();
  const usage = ctx.billing.usage() ?? [];
  return page(
    'Console',
    h`<h1>oauth1x sandbox console</h1>
<h2>Apps</h2><table><tr><th>Name</th><th>Consumer key</th><th>Callbacks</th><th>xAuth</th><th>Signature methods</th><th>Access</th><th>Plan</th></tr>
${apps.map((a) => h`<tr><td>${a.name}</td><td><code>${a.consumerKey}</code></td><td>${a.callbackUrls.join(' ')}</td><td>${a.xauth ? 'yes' : 'no'}</td><td>${a.signatureMethods.join(', ')}</td><td>${a.accessLevel}</td><td>${a.plan}</td></tr>`)}</table>
<h2>Usage and cost</h2><p class="muted">Priced from X's pay-per-use table: reads per resource returned (each resource once per UTC day), writes per request; enterprise apps at cost 0 (custom pricing).</p>
${usage.map(
  (
    a,
  ) => h`<h3>${a.name} <span class="muted">${a.plan}, ${a.balance === null ? 'no balance set (not limited)' : `balance ${money(a.balance)}`}</span></h3>
<table class="usage" data-app="${a.consumerKey}"><tr><th>Endpoint</th><th>Calls</th><th>Units</th><th>Cost (USD)</th></tr>
${a.endpoints.map((e) => h`<tr><td><code>${e.endpoint}</code></td><td>${e.calls}</td><td>${e.units}</td><td>${money(e.cost)}</td></tr>`)}<tr><th>Total</th><th>${a.calls}</th><th>${a.units}</th><th>${money(a.cost)}</th></tr></table>`,
)}
<h2>Users</h2><table><tr><th>Screen name</th><th>Name</th><th>Id</th><th>Created</th></tr>
${users.map((u) => h`<tr><td><a href="/timeline/${u.screenName}">@${u.screenName}</a></td><td>${u.name}</td><td><code>${u.id}</code></td><td>${when(u.createdAt)}</td></tr>`)}</table>
<h2>Access tokens</h2><table><tr><th>Token</th><th>App</th><th>User</th><th>Issued</th></tr>
${tokens(ctx).map((t) => h`<tr><td><code>${t.token.slice(0, t.token.indexOf('-') + 7)}…</code></td><td>${appNames.get(t.consumer_key) ?? t.consumer_key}</td><td>@${names.get(t.user_id) ?? t.user_id}</td><td>${when(t.created_at)}</td></tr>`)}</table>
<h2>Recent requests</h2><table><tr><th>Time</th><th>Request</th><th>Status</th><th>Problem</th></tr>
${log.map(
  (r) =>
    h`<tr><td>${when(r.at)}</td><td><code>${r.method} ${r.url}</code>${
      r.baseString ? h`<br><span class="muted">Base string the sandbox computed:</span><pre class="base-string">${r.baseString}</pre>` : ''
    }</td><td>${r.status}</td><td>${r.problem ?? ''}</td></tr>`,
)}</table>`,
  );
}

/**
 * Renders a user's timeline page (their tweets, newest first).
 *
 * @example
 * ```ts
 * app.get('/timeline/:name', (c) => timelinePage(ctx, c.req.param('name')));
 * ```
 */
export function timelinePage(ctx: SandboxContext, screenName: string): Response {
  const user = ctx.accounts.userByScreenName(screenName);
  if (!user) return page('Not found', h`<h1>No user @${screenName}</h1>`, 404);
  const counts = ctx.tweets.counts(user.id);
  const list = ctx.tweets.userTimeline(user.id, { count: 100 });
  return page(
    `@${user.screenName}`,
    h`<h1>${user.name} <span class="muted">@${user.screenName}</span></h1><p>${user.description}</p>
<p class="muted">${counts.statuses} posts · ${counts.friends} following · ${counts.followers} followers</p>
<div id="timeline">${list.map(
      (t) =>
        h`<div class="card tweet" data-id="${t.id}"><p>${t.text}</p><p class="muted">${v1Date(t.createdAt)}${
          t.mediaIds.length > 0 ? ` · ${t.mediaIds.length} media` : ''
        }</p></div>`,
    )}</div>${list.length === 0 ? h`<p class="muted">No posts yet.</p>` : ''}<p><a href="/console">Console</a></p>`,
  );
}
