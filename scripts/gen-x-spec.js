#!/usr/bin/env node
// Generates packages/sandbox/src/x-spec.generated.ts from X's OpenAPI document (spec/x-openapi.json, the copy of
// ../shared/x-api/openapi.json v2.167 that scripts/strip-x-openapi.js makes):
// for each operation the sandbox serves, the query parameters with their enums and bounds and the request body
// JSON schemas, $refs inlined, names only (descriptions, examples and other prose dropped).
// Usage: node scripts/gen-x-spec.js [path/to/openapi.json]   (writes the file; --check exits 1 when it is stale)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
/** The committed copy of X's document (scripts/strip-x-openapi.js). */
export const SPEC_PATH = `${root}spec/x-openapi.json`;
/** The generated module. */
export const OUT_PATH = `${root}packages/sandbox/src/x-spec.generated.ts`;

/** The operations the sandbox serves, `METHOD /path` as the spec writes them. */
export const OPERATIONS = [
  'POST /2/tweets',
  'GET /2/tweets/{id}',
  'DELETE /2/tweets/{id}',
  'GET /2/tweets/search/recent',
  'GET /2/users/me',
  'GET /2/users/{id}',
  'GET /2/users/by/username/{username}',
  'GET /2/users/{id}/tweets',
  'GET /2/users/{id}/mentions',
  'GET /2/users/{id}/timelines/reverse_chronological',
  'POST /2/users/{id}/likes',
  'DELETE /2/users/{id}/likes/{tweet_id}',
  'POST /2/users/{id}/following',
  'DELETE /2/users/{source_user_id}/following/{target_user_id}',
  'POST /2/media/upload',
  'GET /2/media/upload',
  'POST /2/media/upload/initialize',
  'POST /2/media/upload/{id}/append',
  'POST /2/media/upload/{id}/finalize',
  'POST /2/media/metadata',
  // Posts, users and the social graph (issue 18, E1): routes-v2-social.ts.
  'GET /2/tweets',
  'GET /2/users',
  'GET /2/users/by',
  'POST /2/users/{id}/retweets',
  'DELETE /2/users/{id}/retweets/{source_tweet_id}',
  'GET /2/tweets/{id}/retweeted_by',
  'GET /2/tweets/{id}/quote_tweets',
  'GET /2/tweets/{id}/liking_users',
  'GET /2/users/{id}/liked_tweets',
  'GET /2/users/{id}/bookmarks',
  'POST /2/users/{id}/bookmarks',
  'DELETE /2/users/{id}/bookmarks/{tweet_id}',
  'GET /2/users/{id}/followers',
  'GET /2/users/{id}/following',
  // Blocks, mutes, hide reply, lists, DMs (issue 18, routes-v2-relations.ts, routes-v2-lists.ts, routes-v2-dms.ts)
  'GET /2/users/{id}/blocking',
  'POST /2/users/{id}/dm/block',
  'POST /2/users/{id}/dm/unblock',
  'GET /2/users/{id}/muting',
  'POST /2/users/{id}/muting',
  'DELETE /2/users/{source_user_id}/muting/{target_user_id}',
  'PUT /2/tweets/{tweet_id}/hidden',
  'POST /2/lists',
  'GET /2/lists/{id}',
  'PUT /2/lists/{id}',
  'DELETE /2/lists/{id}',
  'GET /2/lists/{id}/members',
  'POST /2/lists/{id}/members',
  'DELETE /2/lists/{id}/members/{user_id}',
  'GET /2/lists/{id}/followers',
  'GET /2/lists/{id}/tweets',
  'GET /2/users/{id}/owned_lists',
  'GET /2/users/{id}/list_memberships',
  'GET /2/users/{id}/followed_lists',
  'POST /2/users/{id}/followed_lists',
  'DELETE /2/users/{id}/followed_lists/{list_id}',
  'GET /2/users/{id}/pinned_lists',
  'POST /2/users/{id}/pinned_lists',
  'DELETE /2/users/{id}/pinned_lists/{list_id}',
  'POST /2/dm_conversations',
  'POST /2/dm_conversations/with/{participant_id}/messages',
  'POST /2/dm_conversations/{dm_conversation_id}/messages',
  'GET /2/dm_conversations/with/{participant_id}/dm_events',
  'GET /2/dm_conversations/{id}/dm_events',
  'GET /2/dm_events',
  'GET /2/dm_events/{event_id}',
  'DELETE /2/dm_events/{event_id}',
];

// JSON-schema keywords kept; everything else (description, example, title, x-*) is prose or tooling.
const KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'required',
  'additionalProperties',
  'items',
  'properties',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'default',
  'nullable',
]);

function resolve(spec, ref) {
  let node = spec;
  for (const part of ref.replace(/^#\//, '').split('/')) node = node[part];
  return node;
}

/** A schema with $refs inlined and only validation keywords kept. */
function clean(spec, schema, seen = []) {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => clean(spec, s, seen));
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) return {};
    return clean(spec, resolve(spec, schema.$ref), [...seen, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(key)) continue;
    if (key === 'properties') {
      out.properties = {};
      for (const [name, sub] of Object.entries(value)) out.properties[name] = clean(spec, sub, seen);
    } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = clean(spec, value, seen);
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      out[key] = value.map((s) => clean(spec, s, seen));
    } else if (key === 'enum' || key === 'required') {
      out[key] = [...new Set(value)];
    } else {
      out[key] = value;
    }
  }
  return out;
}

