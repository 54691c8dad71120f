/**
 * fast-check arbitraries for the oauthlib differential test: random requests covering unicode (astral
 * characters included), reserved characters, duplicate names, empty values, ports, IPv6 hosts, query plus
 * body, realm, callback and verifier, for every signature method and transport. Each case maps to
 * oauth1x `signRequest` options and to a request for test/fixtures/oauthlib-signer.py.
 *
 * Constraints that only exist because oauthlib departs from RFC 5849 are marked `oauthlib:`; each one has a
 * test of its own in oauthlib-differential.test.ts that shows the disagreement.
 */
import fc from 'fast-check';
import { SIGNATURE_METHODS, type SignatureMethod, type SignRequestOptions } from '../../src/index.js';
import type { OAuthlibRequest } from './oauthlib-process.js';

export type BodyForm = 'pairs' | 'search-params' | 'record' | 'string';

export interface DiffCase {
  method: string;
  url: string;
  /** Form body parameters (decoded), the form they are handed over in and the encoded string form. */
  form: { pairs: Array<[string, string]>; as: BodyForm; encoded: string; contentType: string } | null;
  json: string | null;
  consumer: { key: string; secret: string };
  token: { key: string; secret: string } | null;
  callback: string | null;
  verifier: string | null;
  realm: string | null;
  nonce: string;
  timestamp: string;
  signatureMethod: SignatureMethod;
  transport: 'header' | 'query' | 'body';
  keyForm: 'pkcs8' | 'pkcs1' | 'cryptokey';
}

/** RSA material generated once per run. */
export interface RsaKeys {
  pkcs8: string;
  pkcs1: string;
  cryptoKeys: Record<'SHA-1' | 'SHA-256' | 'SHA-512', CryptoKey>;
}

function wellFormed(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

const SPECIAL = [' ', '+', '%', '&', '=', '!', '*', "'", '(', ')', '~', '-', '.', '_', '#', '?', '/', ':', '@', ';', ',', '$', '"'];
const MORE = ['<', '>', '\\', '^', '`', '{', '|', '}', '[', ']', '\t', '\n', '\u0000', '\u007f', 'é', 'ß', '☃', '€', '\u00a0'];
const ASTRAL = ['😀', '𝄞', '🇫🇷', '𠜎'];
const ENCODED_LOOKING = ['%20', '%2B', '%25', '%E2%98%83', '+'];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'abcXYZ019') },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.constantFrom(...MORE, ...ASTRAL, ...ENCODED_LOOKING) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** Any text: reserved characters, unicode (astral too), empty. */
export const text = fc
  .oneof(
    { weight: 6, arbitrary: fc.string({ unit, maxLength: 10 }) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  )
  .filter(wellFormed);

const nonEmptyText = text.filter((s) => s !== '');

/** oauthlib: decodes query/body parameters named oauth_* twice, so ordinary names never start with it. */
const name = fc
  .oneof({ weight: 3, arbitrary: fc.constantFrom('a', 'b', 'status', 'q', 'A', 'a b', 'ä', '') }, { weight: 2, arbitrary: text })
  .filter((n) => !n.startsWith('oauth_'));

/** Pairs with deliberate duplicates (same name, same or different value) and empty values. */
const pairs = fc
  .array(fc.tuple(name, fc.oneof(text, fc.constant(''))), { maxLength: 5 })
  .chain((list) =>
    list.length === 0
      ? fc.constant(list)
      : fc
          .array(fc.tuple(fc.nat(list.length - 1), fc.oneof(fc.constant<string | null>(null), text)), { maxLength: 2 })
          .map((dups) => [
            ...list,
            ...dups.map(([index, value]): [string, string] => [
              (list[index] as [string, string])[0],
              value ?? (list[index] as [string, string])[1],
            ]),
          ]),
  );

/** Characters oauthlib's urldecode accepts raw and WHATWG URL leaves meaning alone in a query. */
const LOOSE_SAFE = new Set([..."!*'(),;:@/?$~"]);

/** A small deterministic generator, so the encoding style is part of the case (seeded by fast-check). */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/**
 * Encodes pairs as `application/x-www-form-urlencoded` the way real clients do, inconsistently: spaces as
 * `+` or `%20`, some safe characters raw, hex digits in either case. Decoding once must give the pairs back.
 */
export function looseEncode(list: Array<[string, string]>, seed: number): string {
  const random = rng(seed);
  const encodeOne = (value: string): string => {
    let out = '';
    for (const char of value) {
      if (/^[A-Za-z0-9\-._~]$/.test(char)) out += char;
      else if (char === ' ') out += random() < 0.5 ? '+' : '%20';
      else if (LOOSE_SAFE.has(char) && random() < 0.5) out += char;
      else {
        const escaped = encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
        out += random() < 0.3 ? escaped.toLowerCase() : escaped;
      }
    }
    return out;
  };
  // A pair with an empty value may drop its '=' ("a" is ["a", ""]), unless the name is empty too.
  return list.map(([n, v]) => (v === '' && n !== '' && random() < 0.3 ? encodeOne(n) : `${encodeOne(n)}=${encodeOne(v)}`)).join('&');
}

const HOSTS = ['example.com', 'API.X.com', 'a-b.Example.org', '127.0.0.1', 'localhost', '[::1]', '[2001:DB8::1]', '[2001:db8:0:0:1:0:0:1]'];
const PORTS = ['', ':80', ':443', ':8080', ':1', ':65535', ':080', ':08443'];
const SEGMENT_CHARS = [
  ...'abcXYZ019-._~',
  '!',
  '$',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  ':',
  '@',
  '%20',
  '%C3%A9',
  '%F0%9F%98%80',
  '%2F',
  '%25',
];

/** oauthlib: signs paths verbatim, so paths are generated already normalised (no dot segments, no raw
 * characters WHATWG URL would escape, no trailing ';') — see the disagreement tests. */
const path = fc.oneof(
  fc.constantFrom('', '/'),
  fc
    .array(
      fc.array(fc.constantFrom(...SEGMENT_CHARS), { minLength: 1, maxLength: 6 }).map((c) => c.join('')),
      { minLength: 1, maxLength: 4 },
    )
    .filter((segments) => segments.every((s) => !/^(?:\.|%2e){1,2}$/i.test(s)))
    // oauthlib: Python's urlparse drops a ';' that ends the path (an empty "params" part).
    .filter((segments) => !(segments[segments.length - 1] as string).endsWith(';'))
    .chain((segments) => fc.boolean().map((slash) => `/${segments.join('/')}${slash ? '/' : ''}`)),
);

const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'Application/X-WWW-Form-URLEncoded',
  'application/x-www-form-urlencoded; charset=UTF-8',
];

