import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import type { Credentials } from 'oauth1x';
import { type AppUsage, createSandbox, type Sandbox } from '../src/index.js';
import { X_PRICES } from '../src/prices.js';

const API = 'https://api.x.com';
const DAY = 86_400_000;
let sandbox: Sandbox;
let clock: number;

afterEach(async () => sandbox?.close());

/** A sandbox on an injected clock, one minute before midnight UTC. */
async function open(options: { postReadCap?: number } = {}): Promise<Sandbox> {
  clock = Date.parse('2026-05-31T23:59:00.000Z');
  sandbox = await createSandbox({ memory: true, now: () => clock, rateLimits: false, ...options });
  return sandbox;
}

const appId = () => sandbox.accounts.appByKey(sandbox.credentials.consumer_key)?.id as number;

function send(method: string, path: string, body?: unknown, token: Credentials = demoToken(sandbox)): Promise<Response> {
  return call(sandbox, method, `${API}${path}`, {
    token,
    timestamp: Math.floor(clock / 1000),
    ...(body === undefined ? {} : { raw: JSON.stringify(body), contentType: 'application/json' }),
  });
}

async function tweet(text: string, extra: Record<string, unknown> = {}, token?: Credentials): Promise<string> {
  const response = await send('POST', '/2/tweets', { text, ...extra }, token);
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { data: { id: string } }).data.id;
}

function ledger(): AppUsage['endpoints'] {
  return sandbox.billing.usage(sandbox.credentials.consumer_key)?.[0]?.endpoints ?? [];
}

function total(): number {
  return (sandbox.billing.usage(sandbox.credentials.consumer_key)?.[0]?.cost as number) ?? 0;
}

