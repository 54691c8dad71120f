/**
 * `oauth1x sandbox app create --plan/--credits`, `app update`, `usage`, and the CLI's hints for X's billing,
 * enrollment and plan answers (402, 403 client-not-enrolled, 429 usage-capped, the posting-rule 403s).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandbox, PLAN_RULE_DETAILS, type RunningSandbox, type Sandbox, X_PRICES } from '@oauth1x/sandbox';
import { call, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';
import { errorHints } from '../src/output.js';
import { runCli } from './spawn-cli.js';

let dir: string;
const env = () => ({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') });

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ env: env() });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth1x-cli-billing-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('oauth1x sandbox: plans, credits and usage', { timeout: 120_000 }, () => {
  it('every bad value of the new options and paths is one line on stderr and exit 2, and changes nothing', async () => {
    const data = join(dir, 'bad');
    const made = await cli(['sandbox', 'app', 'create', '--name', 'Unlimited', '--json', '--data', data]);
    assert.equal(made.code, 0, made.err);
    const key = (JSON.parse(made.out) as { consumer_key: string }).consumer_key;
    const create = ['sandbox', 'app', 'create', '--name', 'x', '--data', data];
    const update = ['sandbox', 'app', 'update', '--data', data];
    for (const [args, message] of [
      [[...create, '--plan', 'gold'], /--plan must be one of pay-per-use, enterprise, none/],
      [[...create, '--plan', ''], /--plan must be one of/],
      ...['-1', '1e3', '0.1234567', '', 'abc', '1000000.01', '0x10', ' 5', '5.'].map(
        (v) => [[...create, '--credits', v], /--credits must be an amount in USD/] as const,
      ),
      [[...create, '--plan', 'enterprise', '--credits', '1'], /--credits applies to pay-per-use apps only \(this app's plan: enterprise\)/],
      [[...create, '--plan', 'none', '--credits', '1'], /--credits applies to pay-per-use apps only/],
      [['sandbox', 'user', 'create', '--username', 'zed', '--plan', 'enterprise', '--data', data], /--plan and --credits are app options/],
      [['sandbox', 'app', 'frobnicate', '--data', data], /sandbox app expects create or list or update/],
      [update, /--app is required/],
      [[...update, '--app', key], /nothing to update/],
      [[...update, '--app', 'nope', '--plan', 'enterprise'], /no app with consumer key nope/],
      [[...update, '--app', key, '--plan', 'platinum'], /--plan must be one of/],
      [[...update, '--app', key, '--credits', '1', '--unlimited'], /exclude each other/],
      [[...update, '--app', key, '--credits', '1', '--add-credits', '1'], /exclude each other/],
      [[...update, '--app', key, '--add-credits', 'x'], /--add-credits must be an amount in USD/],
      [[...update, '--app', key, '--add-credits', '1'], /the app has no balance \(not limited\); set one with --credits/],
      [[...update, '--app', key, '--plan', 'enterprise', '--credits', '1'], /--credits applies to pay-per-use apps only/],
      [[...update, '--app', key, '--unlimited=yes'], /--unlimited/],
      [['sandbox', 'usage', '--app', 'nope', '--data', data], /no app with consumer key nope/],
      [['sandbox', 'usage', '--app', '', '--data', data], /--app expects a consumer key/],
      [['sandbox', 'usage', '--bogus', '--data', data], /Unknown option '--bogus'/],
      [['sandbox', 'usage', 'extra', '--data', data], /Unexpected argument 'extra'/],
      [['sandbox', 'usage', '--data', '/etc/passwd'], /--data \/etc\/passwd is not a directory/],
    ] as const) {
      const r = await cli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /^oauth1x sandbox: /);
      assert.match(r.err, message, args.join(' '));
    }
    const list = JSON.parse((await cli(['sandbox', 'app', 'list', '--json', '--data', data])).out) as Array<{ name: string; plan: string }>;
    assert.deepEqual(
      list.map((a) => [a.name, a.plan]),
      [
        ['oauth1x demo app', 'pay-per-use'],
        ['Unlimited', 'pay-per-use'],
      ],
    );
    const usage = JSON.parse((await cli(['sandbox', 'usage', '--app', key, '--json', '--data', data])).out) as {
      apps: Array<Record<string, unknown>>;
    };
    assert.equal(usage.apps[0]?.balance_usd, null, 'no refused update set a balance');
  });

  it('app create --plan --credits, app update (add, set, unlimited, plan) and usage', async () => {
    const data = join(dir, 'ok');
    const made = await cli(['sandbox', 'app', 'create', '--name', 'Budget', '--credits', '0.03', '--json', '--data', data]);
    assert.equal(made.code, 0, made.err);
    const app = JSON.parse(made.out) as { consumer_key: string; plan: string; balance_usd: number };
    assert.deepEqual([app.plan, app.balance_usd], ['pay-per-use', 0.03]);
    const key = app.consumer_key;
    const update = (...args: string[]) => cli(['sandbox', 'app', 'update', '--app', key, '--data', data, ...args]);
    assert.equal((await update('--add-credits', '0.5')).out, 'App "Budget": plan pay-per-use, balance $0.530\n');
    assert.equal((await update('--credits', '2.25', '--json')).out, `{"consumer_key":"${key}","plan":"pay-per-use","balance_usd":2.25}\n`);
    assert.equal((await update('--unlimited')).out, 'App "Budget": plan pay-per-use, no balance set (not limited)\n');
    assert.equal((await update('--plan', 'enterprise')).out, 'App "Budget": plan enterprise, no balance set (not limited)\n');
    assert.equal((await update('--plan', 'none')).out, 'App "Budget": plan none, no balance set (not limited)\n');
    const text = await cli(['sandbox', 'usage', '--app', key, '--data', data]);
    assert.match(text.out, /^Budget \(\w+\): plan none, no balance set \(not limited\)\n {2}no calls yet\n/);
    const made2 = await cli(['sandbox', 'app', 'create', '--name', 'Big', '--plan', 'enterprise', '--data', data]);
    assert.match(made2.out, /^Created app "Big" \(plan enterprise\)/);
  });

  describe('against a running sandbox: the CLI prints its hint for each of X answers', () => {
    let data: string;
    let sandbox: Sandbox;
    let server: RunningSandbox;
    let key: string;
    let keys: string[];
    before(async () => {
      data = join(dir, 'live');
      const made = await cli(['sandbox', 'app', 'create', '--name', 'Budget', '--xauth', '--credits', '0.03', '--json', '--data', data]);
      assert.equal(made.code, 0, made.err);
      const app = JSON.parse(made.out) as { consumer_key: string; consumer_secret: string };
      key = app.consumer_key;
      keys = ['--consumer-key', app.consumer_key, '--consumer-secret', app.consumer_secret];
      sandbox = await createSandbox({ dataDir: data, postReadCap: 3 });
      server = await sandbox.listen({ port: 0, httpsPort: false });
      const c = sandbox.credentials;
      const signedIn = await runCli(['authorize', '--xauth', '-u', c.username, '-p', c.password, '--host', server.httpUrl, ...keys], {
        env: env(),
      });
      assert.equal(signedIn.code, 0, signedIn.err);
    });
    after(async () => {
      await server?.close();
      await sandbox?.close();
    });

    const run = (...args: string[]) => runCli(args, { env: env() });
    const posted = (out: string) => /(\d{6,})/.exec(out)?.[1] as string;

    it('402 after the credits are used, with the hint; credits added, tweets again', async () => {
      const first = await run('tweet', 'paid post one');
      assert.equal(first.code, 0, first.err);
      assert.equal((await run('tweet', 'paid post two')).code, 0);
      const refused = await run('tweet', 'paid post three');
      assert.equal(refused.code, 1);
      assert.match(refused.err, /402/);
      assert.match(
        refused.err,
        /^hint: 402 credits depleted: buy credits in X's developer console \(console\.x\.com\).*'oauth1x sandbox app update --app KEY --add-credits 5'/m,
      );
      const raw = await run('request', '/2/users/me');
      assert.deepEqual(JSON.parse(raw.out), {
        title: 'Payment Required',
        detail: 'credits depleted',
        type: 'https://api.x.com/2/problems/credits-depleted',
      });
      assert.match(raw.err, /^hint: 402 credits depleted/m);
      assert.equal((await cli(['sandbox', 'app', 'update', '--app', key, '--add-credits', '1', '--data', data])).code, 0);
      const again = await run('tweet', 'paid post three');
      assert.equal(again.code, 0, again.err);
      assert.ok(posted(first.out));
    });

    it('the posting rules: quote, unsummoned reply, two cashtags, each with its hint', async () => {
      const mine = posted((await run('tweet', 'something to quote')).out);
      const quote = await run('tweet', 'my quote', '--quote', mine);
      assert.equal(quote.code, 1);
      assert.match(quote.err, /^hint: 403: self-serve \(pay-per-use\) apps may not quote posts; quoting needs an enterprise plan/m);
      const rawQuote = await run('request', '--json', JSON.stringify({ text: 'my raw quote', quote_tweet_id: mine }), '/2/tweets');
      assert.equal(rawQuote.code, 1);
      assert.deepEqual(JSON.parse(rawQuote.out), { title: 'Forbidden', type: 'about:blank', status: 403, detail: PLAN_RULE_DETAILS.quote });
      assert.match(rawQuote.err, /^hint: 403: self-serve \(pay-per-use\) apps may not quote posts/m);
      const a = sandbox.credentials.users.find((u) => u.username === 'alice');
      assert.ok(a);
      const form = new URLSearchParams(await (await xAuth(sandbox, a.username, a.password)).text());
      const alice = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
      const byAlice = await call(sandbox, 'POST', `${server.httpUrl}/2/tweets`, {
        token: alice,
        raw: JSON.stringify({ text: 'alice, talking to nobody' }),
        contentType: 'application/json',
      });
      const aliceId = ((await byAlice.json()) as { data: { id: string } }).data.id;
      const reply = await run('tweet', 'cold reply', '--reply-to', aliceId);
      assert.equal(reply.code, 1);
      assert.match(reply.err, /^hint: 403: a pay-per-use app may reply only where the author of the post mentioned or quoted/m);
      const cashtags = await run('tweet', 'long $AAPL short $TSLA');
      assert.equal(cashtags.code, 1);
      assert.match(cashtags.err, /^hint: 403: a pay-per-use app may put at most one cashtag/m);
    });

    it('429 usage-capped once the monthly post reads are used, with its hint and no rate-limit retry advice', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push(posted((await run('tweet', `post to read ${i}`)).out));
      for (const id of ids.slice(0, 3)) assert.equal((await run('request', `/2/tweets/${id}`)).code, 0);
      const capped = await run('request', `/2/tweets/${ids[3]}`);
      assert.equal(capped.code, 1);
      assert.match(
        capped.err,
        /^hint: 429 usage cap reached \(monthly product cap\): retrying will not help until the cap resets with the next billing cycle/m,
      );
      assert.doesNotMatch(capped.err, /rate limited/);
    });

    it('403 client-not-enrolled with its hint; usage shows calls, units and cost by endpoint', async () => {
      sandbox.accounts.setAppPlan(key, 'none');
      const refused = await run('request', '/2/users/me');
      assert.equal(refused.code, 1);
      assert.match(
        refused.err,
        /^hint: 403 client-not-enrolled: the app is in no package: enroll it .*'oauth1x sandbox app update --app KEY --plan pay-per-use'/m,
      );
      sandbox.accounts.setAppPlan(key, 'pay-per-use');
      // The same user read twice more the same UTC day, over HTTP: two calls, no new charge.
      for (let i = 0; i < 2; i++) assert.equal((await run('request', '/2/users/me')).code, 0);
      const usage = await run('sandbox', 'usage', '--app', key, '--data', data);
      assert.equal(usage.code, 0, usage.err);
      // 3 + 1 + 4 posts at $0.015, 3 distinct posts read at $0.005, and the user `authorize` read to say who
      // signed in at $0.010; refused calls are neither counted nor charged. $0.03 + $1 − $0.145 = $0.885.
      assert.match(usage.out, /^ {2}GET \/2\/tweets +3 +3 +0\.015$/m);
      assert.match(usage.out, /^ {2}GET \/2\/users\/me +3 +1 +0\.010$/m);
      assert.match(usage.out, /^ {2}POST \/2\/tweets +8 +8 +0\.120$/m);
      assert.match(usage.out, /^ {2}Total +14 +12 +0\.145$/m);
      // The total is the sum of X's prices for what was done (prices in micro-USD, X's table in prices.ts).
      const expected = 8 * X_PRICES['Post: Create'] + 3 * X_PRICES['Posts: Read'] + X_PRICES['User: Read'];
      assert.equal(sandbox.billing.usage(key)?.[0]?.cost, expected);
      assert.match(usage.out, /balance \$0\.885/);
      const json = JSON.parse((await run('sandbox', 'usage', '--app', key, '--json', '--data', data)).out) as {
        apps: Array<{ cost_usd: number; balance_usd: number; endpoints: unknown[] }>;
      };
      assert.deepEqual([json.apps[0]?.cost_usd, json.apps[0]?.balance_usd, json.apps[0]?.endpoints.length], [0.145, 0.885, 3]);
    });
  });

  it('errorHints: each billing answer has exactly one hint', () => {
    const none = new Headers();
    for (const [status, body] of [
      [402, '{"title":"Payment Required","detail":"credits depleted","type":"https://api.x.com/2/problems/credits-depleted"}'],
      [403, '{"title":"Client Forbidden","reason":"client-not-enrolled","type":"https://api.x.com/2/problems/client-forbidden"}'],
      [429, '{"title":"UsageCapExceeded","period":"Monthly","scope":"Product","type":"https://api.x.com/2/problems/usage-capped"}'],
    ] as const) {
      assert.equal(errorHints(status, body, none).length, 1, body);
    }
    assert.deepEqual(errorHints(403, '{"title":"Forbidden","detail":"other"}', none), []);
  });
});
