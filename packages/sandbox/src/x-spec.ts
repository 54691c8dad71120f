/**
 * X's OpenAPI document (v2.167) as the sandbox's rule book: each v2 route is checked against its operation's
 * query parameters (names, enums, bounds, patterns: `tweet.fields`, `user.fields`, `expansions`, …) and request
 * body schema (validated with ajv) before its handler runs, and answered with X's `invalid-request` problem when
 * it does not fit. The data is `x-spec.generated.ts` (`node scripts/gen-x-spec.js`); ajv is loaded and each
 * schema compiled on first use, so start-up pays for neither.
 *
 * @module
 */
import type { ApiCall, ApiHandler } from './api.js';
import type { UserRecord } from './apps-users.js';
import { v2InvalidRequest, valueText } from './x-errors.js';
import { X_SPEC } from './x-spec.generated.js';

/** A JSON schema (validation keywords only). */
export type JsonSchema = { [key: string]: unknown };

/** One operation of the spec, compacted. */
export interface XSpecOperation {
  operationId: string;
  /** The credentials X accepts for it (the spec's `security`). */
  security: XSecurity;
  /** Query parameter name → schema. */
  query: Record<string, JsonSchema>;
  requiredQuery: string[];
  /** Content type → body schema, when the operation takes a body. */
  body?: Record<string, JsonSchema>;
  bodyRequired?: boolean;
}

/** Which credentials an operation accepts, from the spec's `security` requirements. */
export interface XSecurity {
  /** OAuth 1.0a user context (`UserToken`). */
  userToken: boolean;
  /** The scopes an OAuth 2.0 user token needs (`OAuth2UserToken`), `null` when such a token is not accepted. */
  oauth2Scopes: string[] | null;
  /** An app-only bearer (`BearerToken`). */
  bearer: boolean;
}

/** The compacted spec. */
export interface XSpec {
  version: string;
  /** Every OAuth 2.0 scope the spec's `OAuth2UserToken` scheme defines. */
  scopes: string[];
  /** SHA-256 of the openapi.json it was generated from. */
  sha256: string;
  /** `METHOD /path` (the spec's path template) → operation. */
  operations: Record<string, XSpecOperation>;
}

/**
 * The operation for `METHOD /path` as the spec writes it; throws for one the spec does not have.
 *
 * @example
 * ```ts
 * specOperation('GET /2/users/me').operationId; // 'getUsersMe'
 * ```
 */
export function specOperation(key: string): XSpecOperation {
  const op = X_SPEC.operations[key];
  if (op === undefined) throw new Error(`${key} is not in X's OpenAPI document`);
  return op;
}

const patterns = new Map<string, RegExp>();

function scalarProblem(name: string, value: string, schema: JsonSchema): string | null {
  const enumValues = schema.enum as string[] | undefined;
  if (enumValues && !enumValues.includes(value)) {
    return `The \`${name}\` query parameter value [${value}] is not one of [${enumValues.join(',')}]`;
  }
  if (schema.type === 'integer') {
    const n = Number(value);
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    if (!/^-?\d+$/.test(value) || (min !== undefined && n < min) || (max !== undefined && n > max)) {
      return `The \`${name}\` query parameter value [${value}] is not between ${min ?? '-∞'} and ${max ?? '∞'}`;
    }
  }
  let pattern: RegExp | undefined;
  if (typeof schema.pattern === 'string') {
    pattern = patterns.get(schema.pattern);
    if (pattern === undefined) patterns.set(schema.pattern, (pattern = new RegExp(schema.pattern, 'u')));
  }
  if (pattern !== undefined && !pattern.test(value)) {
    return `The \`${name}\` query parameter value [${value}] does not match ${schema.pattern}`;
  }
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    return `The \`${name}\` query parameter can not be empty`;
  }
  return null;
}

/**
 * Checks a query against the operation as X does: an unknown parameter, a value outside an enum (each of a
 * comma-separated list), an integer out of bounds, an id that is not one, or a missing required parameter is a
 * 400 `invalid-request` naming it. `oauth_*` parameters belong to OAuth (RFC 5849 §3.5.3) and are skipped.
 *
 * @example
 * ```ts
 * checkQuery(specOperation('GET /2/users/me'), new URLSearchParams('user.fields=nope')); // 400 Response
 * ```
 */
