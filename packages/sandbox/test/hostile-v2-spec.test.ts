// Requests outside X's OpenAPI document on every v2 route: unknown query parameters, field and expansion values the
// document does not list, values outside an enum or bounds, ids that are not ids, bodies of the wrong content type
// or shape. Each is X's 400 invalid-request problem (type under https://api.x.com/2/problems/) naming the
// parameter, never a 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CallOptions, call, demoToken, PNG_2X3 } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';

const API = 'https://api.x.com';
let sandbox: Sandbox;
let me: string;
let mediaId: string;

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  me = sandbox.credentials.user_id;
  const init = await call(sandbox, 'POST', `${API}/2/media/upload/initialize`, {
    raw: JSON.stringify({ media_type: 'image/png', total_bytes: PNG_2X3.length }),
    contentType: 'application/json',
    token: demoToken(sandbox),
  });
  mediaId = ((await init.json()) as { data: { id: string } }).data.id;
});
after(async () => sandbox.close());

const json = (value: unknown) => ({ raw: typeof value === 'string' ? value : JSON.stringify(value), contentType: 'application/json' });
const multipart = async (fields: Record<string, string | Blob>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const encoded = new Response(form);
  return { raw: await encoded.arrayBuffer(), contentType: encoded.headers.get('content-type') as string };
};

