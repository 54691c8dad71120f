/**
 * Offline signature checking with a diagnosis (`oauth1x verify`): recomputes the RFC 5849 §3.4.1 base string
 * from a captured request, verifies the signature, and when it does not match, searches the usual client
 * mistakes (wrong scheme or port, body not signed, `+` taken literally, double encoding, missing token
 * secret, ...) for the base string the signature was actually made over.
 *
 * @module
 */
import {
  isFormContentType,
  isSignatureMethod,
  normalizeParameters,
  type Parameter,
  parseAuthorizationHeader,
  parseRequestUrl,
  percentDecode,
  type SignatureMethod,
  signatureBaseString,
  type VerificationSecrets,
  verifySignature,
} from 'oauth1x';
import { bodyParams, candidates } from './verify-candidates.js';

/** A captured request to check. */
export interface VerifyInput {
  method: string;
  url: string;
  /** The `Authorization: OAuth ...` header value. */
  authorization: string;
  /** The body as sent (form-encoded text), or decoded pairs. */
  body?: string | Parameter[] | undefined;
  contentType?: string | undefined;
  secrets: VerificationSecrets;
  /** A base string the client logged, to compare with the expected one. */
  clientBaseString?: string | undefined;
  /** Seconds since the epoch, for the timestamp check (default: now). */
  now?: number | undefined;
}

/** Where two base strings first differ. */
export interface BaseStringDifference {
  position: number;
  /** `method`, `uri` or `parameters`: the base string part the difference is in. */
  part: 'method' | 'uri' | 'parameters';
  /** The decoded parameter name at the difference, when `part` is `parameters`. */
  parameter?: string | undefined;
  expectedContext: string;
  otherContext: string;
  /** Offset of the difference inside the contexts (for a caret). */
  caret: number;
}

/** What {@link diagnoseSignature} resolves to. */
export interface Diagnosis {
  valid: boolean;
  signatureMethod: string;
  consumerKey: string;
  expectedBaseString: string;
  /** The base string the signature matches, when a variant reproduced it. */
  impliedBaseString?: string | undefined;
  difference?: BaseStringDifference | undefined;
  /** Likely causes, most specific first. */
  causes: string[];
  /** Notes that do not decide validity (e.g. a stale timestamp). */
  notes: string[];
}

const REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature'];

/**
 * Finds the first position where two base strings differ, with a little context around it.
 *
 * @example
 * ```ts
 * firstDifference('GET&https%3A%2F%2Fa%2F&', 'GET&http%3A%2F%2Fa%2F&')?.part; // 'uri'
 * ```
 */
export function firstDifference(expected: string, other: string, context = 24): BaseStringDifference | undefined {
  if (expected === other) return undefined;
  let i = 0;
  while (i < expected.length && i < other.length && expected[i] === other[i]) i++;
  const firstAmp = expected.indexOf('&');
  const secondAmp = expected.indexOf('&', firstAmp + 1);
  const part = i <= firstAmp ? 'method' : i <= secondAmp || secondAmp === -1 ? 'uri' : 'parameters';
  let parameter: string | undefined;
  if (part === 'parameters') {
    // The parameter string is percent-encoded once more inside the base string: `%26` separates pairs.
    const encodedParams = expected.slice(secondAmp + 1);
    const offset = i - secondAmp - 1;
    const pairStart = encodedParams.lastIndexOf('%26', offset);
    const pair = encodedParams.slice(pairStart === -1 ? 0 : pairStart + 3);
    const nameEnd = pair.indexOf('%3D');
    try {
      parameter = percentDecode(percentDecode(nameEnd === -1 ? pair : pair.slice(0, nameEnd)));
    } catch {
      parameter = undefined;
    }
  }
  const start = Math.max(0, i - context);
  const prefix = start > 0 ? '…' : '';
  const cut = (s: string) => prefix + s.slice(start, i + context) + (s.length > i + context ? '…' : '');
  return { position: i, part, parameter, expectedContext: cut(expected), otherContext: cut(other), caret: prefix.length + i - start };
}

function describeDifference(expected: string, other: string, difference: BaseStringDifference): string {
  if (difference.part === 'method') return 'the HTTP method differs (the client signed another method than it sent)';
  if (difference.part === 'uri') {
    const uri = (s: string) => {
      try {
        return new URL(percentDecode(s.split('&')[1] ?? ''));
      } catch {
        return undefined;
      }
    };
    const a = uri(expected);
    const b = uri(other);
    if (a && b) {
      if (a.protocol !== b.protocol)
        return `the scheme differs (${b.protocol.slice(0, -1)} signed, ${a.protocol.slice(0, -1)} received: a TLS proxy? try --scheme)`;
      if (a.hostname !== b.hostname) return `the host differs (${b.hostname} signed, ${a.hostname} received)`;
      if (a.port !== b.port)
        return `the port differs (${b.port || 'default'} signed, ${a.port || 'default'} received: default ports are left out, RFC 5849 §3.4.1.2)`;
      return 'the path differs (its encoding or a trailing slash)';
    }
    return 'the base string URI differs (scheme, host, port or path)';
  }
  return `parameter ${difference.parameter ?? '?'} differs: its value or its encoding (RFC 5849 §3.6 encodes everything but A-Z a-z 0-9 - . _ ~; a space is %20, never +)`;
}

