import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTILE_CASES, problemOf, signFor, uniformAnswer } from '@oauth1x/test-kit/hostile/hostile-cases.js';
import { fixtureOptions, hostileContext, protectedResource } from './verify-fixtures.js';

const contexts = [
  hostileContext('http://api.example.test/1.1/statuses/home_timeline.json?count=5&q=a+b'),
  hostileContext('https://api.example.test/r'),
];

describe('verifyRequest: hostile-input table (test/provider/hostile-cases.ts)', () => {
  it('has at least 30 cases with distinct names', () => {
    assert.ok(HOSTILE_CASES.length >= 30, String(HOSTILE_CASES.length));
    assert.equal(new Set(HOSTILE_CASES.map((c) => c.name)).size, HOSTILE_CASES.length);
  });

  for (const ctx of contexts) {
    describe(ctx.baseUrl, () => {
      const handler = protectedResource(fixtureOptions());
      it('control: a correctly signed request is accepted', async () => {
        const signed = await signFor(ctx);
        const response = await handler(new Request(signed.url, { headers: { authorization: signed.authorization } }));
        assert.equal(response.status, 200, await response.text());
      });
      for (const c of HOSTILE_CASES) {
        if (c.applies !== undefined && !c.applies(ctx)) continue;
        it(`${c.name} → ${c.status} ${c.problem}`, async () => {
          const requests = await c.build(ctx);
          let response: Response | undefined;
          for (const request of requests) {
            response = await handler(request);
            assert.ok(response.status < 500, `5xx from ${c.name}`);
          }
          const last = response as Response;
          assert.equal(await problemOf(last.clone()), c.problem);
          assert.equal(last.status, c.status);
          assert.match(last.headers.get('www-authenticate') ?? '', /^OAuth realm="test", oauth_problem="/);
        });
      }
    });
  }

  describe('with compat.sameValueInHeaderAndBody: the table holds but for same-value duplicates', () => {
    const ctx = { ...(contexts[1] as (typeof contexts)[number]), sameValueInHeaderAndBody: true };
    const handler = protectedResource(fixtureOptions({ compat: { sameValueInHeaderAndBody: true } }));
    for (const c of HOSTILE_CASES) {
      if (c.applies !== undefined && !c.applies(ctx)) continue;
      it(`${c.name} → ${c.status} ${c.problem}`, async () => {
        let response: Response | undefined;
        for (const request of await c.build(ctx)) response = await handler(request);
        const last = response as Response;
        assert.equal(await problemOf(last.clone()), c.problem);
        assert.equal(last.status, c.status);
      });
    }
  });

  describe('with uniformCredentialErrors: an unknown consumer or token answers like a bad signature', () => {
    const ctx = contexts[1] as (typeof contexts)[number];
    const handler = protectedResource(fixtureOptions({ uniformCredentialErrors: true }));
    for (const c of HOSTILE_CASES) {
      if (c.applies !== undefined && !c.applies(ctx)) continue;
      const expected = uniformAnswer(c);
      it(`${c.name} → ${expected.status} ${expected.problem}`, async () => {
        let response: Response | undefined;
        for (const request of await c.build(ctx)) response = await handler(request);
        const last = response as Response;
        assert.equal(await problemOf(last.clone()), expected.problem);
        assert.equal(last.status, expected.status);
      });
    }
  });
});
