/**
 * Correctly signed requests with random parameters reach the handlers' own validation: none may answer 5xx.
 * fast-check generates the method, route, parameter names and values (ids that are numbers, huge numbers,
 * negative, text, empty), and JSON or multipart bodies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, demoToken } from '@oauth1x/test-kit/sandbox/helpers.js';
import fc from 'fast-check';
import { createSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let knownId = '1';

before(async () => {
  sandbox = await createSandbox({ memory: true, rateLimits: false });
  const posted = await call(sandbox, 'POST', 'https://api.x.com/1.1/statuses/update.json', {
    body: { status: 'fuzz target' },
    token: demoToken(sandbox),
  });
  knownId = ((await posted.json()) as { id_str: string }).id_str;
});
after(async () => sandbox.close());

const ROUTES: Array<[string, string]> = [
  ['POST', '/1.1/statuses/update.json'],
  ['POST', '/1.1/statuses/destroy/{id}.json'],
  ['GET', '/1.1/statuses/show.json'],
  ['GET', '/1.1/statuses/show/{id}.json'],
  ['GET', '/1.1/statuses/user_timeline.json'],
  ['GET', '/1.1/statuses/home_timeline.json'],
  ['GET', '/1.1/statuses/mentions_timeline.json'],
  ['GET', '/1.1/account/verify_credentials.json'],
  ['GET', '/1.1/search/tweets.json'],
  ['POST', '/1.1/friendships/create.json'],
  ['POST', '/1.1/friendships/destroy.json'],
  ['POST', '/1.1/favorites/create.json'],
  ['POST', '/1.1/favorites/destroy.json'],
  ['POST', '/1.1/media/upload.json'],
  ['GET', '/1.1/media/upload.json'],
  ['POST', '/2/tweets'],
  ['DELETE', '/2/tweets/{id}'],
  ['GET', '/2/tweets/{id}'],
  ['GET', '/2/users/me'],
  ['GET', '/2/users/{id}'],
  ['GET', '/2/users/{id}/tweets'],
  ['GET', '/2/users/{id}/timelines/reverse_chronological'],
  ['GET', '/2/tweets/search/recent'],
  ['POST', '/2/users/{id}/likes'],
  ['DELETE', '/2/users/{id}/likes/{id}'],
  ['POST', '/2/users/{id}/following'],
  ['DELETE', '/2/users/{id}/following/{id}'],
  ['POST', '/2/media/upload'],
  ['POST', '/2/media/upload/initialize'],
  ['POST', '/2/media/upload/{id}/append'],
  ['POST', '/2/media/upload/{id}/finalize'],
  ['GET', '/2/media/upload'],
];
const NAMES = [
  'status',
  'id',
  'count',
  'since_id',
  'max_id',
  'q',
  'query',
  'user_id',
  'screen_name',
  'media_ids',
  'in_reply_to_status_id',
  'max_results',
  'pagination_token',
  'next_token',
  'tweet.fields',
  'expansions',
  'user.fields',
  'command',
  'media_id',
  'total_bytes',
  'media_type',
  'segment_index',
  'media_category',
  'media_data',
  'tweet_mode',
  'attachment_url',
  'until_id',
  'include_email',
  'skip_status',
];

const value = () =>
  fc.oneof(
    fc.constantFrom(
      '',
      '0',
      '-1',
      '1',
      '9223372036854775807',
      '99999999999999999999999',
      'abc',
      'INIT',
      'APPEND',
      'FINALIZE',
      'STATUS',
      'image/png',
      'video/mp4',
      'extended',
      'author_id',
      'nope',
    ),
    fc.string({ maxLength: 40 }),
    fc.constant(knownId),
  );

describe('signed random requests never answer 5xx', { timeout: 120_000 }, () => {
  it('300 random requests across every API route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.array(fc.tuple(fc.constantFrom(...NAMES), value()), { maxLength: 6 }),
        fc.constantFrom('form', 'json', 'multipart'),
        fc.oneof(fc.constant(knownId), fc.constant(sandbox.credentials.user_id), fc.constantFrom('0', 'x', '123', '%20')),
        async ([method, template], params, bodyKind, id) => {
          const path = template.replaceAll('{id}', encodeURIComponent(id));
          let url = `https://api.x.com${path}`;
          const token = demoToken(sandbox);
          let response: Response;
          if (method === 'GET' || method === 'DELETE') {
            const query = new URLSearchParams(params).toString();
            if (query) url += `?${query}`;
            response = await call(sandbox, method, url, { token });
          } else if (bodyKind === 'form') {
            response = await call(sandbox, method, url, { token, body: new URLSearchParams(params).toString() });
          } else if (bodyKind === 'json') {
            response = await call(sandbox, method, url, {
              token,
              raw: JSON.stringify(Object.fromEntries(params)),
              contentType: 'application/json',
            });
          } else {
            const form = new FormData();
            for (const [k, v] of params) form.append(k, k === 'media' ? new Blob([v]) : v);
            const encoded = new Response(form);
            response = await call(sandbox, method, url, {
              token,
              raw: await encoded.arrayBuffer(),
              contentType: encoded.headers.get('content-type') as string,
            });
          }
          const text = await response.text();
          assert.ok(response.status < 500, `${method} ${url} (${bodyKind}) → ${response.status} ${text.slice(0, 200)}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