/** [what, method, path (after the host), body or none, the parameter the answer names]. */
type Case = [string, string, () => string, (() => Promise<CallOptions>) | null, string];
const CASES: Case[] = [
  ['unknown query parameter', 'GET', () => '/2/users/me?foo=bar', null, 'foo'],
  ['user.fields value not listed', 'GET', () => '/2/users/me?user.fields=id,password', null, 'user.fields'],
  ['user.fields empty', 'GET', () => '/2/users/me?user.fields=', null, 'user.fields'],
  ['post expansion on a user route', 'GET', () => '/2/users/me?expansions=author_id', null, 'expansions'],
  ['tweet.fields value not listed', 'GET', () => `/2/users/${me}/tweets?tweet.fields=secret`, null, 'tweet.fields'],
  ['media.fields value not listed', 'GET', () => `/2/users/${me}/tweets?media.fields=exif`, null, 'media.fields'],
  ['exclude outside its enum', 'GET', () => `/2/users/${me}/tweets?exclude=likes`, null, 'exclude'],
  ['max_results out of bounds', 'GET', () => `/2/users/${me}/tweets?max_results=1000`, null, 'max_results'],
  ['since_id not an id', 'GET', () => `/2/users/${me}/mentions?since_id=0x10`, null, 'since_id'],
  ['sort_order outside its enum', 'GET', () => '/2/tweets/search/recent?query=a&sort_order=random', null, 'sort_order'],
  ['search without query', 'GET', () => '/2/tweets/search/recent', null, 'query'],
  ['status without media_id', 'GET', () => '/2/media/upload?command=STATUS', null, 'media_id'],
  ['status with a retired command', 'GET', () => `/2/media/upload?command=INIT&media_id=${mediaId}`, null, 'command'],
  ['tweet: unknown member', 'POST', () => '/2/tweets', async () => json({ text: 'a', status: 'b' }), 'status'],
  [
    'tweet: reply_settings outside its enum',
    'POST',
    () => '/2/tweets',
    async () => json({ text: 'a', reply_settings: 'nobody' }),
    'reply_settings',
  ],
  [
    'tweet: five media ids',
    'POST',
    () => '/2/tweets',
    async () => json({ text: 'a', media: { media_ids: ['1', '2', '3', '4', '5'] } }),
    'media.media_ids',
  ],
  [
    'tweet: reply id not an id',
    'POST',
    () => '/2/tweets',
    async () => json({ reply: { in_reply_to_tweet_id: '-1' } }),
    'reply.in_reply_to_tweet_id',
  ],
  ['tweet: a JSON array', 'POST', () => '/2/tweets', async () => json([]), 'body'],
  ['tweet: a form body', 'POST', () => '/2/tweets', async () => ({ body: { text: 'a' } }), 'content-type'],
  ['like: no tweet_id', 'POST', () => `/2/users/${me}/likes`, async () => json({}), 'tweet_id'],
  ['follow: target not an id', 'POST', () => `/2/users/${me}/following`, async () => json({ target_user_id: 'alice' }), 'target_user_id'],
  [
    'initialize: form-encoded',
    'POST',
    () => '/2/media/upload/initialize',
    async () => ({ body: { media_type: 'image/png', total_bytes: '68' } }),
    'content-type',
  ],
  ['initialize: no body', 'POST', () => '/2/media/upload/initialize', null, 'body'],
  [
    'initialize: media_type outside its enum',
    'POST',
    () => '/2/media/upload/initialize',
    async () => json({ media_type: 'image/svg+xml', total_bytes: 1 }),
    'media_type',
  ],
  [
    'initialize: total_bytes a string',
    'POST',
    () => '/2/media/upload/initialize',
    async () => json({ media_type: 'image/png', total_bytes: '68' }),
    'total_bytes',
  ],
  [
    'initialize: media_category outside its enum',
    'POST',
    () => '/2/media/upload/initialize',
    async () => json({ media_type: 'image/png', total_bytes: 1, media_category: 'tweet_audio' }),
    'media_category',
  ],
  [
    'append: JSON media not base64',
    'POST',
    () => `/2/media/upload/${mediaId}/append`,
    async () => json({ media: '%%%', segment_index: 0 }),
    'media',
  ],
  [
    'append: JSON without segment_index',
    'POST',
    () => `/2/media/upload/${mediaId}/append`,
    async () => json({ media: 'AAAA' }),
    'segment_index',
  ],
  [
    'append: legacy media_data',
    'POST',
    () => `/2/media/upload/${mediaId}/append`,
    async () => json({ media_data: 'AAAA', segment_index: 0 }),
    'media',
  ],
  [
    'append: multipart segment_index not a number',
    'POST',
    () => `/2/media/upload/${mediaId}/append`,
    () => multipart({ segment_index: 'x', media: new Blob([PNG_2X3]) }),
    'segment_index',
  ],
  ['append: multipart without media', 'POST', () => `/2/media/upload/${mediaId}/append`, () => multipart({ segment_index: '0' }), 'media'],
  ['one-shot: no media_category', 'POST', () => '/2/media/upload', () => multipart({ media: new Blob([PNG_2X3]) }), 'media_category'],
  [
    'one-shot: legacy command',
    'POST',
    () => '/2/media/upload',
    () => multipart({ command: 'INIT', media: new Blob([PNG_2X3]), media_category: 'tweet_image' }),
    'command',
  ],
  ['metadata: no id', 'POST', () => '/2/media/metadata', async () => json({ metadata: { alt_text: { text: 'a' } } }), 'id'],
  [
    'metadata: alt text too long',
    'POST',
    () => '/2/media/metadata',
    async () => json({ id: mediaId, metadata: { alt_text: { text: 'x'.repeat(1001) } } }),
    'metadata.alt_text.text',
  ],
  [
    'metadata: alt_text without text',
    'POST',
    () => '/2/media/metadata',
    async () => json({ id: mediaId, metadata: { alt_text: {} } }),
    'metadata.alt_text.text',
  ],
];

describe('sandbox: v2 requests outside X’s OpenAPI document', { timeout: 30_000 }, () => {
  for (const [what, method, path, body, parameter] of CASES) {
    it(`${what} → 400 invalid-request naming ${parameter}`, async () => {
      const response = await call(sandbox, method, `${API}${path()}`, { token: demoToken(sandbox), ...(body ? await body() : {}) });
      const text = await response.text();
      assert.equal(response.status, 400, text);
      const problem = JSON.parse(text) as {
        type: string;
        title: string;
        detail: string;
        errors: Array<{ parameters: Record<string, unknown>; message: string }>;
      };
      assert.equal(problem.type, 'https://api.x.com/2/problems/invalid-request', text);
      assert.equal(problem.title, 'Invalid Request');
      assert.deepEqual(Object.keys(problem.errors[0]?.parameters ?? {}), [parameter], text);
    });
  }
});
