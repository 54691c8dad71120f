/**
 * A strict `multipart/form-data` reader (RFC 7578) that keeps every part's bytes as sent. The Fetch API's
 * `formData()` decodes parts without a filename as UTF-8 text, which corrupts binary media sent that way (as
 * several X clients do for `media`), so uploads are parsed here.
 *
 * @module
 */

/** One part of a multipart body. */
export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Uint8Array;
}

/**
 * The parts by name (the first part of each name).
 *
 * @example
 * ```ts
 * parseMultipart(bytes, contentType)?.text('command'); // 'APPEND'
 * ```
 */
export class Multipart {
  constructor(readonly parts: MultipartPart[]) {}
  /** The part's bytes. */
  bytes(name: string): Uint8Array | undefined {
    return this.parts.find((p) => p.name === name)?.data;
  }
  /** The part as UTF-8 text (fields such as `command`). */
  text(name: string): string | undefined {
    const data = this.bytes(name);
    return data === undefined ? undefined : new TextDecoder().decode(data);
  }
  part(name: string): MultipartPart | undefined {
    return this.parts.find((p) => p.name === name);
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Parses a multipart body; `null` when it is malformed (no boundary, unterminated, a part without a name).
 *
 * @example
 * ```ts
 * const form = parseMultipart(bytes, request.headers.get('content-type'));
 * form?.bytes('media');
 * ```
 */
export function parseMultipart(body: Uint8Array, contentType: string | null, maxParts = 64): Multipart | null {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  const value = boundary?.[1] ?? boundary?.[2];
  if (value === undefined) return null;
  const encoder = new TextEncoder();
  const delimiter = encoder.encode(`--${value}`);
  const separator = encoder.encode('\r\n\r\n');
  const parts: MultipartPart[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at === -1) return null;
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return new Multipart(parts); // closing delimiter
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return null;
    at += 2;
    const headerEnd = indexOf(body, separator, at);
    if (headerEnd === -1) return null;
    const headers = new TextDecoder().decode(body.subarray(at, headerEnd)).split('\r\n');
    const next = indexOf(body, encoder.encode(`\r\n--${value}`), headerEnd + 4);
    if (next === -1 || parts.length >= maxParts) return null;
    let name: string | null = null;
    let filename: string | null = null;
    let type: string | null = null;
    for (const line of headers) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim().toLowerCase();
      const rest = line.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        name = /\bname="([^"]*)"/i.exec(rest)?.[1] ?? /\bname=([^;\s]+)/i.exec(rest)?.[1] ?? null;
        filename = /\bfilename="([^"]*)"/i.exec(rest)?.[1] ?? null;
      } else if (key === 'content-type') type = rest;
    }
    if (name === null) return null;
    parts.push({ name, filename, contentType: type, data: body.slice(headerEnd + 4, next) });
    at = next + 2;
  }
}