/**
 * Verifies a captured request's signature and, when it is invalid, finds out why. Secrets are never part of
 * the result.
 *
 * @example
 * ```ts
 * const d = await diagnoseSignature({ method: 'GET', url: 'https://api.x.com/2/users/me', authorization, secrets: { consumerSecret: 'cs', tokenSecret: 'ts' } });
 * if (!d.valid) console.log(d.causes[0]);
 * ```
 */
export async function diagnoseSignature(input: VerifyInput): Promise<Diagnosis> {
  const parsed = parseAuthorizationHeader(input.authorization);
  if (parsed === null) throw new VerifyUsageError('the Authorization value is not an OAuth header (it must start with "OAuth ")');
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const [name] of parsed.params) {
    if (seen.has(name)) return invalidEarly(`the header repeats ${name}`, parsed.params);
    seen.add(name);
  }
  const get = (name: string) => parsed.params.find(([n]) => n === name)?.[1];
  const missing = REQUIRED.filter((name) => get(name) === undefined);
  const signatureMethod = get('oauth_signature_method') ?? '';
  if (signatureMethod !== 'PLAINTEXT')
    for (const name of ['oauth_timestamp', 'oauth_nonce']) if (get(name) === undefined) missing.push(name);
  if (missing.length > 0) return invalidEarly(`the header lacks ${missing.join(', ')}`, parsed.params);
  if (!isSignatureMethod(signatureMethod)) return invalidEarly(`unsupported oauth_signature_method "${signatureMethod}"`, parsed.params);
  const method: SignatureMethod = signatureMethod;
  if (method.startsWith('RSA-') && input.secrets.publicKey === undefined) throw new VerifyUsageError(`${method} needs --public-key FILE`);
  const timestamp = Number(get('oauth_timestamp'));
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (get('oauth_timestamp') !== undefined && Number.isFinite(timestamp) && Math.abs(now - timestamp) > 300) {
    notes.push(
      `oauth_timestamp is ${Math.round(now - timestamp)} s ${now > timestamp ? 'old' : 'in the future'}: a live server would reject it as stale (X error 135) even with a valid signature`,
    );
  }
  const signature = get('oauth_signature') as string;
  const oauth = parsed.params.filter(([n]) => n !== 'oauth_signature');
  const url = new URL(input.url);
  const { baseUri, query } = parseRequestUrl(url);
  const form = isFormContentType(input.contentType) || (input.body !== undefined && input.contentType === undefined);
  const expected = signatureBaseString(input.method, baseUri, normalizeParameters(query.concat(form ? bodyParams(input.body) : [], oauth)));
  const result: Diagnosis = {
    valid: false,
    signatureMethod: method,
    consumerKey: get('oauth_consumer_key') as string,
    expectedBaseString: expected,
    causes: [],
    notes,
  };
  if (await verifySignature(method, expected, signature, input.secrets)) {
    result.valid = true;
    return result;
  }
  if (method === 'PLAINTEXT') {
    result.causes.push('PLAINTEXT signs no base string: the consumer secret or the token secret is wrong');
    return result;
  }
  for (const candidate of candidates(input, oauth, parsed.realm, input.secrets)) {
    const baseString = candidate.baseString ?? expected;
    if (await verifySignature(method, baseString, signature, candidate.secrets ?? input.secrets)) {
      result.causes.push(candidate.cause);
      if (baseString !== expected) {
        result.impliedBaseString = baseString;
        result.difference = firstDifference(expected, baseString);
      }
      return result;
    }
  }
  if (input.clientBaseString !== undefined) {
    const difference = firstDifference(expected, input.clientBaseString);
    if (difference === undefined) {
      result.causes.push(
        'the client signed exactly the expected base string, so the secrets differ: check the consumer secret and the token secret',
      );
    } else {
      result.impliedBaseString = input.clientBaseString;
      result.difference = difference;
      result.causes.push(`the client's base string differs: ${describeDifference(expected, input.clientBaseString, difference)}`);
      if (!(await verifySignature(method, input.clientBaseString, signature, input.secrets))) {
        result.causes.push('the signature does not match the client base string with these secrets either: check the secrets too');
      }
    }
    return result;
  }
  result.causes.push(
    "a wrong consumer secret or token secret (when the base strings match, only the secrets can differ): pass the client's logged base string with --client-base-string to compare",
    'the request changed after signing: host, port or scheme rewritten by a proxy, the body re-encoded, or a parameter added',
    'a parameter encoded differently from RFC 5849 §3.6 (everything but A-Z a-z 0-9 - . _ ~ is %XX-encoded, UTF-8, upper-case hex)',
  );
  return result;
}

function invalidEarly(cause: string, params: Parameter[]): Diagnosis {
  return {
    valid: false,
    signatureMethod: params.find(([n]) => n === 'oauth_signature_method')?.[1] ?? '',
    consumerKey: params.find(([n]) => n === 'oauth_consumer_key')?.[1] ?? '',
    expectedBaseString: '',
    causes: [cause],
    notes: [],
  };
}

/** A mistake in what was passed to {@link diagnoseSignature} (not an invalid signature). */
export class VerifyUsageError extends Error {
  readonly code = 'ERR_INVALID_ARGUMENT';
}

export { describeDifference };
