// Values a client controls that once reached the sandbox's internals: ids beyond SQLite's integer range, JSON values
// with no usable toString, media types that would be served back as a page of the sandbox's own origin. Each must
// get the 4xx an ordinary bad value gets, never a 500 / 503 and a stack trace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, PNG_2X3 } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';
import { v2Problem } from '../src/x-errors.js';

const API = 'https://api.x.com';
const UPLOAD = 'https://upload.x.com/1.1/media/upload.json';
const HUGE = '99999999999999999999999';
let sandbox: Sandbox;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.message);

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  process.on('warning', onWarning);
});
after(async () => {
  process.off('warning', onWarning);
  await sandbox.close();
});

const multipart = async (fields: Record<string, string | Blob>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const encoded = new Response(form);
  return { raw: await encoded.arrayBuffer(), contentType: encoded.headers.get('content-type') as string };
};
const answer = async (response: Response) => ({ status: response.status, body: await response.text() });

describe('sandbox: hostile values', { timeout: 30_000 }, () => {
  it('a media id beyond SQLite’s range (or in hex) is an unknown media id, on every route that takes one', async () => {
    const token = demoToken(sandbox);
    const v1Status = (id: string) => call(sandbox, 'GET', `${UPLOAD}?command=STATUS&media_id=${id}`, { token });
    const v1Finalize = (id: string) => call(sandbox, 'POST', UPLOAD, { body: { command: 'FINALIZE', media_id: id }, token });
    const v2Status = (id: string) => call(sandbox, 'GET', `${API}/2/media/upload?command=STATUS&media_id=${id}`, { token });
    const v2Finalize = (id: string) => call(sandbox, 'POST', `${API}/2/media/upload/${id}/finalize`, { token });
    for (const route of [v1Status, v1Finalize]) {
      const unknown = await answer(await route('123'));
      assert.ok(unknown.status >= 400 && unknown.status < 500, `${route.name}: ${unknown.status}`);
      for (const id of [HUGE, '0x10']) assert.deepEqual(await answer(await route(id)), unknown, `${route.name}(${id})`);
    }
    // GET /2/media/upload takes media_id in its query, which X's document gives the pattern ^[0-9]{1,19}$: an id
    // that is not one is X's invalid-request naming it, an unknown one a 404; the same on finalize, whose path
    // id X's document gives the same pattern.
    assert.equal((await v2Status('123')).status, 404);
    assert.equal((await v2Finalize('123')).status, 404);
    for (const [route, id, parameter] of [HUGE, '0x10'].flatMap((v) => [
      [v2Status, v, 'media_id'] as const,
      [v2Finalize, v, 'id'] as const,
    ])) {
      const refused = await route(id);
      assert.equal(refused.status, 400, id);
      const body = (await refused.json()) as { type: string; errors: Array<{ parameters: unknown }> };
      assert.equal(body.type, 'https://api.x.com/2/problems/invalid-request');
      assert.deepEqual(body.errors[0]?.parameters, { [parameter]: [id] });
    }
    for (const id of [HUGE, '0x10', '123']) {
      assert.equal((await sandbox.fetch(new Request(`http://127.0.0.1/media/${id}`))).status, 404);
    }
    assert.deepEqual(
      warnings.filter((w) => w.includes('oauth1x sandbox')),
      [],
    );
  });

  it('GET /2/users/:id with an id that is not one is a 400 naming it, as GET /2/tweets/:id is; an unknown id a partial error', async () => {
    const get = (id: string) => call(sandbox, 'GET', `${API}/2/users/${id}`, { token: demoToken(sandbox) });
    for (const path of ['/2/users/abc', '/2/tweets/abc']) {
      const response = await call(sandbox, 'GET', `${API}${path}`, { token: demoToken(sandbox) });
      assert.equal(response.status, 400, path);
      assert.deepEqual(((await response.json()) as { errors: Array<{ parameters: unknown }> }).errors[0]?.parameters, { id: ['abc'] });
    }
    const unknown = await get('123');
    assert.equal(unknown.status, 200);
    assert.match(JSON.stringify(await unknown.json()), /resource-not-found/);
  });

  it('POST /2/tweets: a JSON value without a usable toString is a 400 naming the parameter; reply and media must be objects', async () => {
    const post = (body: string) =>
      call(sandbox, 'POST', `${API}/2/tweets`, { raw: body, contentType: 'application/json', token: demoToken(sandbox) });
    const cases: Array<[string, string, string]> = [
      ['{"text":{"toString":1}}', 'text', '{"toString":1}'],
      ['{"text":"a","quote_tweet_id":{"toString":1}}', 'quote_tweet_id', '{"toString":1}'],
      ['{"text":"a","reply":{"in_reply_to_tweet_id":{"toString":1}}}', 'reply.in_reply_to_tweet_id', '{"toString":1}'],
      ['{"text":"a","media":{"media_ids":[{"toString":1}]}}', 'media.media_ids', '[{"toString":1}]'],
      ['{"text":"a","reply":"abc"}', 'reply', 'abc'],
      ['{"text":"a","media":[]}', 'media', ''],
    ];
    for (const [body, parameter, value] of cases) {
      const response = await post(body);
      assert.equal(response.status, 400, body);
      const json = (await response.json()) as { type: string; errors: Array<{ parameters: Record<string, string[]> }> };
      assert.equal(json.type, 'https://api.x.com/2/problems/invalid-request', body);
      assert.deepEqual(json.errors[0]?.parameters, { [parameter]: [value] }, body);
    }
    // A lone surrogate is stored as U+FFFD; the answer shows the text as stored.
    const lone = await post('{"text":"lone \\ud83d surrogate"}');
    assert.equal(lone.status, 201);
    const created = ((await lone.json()) as { data: { id: string; text: string } }).data;
    assert.equal(created.text, 'lone \ufffd surrogate');
    const stored = await call(sandbox, 'GET', `${API}/2/tweets/${created.id}`, { token: demoToken(sandbox) });
    assert.equal(((await stored.json()) as { data: { text: string } }).data.text, created.text);
    const like = await call(sandbox, 'POST', `${API}/2/users/${sandbox.credentials.user_id}/likes`, {
      raw: '{"tweet_id":{"toString":1}}',
      contentType: 'application/json',
      token: demoToken(sandbox),
    });
    assert.equal(like.status, 400);
  });

  it('only X’s media types are stored, and /media/:id answers as a sandboxed document', async () => {
    const token = demoToken(sandbox);
    for (const [type, bytes] of [
      ['text/html', '<script>alert(document.domain)</script>'],
      ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['application/octet-stream', 'not a known format'],
    ] as const) {
      const refused = await call(sandbox, 'POST', UPLOAD, { ...(await multipart({ media: new Blob([bytes], { type }) })), token });
      assert.equal(refused.status, 400, type);
      const declared = await call(sandbox, 'POST', UPLOAD, {
        body: { command: 'INIT', total_bytes: String(bytes.length), media_type: type },
        token,
      });
      assert.equal(declared.status, 400, `INIT ${type}`);
    }
    // Bytes sent without a type are recognised by their signature (as X does), and served with the policy.
    const png = await call(sandbox, 'POST', UPLOAD, {
      ...(await multipart({ media: new Blob([PNG_2X3], { type: 'application/octet-stream' }) })),
      token,
    });
    assert.equal(png.status, 200);
    const id = ((await png.json()) as { media_id_string: string }).media_id_string;
    const served = await sandbox.fetch(new Request(`http://127.0.0.1/media/${id}`));
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('content-security-policy'), 'sandbox');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  });

  it('v2 problem titles are HTTP reason phrases for every status, as X writes them (414 and 503 included: they read "Error" before)', async () => {
    for (const [status, title] of [
      [414, 'URI Too Long'],
      [503, 'Service Unavailable'],
      [429, 'Too Many Requests'],
    ] as const) {
      assert.deepEqual(await v2Problem(status).json(), { title, type: 'about:blank', status, detail: title });
    }
  });
});
