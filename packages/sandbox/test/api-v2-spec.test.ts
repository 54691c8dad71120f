// The sandbox's v2 routes as X's OpenAPI document has them, called on the handler: the v2 media flow with a
// JSON-base64 append, status with or without `command`, one-shot upload, alt text; fields the document lists
// answered; the document's post spellings (post.fields, referenced_posts) read as X's tweet spellings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken, PNG_2X3 } from '@oauth1x/test-kit/sandbox/helpers.js';
import { createSandbox, type Sandbox } from '../src/index.js';
import { specOperation } from '../src/x-spec.js';
import { assertResponse, NO_OPENAPI, queryEnum } from './x-openapi.js';

const API = 'https://api.x.com';
let sandbox: Sandbox;
type Obj = Record<string, unknown>;

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
});
after(async () => sandbox.close());

const post = (path: string, body: unknown) =>
  call(sandbox, 'POST', `${API}${path}`, { raw: JSON.stringify(body), contentType: 'application/json', token: demoToken(sandbox) });
const get = (path: string) => call(sandbox, 'GET', `${API}${path}`, { token: demoToken(sandbox) });
const data = async (response: Response, status = 200) => {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return (JSON.parse(text) as { data: Obj }).data;
};

describe('sandbox v2 as X’s OpenAPI document has it', { timeout: 30_000 }, () => {
  it('initialize (JSON), append as JSON with base64 media, finalize: all the bytes arrive', async () => {
    const init = await data(await post('/2/media/upload/initialize', { media_type: 'image/png', total_bytes: PNG_2X3.length }));
    const id = init.id as string;
    const appended = await data(await post(`/2/media/upload/${id}/append`, { media: PNG_2X3.toString('base64'), segment_index: 0 }));
    assert.equal(typeof appended.expires_at, 'number');
    const done = await data(await post(`/2/media/upload/${id}/finalize`, {}));
    assert.equal(done.size, PNG_2X3.length);
    // Status with and without command=STATUS.
    assert.equal((await data(await get(`/2/media/upload?media_id=${id}`))).id, id);
    assert.equal((await data(await get(`/2/media/upload?command=STATUS&media_id=${id}`))).id, id);
  });

  it('one-shot upload (multipart and JSON base64), then alt text through /2/media/metadata shows in media.fields', async () => {
    const form = new FormData();
    form.append('media', new Blob([PNG_2X3], { type: 'image/png' }), 'a.png');
    form.append('media_category', 'tweet_image');
    const encoded = new Response(form);
    const multipart = await data(
      await call(sandbox, 'POST', `${API}/2/media/upload`, {
        raw: await encoded.arrayBuffer(),
        contentType: encoded.headers.get('content-type') as string,
        token: demoToken(sandbox),
      }),
    );
    assert.match(multipart.media_key as string, /^3_\d+$/);
    const base64 = await data(await post('/2/media/upload', { media: PNG_2X3.toString('base64'), media_category: 'tweet_image' }));
    const id = base64.id as string;
    assert.deepEqual(await data(await post('/2/media/metadata', { id, metadata: { alt_text: { text: 'a tiny image' } } })), {
      id,
      associated_metadata: { alt_text: { text: 'a tiny image' } },
    });
    const tweet = await data(await post('/2/tweets', { text: 'alt text', media: { media_ids: [id] } }), 201);
    const read = (await (await get(`/2/tweets/${tweet.id}?expansions=attachments.media_keys&media.fields=alt_text`)).json()) as {
      includes: { media: Obj[] };
    };
    assert.equal(read.includes.media[0]?.alt_text, 'a tiny image');
    // An unknown media id is not found.
    const missing = await post('/2/media/metadata', { id: '1234567890', metadata: { alt_text: { text: 'x' } } });
    assert.equal(missing.status, 404);
  });

  it('every user.fields value of GET /2/users/{id} is answered, the relations seen from the caller', async () => {
    const alice = sandbox.credentials.users.find((u) => u.username === 'alice')?.user_id as string;
    await data(await post(`/2/users/${sandbox.credentials.user_id}/following`, { target_user_id: alice }));
    const fields = (specOperation('GET /2/users/{id}').query['user.fields']?.items as { enum: string[] } | undefined)?.enum ?? [];
    assert.ok(fields.includes('connection_status'));
    const user = await data(await get(`/2/users/${alice}?user.fields=${fields.join(',')}`));
    assert.deepEqual(user.connection_status, ['following']);
    assert.equal(user.verified_type, 'none');
    assert.equal(user.subscription_type, 'None');
    assert.deepEqual(user.subscription, { subscribes_to_you: false });
    assert.equal(user.confirmed_email, undefined, 'only one’s own email');
  });

  it('post.fields and referenced_posts are read as tweet.fields and referenced_tweets.id', async () => {
    const parent = await data(await post('/2/tweets', { text: 'spec spelling parent' }), 201);
    const reply = await data(await post('/2/tweets', { text: 'spec spelling reply', reply: { in_reply_to_tweet_id: parent.id } }), 201);
    const read = (await (
      await get(`/2/tweets/${reply.id}?post.fields=conversation_id,created_at,display_text_range&expansions=referenced_posts`)
    ).json()) as {
      data: Obj;
      includes: { tweets: Obj[] };
    };
    assert.equal(read.data.conversation_id, parent.id);
    assert.equal(typeof read.data.created_at, 'string');
    assert.deepEqual(read.data.display_text_range, [0, 'spec spelling reply'.length]);
    assert.equal(read.includes.tweets[0]?.id, parent.id);
  });

  it('GET /2/tweets/{id} with every post field, media field and expansion X’s document lists fits its response schema', {
    skip: NO_OPENAPI,
  }, async () => {
    const id = (await data(await post('/2/tweets', { text: 'every field #tag $CASH @alice https://example.com' }), 201)).id as string;
    const list = (name: string) => queryEnum('GET', '/2/tweets/{id}', name).join(',');
    const query = `post.fields=${list('post.fields')}&media.fields=${list('media.fields')}&user.fields=${list('user.fields')}&expansions=${list('expansions')}`;
    const response = await get(`/2/tweets/${id}?${query}`);
    const body = (await response.json()) as { data: Obj };
    assert.equal(response.status, 200, JSON.stringify(body));
    assertResponse('GET', '/2/tweets/{id}', body);
    assert.equal(body.data.id, id);
  });
});
