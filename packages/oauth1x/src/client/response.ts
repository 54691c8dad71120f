/**
 * Reading provider answers: token responses (RFC 5849 §2.1, §2.3, form-encoded) and error answers in every
 * shape X and other providers use, turned into one {@link OAuthResponseError}.
 *
 * @module
 */
import { OAuthError, OAuthResponseError, parseFormEncoded, type ResponseErrorBody } from '../core/index.js';

const REDACTED = '[redacted]';
const MAX_TEXT = 500;
/** Fields whose values are secrets whatever the provider put in them. */
const SECRET_FIELDS = /secret|password|signature|verifier/i;

/** Replaces every occurrence of the given secrets (and their percent-encoded forms) in `text`. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

function redactDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.test(key) && typeof item === 'string' ? REDACTED : redactDeep(item, secrets, depth + 1);
  }
  return out;
}

function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (match === null) return undefined;
  return (match[1] as string)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * Parses an error body by its shape: form (`oauth_problem=...`), X v1.1 JSON (`{"errors":[{code,message}]}`),
 * problem JSON (`type`, `title`, `detail`, `status`), other JSON, legacy XML (`<hash><error>`), or text.
 *
 * @example
 * ```ts
 * import { parseErrorBody } from 'oauth1x/client';
 * parseErrorBody('{"errors":[{"code":135,"message":"Timestamp out of bounds."}]}', 'application/json');
 * // { kind: 'x-errors', errors: [{ code: 135, message: 'Timestamp out of bounds.' }] }
 * ```
 */
export function parseErrorBody(text: string, contentType: string | null = null): ResponseErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || /json/i.test(contentType ?? '')) {
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        if (Array.isArray(record.errors) && record.errors.length > 0 && record.errors.every((e) => e !== null && typeof e === 'object')) {
          const errors = (record.errors as Array<Record<string, unknown>>).map((e) => ({
            code: Number(e.code ?? Number.NaN),
            message: String(e.message ?? e.detail ?? e.title ?? ''),
          }));
          if (errors.some((e) => Number.isFinite(e.code)) || !('title' in record)) return { kind: 'x-errors', errors };
        }
        if (typeof record.title === 'string' || typeof record.detail === 'string' || typeof record.type === 'string') {
          const { type, title, detail, status, ...rest } = record;
          const problem: ResponseErrorBody = { ...rest, kind: 'problem' };
          if (typeof type === 'string') problem.type = type;
          if (typeof title === 'string') problem.title = title;
          if (typeof detail === 'string') problem.detail = detail;
          if (typeof status === 'number') problem.status = status;
          return problem;
        }
      }
      return { kind: 'json', value };
    } catch {
      // not JSON after all: fall through
    }
  }
  if (trimmed.startsWith('<')) {
    const error = xmlText(trimmed, 'error');
    if (error !== undefined) {
      const request = xmlText(trimmed, 'request');
      return request === undefined ? { kind: 'xml', error } : { kind: 'xml', error, request };
    }
  }
  if (
    /^[^\s=&]+=[^\s]*$/.test(trimmed) &&
    (/(?:^|&)(?:oauth_problem|error)=/.test(trimmed) || /form-urlencoded/i.test(contentType ?? ''))
  ) {
    try {
      return { kind: 'form', params: Object.fromEntries(parseFormEncoded(trimmed)) };
    } catch {
      // bad escapes: keep it as text
    }
  }
  return { kind: 'text', text: trimmed.length > MAX_TEXT ? `${trimmed.slice(0, MAX_TEXT)}…` : trimmed };
}

