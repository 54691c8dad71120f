/**
 * The usual client mistakes, as alternative base strings (or secrets) for `oauth1x verify` to try when a
 * signature does not match: wrong scheme or port, trailing slash, another method, body or query left out,
 * `+` taken literally, double encoding, `encodeURIComponent`, `+` for spaces, unsent `oauth_version`, signed
 * `realm`, no token secret.
 *
 * @module
 */

import type { VerificationSecrets } from 'oauth1x';
import {
  isFormContentType,
  normalizeParameters,
  type Parameter,
  parseFormEncoded,
  parseRequestUrl,
  percentEncode,
  signatureBaseString,
} from 'oauth1x';
import type { VerifyInput } from './verify-diagnose.js';

/** One alternative: why a client would have signed it, and the base string or secrets it would use. */
export interface Candidate {
  cause: string;
  baseString?: string;
  secrets?: VerificationSecrets;
}

/**
 * The decoded pairs of a body given as form text or as pairs.
 *
 * @example
 * ```ts
 * bodyParams('a=1&b=2'); // [['a','1'],['b','2']]
 * ```
 */
export function bodyParams(body: VerifyInput['body']): Parameter[] {
  if (body === undefined) return [];
  return typeof body === 'string' ? parseFormEncoded(body) : body;
}

/** Decodes form text with `+` kept as a literal plus (a common client bug). */
function parsePlusLiteral(encoded: string): Parameter[] {
  return parseFormEncoded(encoded.replace(/\+/g, '%2B'));
}

function normalizedWith(params: Parameter[], encode: (s: string) => string): string {
  const pairs = params.map(([n, v]) => [encode(n), encode(v)] as const);
  pairs.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

/**
 * The base strings (or secrets) a client that made one of the usual mistakes would have signed with.
 *
 * @example
 * ```ts
 * for (const c of candidates(input, oauthParams, realm, secrets)) console.log(c.cause);
 * ```
 */
export function candidates(input: VerifyInput, oauth: Parameter[], realm: string | undefined, secrets: VerificationSecrets): Candidate[] {
  const method = input.method.toUpperCase();
  const url = new URL(input.url);
  const { baseUri, query } = parseRequestUrl(url);
  const form = isFormContentType(input.contentType) || (input.body !== undefined && input.contentType === undefined);
  const body = form ? bodyParams(input.body) : [];
  const all = query.concat(body, oauth);
  const base = (m: string, uri: string, params: Parameter[]) => signatureBaseString(m, uri, normalizeParameters(params));
  const list: Candidate[] = [];
  const flipped = new URL(url);
  flipped.protocol = url.protocol === 'https:' ? 'http:' : 'https:';
  list.push({
    cause: `the client signed ${flipped.protocol}// but the request arrived over ${url.protocol}// (a TLS-terminating proxy? use --scheme)`,
    baseString: base(method, parseRequestUrl(flipped).baseUri, all),
  });
  if (url.port === '') {
    const port = url.protocol === 'https:' ? '443' : '80';
    list.push({
      cause: `the client kept the default port :${port} in the base string URI (RFC 5849 §3.4.1.2 leaves it out)`,
      baseString: base(method, `${url.protocol}//${url.hostname}:${port}${url.pathname}`, all),
    });
  } else {
    list.push({
      cause: `the client signed without the port :${url.port} (a proxy or load balancer changed it?)`,
      baseString: base(method, `${url.protocol}//${url.hostname}${url.pathname}`, all),
    });
  }
  const slash = url.pathname.endsWith('/') && url.pathname.length > 1 ? url.pathname.slice(0, -1) : `${url.pathname}/`;
  list.push({ cause: 'the path differs by a trailing slash', baseString: base(method, `${url.protocol}//${url.host}${slash}`, all) });
  for (const other of ['GET', 'POST', 'PUT', 'DELETE']) {
    if (other !== method) list.push({ cause: `the client signed ${other} but sent ${method}`, baseString: base(other, baseUri, all) });
  }
  if (body.length > 0)
    list.push({
      cause: 'the client left the form body parameters out of the signature (they belong in, RFC 5849 §3.4.1.3.1)',
      baseString: base(method, baseUri, query.concat(oauth)),
    });
  if (!form && typeof input.body === 'string' && input.body !== '') {
    try {
      const asForm = parseFormEncoded(input.body);
      list.push({
        cause: `the client signed the body as form parameters, but its Content-Type is ${input.contentType} (only application/x-www-form-urlencoded bodies are signed)`,
        baseString: base(method, baseUri, query.concat(asForm, oauth)),
      });
    } catch {
      // Not form-shaped: nothing to try.
    }
  }
  if (query.length > 0)
    list.push({
      cause: 'the client left the query parameters out of the signature',
      baseString: base(method, baseUri, body.concat(oauth)),
    });
  const rawQuery = url.search.slice(1);
  const rawBody = typeof input.body === 'string' && form ? input.body : '';
  if (rawQuery.includes('+') || rawBody.includes('+')) {
    try {
      const plus = parsePlusLiteral(rawQuery).concat(form && typeof input.body === 'string' ? parsePlusLiteral(rawBody) : body, oauth);
      list.push({
        cause: 'the client treated "+" as a literal plus; in form encoding "+" is a space (send %2B for a plus)',
        baseString: base(method, baseUri, plus),
      });
    } catch {
      // Bad escapes: skip.
    }
  }
  const nonOauth = query.concat(body);
  list.push({
    cause: 'the client percent-encoded parameter values twice (encode once, RFC 5849 §3.6)',
    baseString: base(method, baseUri, nonOauth.map(([n, v]) => [n, percentEncode(v)] as Parameter).concat(oauth)),
  });
  list.push({
    cause: "the client encoded with encodeURIComponent, which leaves !*'() unescaped (RFC 5849 §3.6 escapes them)",
    baseString: `${method}&${percentEncode(baseUri)}&${percentEncode(normalizedWith(all, encodeURIComponent))}`,
  });
  list.push({
    cause: 'the client encoded spaces as "+" (form style) in the parameter string; RFC 5849 §3.6 requires %20',
    baseString: `${method}&${percentEncode(baseUri)}&${percentEncode(normalizedWith(all, (s) => encodeURIComponent(s).replace(/%20/g, '+')))}`,
  });
  if (!oauth.some(([n]) => n === 'oauth_version'))
    list.push({
      cause: 'the client signed oauth_version=1.0 but did not send it',
      baseString: base(method, baseUri, all.concat([['oauth_version', '1.0']])),
    });
  if (realm !== undefined)
    list.push({
      cause: 'the client signed the realm parameter (it is never signed, RFC 5849 §3.4.1.3.1)',
      baseString: base(method, baseUri, all.concat([['realm', realm]])),
    });
  if (secrets.tokenSecret !== undefined && secrets.tokenSecret !== '')
    list.push({
      cause: 'the client signed without the token secret (signing key "consumer_secret&")',
      secrets: { ...secrets, tokenSecret: '' },
    });
  return list;
}
