/**
 * Test helper: a fake transport for the X client that checks every request against X's OpenAPI document
 * (see `openapi-validate.ts`) and answers with bodies checked against it.
 */
import {
  type BearerAuth,
  type CapturedRequest,
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
