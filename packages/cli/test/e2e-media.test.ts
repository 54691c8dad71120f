/**
 * `oauth1x media upload --alt`, `media status` and `tweet --media --alt`, run as a user would (a spawned CLI
 * with a profile from `authorize --xauth`) against a listening sandbox; the alt texts read back from the
 * sandbox with `media.fields=alt_text`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { runCli } from './spawn-cli.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let dir: string;
let sandbox: Sandbox;
let server: RunningSandbox;
let env: Record<string, string>;

function assertNoSecrets(text: string) {
  const c = sandbox.credentials;
  for (const secret of [c.consumer_secret, c.password, c.access_token_secret]) assert.ok(!text.includes(secret), 'a secret leaked');
}

describe('oauth1x media and tweet --alt end to end against a listening sandbox', { timeout: 120_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-cli-e2e-media-'));
    sandbox = await createSandbox({ dataDir: join(dir, 'data') });
    server = await sandbox.listen({ port: 0, httpsPort: false });
    env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
    await writeFile(join(dir, 'pixel.png'), PNG);
    const c = sandbox.credentials;
    const keys = ['--consumer-key', c.consumer_key, '--consumer-secret', c.consumer_secret];
    const signedIn = await runCli(['authorize', '--xauth', '-u', c.username, '-p', c.password, '--host', server.httpUrl, ...keys], { env });
    assert.equal(signedIn.code, 0, signedIn.err);
  });
  after(async () => {
    await server?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('media upload --alt, tweet --media --alt: the alt text read back with media.fields=alt_text; media status of each', async () => {
    const gif = join(dir, 'dot.gif');
    await writeFile(gif, Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
    const uploaded = await runCli(['media', 'upload', join(dir, 'pixel.png'), '--alt', 'A single pixel, uploaded alone'], { env });
    assert.equal(uploaded.code, 0, uploaded.err);
    assert.match(uploaded.err, /uploaded .*pixel\.png \(\d+ bytes, image\/png, with alt text\) as media \d+/);
    const mediaId = uploaded.out.trim();
    const status = await runCli(['media', 'status', mediaId, '--json'], { env });
    assert.equal(status.code, 0, status.err);
    assert.equal((JSON.parse(status.out) as { data: { id: string } }).data.id, mediaId);
    // A GIF is processed (X's processing_info): status prints the state, from the sandbox's answer.
    const animated = await runCli(['media', 'upload', gif, '--json'], { env });
    assert.equal(animated.code, 0, animated.err);
    const gifId = (JSON.parse(animated.out) as { mediaId: string }).mediaId;
    const gifStatus = await runCli(['media', 'status', gifId], { env });
    assert.equal(gifStatus.code, 0, gifStatus.err);
    assert.match(gifStatus.out, new RegExp(`^id: ${gifId}\nkey: \\d+_${gifId}\nstate: succeeded \\(100%\\)\n`));
    // Two files, the first described, the second not: the n-th --alt describes the n-th --media.
    const posted = await runCli(
      ['tweet', 'Described pixels', '--media', join(dir, 'pixel.png'), '--alt', 'A pixel in a tweet', '--media', gif],
      {
        env,
      },
    );
    assert.equal(posted.code, 0, posted.err);
    const id = /Posted tweet (\d+)/.exec(posted.out)?.[1];
    assert.ok(id, posted.out);
    const shown = await runCli(['request', `/2/tweets/${id}?expansions=attachments.media_keys&media.fields=alt_text,type`], { env });
    assert.equal(shown.code, 0, shown.err);
    const media = (JSON.parse(shown.out) as { includes: { media: Array<{ type: string; alt_text?: string }> } }).includes.media;
    assert.deepEqual(
      media.map((m) => [m.type, m.alt_text]),
      [
        ['photo', 'A pixel in a tweet'],
        ['animated_gif', undefined],
      ],
    );
    // The alt text given to `media upload` is there too, once the media is posted by id.
    const byId = await runCli(['request', '--json', JSON.stringify({ text: 'by id', media: { media_ids: [mediaId] } }), '/2/tweets'], {
      env,
    });
    assert.equal(byId.code, 0, byId.err);
    const byIdTweet = (JSON.parse(byId.out) as { data: { id: string } }).data.id;
    const read = await runCli(['request', `/2/tweets/${byIdTweet}?expansions=attachments.media_keys&media.fields=alt_text`], { env });
    assert.equal(
      (JSON.parse(read.out) as { includes: { media: Array<{ alt_text?: string }> } }).includes.media[0]?.alt_text,
      'A single pixel, uploaded alone',
    );
    // A media id the sandbox never issued: exit 1 with X's resource-not-found problem, not a crash.
    const unknown = await runCli(['media', 'status', '1234567890123'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /404/);
    assertNoSecrets(uploaded.out + uploaded.err + posted.out + posted.err + unknown.err);
  });
});
