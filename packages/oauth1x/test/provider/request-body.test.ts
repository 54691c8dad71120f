/**
 * The one body reader on each kind of source: a Web stream, a Node readable and any other async iterable; the limit, a stream already read, and a Node stream that closes before its end.
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { readBodyWithin } from '../../src/provider/request-body.js';

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString());

describe('readBodyWithin', () => {
  test('reads every chunk up to the limit from a Web stream, a Node readable and an async iterable', async () => {
    const parts = ['ab', 'cd', 'ef'];
    const web = new Response(parts.join('')).body as ReadableStream<Uint8Array>;
    assert.equal(text(await readBodyWithin(web, 6)), 'abcdef');
    assert.equal(text(await readBodyWithin(Readable.from(parts.map((p) => Buffer.from(p))), 6)), 'abcdef');
    async function* iterable() {
      for (const p of parts) yield new TextEncoder().encode(p);
    }
    assert.equal(text(await readBodyWithin(iterable(), 6)), 'abcdef');
    assert.equal(text(await readBodyWithin(Readable.from([]), 0)), '');
  });

  test('null as soon as a Web stream or a Node readable grows past the limit', async () => {
    assert.equal(await readBodyWithin(new Response('abcdefg').body as ReadableStream<Uint8Array>, 6), null);
    const stream = new PassThrough();
    const reading = readBodyWithin(stream, 4);
    stream.write('abc');
    stream.write('def');
    assert.equal(await reading, null, 'without waiting for the end');
  });

  test('a Node stream closed before its end rejects; one already read resolves empty', async () => {
    const stream = new PassThrough();
    const reading = readBodyWithin(stream, 100);
    stream.write('ab');
    stream.destroy();
    await assert.rejects(reading);
    const done = Readable.from([Buffer.from('x')]);
    for await (const _ of done) void _;
    assert.equal(text(await readBodyWithin(done, 100)), '');
  });
});
