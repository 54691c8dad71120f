/**
 * The `Request` the Node listener hands to the sandbox: an object that is `instanceof Request` and answers
 * `method`, `url` and `headers` itself, and builds the real `Request` (without a body: the body is on the side
 * channel, see `body-side-channel.ts`) only when anything else is asked for. Constructing a real `Request` costs
 * more than the sandbox's verification of its signature (Node 20: ≈ 8 µs measured, plus an `AbortSignal` and
 * the header copy), and the sandbox reads only these three.
 *
 * @module
 */

import { headersFromRaw } from 'oauth1x/provider/node';

const REAL = Symbol('oauth1x.realRequest');

interface NodeRequestFields {
  method: string;
  url: string;
  rawHeaders: readonly string[];
  headers: Headers | undefined;
  real: Request | undefined;
}

const fields = new WeakMap<object, NodeRequestFields>();

function fieldsOf(request: object): NodeRequestFields {
  const found = fields.get(request);
  if (found === undefined) throw new TypeError('Illegal invocation');
  return found;
}

function headersOf(f: NodeRequestFields): Headers {
  f.headers ??= headersFromRaw(f.rawHeaders);
  return f.headers;
}

let prototype: object | undefined;

/**
 * The prototype of the lazy requests, made on first use: reading the global `Request` loads Node's Fetch
 * implementation (≈ 25 ms, measured), which importing the sandbox should not pay.
 */
function requestPrototype(): object {
  prototype ??= makePrototype();
  return prototype;
}

function makePrototype(): object {
  const proto: object = Object.create(Request.prototype, {
    method: {
      get(this: object) {
        return fieldsOf(this).method;
      },
    },
    url: {
      get(this: object) {
        return fieldsOf(this).url;
      },
    },
    headers: {
      get(this: object) {
        return headersOf(fieldsOf(this));
      },
    },
    [REAL]: {
      value(this: object): Request {
        const f = fieldsOf(this);
        if (f.real === undefined) f.real = new Request(f.url, { method: f.method, headers: headersOf(f) });
        return f.real;
      },
    },
    [Symbol.toStringTag]: { value: 'Request' },
  });
  for (const name of PROPERTIES) {
    Object.defineProperty(proto, name, {
      get(this: object) {
        return (realOf(this) as unknown as Record<string, unknown>)[name];
      },
    });
  }
  for (const name of METHODS) {
    Object.defineProperty(proto, name, {
      value(this: object, ...args: unknown[]) {
        const real = realOf(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return (real[name] as (...a: unknown[]) => unknown).apply(real, args);
      },
    });
  }
  return proto;
}

const realOf = (request: object): Request => (request as { [REAL](): Request })[REAL]();

const PROPERTIES = [
  'body',
  'bodyUsed',
  'signal',
  'cache',
  'credentials',
  'destination',
  'integrity',
  'keepalive',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
  'duplex',
];
const METHODS = ['arrayBuffer', 'blob', 'formData', 'json', 'text', 'clone', 'bytes'];

/**
 * A lazily built `Request` for `method` and `url` (an absolute URL; normalised like `new Request` would, and
 * throwing the same `TypeError` for an invalid one) with the headers of Node's `rawHeaders` (converted on first use by `headersFromRaw`).
 *
 * @example
 * ```ts
 * const request = nodeRequest('POST', 'http://127.0.0.1:8787/1.1/statuses/update.json', req.rawHeaders);
 * request.headers.get('authorization');
 * ```
 */
export function nodeRequest(method: string, url: string, rawHeaders: readonly string[]): Request {
  const href = new URL(url).href;
  const request = Object.create(requestPrototype()) as Request;
  fields.set(request, { method, url: href, rawHeaders, headers: undefined, real: undefined });
  return request;
}
