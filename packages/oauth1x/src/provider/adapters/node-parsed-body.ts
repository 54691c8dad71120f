/**
 * The body a parser (Express) already read from a Node request, turned back into bytes for the node adapter.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';

/** A string, or a list of strings: what a flat form parser (`express.urlencoded({ extended: false })`) keeps. */
function isFlatFormValue(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

/**
 * The body a parser (Express) already read: the exact bytes when it kept them (`req.rawBody`, as body-parser's
 * `verify` option or a framework leaves it), else the bytes rebuilt from what it parsed where that is faithful
 * (a string, bytes, a flat form, JSON without `oauth_body_hash`). A nested form object cannot be turned back
 * into the signed parameters: that is a set-up error, thrown so it is not reported as a bad signature.
 */
export function preParsedBody(req: IncomingMessage): Uint8Array | undefined {
  const { body, rawBody } = req as IncomingMessage & { body?: unknown; rawBody?: unknown };
  if (typeof rawBody === 'string') return new TextEncoder().encode(rawBody);
  if (rawBody instanceof Uint8Array) return rawBody;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body === null || typeof body !== 'object') return undefined;
  if (/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body)) {
      if (!isFlatFormValue(value)) {
        throw new Error(
          `oauth1x: a body parser turned the form field "${name}" into an object, which cannot be turned back into the signed parameters; mount the OAuth routes before it, use extended: false, or keep the bytes in req.rawBody`,
        );
      }
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
    }
    return new TextEncoder().encode(form.toString());
  }
  // Any other type (JSON) is not in the signature; only oauth_body_hash covers it, and that needs the bytes.
  return new TextEncoder().encode(JSON.stringify(body));
}
