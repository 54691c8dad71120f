/**
 * Test helper: checks a request the X client sends against X's own OpenAPI document (v2.167) with ajv —
 * the method and path match an operation (path templates, path parameters checked against their schemas),
 * the operation accepts the request's credentials (`security`: an OAuth 1.0a signature needs `UserToken`, a
 * bearer `BearerToken` or `OAuth2UserToken` with its scopes), every query
 * parameter is the operation's and the required ones are present (values checked against their schemas),
 * and the body is one of the operation's content types: JSON validated against the requestBody schema, a
 * multipart body's part names against the schema's properties (text parts' values checked too, file parts
 * only where the schema takes binary). Answers are checked against the operation's response schema.
 * Nothing here is hand-written expectation: every rule comes from the document.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** Where X's OpenAPI document is, relative to the repository root: the copy scripts/strip-x-openapi.js makes. */
export const SPEC_PATH = 'spec/x-openapi.json';

const ROOT = new URL('../../../../../', import.meta.url);
const SPEC_ID = 'x-openapi.json';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  explode?: boolean;
  schema?: Json;
}
interface Operation {
  operationId: string;
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
  security?: Array<Record<string, string[]>>;
}
interface Spec {
  servers: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  components: Json;
}

/** A request as the fake transport saw it. */
export interface CapturedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The body as text (empty for none); for a multipart body, see `form`. */
  text: string;
  form?: FormData | undefined;
}

/** The operation a request matched. */
export interface SpecMatch {
  operationId: string;
  path: string;
  operation: Operation;
  pathParams: Record<string, string>;
}

/** A request or answer that X's document does not allow; `problems` lists every rule broken. */
export class SpecViolation extends Error {
  constructor(
    readonly request: string,
    readonly problems: string[],
  ) {
    super(`${request} breaks X's OpenAPI document: ${problems.join('; ')}`);
    this.name = 'SpecViolation';
  }
}

let loaded:
  | { spec: Spec; ajv: Ajv; coercing: Ajv; routes: Array<{ method: string; path: string; regex: RegExp; names: string[] }> }
  | undefined;
const compiled = new Map<string, ValidateFunction>();

function makeAjv(coerce: boolean, components: Json): Ajv {
  // strict off: OpenAPI 3.0 keywords (`nullable`, `discriminator`, `example`) beside JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce, logger: false });
  ajv.addFormat('binary', true);
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v));
  for (const name of ['int32', 'int64', 'double']) ajv.addFormat(name, { type: 'number', validate: () => true });
  ajv.addSchema({ $id: SPEC_ID, components });
  return ajv;
}

/** X's document, parsed once, with its routes. */
export function loadSpec(): NonNullable<typeof loaded> {
  if (loaded !== undefined) return loaded;
  // X's document repeats a value in one enum (DmEventExpansionsParameter: `attachments.media_keys` twice), which
  // JSON Schema forbids and ajv refuses to compile: each enum is read without its repeats (same set of values).
  const spec = JSON.parse(readFileSync(new URL(SPEC_PATH, ROOT), 'utf8'), (key, value: unknown) =>
    key === 'enum' && Array.isArray(value) ? [...new Set(value)] : value,
  ) as Spec;
  const routes = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const names: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    for (const method of Object.keys(item))
      if (method !== 'parameters') routes.push({ method: method.toUpperCase(), path, regex: new RegExp(`^${source}$`), names });
  }
  // Literal paths before templates: GET /2/media/upload is getMediaUploadStatus, not /2/media/{media_key}.
  routes.sort((a, b) => a.names.length - b.names.length);
  loaded = { spec, ajv: makeAjv(false, spec.components), coercing: makeAjv(true, spec.components), routes };
  return loaded;
}