function parametersOf(spec, op) {
  return (op.parameters ?? []).map((p) => (p.$ref ? resolve(spec, p.$ref) : p));
}

/** Every enum the spec gives a query parameter called `name`, merged. */
function allEnums(spec, name) {
  const values = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (typeof op !== 'object' || op === null || !op.operationId) continue;
      for (const p of parametersOf(spec, op)) {
        if (p.name === name && p.in === 'query') for (const v of p.schema?.items?.enum ?? []) values.add(v);
      }
    }
  }
  return values;
}

/** The post expansions the spec still spells with "tweet" (its stream operations, which take `tweet.fields`). */
function tweetSpelledExpansions(spec) {
  const values = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (typeof op !== 'object' || op === null || !op.operationId) continue;
      const params = parametersOf(spec, op);
      if (!params.some((p) => p.name === 'tweet.fields')) continue;
      for (const p of params) if (p.name === 'expansions') for (const v of p.schema?.items?.enum ?? []) values.add(v);
    }
  }
  return values;
}

/**
 * Which credentials an operation accepts (its `security`): OAuth 1.0a user context (`UserToken`), an OAuth 2.0
 * user token with every scope listed (`OAuth2UserToken`, `null` when not accepted), an app-only bearer
 * (`BearerToken`).
 */
function securityOf(op) {
  const out = { userToken: false, oauth2Scopes: null, bearer: false };
  for (const requirement of op.security ?? []) {
    if ('UserToken' in requirement) out.userToken = true;
    if ('BearerToken' in requirement) out.bearer = true;
    if ('OAuth2UserToken' in requirement) out.oauth2Scopes = [...new Set(requirement.OAuth2UserToken)].sort();
  }
  return out;
}

/**
 * The compact spec as a JSON-able object.
 *
 * X's document v2.167 is half-way through renaming Tweet to Post: most operations take `post.fields` and
 * expansions such as `referenced_posts` or `pinned_post_id`, its streams still `tweet.fields` and
 * `referenced_tweets.id`, and X (and X's own SDK) still send the tweet spellings. A field or expansion parameter
 * therefore accepts the union of every enum the spec gives a parameter of that name (`post.fields` and
 * `tweet.fields` being one), and post expansions also take the spec's tweet spellings and `post`→`tweet`.
 */
export function compact(spec) {
  const postFields = new Set([...allEnums(spec, 'post.fields'), ...allEnums(spec, 'tweet.fields')]);
  const legacyExpansions = tweetSpelledExpansions(spec);
  const operations = {};
  for (const key of OPERATIONS) {
    const [method, path] = key.split(' ');
    const op = spec.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${key} is not in the spec`);
    const query = {};
    const required = [];
    for (const p of parametersOf(spec, op)) {
      if (p.in !== 'query') continue;
      if (p.required) required.push(p.name);
      const schema = clean(spec, p.schema);
      if (p.name === 'post.fields' || p.name === 'tweet.fields') {
        const merged = { ...schema, items: { type: 'string', enum: [...postFields].sort() } };
        query['post.fields'] = merged;
        query['tweet.fields'] = merged;
      } else if (p.name.endsWith('.fields')) {
        query[p.name] = { ...schema, items: { type: 'string', enum: [...allEnums(spec, p.name)].sort() } };
      } else if (p.name === 'expansions') {
        const values = new Set(schema.items.enum);
        for (const v of schema.items.enum) values.add(v.replace(/post/g, 'tweet'));
        if (schema.items.enum.some((v) => legacyExpansions.has(v))) for (const v of legacyExpansions) values.add(v);
        query.expansions = { ...schema, items: { type: 'string', enum: [...values].sort() } };
      } else {
        query[p.name] = schema;
      }
    }
    const content = op.requestBody?.content ?? {};
    const body = {};
    for (const [type, media] of Object.entries(content)) body[type] = clean(spec, media.schema);
    operations[key] = {
      operationId: op.operationId,
      security: securityOf(op),
      query,
      requiredQuery: required,
      ...(op.requestBody ? { body, bodyRequired: op.requestBody.required === true } : {}),
    };
  }
  const scopes = Object.keys(spec.components.securitySchemes.OAuth2UserToken.flows.authorizationCode.scopes).sort();
  return { version: spec.info.version, scopes, operations };
}

/** The text of the generated module for the spec's text. */
export function generate(specText) {
  const spec = JSON.parse(specText);
  const sha256 = createHash('sha256').update(specText).digest('hex');
  const data = { ...compact(spec), sha256 };
  return [
    "// Generated by scripts/gen-x-spec.js from X's OpenAPI document (openapi.json); do not edit.",
    '// Regenerate: node scripts/gen-x-spec.js',
    "import type { XSpec } from './x-spec.js';",
    '',
    "/** The operations the sandbox serves, from X's OpenAPI document: query parameters and request body schemas. */",
    `export const X_SPEC: XSpec = JSON.parse(${JSON.stringify(JSON.stringify(data))});`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const path = args.find((a) => !a.startsWith('--')) ?? SPEC_PATH;
  const text = generate(readFileSync(path, 'utf8'));
  if (check) {
    const current = readFileSync(OUT_PATH, 'utf8');
    if (current !== text) {
      console.error(`${OUT_PATH} is stale: run node scripts/gen-x-spec.js`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT_PATH, text);
    console.log(`wrote ${OUT_PATH}`);
  }
}
