/**
 * Reading the parts of a received request's body that OAuth signs: a form body (RFC 5849 §3.4.1.3.1) is read
 * from a clone, so the caller can still consume the original, and never beyond the byte limit.
 *
 * @module
 */
import { oauthProblem } from './problems.js';

function tooLarge(maxBytes: number) {
  return oauthProblem('parameter_rejected', `The request body is larger than ${maxBytes} bytes`, {}, { status: 413 });
}

/** What {@link readBodyWithin} reads: a Web body stream, or a Node readable (an async iterable of bytes). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && (chunks[0] as Uint8Array).buffer instanceof ArrayBuffer) return chunks[0] as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * The one body reader of oauth1x (the provider, its node adapter and the sandbox all read through it): reads
 * `source` to its end, at most `maxBytes` bytes, and resolves to the bytes, or `null` as soon as the body
 * grows past the limit (each caller answers that its own way: a 413 problem, a plain 413). A Web stream over
 * the limit is cancelled (not awaited: a cancelled branch of a tee'd stream settles only once the original is
 * consumed too); a Node stream is left as it is, for the caller to drain or destroy.
 *
 * @example
 * ```ts
 * const bytes = await readBodyWithin(request.body!, 65536);
 * if (bytes === null) return new Response('Request body too large', { status: 413 });
 * ```
 */
export async function readBodyWithin(source: BodySource, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if ('getReader' in source) {
    const reader = source.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
    return concat(chunks, total);
  }
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    // next() by hand, not for-await: leaving the loop early must not destroy a Node stream the caller drains.
    const { done, value } = await iterator.next();
    if (done === true) break;
    total += value.byteLength;
    if (total > maxBytes) return null;
    chunks.push(value);
  }
  return concat(chunks, total);
}

/**
 * True when a `Content-Length` value declares more than `maxBytes` (checked before reading anything).
 *
 * @example
 * ```ts
 * if (declaresMoreThan(request.headers.get('content-length'), 65536)) return new Response(null, { status: 413 });
 * ```
 */
export function declaresMoreThan(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^[0-9]+$/.test(contentLength) && Number(contentLength) > maxBytes;
}

/**
 * Reads the body of a clone of `request` as bytes, at most `maxBytes` (checked against `Content-Length` first,
 * then while streaming, {@link readBodyWithin}). Resolves to an empty array when there is no body; throws
 * `parameter_rejected` with status 413 beyond the limit.
 *
 * @example
 * ```ts
 * const bytes = await readBodyBytes(request, 65536);
 * ```
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (declaresMoreThan(request.headers.get('content-length'), maxBytes)) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  if (request.bodyUsed) throw oauthProblem('parameter_rejected', 'The request body was already read; pass it as options.body');
  const bytes = await readBodyWithin(request.clone().body as ReadableStream<Uint8Array>, maxBytes);
  if (bytes === null) throw tooLarge(maxBytes);
  return bytes;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes body bytes as UTF-8, strictly: invalid UTF-8 is `parameter_rejected`.
 *
 * @example
 * ```ts
 * decodeBodyText(new TextEncoder().encode('a=1')); // 'a=1'
 * ```
 */
export function decodeBodyText(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw oauthProblem('parameter_rejected', 'The form body is not valid UTF-8', {}, { cause });
  }
}

/**
 * Checks the length of a body the caller passed as text (its UTF-8 size is at least its length).
 *
 * @example
 * ```ts
 * checkBodyLength('a=1', 65536);
 * ```
 */
export function checkBodyLength(text: string, maxBytes: number): void {
  if (text.length > maxBytes) throw tooLarge(maxBytes);
}