export function checkQuery(op: XSpecOperation, query: URLSearchParams): Response | null {
  for (const [name, value] of query) {
    if (name.startsWith('oauth_')) continue;
    const schema = op.query[name];
    if (schema === undefined) {
      return v2InvalidRequest(name, value, `The query parameter [${name}] is not one of [${Object.keys(op.query).join(',')}]`);
    }
    if (schema.type === 'array') {
      const items = (schema.items ?? {}) as JsonSchema;
      const values = value.split(',');
      if (values.every((v) => v === '')) return v2InvalidRequest(name, value, `The \`${name}\` query parameter can not be empty`);
      for (const v of values) {
        if (v === '') continue;
        const problem = scalarProblem(name, v, items);
        if (problem !== null) return v2InvalidRequest(name, v, problem);
      }
    } else {
      const problem = scalarProblem(name, value, schema);
      if (problem !== null) return v2InvalidRequest(name, value, problem);
    }
  }
  for (const name of op.requiredQuery) {
    if (!query.has(name)) return v2InvalidRequest(name, '', `The \`${name}\` query parameter can not be empty`);
  }
  return null;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvLike {
  compile(schema: JsonSchema): Validator;
  addFormat(name: string, format: RegExp | ((s: string) => boolean) | true): unknown;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
let ajvs: Promise<{ json: AjvLike; form: AjvLike }> | undefined;
const compiled = new Map<JsonSchema, Validator>();

/** Two ajv instances: JSON bodies (base64 `byte` only), multipart bodies (text coerced, file parts `binary`). */
function loadAjv(): Promise<{ json: AjvLike; form: AjvLike }> {
  ajvs ??= import('ajv').then(({ Ajv }) => {
    const make = (coerceTypes: boolean, binary: boolean): AjvLike => {
      const ajv = new Ajv({ strict: false, logger: false, coerceTypes, allErrors: false }) as unknown as AjvLike;
      ajv.addFormat('byte', BASE64);
      ajv.addFormat('binary', binary ? true : () => false);
      return ajv;
    };
    return { json: make(false, false), form: make(true, true) };
  });
  return ajvs;
}

/** A JSON path as X writes it: `$.media.media_ids[0]`. */
function jsonPath(pointer: string): string {
  let out = '$';
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return out;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/** One ajv error as X's validator words it, with the parameter (path) it names and the value there. */
function describe(error: AjvError, data: unknown): { parameter: string; value: unknown; message: string } {
  let path = jsonPath(error.instancePath);
  const value = valueAt(data, error.instancePath);
  const p = error.params;
  let message: string;
  switch (error.keyword) {
    case 'additionalProperties':
      path = `${path}.${p.additionalProperty}`;
      message = 'is not defined in the schema and the schema does not allow additional properties';
      break;
    case 'required':
      path = `${path}.${p.missingProperty}`;
      message = 'is missing but it is required';
      break;
    case 'type':
      message = `${typeOf(value)} found, ${p.type} expected`;
      break;
    case 'enum':
      message = `does not have a value in the enumeration [${(p.allowedValues as unknown[]).join(', ')}]`;
      break;
    case 'pattern':
      message = `does not match the regex pattern ${p.pattern}`;
      break;
    case 'anyOf':
    case 'format':
      message = 'is not valid base64';
      break;
    default:
      message = error.message ?? 'is not valid';
  }
  // The parameter is the property named (an array item's array), with its whole value, as the handlers name them.
  let pointer = error.instancePath;
  if (error.keyword === 'additionalProperties' || error.keyword === 'required') {
    pointer = `${pointer}/${String(p.additionalProperty ?? p.missingProperty)}`;
  }
  while (/\/\d+$/.test(pointer)) pointer = pointer.replace(/\/\d+$/, '');
  const parameter = jsonPath(pointer).replace(/^\$\.?/, '') || 'body';
  return { parameter, value: valueAt(data, pointer) ?? value, message: `${path}: ${message}` };
}

/**
 * Validates a call's body against the operation's request body schema for its content type (JSON as parsed,
 * multipart with text parts coerced and file parts as binary). No body where one is required, a content type
 * the operation does not take, or a body that does not fit is a 400 `invalid-request`.
 *
 * @example
 * ```ts
 * const refused = await checkBody(specOperation('POST /2/tweets'), call); // null when the body fits
 * ```
 */
export async function checkBody(op: XSpecOperation, call: ApiCall<UserRecord | null>): Promise<Response | null> {
  if (op.body === undefined) return null;
  const contentType = (call.request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const schema = op.body[contentType];
  if (contentType !== '' && schema === undefined) {
    return v2InvalidRequest(
      'content-type',
      contentType,
      `The content type [${contentType}] is not one of [${Object.keys(op.body).join(',')}]`,
    );
  }
  if (schema === undefined || (call.json === undefined && call.form === null)) {
    if (!op.bodyRequired) return null;
    return v2InvalidRequest('body', contentType, `A request body (${Object.keys(op.body).join(' or ')}) is required`);
  }
  const { json, form } = await loadAjv();
  const multipart = call.form !== null;
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = (multipart ? form : json).compile(schema);
    compiled.set(schema, validate);
  }
  let data: unknown = call.json;
  if (call.form !== null) {
    const fields: Record<string, string> = {};
    for (const part of call.form.parts) fields[part.name] = part.filename === null ? new TextDecoder().decode(part.data) : '';
    data = fields;
  }
  if (validate(data)) return null;
  const first = validate.errors?.[0];
  if (first === undefined) return v2InvalidRequest('body', '', 'The request body is not valid');
  const d = describe(first, data);
  return v2InvalidRequest(d.parameter, valueText(d.value ?? ''), d.message);
}

/**
 * Wraps a v2 handler so its query and body are checked against the spec's operation `key` first.
 *
 * @example
 * ```ts
 * const handler = withSpec('GET /2/users/me', (call) => jsonResponse({ data: { id: call.user.id } }));
 * ```
 */
export function withSpec<U extends UserRecord | null = UserRecord>(key: string, handler: ApiHandler<U>): ApiHandler<U> {
  const op = specOperation(key);
  return async (call) => checkQuery(op, call.url.searchParams) ?? (await checkBody(op, call)) ?? handler(call);
}
