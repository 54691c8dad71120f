/**
 * X's OpenAPI document (spec/x-openapi.json, the repo's copy of ../shared/x-api/openapi.json) for tests: the field
 * lists of an operation and ajv validators of its response schemas.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

/** Where the spec sits (the repository's spec/), from packages/sandbox/dist/test/. */
export const OPENAPI_PATH = new URL('../../../../spec/x-openapi.json', import.meta.url).pathname;

/** `false` when the spec is there, else why the tests that need it are skipped. */
export const NO_OPENAPI: false | string = existsSync(OPENAPI_PATH) ? false : `no ${OPENAPI_PATH}`;

type Json = Record<string, unknown>;
let cached: { spec: Json; ajv: Ajv } | undefined;

function load(): { spec: Json; ajv: Ajv } {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Json;
  const ajv = new Ajv({ strict: false, logger: false, allErrors: true });
  ajv.addSchema({ components: spec.components }, 'openapi');
  cached = { spec, ajv };
  return cached;
}

function operation(method: string, path: string): Json {
  const { spec } = load();
  const op = ((spec.paths as Record<string, Json>)[path] as Record<string, Json> | undefined)?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is in the spec`);
  return op;
}

/**
 * The enum of a query parameter of an operation, e.g. every `user.fields` value of `GET /2/users/me`.
 */
export function queryEnum(method: string, path: string, name: string): string[] {
  const { spec } = load();
  const params = (operation(method, path).parameters as Json[]).map((p) =>
    typeof p.$ref === 'string' ? ((spec.components as Json).parameters as Record<string, Json>)[p.$ref.split('/').pop() as string] : p,
  );
  const param = params.find((p) => p?.name === name) as { schema: { items: { enum: string[] } } } | undefined;
  assert.ok(param, `${method} ${path} takes ${name}`);
  return param.schema.items.enum;
}

/**
 * Asserts that `body` fits the spec's response schema of the operation for `status` (its JSON content).
 */
export function assertResponse(method: string, path: string, body: unknown, status = '200'): void {
  const responses = operation(method, path).responses as Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
  const content = (responses[status] ?? responses.default)?.content;
  const ref = (content?.['application/json'] ?? content?.['application/problem+json'])?.schema.$ref;
  assert.ok(ref, `${method} ${path} ${status} has a JSON schema`);
  const validate = load().ajv.getSchema(`openapi${ref}`);
  assert.ok(validate, ref);
  assert.ok(validate(body), `${method} ${path}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body)}`);
}

/**
 * Asserts that `body` is one of X's problems as the spec has them (`type`, `title`, `detail`), under
 * `https://api.x.com/2/problems/`.
 */
export function assertProblem(body: unknown, type = 'invalid-request'): void {
  const problem = body as { type?: string; title?: string; detail?: string };
  assert.equal(problem.type, `https://api.x.com/2/problems/${type}`, JSON.stringify(body));
  assert.equal(typeof problem.title, 'string');
  assert.equal(typeof problem.detail, 'string');
  const validate = load().ajv.getSchema('openapi#/components/schemas/Problem');
  assert.ok(validate);
  assert.ok(validate(body), `${JSON.stringify(validate.errors)}\n${JSON.stringify(body)}`);
}
