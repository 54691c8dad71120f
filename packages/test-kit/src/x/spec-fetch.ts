/**
 * Test helper: a fake transport for the X client that checks every request against X's OpenAPI document
 * (see `openapi-validate.ts`) and answers with bodies checked against it.
 */
import {
  type BearerAuth,
  type CapturedRequest,
  loadSpec,
  type SpecMatch,
  SpecViolation,
  validateRequest,
  validateResponse,
} from './openapi-validate.js';

/**
 * Reads what a fetch call would send.
 *
 * @example
 * ```ts
 * const captured = await captureRequest(input, init);
 * ```
 */
export async function captureRequest(input: string | URL | Request, init?: RequestInit): Promise<CapturedRequest> {
  const request = new Request(input, init);
  const type = request.headers.get('content-type') ?? '';
  const captured: CapturedRequest = { method: request.method, url: new URL(request.url), headers: request.headers, text: '' };
  if (type.startsWith('multipart/form-data')) captured.form = await request.formData();
  else captured.text = await request.text();
  return captured;
}

/** What a handler of {@link specFetch} returns: a status and a JSON body (checked against the document). */
export interface SpecAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A fake transport for the X client: every request is checked with {@link validateRequest} (a violation
 * rejects the fetch and is recorded), then answered by `handler` with a body checked against the
 * operation's response schema.
 *
 * @example
 * ```ts
 * const { fetch, seen } = specFetch((request, match) => ({ body: { data: { id: '1', text: 'hi' } }, status: 201 }));
 * ```
 */
export function specFetch(
  handler: (request: CapturedRequest, match: SpecMatch) => SpecAnswer | Promise<SpecAnswer>,
  options: { origin?: string; auth?: BearerAuth | ((request: CapturedRequest) => BearerAuth) } = {},
): {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  seen: Array<CapturedRequest & { operationId: string }>;
  violations: SpecViolation[];
} {
  const seen: Array<CapturedRequest & { operationId: string }> = [];
  const violations: SpecViolation[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = await captureRequest(input, init);
    let match: SpecMatch;
    try {
      match = validateRequest(request, options.origin, typeof options.auth === 'function' ? options.auth(request) : options.auth);
      const answer = await handler(request, match);
      const status = answer.status ?? 200;
      validateResponse(match, status, answer.body);
      seen.push({ ...request, operationId: match.operationId });
      return new Response(JSON.stringify(answer.body), {
        status,
        headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json', ...answer.headers },
      });
    } catch (error) {
      if (error instanceof SpecViolation) violations.push(error);
      throw error;
    }
  };
  return { fetch, seen, violations };
}

/** The operation of X's document a method and path name, if any (for an answer to a request that broke a rule). */
function operationOf(method: string, pathname: string): SpecMatch | undefined {
  const { spec, routes } = loadSpec();
  for (const route of routes) {
    const m = route.method === method ? route.regex.exec(pathname) : null;
    if (m === null) continue;
    const operation = spec.paths[route.path]?.[route.method.toLowerCase()] as SpecMatch['operation'];
    const pathParams = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    return { operationId: operation.operationId, path: route.path, operation, pathParams };
  }
  return undefined;
}

/** What {@link specCheckedFetch} saw: each request it forwarded, with the operation and any broken rule. */
export interface CheckedExchange {
  method: string;
  url: URL;
  status: number;
  operationId: string | undefined;
  /** Rules of X's document the request broke (empty for a request the document allows). */
  requestProblems: string[];
  /** Rules of X's document the answer broke. */
  answerProblems: string[];
}

/**
 * Wraps a real transport (the sandbox's handler, or `fetch` to a listening sandbox) so that every API v2
 * request the X client sends is checked with {@link validateRequest} and every answer with
 * {@link validateResponse}. Nothing is refused: the request still reaches the server (a test that sends a bad
 * request on purpose sees the server's 4xx), and each exchange is recorded with the rules it broke for the
 * test to assert on. Paths outside X's v2 document (`/1.1/…`, `/oauth/…`) are forwarded unchecked.
 *
 * @example
 * ```ts
 * const { fetch, exchanges } = specCheckedFetch((input, init) => sandbox.fetch(new Request(input, init)), { origin: BASE });
 * ```
 */
export function specCheckedFetch(
  inner: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
  options: { origin?: string } = {},
): { fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>; exchanges: CheckedExchange[] } {
  const exchanges: CheckedExchange[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/2/')) return inner(request);
    const captured = await captureRequest(request.clone());
    const exchange: CheckedExchange = {
      method: request.method,
      url,
      status: 0,
      operationId: undefined,
      requestProblems: [],
      answerProblems: [],
    };
    let match: SpecMatch | undefined;
    try {
      match = validateRequest(captured, options.origin);
    } catch (error) {
      if (!(error instanceof SpecViolation)) throw error;
      exchange.requestProblems.push(...error.problems);
      // A request that breaks a rule may still name an operation: check its answer against that one.
      match = operationOf(request.method, url.pathname);
    }
    const response = await inner(request);
    exchange.status = response.status;
    exchange.operationId = match?.operationId;
    if (match !== undefined) {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        exchange.answerProblems.push(`the answer is not JSON: ${text.slice(0, 80)}`);
      }
      if (exchange.answerProblems.length === 0) {
        try {
          validateResponse(match, response.status, body);
        } catch (error) {
          if (!(error instanceof SpecViolation)) throw error;
          exchange.answerProblems.push(...error.problems);
        }
      }
    }
    exchanges.push(exchange);
    return response;
  };
  return { fetch, exchanges };
}
