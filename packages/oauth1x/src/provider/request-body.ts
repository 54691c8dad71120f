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

/**
 * Reads the body of a clone of `request` as bytes, at most `maxBytes` (checked against `Content-Length` first,
 * then while streaming). Resolves to an empty array when there is no body.
 *
 * @example
 * ```ts
 * import { readBodyBytes } from 'oauth1x/provider';
 * const bytes = await readBodyBytes(request, 65536);
 * ```
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^[0-9]+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  if (request.bodyUsed) throw oauthProblem('parameter_rejected', 'The request body was already read; pass it as options.body');
  const reader = (request.clone().body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: a cancelled branch of a tee'd stream settles only once the original is consumed too.
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes body bytes as UTF-8, strictly: invalid UTF-8 is `parameter_rejected`.
 *
 * @example
 * ```ts
 * import { decodeBodyText } from 'oauth1x/provider';
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
 * import { checkBodyLength } from 'oauth1x/provider';
 * checkBodyLength('a=1', 65536);
 * ```
 */
export function checkBodyLength(text: string, maxBytes: number): void {
  if (text.length > maxBytes) throw tooLarge(maxBytes);
}
