import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError, OAuthResponseError, parseErrorBody, parseTokenResponse, responseError } from '../../src/client/index.js';

describe('parseErrorBody', () => {
  it('form oauth_problem', () => {
    assert.deepEqual(parseErrorBody('oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1-2'), {
      kind: 'form',
      params: { oauth_problem: 'timestamp_refused', oauth_acceptable_timestamps: '1-2' },
    });
  });
  it('form error=... (oauthlib)', () => {
    assert.equal(parseErrorBody('error=invalid_request&error_description=Missing+callback', 'text/plain').kind, 'form');
  });
  it('X v1.1 errors array', () => {
    assert.deepEqual(parseErrorBody('{"errors":[{"code":32,"message":"Could not authenticate you."}]}'), {
      kind: 'x-errors',
      errors: [{ code: 32, message: 'Could not authenticate you.' }],
    });
  });
  it('v2 problem JSON', () => {
    const body = parseErrorBody(
      '{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized","errors":[{"message":"x"}]}',
      'application/problem+json',
    );
    assert.equal(body.kind, 'problem');
    assert.ok(body.kind === 'problem' && body.title === 'Unauthorized' && body.status === 401 && body.type === 'about:blank');
  });
  it('other JSON', () => {
    assert.deepEqual(parseErrorBody('[1,2]'), { kind: 'json', value: [1, 2] });
  });
  it('legacy XML', () => {
    assert.deepEqual(
      parseErrorBody(
        '<?xml version="1.0" encoding="UTF-8"?>\n<hash>\n  <request>/oauth/access_token</request>\n  <error>Invalid &amp; expired</error>\n</hash>',
      ),
      { kind: 'xml', error: 'Invalid & expired', request: '/oauth/access_token' },
    );
  });
  it('plain text, truncated when long, and empty', () => {
    assert.deepEqual(parseErrorBody('Failed to validate oauth signature and token'), {
      kind: 'text',
      text: 'Failed to validate oauth signature and token',
    });
    const long = parseErrorBody('x'.repeat(2000));
    assert.ok(long.kind === 'text' && long.text.length < 600);
    assert.deepEqual(parseErrorBody('  '), { kind: 'empty' });
    assert.equal(parseErrorBody('{not json').kind, 'text');
  });
});

describe('responseError', () => {
  it("carries status, the parsed body, the answer's headers and the URL without its query", async () => {
    const response = new Response('{"errors":[{"code":88,"message":"Rate limit exceeded"}]}', {
      status: 429,
      statusText: 'Too Many Requests',
      headers: { 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1764409200' },
    });
    const error = await responseError(response, { url: 'https://api.x.com/1.1/x.json?secret_q=1' });
    assert.ok(error instanceof OAuthResponseError && error instanceof OAuthError);
    assert.equal(error.code, 'ERR_OAUTH_RESPONSE');
    assert.equal(error.status, 429);
    assert.deepEqual(error.body, { kind: 'x-errors', errors: [{ code: 88, message: 'Rate limit exceeded' }] });
    assert.equal(error.headers.get('x-rate-limit-reset'), '1764409200');
    assert.ok(!('xCode' in error) && !('rateLimit' in error), 'X figures belong to XApiError in @oauth1x/x');
    assert.equal(error.url, 'https://api.x.com/1.1/x.json');
    assert.match(error.message, /429 Too Many Requests for https:\/\/api\.x\.com\/1\.1\/x\.json: 88: Rate limit exceeded/);
    assert.ok(!error.message.includes('secret_q'));
  });
  it("X's {request, error} JSON, OAuth 2-style {error, error_description} and an HTML page give their message", async () => {
    const message = async (body: string, status: number) => (await responseError(new Response(body, { status }))).message;
    const x = await message('{"request":"/1.1/media/upload.json","error":"Segments do not add up to provided total file size."}', 400);
    assert.match(x, /: Segments do not add up to provided total file size\.$/);
    assert.match(
      await message('{"error":"invalid_request","error_description":"Missing callback"}', 400),
      /: invalid_request: Missing callback$/,
    );
    const html = await message('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1>…</body></html>', 502);
    assert.match(html, /: 502 Bad Gateway$/);
    assert.ok(!html.includes('<'));
  });
  it('form problem', async () => {
    const error = await responseError(new Response('oauth_problem=token_rejected&oauth_problem_advice=expired', { status: 401 }));
    assert.equal(error.problem, 'token_rejected');
    assert.match(error.message, /token_rejected \(expired\)/);
  });
  it('redacts listed secrets (raw and percent-encoded) and secret-named fields from message, body and JSON', async () => {
    const password = 'p@ss w0rd&=✓';
    const body = `oauth_problem=permission_denied&x_auth_password=${encodeURIComponent(password)}&echo=${encodeURIComponent(`you sent ${password}`)}&oauth_token_secret=leak`;
    const error = await responseError(new Response(body, { status: 401 }), { secrets: [password, 'consumer-secret'] });
    const json = JSON.stringify(error);
    for (const text of [error.message, json, String(error.stack)]) {
      assert.ok(!text.includes(password), text);
      assert.ok(!text.includes(encodeURIComponent(password)), text);
      assert.ok(!text.includes('leak'), text);
    }
    assert.ok(error.body.kind === 'form' && error.body.params.echo === 'you sent [redacted]');
    const xml = await responseError(new Response(`<hash><error>bad consumer-secret</error></hash>`, { status: 401 }), {
      secrets: ['consumer-secret'],
    });
    assert.ok(!xml.message.includes('consumer-secret') && !JSON.stringify(xml).includes('consumer-secret'));
  });
});

describe('parseTokenResponse', () => {
  it('splits token and every extra field', () => {
    assert.deepEqual(
      parseTokenResponse('oauth_token=t%2B1&oauth_token_secret=s&user_id=6253282&screen_name=XDevelopers&x_auth_expires=0\n'),
      {
        token: { key: 't+1', secret: 's' },
        params: { user_id: '6253282', screen_name: 'XDevelopers', x_auth_expires: '0' },
      },
    );
  });
  it('rejects answers without a token or with bad encoding', () => {
    for (const text of [
      '',
      'oauth_token_secret=s',
      'oauth_token=&oauth_token_secret=s',
      '<html>',
      'oauth_token=%zz&oauth_token_secret=s',
    ]) {
      assert.throws(
        () => parseTokenResponse(text),
        (e: unknown) => e instanceof OAuthError && e.code === 'ERR_INVALID_RESPONSE',
        text,
      );
    }
  });
});
