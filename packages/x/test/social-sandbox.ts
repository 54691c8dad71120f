/**
 * Test helper for the blocks / mutes / lists / DMs tests: a memory sandbox, X clients for the seeded users
 * (demo, alice, bob; alice and bob signed in with xAuth) whose every v2 request and every answer are checked
 * against X's OpenAPI document (spec-fetch.ts), and the check of those exchanges.
 */
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '@oauth1x/sandbox';
import { xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import { type CheckedExchange, specCheckedFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { XClient } from '../src/index.js';

export const BASE = 'http://sandbox.test';

/** A sandbox with three signed-in clients and the exchanges they made. */
export interface SocialSandbox {
  sandbox: Sandbox;
  demo: XClient;
  alice: XClient;
  bob: XClient;
  ids: { demo: string; alice: string; bob: string };
  /** Every exchange since the last call: no answer outside the document, `expectedBad` requests outside it. */
  checkExchanges(expectedBad?: number): CheckedExchange[];
  close(): Promise<void>;
}

/**
 * Starts a memory sandbox and signs the seeded users in.
 *
 * @example
 * ```ts
 * const s = await socialSandbox();
 * await s.demo.mute(s.ids.alice);
 * s.checkExchanges();
 * ```
 */
export async function socialSandbox(): Promise<SocialSandbox> {
  const sandbox = await createSandbox({ memory: true });
  const checked = specCheckedFetch((input, init) => sandbox.fetch(new Request(input, init)), { origin: BASE });
  const c = sandbox.credentials;
  const consumer = { key: c.consumer_key, secret: c.consumer_secret };
  const client = (token: { key: string; secret: string }) => new XClient({ consumer, token, baseUrl: BASE, fetch: checked.fetch });
  const signIn = async (name: string) => {
    const seeded = (c as unknown as { users: Array<{ username: string; password: string }> }).users.find((u) => u.username === name);
    const answer = new URLSearchParams(await (await xAuth(sandbox, name, seeded?.password as string, BASE)).text());
    return client({ key: answer.get('oauth_token') as string, secret: answer.get('oauth_token_secret') as string });
  };
  const demo = client({ key: c.access_token, secret: c.access_token_secret });
  const [alice, bob] = [await signIn('alice'), await signIn('bob')];
  const ids = {
    demo: (await demo.me()).data.id,
    alice: (await alice.me()).data.id,
    bob: (await bob.me()).data.id,
  };
  return {
    sandbox,
    demo,
    alice,
    bob,
    ids,
    checkExchanges(expectedBad = 0) {
      const seen = checked.exchanges.splice(0);
      const label = (e: CheckedExchange) => `${e.method} ${e.url.pathname}${e.url.search} → ${e.status}`;
      for (const e of seen) assert.deepEqual(e.answerProblems, [], `answer to ${label(e)}`);
      const bad = seen.filter((e) => e.requestProblems.length > 0);
      assert.equal(bad.length, expectedBad, bad.map((e) => `${label(e)}: ${e.requestProblems.join('; ')}`).join('\n'));
      return seen;
    },
    close: () => sandbox.close(),
  };
}

/**
 * Collects a paginator's items.
 *
 * @example
 * ```ts
 * const users = await all(x.muting());
 * ```
 */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
