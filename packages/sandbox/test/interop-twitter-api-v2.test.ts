/**
 * twitter-api-v2 (npm), a client we did not write, unchanged against the sandbox's HTTPS listener: its hosts
 * are fixed (api.x.com, upload.x.com), so an https.Agent connects every request to the sandbox's TLS port
 * while SNI, the Host header and the signed URL stay X's. PIN login, v2 and v1.1 tweets, timelines, chunked
 * media upload (v1.1 and v2).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import { approveOnPage, PNG_2X3 } from '@oauth1x/test-kit/sandbox/helpers.js';
import { type ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { createSandbox, type RunningSandbox, type Sandbox } from '../src/index.js';
import { assertResponse, NO_OPENAPI } from './x-openapi.js';

let sandbox: Sandbox;
let running: RunningSandbox;
let agent: Agent;
let user: TwitterApi;

before(async () => {
  sandbox = await createSandbox({ memory: true });
  running = await sandbox.listen({ port: 0 });
  const port = Number(new URL(running.httpsUrl as string).port);
  const ca = readFileSync(running.certPath as string, 'utf8');
  agent = new Agent({ keepAlive: false });
  // Every connection goes to the sandbox, whatever host the client asked for; the certificate is checked.
  agent.createConnection = (options, callback) => {
    const servername = (options as { servername?: string; host?: string }).servername ?? (options as { host?: string }).host;
    const socket = connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'] });
    void callback;
    return socket;
  };
});
after(async () => {
  agent?.destroy();
  await running?.close();
  await sandbox?.close();
});

describe('twitter-api-v2 against the sandbox', { timeout: 90_000 }, () => {
  it('PIN login (request token, authenticate page, access token)', async () => {
    const c = sandbox.credentials;
    const app = new TwitterApi({ appKey: c.consumer_key, appSecret: c.consumer_secret }, { httpAgent: agent });
    const link = await app.generateAuthLink('oob');
    assert.match(link.url, /^https:\/\/api\.x\.com\/oauth\/authenticate\?oauth_token=/);
    // The user opens the link: the same path on the sandbox.
    const page = new URL(link.url);
    const answer = await approveOnPage(`${running.httpUrl}${page.pathname}${page.search}`, c.username, c.password);
    const pin = /<code id="pin">(\d{7})<\/code>/.exec(await answer.text())?.[1];
    assert.ok(pin);
    const pending = new TwitterApi(
      { appKey: c.consumer_key, appSecret: c.consumer_secret, accessToken: link.oauth_token, accessSecret: link.oauth_token_secret },
      { httpAgent: agent },
    );
    const login = await pending.login(pin);
    assert.equal(login.screenName, 'demo');
    assert.equal(login.userId, c.user_id);
    user = login.client;
  });

  it('v2: me, tweet, read back, user timeline', async () => {
    const me = await user.v2.me();
    assert.equal(me.data.username, 'demo');
    const posted = await user.v2.tweet('Hello from twitter-api-v2 (v2)');
    assert.match(posted.data.id, /^\d+$/);
    const read = await user.v2.singleTweet(posted.data.id, { 'tweet.fields': ['created_at', 'author_id'] });
    assert.equal(read.data.text, 'Hello from twitter-api-v2 (v2)');
    assert.equal(read.data.author_id, sandbox.credentials.user_id);
    const timeline = await user.v2.userTimeline(sandbox.credentials.user_id, { max_results: 5 });
    assert.equal(timeline.tweets[0]?.id, posted.data.id);
    const home = await user.v2.homeTimeline({ max_results: 5 });
    assert.ok(home.tweets.some((t) => t.id === posted.data.id));
  });

  it('v1.1: tweet, reply, home and user timeline', async () => {
    const status = await user.v1.tweet('Hello from twitter-api-v2 (v1.1)');
    assert.equal(status.full_text ?? status.text, 'Hello from twitter-api-v2 (v1.1)');
    assert.equal(status.user.screen_name, 'demo');
    const reply = await user.v1.reply('a reply', status.id_str);
    assert.equal(reply.in_reply_to_status_id_str, status.id_str);
    const home = await user.v1.homeTimeline({ count: 5 });
    assert.equal(home.tweets[0]?.id_str, reply.id_str);
    const mine = await user.v1.userTimeline(sandbox.credentials.user_id, { count: 5 });
    assert.ok(mine.tweets.some((t) => t.id_str === status.id_str));
    await assert.rejects(
      user.v1.tweet('Hello from twitter-api-v2 (v1.1)'),
      (error: { code?: number; errors?: Array<{ code: number }> }) => {
        assert.equal(error.code, 403);
        assert.equal(error.errors?.[0]?.code, 187);
        return true;
      },
    );
  });

  it('chunked media upload (v1.1 INIT/APPEND/FINALIZE, video STATUS polling) and a tweet with it', async () => {
    const image = await user.v1.uploadMedia(Buffer.from(PNG_2X3), { mimeType: 'image/png' });
    assert.match(image, /^\d+$/);
    const video = Buffer.alloc(2_500_000, 7);
    const videoId = await user.v1.uploadMedia(video, { mimeType: 'video/mp4', chunkLength: 1024 * 1024 });
    assert.match(videoId, /^\d+$/);
    const withMedia = await user.v2.tweet('with media', { media: { media_ids: [image] } });
    assert.ok(withMedia.data.id);
  });

  it('v2 media upload (initialize / append / finalize)', async () => {
    const id = await user.v2.uploadMedia(Buffer.from(PNG_2X3), { media_type: 'image/png' });
    assert.match(id, /^\d+$/);
    const posted = await user.v2.tweet('with v2 media', { media: { media_ids: [id] } });
    assert.ok(posted.data.id);
  });

  it('v2.uploadMedia (image; chunked video with STATUS polling): each answer fits X’s OpenAPI document', { skip: NO_OPENAPI }, async () => {
    const seen: Array<{ method: string; path: string; data: unknown }> = [];
    const recorder: ITwitterApiClientPlugin = {
      onAfterRequest: ({ computedParams, response }) => {
        seen.push({ method: computedParams.method, path: computedParams.url.pathname, data: response.data });
      },
    };
    const c = sandbox.credentials;
    const client = new TwitterApi(
      { appKey: c.consumer_key, appSecret: c.consumer_secret, accessToken: c.access_token, accessSecret: c.access_token_secret },
      { httpAgent: agent, plugins: [recorder] },
    );
    const image = await client.v2.uploadMedia(Buffer.from(PNG_2X3), { media_type: 'image/png' });
    const video = await client.v2.uploadMedia(Buffer.alloc(2_500_000, 7), { media_type: 'video/mp4' }, 1024 * 1024);
    const posted = await client.v2.tweet('with a v2 image and a v2 video', { media: { media_ids: [image, video] } });
    assert.ok(posted.data.id);
    // initialize, append, finalize for the image; initialize, 3 appends, finalize, STATUS for the video; the post.
    const operations = seen.map((r) => `${r.method} ${r.path.replace(/\/upload\/\d+\//, '/upload/{id}/')}`);
    assert.deepEqual(operations.slice(0, 10), [
      'POST /2/media/upload/initialize',
      'POST /2/media/upload/{id}/append',
      'POST /2/media/upload/{id}/finalize',
      'POST /2/media/upload/initialize',
      'POST /2/media/upload/{id}/append',
      'POST /2/media/upload/{id}/append',
      'POST /2/media/upload/{id}/append',
      'POST /2/media/upload/{id}/finalize',
      'GET /2/media/upload',
      'POST /2/tweets',
    ]);
    for (const [i, r] of seen.entries()) {
      const [method, path] = (operations[i] as string).split(' ') as [string, string];
      assertResponse(method, path, r.data, path === '/2/tweets' ? '201' : '200');
    }
    const status = seen[8]?.data as { data: { processing_info: { state: string } } };
    assert.equal(status.data.processing_info.state, 'succeeded');
  });

  it("X's 24-hour headers are read by twitter-api-v2 as it reads X's (rateLimit.day = x-app-limit-24hour-*)", async () => {
    const response = await user.v2.post<{ data: { id: string } }>('tweets', { text: 'daily figures' }, { fullResponse: true });
    assert.ok(response.data.data.id);
    assert.equal(response.rateLimit?.limit, 100);
    assert.equal(response.rateLimit?.day?.limit, 10_000);
    assert.ok((response.rateLimit?.day?.remaining ?? 0) < 10_000);
    assert.ok((response.rateLimit?.day?.reset ?? 0) > Date.now() / 1000 + 86_000);
  });
});
