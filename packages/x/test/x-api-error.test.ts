import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError, OAuthResponseError } from 'oauth1x';
import { responseError } from 'oauth1x/client';
import { dailyRateLimitOf, rateLimitOf, XApiError, xApiError } from '../src/index.js';

describe('dailyRateLimitOf', () => {
  it("reads X's 24-hour headers, per user and per app; undefined without them", async () => {
    const headers = new Headers({
      'x-rate-limit-limit': '100',
      'x-app-limit-24hour-limit': '10000',
      'x-app-limit-24hour-remaining': '0',
      'x-app-limit-24hour-reset': '1764495600',
      'x-user-limit-24hour-limit': '1000',
      'x-user-limit-24hour-remaining': '998',
      'x-user-limit-24hour-reset': 'soon',
    });
    assert.deepEqual(dailyRateLimitOf(headers), {
      user: { limit: 1000, remaining: 998, reset: Number.NaN },
      app: { limit: 10_000, remaining: 0, reset: 1764495600 },
    });
    assert.equal(dailyRateLimitOf(new Headers({ 'x-rate-limit-limit': '100' })), undefined);
    const error = await xApiError(new Response('{}', { status: 429, headers }));
    assert.deepEqual(error.dailyRateLimit?.app, { limit: 10_000, remaining: 0, reset: 1764495600 });
  });
});

describe('rateLimitOf', () => {
  it('reads the rate limit even when the figures are odd', () => {
    assert.deepEqual(rateLimitOf(new Headers({ 'x-rate-limit-remaining': '3' })), { limit: Number.NaN, remaining: 3, reset: Number.NaN });
    assert.equal(rateLimitOf(new Headers()), undefined);
  });
});

describe('XApiError', () => {
  it('xApiError: status, X code, rate limit and the URL without its query; an OAuthResponseError', async () => {
    const response = new Response('{"errors":[{"code":88,"message":"Rate limit exceeded"}]}', {
      status: 429,
      statusText: 'Too Many Requests',
      headers: { 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1764409200' },
    });
    const error = await xApiError(response, { url: 'https://api.x.com/1.1/x.json?secret_q=1' });
    assert.ok(error instanceof XApiError && error instanceof OAuthResponseError && error instanceof OAuthError);
    assert.equal(error.name, 'XApiError');
    assert.equal(error.code, 'ERR_OAUTH_RESPONSE');
    assert.equal(error.status, 429);
    assert.equal(error.xCode, 88);
    assert.deepEqual(error.rateLimit, { limit: 15, remaining: 0, reset: 1764409200 });
    assert.equal(error.dailyRateLimit, undefined);
    assert.equal(error.url, 'https://api.x.com/1.1/x.json');
    assert.match(error.message, /429 Too Many Requests for https:\/\/api\.x\.com\/1\.1\/x\.json: 88: Rate limit exceeded/);
  });

  it('from(): a form problem or a non-X body has no X code; an XApiError is returned as it is', async () => {
    const generic = await responseError(new Response('oauth_problem=token_rejected&oauth_problem_advice=expired', { status: 401 }));
    const error = XApiError.from(generic);
    assert.equal(error.problem, 'token_rejected');
    assert.equal(error.xCode, undefined);
    assert.equal(error.rateLimit, undefined);
    assert.equal(error.message, generic.message);
    assert.equal(XApiError.from(error), error);
    const odd = XApiError.from(await responseError(new Response('{"errors":[{"message":"no code"}]}', { status: 400 })));
    assert.equal(odd.xCode, undefined);
  });

  it('redacts the secrets it is given, as responseError does', async () => {
    const error = await xApiError(new Response('{"errors":[{"code":32,"message":"bad p@ss"}]}', { status: 401 }), { secrets: ['p@ss'] });
    assert.equal(error.xCode, 32);
    assert.ok(!error.message.includes('p@ss') && !JSON.stringify(error).includes('p@ss'));
  });
});
