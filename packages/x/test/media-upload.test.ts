import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeXMedia } from '@oauth1x/test-kit/x/fake-x-media.js';
import { loadSpec } from '@oauth1x/test-kit/x/openapi-validate.js';
import { specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';
import { OAuthError, OAuthResponseError } from 'oauth1x';
import { MEDIA_CATEGORIES, MEDIA_TYPES, XClient, type XClientOptions } from '../src/index.js';
import { readMediaFile } from '../src/node.js';

// Every request below goes through specFetch: checked against X's OpenAPI document (method, path, query,
// body schema, OAuth 1.0a user context, origin api.x.com) and answered with bodies checked against it too.
const consumer = { key: 'ck', secret: 'cs' };
const token = { key: '42-tk', secret: 'ts' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function mp4(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size).map((_, i) => i % 251);
  bytes.set([0, 0, 0, 0x18], 0);
  bytes.set(new TextEncoder().encode('ftypisom'), 4);
  return bytes;
}

function setup(fake = fakeXMedia(), options: Partial<XClientOptions> = {}) {
  const { fetch, seen, violations } = specFetch(fake.handle);
  const waits: number[] = [];
  const x = new XClient({ consumer, token, fetch, sleep: async (ms) => void waits.push(ms), ...options });
  return { x, fake, seen, violations, waits, ops: () => seen.map((s) => s.operationId) };
}

describe('XClient media upload, v2, checked against X OpenAPI document', () => {
  it('chunked: initialize (JSON), multipart appends, finalize, status polled at least a second apart, progress', async () => {
    const fake = fakeXMedia({
      // check_after_secs 0: the client still waits a second (no busy loop of status calls).
      processing: [
        { state: 'pending', check_after_secs: 0 },
        { state: 'in_progress', check_after_secs: 2, progress_percent: 50 },
        { state: 'succeeded', progress_percent: 100 },
      ],
    });
    const { x, seen, violations, waits, ops } = setup(fake);
    const bytes = mp4(2500);
    const progress: string[] = [];
    const media = await x.uploadMedia(new Blob([bytes]), { chunkSize: 1000, onProgress: (p) => progress.push(`${p.phase}:${p.percent}`) });
    assert.deepEqual(violations, []);
    assert.deepEqual(ops(), [
      'initializeMediaUpload',
      'appendMediaUpload',
      'appendMediaUpload',
      'appendMediaUpload',
      'finalizeMediaUpload',
      'getMediaUploadStatus',
      'getMediaUploadStatus',
    ]);
    assert.ok(
      seen.every((s) => s.url.origin === 'https://api.x.com'),
      'v2 media is on api.x.com, not upload.x.com',
    );
    assert.deepEqual(JSON.parse(seen[0]?.text ?? ''), { media_type: 'video/mp4', total_bytes: 2500 });
    assert.deepEqual(
      seen.slice(1, 4).map((s) => [s.form?.get('segment_index'), (s.form?.get('media') as Blob | undefined)?.size]),
      [
        ['0', 1000],
        ['1', 1000],
        ['2', 500],
      ],
    );
    assert.deepEqual(fake.bytesOf(media.mediaId), Buffer.from(bytes));
    assert.equal(media.mediaType, 'video/mp4');
    assert.equal(media.mediaKey, `7_${media.mediaId}`);
    assert.equal(media.processingInfo?.state, 'succeeded');
    assert.deepEqual(waits, [1000, 2000]);
    assert.deepEqual(progress, ['upload:0', 'upload:40', 'upload:80', 'upload:100', 'processing:0', 'processing:50', 'processing:100']);
    assert.equal(seen.at(-1)?.url.searchParams.get('media_id'), media.mediaId);
  });

  it('chunked with JSON base64 appends (encoding: base64) and a category', async () => {
    const { x, fake, seen, violations } = setup();
    const bytes = mp4(2100);
    const media = await x.uploadMedia(bytes, { chunkSize: 1024, encoding: 'base64', mediaCategory: 'amplify_video' });
    assert.deepEqual(violations, []);
    const appends = seen.filter((s) => s.operationId === 'appendMediaUpload');
    assert.equal(appends.length, 3);
    assert.equal(appends[0]?.headers.get('content-type'), 'application/json');
    assert.deepEqual(
      appends.map((s) => JSON.parse(s.text).segment_index),
      [0, 1, 2],
    );
    assert.deepEqual(fake.uploads.get(media.mediaId)?.encodings, ['base64', 'base64', 'base64']);
    assert.deepEqual(fake.bytesOf(media.mediaId), Buffer.from(bytes));
    assert.equal(JSON.parse(seen[0]?.text ?? '').media_category, 'amplify_video');
  });

  it('one-shot for a small image (multipart or JSON base64), then alt text through /2/media/metadata', async () => {
    const { x, fake, seen, violations, ops } = setup();
    const progress: number[] = [];
    const media = await x.uploadMedia(new Uint8Array(PNG), { altText: 'One red pixel', onProgress: (p) => progress.push(p.percent) });
    assert.deepEqual(ops(), ['mediaUpload', 'createMediaMetadata']);
    assert.equal(seen[0]?.form?.get('media_category'), 'tweet_image');
    assert.equal((seen[0]?.form?.get('media') as Blob | undefined)?.type, 'image/png');
    assert.deepEqual(JSON.parse(seen[1]?.text ?? ''), { id: media.mediaId, metadata: { alt_text: { text: 'One red pixel' } } });
    assert.equal(fake.altTexts.get(media.mediaId), 'One red pixel');
    assert.deepEqual([media.altText, media.size, media.processingInfo], ['One red pixel', PNG.length, undefined]);
    assert.deepEqual(progress, [0, 100]);
    const b64 = await x.uploadMedia(new Uint8Array(PNG), { encoding: 'base64', mediaCategory: 'dm_image' });
    assert.deepEqual(JSON.parse(seen[2]?.text ?? ''), { media: PNG.toString('base64'), media_category: 'dm_image' });
    assert.deepEqual(fake.bytesOf(b64.mediaId), PNG);
    // A GIF, an image over one chunk, or mode 'chunked' take the chunked path.
    await x.uploadMedia(new Uint8Array(PNG), { mode: 'chunked' });
    await x.uploadMedia(new Uint8Array(PNG), { chunkSize: 32 });
    assert.deepEqual(ops().slice(3), [
      'initializeMediaUpload',
      'appendMediaUpload',
      'finalizeMediaUpload',
      'initializeMediaUpload',
      'appendMediaUpload',
      'appendMediaUpload',
      'appendMediaUpload',
      'finalizeMediaUpload',
    ]);
    assert.deepEqual(violations, []);
  });

  it('mediaStatus, setAltText and a tweet with the media', async () => {
    const { x, violations, ops, fake } = setup(fakeXMedia({ processing: [{ state: 'succeeded', progress_percent: 100 }] }));
    const media = await x.uploadMedia(mp4(64));
    const { data } = await x.mediaStatus(media.mediaId);
    assert.equal(data.id, media.mediaId);
    assert.equal(data.processing_info?.state, 'succeeded');
    await x.setAltText(media.mediaId, 'ü'.repeat(1000));
    const posted = await x.tweet('with media', { mediaIds: [media.mediaId] });
    assert.equal(posted.status, 201);
    assert.deepEqual(fake.posts[0]?.media, { media_ids: [media.mediaId] });
    assert.deepEqual(ops().slice(-3), ['getMediaUploadStatus', 'createMediaMetadata', 'createPosts']);
    assert.deepEqual(violations, []);
  });

  it('the check fails for what X does not define: the v1.1 upload, an unknown query parameter, a body X refuses', async () => {
    const { x, violations } = setup();
    await assert.rejects(
      x.request('POST', '/1.1/media/upload.json', { upload: true, form: { command: 'INIT', total_bytes: '1', media_type: 'image/png' } }),
      /POST \/1\.1\/media\/upload\.json breaks X's OpenAPI document: origin https:\/\/upload\.x\.com .*no operation/,
    );
    await assert.rejects(x.request('GET', '/2/media/upload', { query: { media_id: '1', foo: 'x' } }), /query parameter foo is not one of/);
    await assert.rejects(x.request('GET', '/2/media/upload', { query: { command: 'STATUS' } }), /required query parameter media_id/);
    await assert.rejects(
      x.request('POST', '/2/media/upload/initialize', { json: { command: 'INIT', total_bytes: '5' } }),
      /additional properties.*total_bytes must be integer/,
    );
    const form = new FormData();
    form.append('command', 'APPEND');
    form.append('media', new Blob([new Uint8Array(1)]));
    await assert.rejects(
      x.request('POST', '/2/media/upload/1/append', { body: form }),
      /part command is not a property.*segment_index is missing/,
    );
    await assert.rejects(x.request('POST', '/2/media/upload/1/finalize', { json: {} }), /takes no body/);
    assert.equal(violations.length, 6);
  });

  it('bad input is refused before any request', async () => {
    const { x, seen } = setup();
    const invalid = (pattern: RegExp) => (e: unknown) =>
      e instanceof OAuthError && e.code === 'ERR_INVALID_ARGUMENT' && pattern.test(e.message);
    await assert.rejects(x.uploadMedia(new Uint8Array([1, 2, 3])), invalid(/cannot tell the media type/));
    await assert.rejects(x.uploadMedia(new Uint8Array(0)), invalid(/empty/));
    await assert.rejects(x.uploadMedia(PNG, { chunkSize: 6 * 1024 * 1024 }), invalid(/chunkSize/));
    await assert.rejects(x.uploadMedia(mp4(1001), { chunkSize: 1 }), invalid(/1001 segments .* at most 1000/));
    await assert.rejects(readMediaFile('/nonexistent/file.png'), invalid(/cannot read media file \/nonexistent\/file.png/));
    await assert.rejects(x.uploadMedia('./cat.png' as never), invalid(/for a file path use readMediaFile from '@oauth1x\/x\/node'/));
    const srt = join(mkdtempSync(join(tmpdir(), 'oauth1x-media-')), 'captions.srt');
    writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHi\n');
    const file = await readMediaFile(srt);
    assert.ok(file instanceof File && file.name === srt && file.size > 0);
    await assert.rejects(x.uploadMedia(file), invalid(/cannot tell the media type from the content of .*captions\.srt/));
    rmSync(dirname(srt), { recursive: true, force: true });
    await assert.rejects(x.uploadMedia(PNG, { mediaType: 'image/svg+xml' }), invalid(/does not take media type image\/svg\+xml/));
    await assert.rejects(x.uploadMedia(PNG, { mediaCategory: 'tweet_photo' }), invalid(/unknown media category "tweet_photo"/));
    await assert.rejects(
      x.uploadMedia(PNG, { mode: 'one-shot', mediaCategory: 'amplify_video' }),
      invalid(/one-shot upload does not take/),
    );
    await assert.rejects(x.uploadMedia(PNG, { altText: '  ' }), invalid(/alt text is empty/));
    await assert.rejects(x.uploadMedia(PNG, { altText: 'a'.repeat(1001) }), invalid(/1001 characters; X takes at most 1000/));
    await assert.rejects(x.uploadMedia(PNG, { mode: 'sometimes' as never }), invalid(/mode must be auto, chunked or one-shot/));
    await assert.rejects(x.uploadMedia(PNG, { encoding: 'hex' as never }), invalid(/encoding must be multipart or base64/));
    await assert.rejects(x.uploadMedia(42 as never), invalid(/media must be bytes or a Blob/));
    await assert.rejects(x.mediaStatus('12a'), invalid(/media id is 1 to 19 digits/));
    await assert.rejects(x.setAltText('1'.repeat(20), 'x'), invalid(/media id/));
    assert.equal(seen.length, 0);
  });

  it('failed processing, a processing timeout and an append error are reported', async () => {
    const failed = setup(fakeXMedia({ processing: [{ state: 'in_progress', check_after_secs: 1 }, { state: 'failed' }] }));
    await assert.rejects(failed.x.uploadMedia(mp4(64)), (e: unknown) => e instanceof OAuthError && e.code === 'ERR_MEDIA_PROCESSING');
    const slow = setup(fakeXMedia({ processing: [{ state: 'pending', check_after_secs: 5 }] }));
    await assert.rejects(
      slow.x.uploadMedia(mp4(64), { maxProcessingMs: 12_000 }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_TIMEOUT',
    );
    assert.deepEqual(slow.waits, [5000, 5000]);
    const append = setup(fakeXMedia({ failAppend: true }));
    await assert.rejects(
      append.x.uploadMedia(mp4(64)),
      (e: unknown) => e instanceof OAuthResponseError && e.status === 400 && /Segment rejected/.test(e.message),
    );
    assert.deepEqual(append.violations, []);
  });

  it("the client's categories and media types are X's enums", () => {
    const schemas = loadSpec().spec.components.schemas as Record<string, { properties: Record<string, { enum: string[] }> }>;
    const init = schemas.InitializeMediaUploadRequest?.properties;
    assert.deepEqual([...MEDIA_CATEGORIES].sort(), [...(init?.media_category?.enum ?? [])].sort());
    assert.deepEqual([...MEDIA_TYPES].sort(), [...(init?.media_type?.enum ?? [])].sort());
  });
});