function validator(schema: Json, coerce: boolean): ValidateFunction {
  const text = JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`);
  const key = `${coerce}:${text}`;
  let fn = compiled.get(key);
  if (fn === undefined) {
    const { ajv, coercing } = loadSpec();
    fn = (coerce ? coercing : ajv).compile(JSON.parse(text));
    compiled.set(key, fn);
  }
  return fn;
}

function check(schema: Json, value: unknown, where: string, problems: string[], coerce = false): void {
  const fn = validator(schema, coerce);
  if (!fn(value))
    for (const e of fn.errors ?? [])
      problems.push(`${where}${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Follows `$ref`s to `#/components/…` until a schema or parameter object. */
function deref<T>(value: T | { $ref: string }): T {
  let current: unknown = value;
  while (current !== null && typeof current === 'object' && typeof (current as { $ref?: unknown }).$ref === 'string') {
    const parts = ((current as { $ref: string }).$ref.replace(/^#\//, '').split('/') as string[]).map((p) => p.replace(/~1/g, '/'));
    current = parts.reduce<unknown>((node, key) => (node as Json)[key], loadSpec().spec);
  }
  return current as T;
}

/** Whether a (resolved) property schema takes a binary file part. */
function takesBinary(schema: Json): boolean {
  return JSON.stringify(schema).includes('"format":"binary"');
}

/**
 * Checks one captured request; returns the operation it matched or throws a {@link SpecViolation}. `auth`
 * says what a `Bearer` token is (app-only or an OAuth 2.0 user token with its scopes), when the test knows.
 *
 * @example
 * ```ts
 * const { operationId } = validateRequest(await captureRequest(input, init));
 * ```
 */
export function validateRequest(request: CapturedRequest, origin?: string, auth: BearerAuth = {}): SpecMatch {
  const { spec, routes } = loadSpec();
  const label = `${request.method} ${request.url.pathname}`;
  const problems: string[] = [];
  const expectedOrigin = origin ?? new URL(spec.servers[0]?.url ?? '').origin;
  if (request.url.origin !== expectedOrigin) problems.push(`origin ${request.url.origin} is not ${expectedOrigin}`);
  let match: SpecMatch | undefined;
  for (const route of routes) {
    const m = route.method === request.method ? route.regex.exec(request.url.pathname) : null;
    if (m === null) continue;
    const pathParams = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    const operation = spec.paths[route.path]?.[route.method.toLowerCase()] as Operation;
    match = { operationId: operation.operationId, path: route.path, operation, pathParams };
    break;
  }
  if (match === undefined) throw new SpecViolation(label, [...problems, 'no operation of the document has this method and path']);
  const { operation } = match;
  checkAuth(match, request.headers.get('authorization') ?? '', auth, problems);
  const itemParams = (spec.paths[match.path]?.parameters ?? []) as Array<Parameter | { $ref: string }>;
  const params = [...itemParams, ...(operation.parameters ?? [])].map((p) => deref<Parameter>(p));
  for (const p of params.filter((q) => q.in === 'path'))
    check(p.schema ?? {}, match.pathParams[p.name], `path parameter ${p.name}`, problems, true);
  const query = params.filter((q) => q.in === 'query');
  for (const name of new Set(request.url.searchParams.keys())) {
    const p = query.find((q) => q.name === name);
    if (p === undefined) {
      problems.push(`query parameter ${name} is not one of ${match.operationId}'s (${query.map((q) => q.name).join(', ') || 'none'})`);
      continue;
    }
    const values = request.url.searchParams.getAll(name);
    const schema = deref<Json>(p.schema ?? {});
    if (schema.type !== 'array' && values.length > 1) problems.push(`query parameter ${name} is repeated`);
    const value = schema.type === 'array' ? (p.explode === false ? (values[0] ?? '').split(',') : values) : values[0];
    check(p.schema ?? {}, value, `query parameter ${name}`, problems, true);
  }
  for (const p of query)
    if (p.required && !request.url.searchParams.has(p.name)) problems.push(`required query parameter ${p.name} is missing`);
  checkBody(request, operation, problems);
  if (problems.length > 0) throw new SpecViolation(label, problems);
  return match;
}

/** What a `Authorization: Bearer` token of the request is, for the `security` check. */
export interface BearerAuth {
  /** `BearerToken` (app-only) or `OAuth2UserToken`; unset: either will do. */
  bearer?: 'BearerToken' | 'OAuth2UserToken' | undefined;
  /** The OAuth 2.0 token's scopes: the operation's `OAuth2UserToken` scopes must all be among them. */
  scopes?: readonly string[] | undefined;
}

/**
 * The operation's `security` (X's document) against the request's credentials: an OAuth 1.0a signature needs
 * `UserToken`; a bearer needs `BearerToken` or `OAuth2UserToken` (the one `auth` names), the latter with every
 * scope the operation lists.
 */
function checkAuth(match: SpecMatch, authorization: string, auth: BearerAuth, problems: string[]): void {
  const security = match.operation.security ?? loadSpec().spec.security ?? [];
  if (/^OAuth /.test(authorization)) {
    if (!security.some((s) => 'UserToken' in s)) problems.push(`${match.operationId} does not accept OAuth 1.0a user context`);
    if (!/^OAuth .*oauth_signature="/.test(authorization)) problems.push('not signed with OAuth 1.0a');
    return;
  }
  if (!/^Bearer [\x21-\x7e]+$/.test(authorization)) {
    problems.push('neither signed with OAuth 1.0a nor carrying a bearer token (RFC 6750 §2.1)');
    return;
  }
  const schemes = auth.bearer !== undefined ? [auth.bearer] : ['BearerToken', 'OAuth2UserToken'];
  if (!security.some((s) => schemes.some((name) => name in s))) {
    problems.push(`${match.operationId} does not accept ${schemes.join(' or ')}`);
    return;
  }
  const needed = security.find((s) => 'OAuth2UserToken' in s)?.OAuth2UserToken ?? [];
  if (auth.bearer === 'OAuth2UserToken' && auth.scopes !== undefined) {
    const missing = needed.filter((scope) => !auth.scopes?.includes(scope));
    if (missing.length > 0) problems.push(`${match.operationId} needs the OAuth 2.0 scopes ${missing.join(' ')}`);
  }
}

function checkBody(request: CapturedRequest, operation: Operation, problems: string[]): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const empty = request.form === undefined && request.text === '';
  const body = operation.requestBody;
  if (body === undefined) {
    if (!empty) problems.push(`${operation.operationId} takes no body, got ${type || 'one'}`);
    return;
  }
  if (empty) {
    if (body.required) problems.push(`${operation.operationId} requires a body (${Object.keys(body.content).join(' or ')})`);
    return;
  }
  const content = body.content[type];
  if (content === undefined) {
    problems.push(`content type ${type || '(none)'} is not one of ${Object.keys(body.content).join(', ')}`);
    return;
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.text);
    } catch {
      problems.push('the JSON body does not parse');
      return;
    }
    check(content.schema, parsed, 'body', problems);
    return;
  }
  if (type === 'multipart/form-data') {
    const schema = deref<Json>(content.schema);
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    const names = [...(request.form?.keys() ?? [])];
    for (const name of new Set(names)) {
      const property = properties[name];
      if (property === undefined) {
        if (schema.additionalProperties === false) problems.push(`multipart part ${name} is not a property of the schema`);
        continue;
      }
      const values = request.form?.getAll(name) ?? [];
      if (values.length > 1) problems.push(`multipart part ${name} is repeated`);
      const value = values[0];
      if (typeof value === 'string') check(property, value, `multipart part ${name}`, problems, true);
      else if (!takesBinary(deref<Json>(property))) problems.push(`multipart part ${name} is a file; the schema takes no binary there`);
    }
    for (const name of (schema.required ?? []) as string[])
      if (!names.includes(name)) problems.push(`required multipart part ${name} is missing`);
  }
}

/**
 * Checks an answer against the operation's response schema for its status (or `default`).
 *
 * @example
 * ```ts
 * validateResponse(match, 200, { data: { id: '1' } });
 * ```
 */
export function validateResponse(match: SpecMatch, status: number, body: unknown): void {
  const response = match.operation.responses[String(status)] ?? match.operation.responses.default;
  const problem = status >= 400 ? response?.content?.['application/problem+json']?.schema : undefined;
  const schema = problem ?? response?.content?.['application/json']?.schema;
  const problems: string[] = [];
  if (response === undefined) problems.push(`${match.operationId} has no ${status} response`);
  else if (schema !== undefined) check(schema, body, 'answer', problems);
  if (problems.length > 0) throw new SpecViolation(`answer ${status} of ${match.operationId}`, problems);
}