function describe(body: ResponseErrorBody): { summary: string; problem?: string } {
  switch (body.kind) {
    case 'form': {
      const problem = body.params.oauth_problem;
      if (problem === undefined) {
        // oauthlib and OAuth 2-style providers answer `error=...&error_description=...`.
        return { summary: [body.params.error, body.params.error_description].filter(Boolean).join(': ') };
      }
      const advice = body.params.oauth_problem_advice;
      return { summary: advice ? `${problem} (${advice})` : problem, problem };
    }
    case 'x-errors': {
      return { summary: body.errors.map((e) => (Number.isFinite(e.code) ? `${e.code}: ${e.message}` : e.message)).join('; ') };
    }
    case 'problem':
      return { summary: [body.title, body.detail].filter((s) => typeof s === 'string' && s !== '').join(': ') || (body.type ?? '') };
    case 'xml':
      return { summary: body.error };
    case 'json': {
      // X v1.1's other error shape ({"request","error"}, media upload and some timelines) and OAuth 2-style
      // {"error","error_description"}: the message is in `error`.
      const value = body.value as Record<string, unknown> | null;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { summary: '' };
      const parts = [value.error, value.error_description].filter((s): s is string => typeof s === 'string' && s !== '');
      return { summary: parts.join(': ') };
    }
    case 'text': {
      // An HTML error page (a proxy's 502): its title says it; the markup would only be noise.
      const title = /^<(?:!doctype|html)/i.test(body.text) ? /<title[^>]*>([^<]*)<\/title>/i.exec(body.text)?.[1]?.trim() : undefined;
      if (title) return { summary: title };
      return { summary: body.text.length > 200 ? `${body.text.slice(0, 200)}…` : body.text };
    }
    default:
      return { summary: '' };
  }
}

function describeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** Options of {@link responseError}. */
export interface ResponseErrorOptions {
  /** Values that must never show up in the error (passwords, secrets); they are replaced by `[redacted]`. */
  secrets?: readonly string[] | undefined;
  /** The request URL; the error keeps only origin and path. Default `response.url`. */
  url?: string | undefined;
}

/**
 * Builds an {@link OAuthResponseError} from an error answer. Reads the body of the response it is given (pass
 * `response.clone()` to keep the original). Secrets listed in `options.secrets`, and any field named like a
 * secret, are redacted from the message and the parsed body.
 *
 * @example
 * ```ts
 * import { responseError } from 'oauth1x/client';
 * if (!response.ok) throw await responseError(response, { secrets: [password] });
 * ```
 */
export async function responseError(response: Response, options: ResponseErrorOptions = {}): Promise<OAuthResponseError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    text = '';
  }
  const secrets = options.secrets ?? [];
  const body = redactDeep(parseErrorBody(text, response.headers.get('content-type')), secrets) as ResponseErrorBody;
  const { summary, problem } = describe(body);
  const url = describeUrl(options.url ?? (response.url || undefined));
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message = redact(`Provider answered ${status}${url ? ` for ${url}` : ''}${summary ? `: ${summary}` : ''}`, secrets);
  return new OAuthResponseError(message, { status: response.status, body, problem, headers: response.headers, url });
}

/**
 * Reads a successful token answer (`oauth_token=...&oauth_token_secret=...&...`, RFC 5849 §2.1/§2.3) and
 * splits it into the token and the other fields. Throws `ERR_INVALID_RESPONSE` when the token is missing.
 *
 * @example
 * ```ts
 * import { parseTokenResponse } from 'oauth1x/client';
 * parseTokenResponse('oauth_token=t&oauth_token_secret=s&user_id=1');
 * // { token: { key: 't', secret: 's' }, params: { user_id: '1' } }
 * ```
 */
export function parseTokenResponse(text: string): { token: { key: string; secret: string }; params: Record<string, string> } {
  let pairs: Array<readonly [string, string]>;
  try {
    pairs = parseFormEncoded(text.trim());
  } catch (cause) {
    throw new OAuthError('ERR_INVALID_RESPONSE', 'The token answer is not form-encoded', { cause });
  }
  const params: Record<string, string> = {};
  let key: string | undefined;
  let secret: string | undefined;
  for (const [name, value] of pairs) {
    if (name === 'oauth_token') key = value;
    else if (name === 'oauth_token_secret') secret = value;
    else params[name] = value;
  }
  if (key === undefined || key === '' || secret === undefined) {
    throw new OAuthError('ERR_INVALID_RESPONSE', 'The token answer has no oauth_token / oauth_token_secret');
  }
  return { token: { key, secret }, params };
}