/** The arbitrary of whole cases. */
export const diffCase: fc.Arbitrary<DiffCase> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'post', 'Get'),
    scheme: fc.constantFrom('http', 'https', 'HTTP', 'HttpS'),
    userinfo: fc.constantFrom('', '', '', 'user:pa%20ss@'),
    host: fc.constantFrom(...HOSTS),
    port: fc.constantFrom(...PORTS),
    path,
    query: fc.tuple(pairs, fc.integer()),
    emptyQuery: fc.boolean(),
    fragment: fc.constantFrom('', '', '#frag', '#a?b=c'),
    bodyKind: fc.constantFrom('none', 'none', 'form', 'form', 'json'),
    body: fc.tuple(
      pairs,
      fc.integer(),
      fc.constantFrom<BodyForm>('pairs', 'search-params', 'record', 'string'),
      fc.constantFrom(...FORM_TYPES),
    ),
    json: fc.string({ unit: fc.oneof(unit, fc.constantFrom('{', '}', '"', ':')), maxLength: 20 }).filter(wellFormed),
    consumer: fc.record({ key: text, secret: text }),
    token: fc.option(fc.record({ key: nonEmptyText, secret: text }), { nil: null }),
    callback: fc.option(fc.oneof(fc.constantFrom('oob', 'https://client.example/cb?x=1&y=a b'), nonEmptyText), { nil: null }),
    verifier: fc.option(nonEmptyText, { nil: null }),
    realm: fc.option(fc.constantFrom('', 'Photos', 'http://sp.example.com/', 'a b,c'), { nil: null }),
    nonce: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), nonEmptyText),
    timestamp: fc.oneof(fc.constant('1318622958'), fc.integer({ min: 0, max: 2 ** 31 }).map(String)),
    signatureMethod: fc.constantFrom(...SIGNATURE_METHODS),
    transport: fc.constantFrom('header', 'header', 'header', 'query', 'body'),
    keyForm: fc.constantFrom('pkcs8', 'pkcs1', 'cryptokey'),
  })
  .map((r): DiffCase => {
    const [queryPairs, querySeed] = r.query;
    const query = looseEncode(queryPairs, querySeed);
    const url = `${r.scheme}://${r.userinfo}${r.host}${r.port}${r.path}${query === '' ? (r.emptyQuery ? '?' : '') : `?${query}`}`;
    const bodyAllowed = !['GET', 'HEAD'].includes(r.method.toUpperCase());
    const [bodyPairs, bodySeed, as, contentType] = r.body;
    const form =
      bodyAllowed && r.bodyKind === 'form' ? { pairs: bodyPairs, as, encoded: looseEncode(bodyPairs, bodySeed), contentType } : null;
    // oauthlib: its oauth_body_hash is always SHA-1, so JSON bodies only go with the SHA-1 methods and PLAINTEXT.
    const jsonAllowed = bodyAllowed && /SHA1$|^PLAINTEXT$/.test(r.signatureMethod);
    let transport = r.transport as DiffCase['transport'];
    if (transport === 'body' && form === null) transport = 'header';
    let { consumer, token, callback, verifier, nonce } = r;
    if (transport !== 'header') {
      // oauthlib: decodes oauth_* parameters of the query and body twice, so with those transports the
      // protocol values carry no '%'.
      const clean = (s: string): string => s.replaceAll('%', 'pct');
      consumer = { ...consumer, key: clean(consumer.key) };
      token = token === null ? null : { ...token, key: clean(token.key) };
      callback = callback === null ? null : clean(callback);
      verifier = verifier === null ? null : clean(verifier);
      nonce = clean(nonce);
    }
    return {
      method: r.method,
      url: transport === 'header' ? url + r.fragment : url,
      form,
      // Wrapped in an object: a bare word would be form-decodable, which oauthlib refuses for JSON.
      json: jsonAllowed && r.bodyKind === 'json' ? JSON.stringify({ text: r.json }) : null,
      consumer,
      token,
      callback,
      verifier,
      realm: r.realm,
      nonce,
      timestamp: r.timestamp,
      signatureMethod: r.signatureMethod,
      transport,
      keyForm: r.keyForm,
    };
  });

