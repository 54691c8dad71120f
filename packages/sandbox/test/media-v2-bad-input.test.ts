// The v2 media mistakes that depend on state, which a table of requests outside X's OpenAPI document
// (hostile-v2-spec.test.ts) cannot express: another user's media, an upload already finalized, more bytes than
// announced, a path id that is not a MediaId, a body that does not parse, media ids a post cannot use. Each is
// a 4xx whose body is one of the problems X's document gives the operation (its `default` answer, a Problem),
// never a 5xx and never a generic about:blank.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CallOptions, call, demoToken, PNG_2X3, xAuth } from '@oauth1x/test-kit/sandbox/helpers.js';
import type { Credentials } from 'oauth1x';
import { createSandbox, type Sandbox } from '../src/index.js';
import { assertProblem, NO_OPENAPI } from './x-openapi.js';

const API = 'https://api.x.com';
let sandbox: Sandbox;
let demo: Credentials;
let alice: Credentials;
const b64 = PNG_2X3.toString('base64');
const json = (value: unknown): CallOptions => ({
  raw: typeof value === 'string' ? value : JSON.stringify(value),
  contentType: 'application/json',
});

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  demo = demoToken(sandbox);
  const a = sandbox.credentials.users.find((u) => u.username === 'alice');
  assert.ok(a);
  const form = new URLSearchParams(await (await xAuth(sandbox, a.username, a.password)).text());
  alice = { key: form.get('oauth_token') as string, secret: form.get('oauth_token_secret') as string };
});
after(async () => sandbox?.close());

