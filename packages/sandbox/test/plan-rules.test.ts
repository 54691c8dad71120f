import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import type { Credentials } from 'oauth1x';
import { createSandbox, type Sandbox } from '../src/index.js';
import { PLAN_RULE_DETAILS } from '../src/plan-rules.js';

const API = 'https://api.x.com';
let sandbox: Sandbox;
let alice: Credentials;

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  const a = sandbox.credentials.users.find((u) => u.username === 'alice');
  assert.ok(a);
  const form = new URLSearchParams(await (await xAuth(sandbox, a.username, a.password)).text());
  alice = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
});
after(async () => sandbox.close());

const post = (body: unknown, token: Credentials = demoToken(sandbox)) =>
  call(sandbox, 'POST', `${API}/2/tweets`, { raw: JSON.stringify(body), contentType: 'application/json', token });

async function created(body: unknown, token?: Credentials): Promise<string> {
  const response = await post(body, token);
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { data: { id: string } }).data.id;
}

async function assertRefused(response: Response, detail: string): Promise<void> {
  assert.equal(response.status, 403);
  assert.deepEqual(await response.json(), { title: 'Forbidden', type: 'about:blank', status: 403, detail });
}

/** Runs `work` with the demo app on `plan`, then puts it back on pay-per-use. */
async function onPlan(plan: 'enterprise', work: () => Promise<void>): Promise<void> {
  sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, plan);
  try {
    await work();
  } finally {
    sandbox.accounts.setAppPlan(sandbox.credentials.consumer_key, 'pay-per-use');
  }
}

async function tweetCount(): Promise<number> {
  const response = await call(sandbox, 'GET', `${API}/2/users/me?user.fields=public_metrics`, { token: alice });
  return ((await response.json()) as { data: { public_metrics: { tweet_count: number } } }).data.public_metrics.tweet_count;
}

describe('self-serve posting rules (pay-per-use) and enterprise', { timeout: 30_000 }, () => {
  it('a quote is X 403 on pay-per-use (v2 and v1.1 attachment_url), nothing stored; enterprise may quote', async () => {
    const target = await created({ text: 'a post to quote' });
    const before = await tweetCount();
    await assertRefused(await post({ text: 'my quote', quote_tweet_id: target }, alice), PLAN_RULE_DETAILS.quote);
    const v1 = await call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, {
      token: alice,
      body: { status: 'v1 quote', attachment_url: `https://x.com/demo/status/${target}` },
    });
    await assertRefused(v1, PLAN_RULE_DETAILS.quote);
    assert.equal(await tweetCount(), before);
    await onPlan('enterprise', async () => {
      await created({ text: 'enterprise quote', quote_tweet_id: target });
    });
  });

  it('a reply is allowed only where the replied-to author mentioned or quoted the user; own threads are free', async () => {
    const plain = await created({ text: 'nobody summoned here' });
    await assertRefused(await post({ text: 'cold reply', reply: { in_reply_to_tweet_id: plain } }, alice), PLAN_RULE_DETAILS.reply);
    const v1 = await call(sandbox, 'POST', `${API}/1.1/statuses/update.json`, {
      token: alice,
      body: { status: 'cold v1 reply', in_reply_to_status_id: plain },
    });
    await assertRefused(v1, PLAN_RULE_DETAILS.reply);
    const mentioning = await created({ text: 'what do you think, @alice?' });
    await created({ text: 'summoned reply', reply: { in_reply_to_tweet_id: mentioning } }, alice);
    // @demo quotes a post of @alice (an enterprise app may quote): @alice may answer that post.
    const alicePost = await created({ text: 'a post by alice' }, alice);
    let quoting = '';
    await onPlan('enterprise', async () => {
      quoting = await created({ text: 'quoting alice', quote_tweet_id: alicePost });
    });
    await created({ text: 'reply to the quote', reply: { in_reply_to_tweet_id: quoting } }, alice);
    await created({ text: 'my own thread', reply: { in_reply_to_tweet_id: plain } });
    // A reply to a missing post is still the route's own answer.
    assert.notEqual((await post({ text: 'to nowhere', reply: { in_reply_to_tweet_id: '1' } }, alice)).status, 201);
    await onPlan('enterprise', async () => {
      await created({ text: 'enterprise cold reply', reply: { in_reply_to_tweet_id: alicePost } });
    });
  });

  it('one cashtag per post on pay-per-use; two (even the same twice) are X 403; enterprise may use more', async () => {
    await created({ text: 'watching $AAPL today' });
    await assertRefused(await post({ text: 'long $AAPL short $TSLA' }), PLAN_RULE_DETAILS.cashtags);
    await assertRefused(await post({ text: '$AAPL and again $AAPL' }), PLAN_RULE_DETAILS.cashtags);
    await created({ text: 'prices in dollars: $5 and $10' });
    await onPlan('enterprise', async () => {
      await created({ text: 'long $AAPL short $TSLA' });
    });
  });

  it('bad values keep the route answers (400), never a 5xx', async () => {
    for (const body of [
      { text: 'q', quote_tweet_id: 12 },
      { text: 'r', reply: { in_reply_to_tweet_id: ['1'] } },
      { text: 'r', reply: 'nope' },
      { text: 5 },
    ]) {
      const response = await post(body, alice);
      assert.ok(response.status >= 400 && response.status < 500, `${JSON.stringify(body)} → ${response.status}`);
      assert.notEqual(response.status, 403, JSON.stringify(body));
    }
  });
});
