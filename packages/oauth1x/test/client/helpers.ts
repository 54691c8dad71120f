/**
 * Test doubles for the client tests: a recording `fetch` and an independent signature check of what it
 * received (rebuilt from the wire: query, form body, Authorization header or query/body protocol parameters).
 */
import {
  isFormContentType,
  normalizeParameters,
  type Parameter,
  parseAuthorizationHeader,
  parseFormEncoded,
  parseRequestUrl,
  type SignatureMethod,
  signatureBaseString,
  verifySignature,
} from '../../src/index.js';

/** One request the fake fetch received, with its body read as text. */
export interface Captured {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
  bodyKind: string;
  signal: AbortSignal | null;
  duplex: string | undefined;
}

/** A fetch double: records requests, answers from a queue of responders (the last one repeats). */
export function fakeFetch(...responders: Array<(request: Captured) => Response | Promise<Response>>) {
  const calls: Captured[] = [];
  let next = 0;
  const fetch = async (input: string | URL | Request, init: RequestInit & { duplex?: string } = {}): Promise<Response> => {
    const request = new Request(input, init as RequestInit);
    const raw = init.body;
    const bodyKind =
      raw === undefined || raw === null
        ? 'none'
        : typeof raw === 'string'
          ? 'string'
          : raw instanceof ReadableStream
            ? 'stream'
            : (raw.constructor?.name ?? typeof raw);
    const captured: Captured = {
      url: String(input instanceof Request ? input.url : input),
      method: request.method,
      headers: request.headers,
      body: request.body === null ? null : await request.text(),
      bodyKind,
      signal: init.signal ?? null,
      duplex: init.duplex,
    };
    init.signal?.throwIfAborted();
    calls.push(captured);
    const responder = responders[Math.min(next++, responders.length - 1)];
    if (responder === undefined) return new Response('ok');
    return responder(captured);
  };
  return { fetch, calls };
}

/** What {@link verifyCaptured} found. */
export interface Verified {
  valid: boolean;
  oauth: Record<string, string>;
  baseString: string;
  signed: Parameter[];
}

/**
 * Rebuilds the base string from the captured request the way a provider would (RFC 5849 §3.4.1) and checks
 * the signature with the given secrets.
 */
export async function verifyCaptured(
  captured: Captured,
  secrets: { consumerSecret: string; tokenSecret?: string; publicKey?: string },
): Promise<Verified> {
  const { baseUri, query } = parseRequestUrl(captured.url);
  const form = isFormContentType(captured.headers.get('content-type')) && captured.body !== null ? parseFormEncoded(captured.body) : [];
  const header = captured.headers.get('authorization');
  const headerParams = header === null ? [] : (parseAuthorizationHeader(header)?.params ?? []);
  const all: Parameter[] = [...query, ...form, ...headerParams];
  const oauth: Record<string, string> = {};
  for (const [name, value] of all) if (name.startsWith('oauth_')) oauth[name] = value;
  const signed = all.filter(([name]) => name !== 'oauth_signature');
  const baseString = signatureBaseString(captured.method, baseUri, normalizeParameters(signed));
  const method = oauth.oauth_signature_method as SignatureMethod;
  const valid = await verifySignature(method, baseString, oauth.oauth_signature ?? '', secrets);
  return { valid, oauth, baseString, signed };
}

/** A form-encoded 200 answer. */
export function formResponse(body: string, init: ResponseInit = {}): Response {
  return new Response(body, { status: 200, ...init, headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers } });
}