async function send(
  method: string,
  path: string,
  options: CallOptions = {},
  token = demo,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await call(sandbox, method, `${API}${path}`, { token, ...options });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** A new upload of PNG_2X3 by the demo user, initialized only. */
async function initialized(): Promise<string> {
  const r = await send('POST', '/2/media/upload/initialize', json({ media_type: 'image/png', total_bytes: PNG_2X3.length }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.data as { id: string }).id;
}

/** A finalized upload of PNG_2X3 by the demo user. */
async function finalized(): Promise<string> {
  const id = await initialized();
  assert.equal((await send('POST', `/2/media/upload/${id}/append`, json({ media: b64, segment_index: 0 }))).status, 200);
  assert.equal((await send('POST', `/2/media/upload/${id}/finalize`)).status, 200);
  return id;
}

function invalid(r: { status: number; body: Record<string, unknown> }, parameter?: string): void {
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assertProblem(r.body, 'invalid-request');
  if (parameter !== undefined)
    assert.deepEqual(
      Object.keys((r.body.errors as Array<{ parameters: object }>)[0]?.parameters ?? {}),
      [parameter],
      JSON.stringify(r.body),
    );
}

function notFound(r: { status: number; body: Record<string, unknown> }, parameter: string, id: string): void {
  assert.equal(r.status, 404, JSON.stringify(r.body));
  assertProblem(r.body, 'resource-not-found');
  assert.deepEqual([r.body.resource_type, r.body.parameter, r.body.resource_id], ['media', parameter, id]);
}

describe('sandbox: v2 media mistakes that depend on state, as X’s problems', { timeout: 30_000, skip: NO_OPENAPI }, () => {
  it('another user’s media is not found on every route that takes a media id (no hint that it exists)', async () => {
    const pending = await initialized();
    const done = await finalized();
    notFound(await send('POST', `/2/media/upload/${pending}/append`, json({ media: b64, segment_index: 0 }), alice), 'id', pending);
    notFound(await send('POST', `/2/media/upload/${pending}/finalize`, {}, alice), 'id', pending);
    notFound(await send('GET', `/2/media/upload?media_id=${done}`, {}, alice), 'media_id', done);
    notFound(await send('POST', '/2/media/metadata', json({ id: done, metadata: { alt_text: { text: 'mine now' } } }), alice), 'id', done);
    // An id nobody was given answers the same as another user's.
    notFound(await send('GET', '/2/media/upload?media_id=1234567890123&command=STATUS'), 'media_id', '1234567890123');
    // The owner's upload is untouched by the refused calls.
    const status = await send('GET', `/2/media/upload?media_id=${done}`);
    assert.equal(status.status, 200);
    const meta = await send('POST', '/2/media/metadata', json({ id: done }));
    assert.deepEqual(meta.body, { data: { id: done, associated_metadata: {} } });
  });

  it('upload order and sizes: more bytes than announced, append after finalize, empty segment, sizes out of range', async () => {
    const id = await initialized();
    invalid(
      await send(
        'POST',
        `/2/media/upload/${id}/append`,
        json({ media: Buffer.alloc(PNG_2X3.length + 1).toString('base64'), segment_index: 0 }),
      ),
    );
    invalid(await send('POST', `/2/media/upload/${id}/append`, json({ media: '', segment_index: 0 })));
    const done = await finalized();
    invalid(await send('POST', `/2/media/upload/${done}/append`, json({ media: b64, segment_index: 1 })));
    for (const total of [0, 6_000_000])
      invalid(await send('POST', '/2/media/upload/initialize', json({ media_type: 'image/png', total_bytes: total })));
    // The one-shot upload of bytes that are no media type X takes, and of no bytes at all.
    invalid(
      await send('POST', '/2/media/upload', json({ media: Buffer.from('plain text').toString('base64'), media_category: 'tweet_image' })),
      'media',
    );
    invalid(await send('POST', '/2/media/upload', json({ media: '', media_category: 'tweet_image' })), 'media');
  });

  it('a path id that is not a MediaId is X’s invalid-request naming id; an unknown one is not found', async () => {
    for (const id of ['abc', '0x10', '1'.repeat(20), '-1']) {
      invalid(await send('POST', `/2/media/upload/${id}/append`, json({ media: b64, segment_index: 0 })), 'id');
      invalid(await send('POST', `/2/media/upload/${id}/finalize`), 'id');
    }
    notFound(await send('POST', '/2/media/upload/1234567890123/finalize'), 'id', '1234567890123');
  });

  it('a body that does not parse is X’s invalid-request, on JSON and multipart media routes', async () => {
    const id = await initialized();
    for (const [path, options] of [
      ['/2/media/metadata', json('{"id":')],
      ['/2/media/upload/initialize', json('not json')],
      [`/2/media/upload/${id}/append`, json('{')],
      [`/2/media/upload/${id}/append`, { raw: '--x\r\nbroken', contentType: 'multipart/form-data; boundary=y' }],
      ['/2/media/upload', { raw: 'no boundary here', contentType: 'multipart/form-data' }],
    ] as const) {
      const r = await send('POST', path, options);
      invalid(r);
      assert.ok(r.status < 500);
    }
  });

  it('a segment over X’s 5 MB is invalid-request; a body over the route’s 8 MB limit is a 413, never a 5xx', async () => {
    const multipart = async (fields: Record<string, string | Blob>): Promise<CallOptions> => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const encoded = new Response(form);
      return { raw: await encoded.arrayBuffer(), contentType: encoded.headers.get('content-type') as string };
    };
    const video = await send('POST', '/2/media/upload/initialize', json({ media_type: 'video/mp4', total_bytes: 20_000_000 }));
    const id = (video.body.data as { id: string }).id;
    invalid(
      await send(
        'POST',
        `/2/media/upload/${id}/append`,
        await multipart({ segment_index: '0', media: new Blob([Buffer.alloc(6 * 1024 * 1024, 1)]) }),
      ),
    );
    const big = new Blob([Buffer.alloc(9 * 1024 * 1024, 1)]);
    for (const [path, fields] of [
      [`/2/media/upload/${id}/append`, { segment_index: '0', media: big }],
      ['/2/media/upload', { media_category: 'tweet_image', media: big }],
    ] as const) {
      const r = await send('POST', path, await multipart(fields));
      assert.equal(r.status, 413, JSON.stringify(r.body));
      assert.equal(r.body.title, 'Payload Too Large');
    }
    // The upload is still usable after the refused segments.
    assert.equal((await send('POST', `/2/media/upload/${id}/append`, json({ media: b64, segment_index: 0 }))).status, 200);
  });

  it('a post with media ids it cannot use: not finalized, another user’s, unknown — X’s invalid-request on media.media_ids', async () => {
    const pending = await initialized();
    const mine = await finalized();
    for (const [ids, token] of [
      [[pending], demo],
      [[mine], alice],
      [['1234567890123'], demo],
    ] as const) {
      const r = await send('POST', '/2/tweets', json({ text: `media ${ids[0]}`, media: { media_ids: ids } }), token);
      invalid(r, 'media.media_ids');
    }
  });
});
