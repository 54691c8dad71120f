import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliIo, memoryIo } from '../src/io.js';
import { main } from '../src/main.js';
import { fakeXServer } from './fake-x-server.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const NO_PROFILE = { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent/xdg' };
const KEYS = ['--consumer-key', 'ck', '--consumer-secret', 'cs', '--token', '42-tk', '--token-secret', 'ts'];

let dir: string;
let png: string;
let mp4: string;

describe('oauth1x media and tweet --media (X API v2), against a fake X checked with its OpenAPI document', { timeout: 60_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-media-'));
    png = join(dir, 'pixel.png');
    mp4 = join(dir, 'clip.mp4');
    await writeFile(png, PNG);
    const video = new Uint8Array(3000).fill(9);
    video.set([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom')]);
    await writeFile(mp4, video);
    await writeFile(join(dir, 'empty.png'), '');
    await writeFile(join(dir, 'captions.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    await mkdir(join(dir, 'folder.png'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('bad input is one line on stderr and exit 2, before any profile is read or request sent', async () => {
    const long = 'a'.repeat(1001);
    for (const [args, message] of [
      [['media'], /expects upload FILE or status ID/],
      [['media', 'frobnicate', 'x'], /unknown subcommand "frobnicate"/],
      [['media', 'upload'], /upload expects one FILE/],
      [['media', 'upload', join(dir, 'missing.png')], /cannot read upload .*missing\.png: no such file/],
      [['media', 'upload', join(dir, 'folder.png')], /folder\.png is a directory/],
      [['media', 'upload', join(dir, 'empty.png')], /empty\.png is empty/],
      [['media', 'upload', png, '--category', 'tweet_photo'], /--category: unknown media category "tweet_photo"; X takes amplify_video/],
      [['media', 'upload', png, '--alt', ''], /--alt: alt text is empty/],
      [['media', 'upload', png, '--alt', ' \n'], /--alt: alt text is empty/],
      [['media', 'upload', png, '--alt', long], /--alt: alt text is 1001 characters; X takes at most 1000/],
      [['media', 'upload', png, '--type', 'image/svg+xml'], /--type: X does not take media type "image\/svg\+xml"/],
      [['media', 'status'], /status expects one media ID/],
      [['media', 'status', 'abc'], /status expects a numeric media ID/],
      [['media', 'status', '1'.repeat(20)], /status expects a numeric media ID/],
      [['media', 'status', '1', '--alt', 'x'], /--alt goes with upload/],
      [['tweet', 'hi', '--media', join(dir, 'missing.png')], /cannot read --media .*missing\.png/],
      [['tweet', 'hi', '--media', join(dir, 'folder.png')], /--media .*folder\.png is a directory/],
      [['tweet', 'hi', '--media', png, '--alt', ''], /--alt: alt text is empty/],
      [['tweet', 'hi', '--media', png, '--alt', long], /--alt: alt text is 1001 characters/],
      [['tweet', 'hi', '--alt', 'a cat'], /more --alt than --media/],
      // Added with the end-to-end walk of the new options: extra operands, status with upload's options, more
      // files than X takes, the second --alt of two checked too, an empty --category / --type, an empty file
      // given to tweet.
      [['media', 'upload', png, png], /upload expects one FILE/],
      [['media', 'status', '1', '2'], /status expects one media ID/],
      [['media', 'status', '1', '--category', 'tweet_image'], /--category goes with upload/],
      [['media', 'status', '1', '--type', 'image/png'], /--type goes with upload/],
      [['media', 'status', ''], /status expects a numeric media ID/],
      [['media', 'upload', png, '--category', ''], /--category: unknown media category ""/],
      [['media', 'upload', png, '--type', ''], /--type: X does not take media type ""/],
      [['tweet', 'hi', ...Array.from({ length: 5 }, () => ['--media', png]).flat()], /at most 4 --media files/],
      [['tweet', 'hi', '--media', png, '--alt', 'ok', '--media', png, '--alt', long], /--alt: alt text is 1001 characters/],
      [['tweet', 'hi', '--media', join(dir, 'empty.png')], /--media .*empty\.png is empty/],
    ] as const) {
      const io = memoryIo({ env: NO_PROFILE });
      assert.equal(await main([...args], io), 2, `${args.join(' ')}: ${io.err()}`);
      assert.equal(io.err().trim().split('\n').length, 1, io.err());
      assert.match(io.err(), new RegExp(`^oauth1x ${args[0]}: `));
      assert.match(io.err(), message);
    }
  });

  it('media upload: a small image in one request with alt text; a video chunked with processing; media status', async () => {
    const x = await fakeXServer({
      processing: [
        { state: 'pending', check_after_secs: 1 },
        { state: 'succeeded', progress_percent: 100 },
      ],
    });
    try {
      const host = ['--host', x.url];
      const image = memoryIo({ env: NO_PROFILE });
      assert.equal(await main(['media', 'upload', png, '--alt', 'One red pixel', ...host, ...KEYS], image), 0, image.err());
      const id = image.out().trim();
      assert.match(id, /^\d{1,19}$/);
      assert.match(image.err(), /uploaded .*pixel\.png \(70 bytes, image\/png, with alt text\) as media \d+/);
      assert.equal(x.fake.altTexts.get(id), 'One red pixel');
      assert.deepEqual(x.ops(), ['mediaUpload', 'createMediaMetadata']);
      const video = memoryIo({ env: NO_PROFILE });
      assert.equal(await main(['media', 'upload', mp4, '--category', 'amplify_video', '--json', ...host, ...KEYS], video), 0, video.err());
      const uploaded = JSON.parse(video.out());
      assert.equal(uploaded.processingInfo.state, 'succeeded');
      assert.match(video.err(), /clip\.mp4: processing…/);
      assert.deepEqual(x.ops().slice(2), ['initializeMediaUpload', 'appendMediaUpload', 'finalizeMediaUpload', 'getMediaUploadStatus']);
      assert.equal(JSON.parse(x.seen[2]?.text ?? '').media_category, 'amplify_video');
      const status = memoryIo({ env: NO_PROFILE });
      assert.equal(await main(['media', 'status', uploaded.mediaId, ...host, ...KEYS], status), 0, status.err());
      assert.match(
        status.out(),
        new RegExp(`^id: ${uploaded.mediaId}\nkey: 7_${uploaded.mediaId}\nstate: succeeded \\(100%\\)\nsize: 3000 bytes\n`),
      );
      const srt = join(dir, 'captions.srt');
      const unknown = memoryIo({ env: NO_PROFILE });
      assert.equal(await main(['media', 'upload', srt, ...host, ...KEYS], unknown), 2);
      assert.match(unknown.err(), /^oauth1x media: cannot tell the media type from the content of .*captions\.srt.*\n$/);
      const before = x.seen.length;
      const subtitles = memoryIo({ env: NO_PROFILE });
      assert.equal(await main(['media', 'upload', srt, '--type', 'text/srt', '--category', 'subtitles', ...host, ...KEYS], subtitles), 0);
      assert.deepEqual(x.ops().slice(before), [
        'initializeMediaUpload',
        'appendMediaUpload',
        'finalizeMediaUpload',
        'getMediaUploadStatus',
      ]);
      assert.deepEqual(JSON.parse(x.seen[before]?.text ?? ''), { media_type: 'text/srt', total_bytes: 38, media_category: 'subtitles' });
      const missing = memoryIo({ env: NO_PROFILE });
      assert.equal(await main(['media', 'status', '123', ...host, ...KEYS], missing), 1);
      assert.match(missing.err(), /^oauth1x media: .*no such media/);
      assert.deepEqual(x.violations, []);
    } finally {
      await x.close();
    }
  });

  it('tweet --media FILE --alt TEXT uploads with X API v2 and posts the media ids', async () => {
    const x = await fakeXServer();
    try {
      const io = memoryIo({ env: NO_PROFILE });
      const args = ['tweet', 'Two pixels', '--media', png, '--alt', 'The first', '--media', png, '--host', x.url, ...KEYS];
      assert.equal(await main(args, io), 0, io.err());
      assert.match(io.out(), /^Posted tweet \d+: Two pixels\n$/);
      assert.deepEqual(x.ops(), ['mediaUpload', 'createMediaMetadata', 'mediaUpload', 'createPosts']);
      const ids = (x.fake.posts[0]?.media as { media_ids: string[] } | undefined)?.media_ids ?? [];
      assert.equal(ids.length, 2);
      assert.equal(x.fake.altTexts.get(ids[0] as string), 'The first');
      assert.equal(x.fake.altTexts.has(ids[1] as string), false);
      assert.deepEqual(x.violations, []);
    } finally {
      await x.close();
    }
  });

  it('media upload shows a progress bar on a terminal and prints only the id on stdout', async () => {
    const x = await fakeXServer();
    try {
      let err = '';
      const base = memoryIo({ env: NO_PROFILE });
      const io: CliIo & { out(): string } = { ...base, stderr: { isTTY: true, write: (chunk: string) => (err += chunk) } };
      assert.equal(await main(['media', 'upload', png, '--host', x.url, ...KEYS], io), 0, err);
      assert.match(err, /pixel\.png \[[^\]]+\] 100% \| 70\/70 bytes/);
      assert.match(io.out(), /^\d+\n$/);
    } finally {
      await x.close();
    }
  });
});