function bodyInput(form: NonNullable<DiffCase['form']>): SignRequestOptions['body'] {
  switch (form.as) {
    case 'pairs':
      return form.pairs;
    case 'search-params':
      return new URLSearchParams(form.pairs);
    case 'record': {
      const record: Record<string, string[]> = {};
      for (const [n, v] of form.pairs) (record[n] ??= []).push(v);
      return record;
    }
    default:
      return form.encoded;
  }
}

/** oauth1x options for a case. */
export function toOptions(c: DiffCase, keys: RsaKeys): SignRequestOptions {
  const oauthParams: Record<string, string> = {};
  if (c.callback !== null) oauthParams.oauth_callback = c.callback;
  if (c.verifier !== null) oauthParams.oauth_verifier = c.verifier;
  const hash = c.signatureMethod.endsWith('SHA1') ? 'SHA-1' : c.signatureMethod.endsWith('SHA256') ? 'SHA-256' : 'SHA-512';
  return {
    method: c.method,
    url: c.url,
    body: c.form !== null ? bodyInput(c.form) : c.json,
    contentType: c.form !== null ? c.form.contentType : c.json !== null ? 'application/json' : undefined,
    consumer: c.consumer,
    token: c.token,
    signatureMethod: c.signatureMethod,
    privateKey: c.keyForm === 'cryptokey' ? keys.cryptoKeys[hash] : c.keyForm === 'pkcs1' ? keys.pkcs1 : keys.pkcs8,
    realm: c.realm ?? undefined,
    nonce: c.nonce,
    timestamp: c.timestamp,
    oauthParams,
    bodyHash: c.json !== null && c.signatureMethod !== 'PLAINTEXT',
    transport: c.transport,
  };
}

/** The oauthlib request for a case. */
export function toOAuthlib(c: DiffCase, keys: RsaKeys): OAuthlibRequest {
  return {
    method: c.method,
    uri: c.url,
    // oauthlib: turns a list of pairs into a dict (duplicates lost), so it always gets the encoded string.
    body: c.form !== null ? c.form.encoded : c.json,
    // oauthlib: accepts a form body only with this exact Content-Type (no charset, lower case).
    content_type: c.form !== null ? 'application/x-www-form-urlencoded' : c.json !== null ? 'application/json' : null,
    signature_type: c.transport === 'header' ? 'AUTH_HEADER' : c.transport === 'query' ? 'QUERY' : 'BODY',
    client_key: c.consumer.key,
    client_secret: c.consumer.secret,
    resource_owner_key: c.token?.key ?? null,
    resource_owner_secret: c.token?.secret ?? null,
    callback_uri: c.callback,
    verifier: c.verifier,
    realm: c.realm === '' ? null : c.realm,
    nonce: c.nonce,
    timestamp: c.timestamp,
    signature_method: c.signatureMethod,
    rsa_key: c.signatureMethod.startsWith('RSA') ? (c.keyForm === 'pkcs1' ? keys.pkcs1 : keys.pkcs8) : null,
  };
}
