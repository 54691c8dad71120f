/**
 * Parsing a raw HTTP/1.x request as captured on the wire (request line, headers, blank line, body), for
 * `oauth1x verify --raw`.
 *
 * @module
 */
import { UsageError } from './args.js';

/** A parsed raw request. */
export interface RawRequest {
  method: string;
  /** Absolute URL: the request target when absolute, else `scheme://Host` + target. */
  url: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Parses `text` as an HTTP/1.x request. `scheme` builds the URL from the `Host` header (default `https`).
 *
 * @example
 * ```ts
 * parseRawRequest('GET /2/users/me HTTP/1.1\r\nHost: api.x.com\r\nAuthorization: OAuth ...\r\n\r\n');
 * // { method: 'GET', url: 'https://api.x.com/2/users/me', headers: {...}, body: '' }
 * ```
 */
export function parseRawRequest(text: string, scheme = 'https'): RawRequest {
  const headEnd = text.search(/\r?\n\r?\n/);
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const rest = headEnd === -1 ? '' : text.slice(headEnd).replace(/^\r?\n\r?\n/, '');
  const lines = head.split(/\r?\n/);
  while (lines[0] === '') lines.shift();
  const requestLine = lines.shift() ?? '';
  const match = /^([A-Za-z]+)[ \t]+(\S+)(?:[ \t]+HTTP\/\d(?:\.\d)?)?$/.exec(requestLine.trim());
  if (match === null) throw new UsageError(`--raw: expected a request line like "POST /path HTTP/1.1", got "${requestLine.slice(0, 60)}"`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new UsageError(`--raw: malformed header line "${line.slice(0, 60)}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const target = match[2] as string;
  let url: string;
  if (/^https?:\/\//i.test(target)) url = target;
  else {
    const host = headers.host;
    if (host === undefined) throw new UsageError('--raw: the request has no Host header (or use an absolute request target)');
    if (!target.startsWith('/')) throw new UsageError(`--raw: unsupported request target "${target}"`);
    url = `${scheme}://${host}${target}`;
  }
  let body = rest;
  const length = headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) {
    const bytes = new TextEncoder().encode(rest);
    body = new TextDecoder().decode(bytes.subarray(0, Number(length)));
  } else if (headers['content-length'] === undefined) body = rest.replace(/\r?\n$/, '');
  return { method: (match[1] as string).toUpperCase(), url, headers, body };
}