describe('sandbox billing: credits, 402 and the cost ledger', { timeout: 30_000 }, () => {
  it('a pay-per-use app with $0.05 tweets until 402 with X body, nothing posted by the refused call', async () => {
    await open();
    sandbox.billing.setCredits(appId(), 50_000);
    let posted = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 10 && refused === undefined; i++) {
      const response = await send('POST', '/2/tweets', { text: `tweet number ${i}` });
      if (response.status === 201) posted++;
      else refused = response;
    }
    // 0.05 → 0.035 → 0.020 → 0.005 → −0.010 (X lets a balance go slightly negative), then blocked.
    assert.equal(posted, 4);
    assert.equal(refused?.status, 402);
    assert.deepEqual(await refused?.json(), {
      title: 'Payment Required',
      detail: 'credits depleted',
      type: 'https://api.x.com/2/problems/credits-depleted',
    });
    assert.equal(sandbox.billing.balance(appId()), 50_000 - 4 * X_PRICES['Post: Create']);
    assert.equal(total(), 4 * X_PRICES['Post: Create']);
    const mine = await send('GET', `/2/users/${sandbox.credentials.user_id}/tweets?max_results=100`);
    assert.equal(mine.status, 402, 'reads are refused too');
    // Credits added: calls work again; the refused calls cost nothing and left no ledger row.
    assert.equal(sandbox.billing.addCredits(appId(), 1_000_000), 990_000);
    const timeline = (await (await send('GET', `/2/users/${sandbox.credentials.user_id}/tweets?max_results=100`)).json()) as {
      data: unknown[];
    };
    assert.equal(timeline.data.length, 4, 'the refused post was not stored');
    assert.deepEqual(
      ledger().map((e) => [e.endpoint, e.calls, e.units, e.cost]),
      [
        ['GET /2/users/tweets', 1, 4, 4 * X_PRICES['Posts: Read']],
        ['POST /2/tweets', 4, 4, 4 * X_PRICES['Post: Create']],
      ],
    );
  });

  it('concurrent writes cannot all pass on the same balance: the price of writes in flight is held', async () => {
    await open();
    sandbox.billing.setCredits(appId(), 50_000);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send('POST', '/2/tweets', { text: `at once ${i}` })));
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 201, 201, 201, 402, 402, 402, 402, 402, 402]);
    assert.equal(sandbox.billing.balance(appId()), 50_000 - 4 * X_PRICES['Post: Create']);
  });

  it("the ledger's total is the sum of X's prices, each resource read charged once per UTC day", async () => {
    await open();
    const me = sandbox.credentials.user_id;
    const a = sandbox.credentials.users.find((u) => u.username === 'alice');
    assert.ok(a);
    const signIn = await call(sandbox, 'POST', `${API}/oauth/access_token`, {
      body: { x_auth_mode: 'client_auth', x_auth_username: a.username, x_auth_password: a.password },
      timestamp: Math.floor(clock / 1000),
    });
    const form = new URLSearchParams(await signIn.text());
    const alice = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
    let expected = 0;
    const first = await tweet('first post for @alice');
    const withUrl = await tweet('read https://example.com/docs');
    await tweet('a thread of my own', { reply: { in_reply_to_tweet_id: first } });
    expected += 2 * X_PRICES['Post: Create'] + X_PRICES['Post: Create (with URL)'];
    await tweet('summoned reply', { reply: { in_reply_to_tweet_id: first } }, alice);
    expected += X_PRICES['Post: Create (summoned)'];
    for (let i = 0; i < 2; i++) assert.equal((await send('GET', `/2/tweets/${first}`)).status, 200);
    expected += X_PRICES['Posts: Read'];
    for (let i = 0; i < 2; i++) assert.equal((await send('GET', '/2/users/me')).status, 200);
    expected += X_PRICES['User: Read'];
    const timeline = (await (await send('GET', `/2/users/${me}/tweets?max_results=100`)).json()) as { data: unknown[] };
    assert.equal(timeline.data.length, 3);
    expected += 2 * X_PRICES['Posts: Read']; // `first` was read earlier today
    assert.equal((await send('POST', `/2/users/${me}/likes`, { tweet_id: withUrl })).status, 200);
    assert.equal((await send('DELETE', `/2/users/${me}/likes/${withUrl}`)).status, 200);
    assert.equal((await send('DELETE', `/2/tweets/${withUrl}`)).status, 200);
    expected += X_PRICES['User Interaction: Create'] + X_PRICES['Interaction: Delete'] + X_PRICES['Content: Manage'];
    // Not charged: a like of a missing post (200 with only errors), a 404, a duplicate post.
    assert.equal((await send('POST', `/2/users/${me}/likes`, { tweet_id: '1234567890' })).status, 200);
    assert.equal((await send('GET', '/2/users/by/username/nobody_here')).status, 200);
    assert.equal((await send('POST', '/2/tweets', { text: 'first post for @alice' })).status, 403);
    assert.equal(total(), expected);
    // Mentions are their own endpoint in the ledger (they were counted as GET /2/users/tweets); `first`, the one
    // post that mentions @alice, was read earlier today and costs nothing again.
    assert.equal((await send('GET', `/2/users/${a.user_id}/mentions`)).status, 200);
    assert.equal(total(), expected);
    const mentions = sandbox.billing
      .usage(sandbox.credentials.consumer_key)?.[0]
      ?.endpoints.find((e) => e.endpoint === 'GET /2/users/mentions');
    assert.deepEqual(mentions && [mentions.calls, mentions.cost], [1, 0]);
    // Past midnight UTC the same post is a new charge; the same day again is not.
    clock += 2 * 60_000;
    for (let i = 0; i < 2; i++) assert.equal((await send('GET', `/2/tweets/${first}`)).status, 200);
    expected += X_PRICES['Posts: Read'];
    assert.equal(total(), expected);
    const rows = sandbox.billing.usage(sandbox.credentials.consumer_key)?.[0];
    assert.equal(
      rows?.cost,
      rows?.endpoints.reduce((sum, e) => sum + e.cost, 0),
    );
    const reads = rows?.endpoints.find((e) => e.endpoint === 'GET /2/tweets');
    assert.deepEqual(reads && [reads.calls, reads.units, reads.cost], [4, 2, 2 * X_PRICES['Posts: Read']]);
    assert.equal(sandbox.billing.balance(appId()), null, 'no balance configured: not limited');
    // The console shows the same figures per app.
    const html = await (await sandbox.fetch(new Request('http://127.0.0.1/console'))).text();
    const table =
      new RegExp(`<table class="usage" data-app="${sandbox.credentials.consumer_key}">(.*?)</table>`, 's').exec(html)?.[1] ?? '';
    assert.match(table, /<td><code>GET \/2\/tweets<\/code><\/td><td>4<\/td><td>2<\/td><td>\$0\.010<\/td>/);
    assert.match(
      table,
      new RegExp(`<th>Total</th><th>${rows?.calls}</th><th>${rows?.units}</th><th>\\$${(expected / 1e6).toFixed(3)}</th>`),
    );
  });

  it('v1.1 calls are charged as their v2 equivalents', async () => {
    await open();
    const body = { status: 'from v1.1' };
    const posted = await call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, {
      token: demoToken(sandbox),
      body,
      timestamp: clock / 1000,
    });
    assert.equal(posted.status, 200);
    const shown = await send('GET', `/1.1/statuses/user_timeline.json?count=5`);
    assert.equal(shown.status, 200);
    assert.equal(total(), X_PRICES['Post: Create'] + X_PRICES['Posts: Read']);
  });

  it('an app in no package gets 403 client-not-enrolled for every call, uncharged', async () => {
    await open();
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'none');
    for (const response of [
      await send('GET', '/2/users/me'),
      await send('POST', '/2/tweets', { text: 'nope' }),
      await send('GET', '/1.1/account/verify_credentials.json'),
    ]) {
      assert.equal(response.status, 403);
      const problem = (await response.json()) as Record<string, unknown>;
      assert.equal(problem.type, 'https://api.x.com/2/problems/client-forbidden');
      assert.equal(problem.reason, 'client-not-enrolled');
      assert.equal(problem.title, 'Client Forbidden');
      assert.equal(problem.client_id, String(appId()));
    }
    assert.deepEqual(ledger(), []);
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'pay-per-use');
    assert.equal((await send('GET', '/2/users/me')).status, 200);
  });

  it('enterprise: calls and units recorded at cost 0, credits not enforced', async () => {
    await open();
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'enterprise');
    sandbox.billing.setCredits(appId(), 0);
    await tweet('enterprise post');
    assert.equal((await send('GET', '/2/users/me')).status, 200);
    assert.deepEqual(
      ledger().map((e) => [e.endpoint, e.calls, e.units, e.cost]),
      [
        ['GET /2/users/me', 1, 1, 0],
        ['POST /2/tweets', 1, 1, 0],
      ],
    );
  });

  it('the monthly cap of post reads gives 429 usage-capped on pay-per-use, not on enterprise; a new month resets it', async () => {
    await open({ postReadCap: 2 });
    const ids = [await tweet('one'), await tweet('two'), await tweet('three')];
    for (const id of ids.slice(0, 2)) assert.equal((await send('GET', `/2/tweets/${id}`)).status, 200);
    const capped = await send('GET', `/2/tweets/${ids[2]}`);
    assert.equal(capped.status, 429);
    assert.deepEqual(await capped.json(), {
      title: 'UsageCapExceeded',
      detail: 'Usage cap exceeded: Monthly product cap',
      type: 'https://api.x.com/2/problems/usage-capped',
      period: 'Monthly',
      scope: 'Product',
    });
    assert.equal((await send('GET', '/2/users/me')).status, 200, 'user reads are not capped');
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'enterprise');
    assert.equal((await send('GET', `/2/tweets/${ids[0]}`)).status, 200);
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'pay-per-use');
    clock += DAY; // 2026-06-01: a new billing month
    assert.equal((await send('GET', `/2/tweets/${ids[0]}`)).status, 200);
  });
});
