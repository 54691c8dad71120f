/**
 * X's error answers: v1.1 `{"errors":[{"code","message"}]}` bodies, v2 problem JSON, and the plain-text
 * answers of the OAuth token endpoints.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { recordResponseValue, textResponse } from './body-side-channel.js';
import { type XJsonValue, xJson } from './x-json.js';

let statusCodes: Record<number, string | undefined> | undefined;

/** HTTP's reason phrases (`node:http`'s table), loaded with the first problem answer rather than on import. */
function reasonPhrase(status: number): string | undefined {
  statusCodes ??= (createRequire(import.meta.url)('node:http') as typeof import('node:http')).STATUS_CODES;
  return statusCodes[status];
}

/**
 * v1.1 error codes with X's status and message.
 *
 * @example
 * ```ts
 * V1_ERRORS[187]; // [403, 'Status is a duplicate.']
 * ```
 */
export const V1_ERRORS = {
  32: [401, 'Could not authenticate you.'],
  34: [404, 'Sorry, that page does not exist.'],
  38: [400, 'parameter is missing.'],
  44: [400, 'parameter is invalid.'],
  50: [404, 'User not found.'],
  88: [429, 'Rate limit exceeded'],
  89: [401, 'Invalid or expired token.'],
  135: [401, 'Timestamp out of bounds.'],
  139: [403, 'You have already favorited this status.'],
  144: [404, 'No status found with that ID.'],
  158: [403, "You can't follow yourself."],
  170: [403, 'Missing required parameter: status.'],
  179: [403, 'Sorry, you are not authorized to see this status.'],
  183: [403, 'Status is over 140 characters.'],
  186: [403, 'Tweet needs to be a bit shorter.'],
  187: [403, 'Status is a duplicate.'],
  195: [403, 'Missing or invalid url parameter.'],
  215: [400, 'Bad Authentication data.'],
  220: [403, 'Your credentials do not allow access to this resource.'],
  261: [
    403,
    'Application cannot perform write actions. Contact Twitter Platform Operations through https://help.twitter.com/forms/platform.',
  ],
  324: [400, 'The validation of media ids failed.'],
  385: [403, 'You attempted to reply to a Tweet that is deleted or not visible to you.'],
  415: [403, 'Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings'],
  416: [401, 'Invalid / suspended application'],
  417: [401, "Desktop applications only support the oauth_callback value 'oob'"],
} as const satisfies Record<number, readonly [number, string]>;

/** A v1.1 error code. */
export type V1ErrorCode = keyof typeof V1_ERRORS;

/**
 * A JSON response with X's headers. The JSON text is also recorded (`responseTextOf`) so the Node listener
 * writes it without reading the body stream, and the value (`responseValueOf`) so the ledger need not parse it.
 *
 * @example
 * ```ts
 * return jsonResponse({ data: { id: '1' } }, 201);
 * ```
 */
export function jsonResponse(body: XJsonValue, status = 200, headers: Record<string, string> = {}): Response {
  const response = textResponse(xJson(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
  recordResponseValue(response, body);
  return response;
}

/**
 * A v1.1 error answer, e.g. `401 {"errors":[{"code":32,"message":"Could not authenticate you."}]}`. `message`
 * overrides X's text (e.g. `"status parameter is missing."` for code 38).
 *
 * @example
 * ```ts
 * return v1Error(144);
 * ```
 */
export function v1Error(code: V1ErrorCode, message?: string, headers: Record<string, string> = {}): Response {
  const [status, text] = V1_ERRORS[code];
  return jsonResponse({ errors: [{ code, message: message ?? text }] }, status, headers);
}

/**
 * A v2 problem answer: `{"title","type":"about:blank","status","detail"}`.
 *
 * @example
 * ```ts
 * return v2Problem(429); // {"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}
 * ```
 */
export function v2Problem(status: number, detail?: string, headers: Record<string, string> = {}): Response {
  // HTTP's reason phrases, as X's titles are (414 URI Too Long, 503 Service Unavailable, …).
  const title = reasonPhrase(status) ?? 'Error';
  return jsonResponse({ title, type: 'about:blank', status, detail: detail ?? title }, status, headers);
}

/**
 * A value a client sent, as text: `String(value)`, or its JSON when `String` throws (a parsed JSON object such as
 * `{"toString": 1}` has no usable `toString`), so echoing what was wrong can never fail the answer itself.
 *
 * @example
 * ```ts
 * valueText(['1', '2']); // '1,2'
 * valueText(JSON.parse('{"toString":1}')); // '{"toString":1}'
 * ```
 */
export function valueText(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
}

/**
 * A v2 invalid-request answer (400) naming the offending parameter; `value` is echoed with {@link valueText}.
 *
 * @example
 * ```ts
 * return v2InvalidRequest('id', 'abc', 'The `id` query parameter value [abc] is not valid');
 * ```
 */
export function v2InvalidRequest(parameter: string, value: unknown, message: string): Response {
  return jsonResponse(
    {
      errors: [{ parameters: { [parameter]: [valueText(value)] }, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.x.com/2/problems/invalid-request',
    },
    400,
  );
}

/**
 * The v2 partial error for a missing resource (answered with 200 and no `data`).
 *
 * @example
 * ```ts
 * return jsonResponse({ errors: [v2NotFound('tweet', 'id', '123')] });
 * ```
 */
export function v2NotFound(resourceType: 'tweet' | 'user' | 'media', parameter: string, value: string): XJsonValue {
  return {
    value,
    detail: `Could not find ${resourceType} with ${parameter}: [${value}].`,
    title: 'Not Found Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: 'https://api.x.com/2/problems/resource-not-found',
  };
}
