/**
 * The console's "recent requests": a bounded in-memory ring of what the sandbox answered, with the signature
 * base string it computed for each rejected OAuth request (passwords redacted), the fastest way to see why a
 * client's signature did not match.
 *
 * @module
 */
import { baseStringUri, normalizeParameters, type Parameter, signatureBaseString } from 'oauth1x';
import { collectParameters } from 'oauth1x/provider';

/** One logged request. */
export interface LoggedRequest {
  at: number;
  method: string;
  /** The URL as the sandbox saw it, `x_auth_password` redacted. */
  url: string;
  status: number;
  consumerKey: string | null;
  /** `oauth_problem` or X error code of a rejected request. */
  problem: string | null;
  /** The base string the sandbox computed (rejected OAuth requests), secrets redacted. */
  baseString: string | null;
}

const REDACTED = '<redacted>';
const SECRET_PARAMS = new Set(['x_auth_password', 'password']);

/**
 * Redacts password parameters in a URL's query.
 *
 * @example
 * ```ts
 * redactUrl('https://api.x.com/oauth/access_token?x_auth_password=secret'); // '...x_auth_password=<redacted>'
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:x_auth_password|password)=)[^&#]*/g, `$1${REDACTED}`);
}

/**
 * The base string the sandbox computes for a request (what the client should have signed), with password
 * values redacted, or `null` when the request's OAuth parameters cannot even be parsed.
 *
 * @example
 * ```ts
 * const base = explainBaseString('POST', 'https://api.x.com/1.1/statuses/update.json', authorization, 'status=hi');
 * ```
 */
export function explainBaseString(method: string, url: string, authorization: string | null, body: string | undefined): string | null {
  try {
    const parsed = new URL(url);
    const collected = collectParameters(
      { authorization, query: parsed.search.length > 1 ? parsed.search.slice(1) : '', body },
      { maxHeaderLength: 8192, maxParameters: 256 },
      { repeatedTokenInBody: true, sameValueInHeaderAndBody: true },
    );
    const params: Parameter[] = collected.params.map(([name, value]) => [name, SECRET_PARAMS.has(name) ? REDACTED : value]);
    for (const [name, value] of collected.protocol) if (name !== 'oauth_signature') params.push([name, value]);
    return signatureBaseString(method.toUpperCase(), baseStringUri(parsed), normalizeParameters(params));
  } catch {
    return null;
  }
}

/**
 * A ring buffer of the last `size` requests.
 *
 * @example
 * ```ts
 * const log = new RequestLog(200);
 * log.add({ at: Date.now(), method: 'GET', url, status: 200, consumerKey: null, problem: null, baseString: null });
 * log.recent(); // newest first
 * ```
 */
export class RequestLog {
  readonly #entries: LoggedRequest[] = [];
  constructor(private readonly size: number) {}

  add(entry: LoggedRequest): void {
    this.#entries.push({ ...entry, url: redactUrl(entry.url) });
    if (this.#entries.length > this.size) this.#entries.splice(0, this.#entries.length - this.size);
  }

  /** Newest first. */
  recent(): LoggedRequest[] {
    return [...this.#entries].reverse();
  }
}
