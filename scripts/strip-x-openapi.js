#!/usr/bin/env node
// Copies X's OpenAPI document (../shared/x-api/openapi.json beside the repo) into spec/x-openapi.json without its
// prose: every string-valued `description` and `summary`, and `externalDocs`, are dropped, and the OAuth 2.0
// scopes keep their names with empty explanations; names, schemas,
// parameters, security and examples stay. The tests and scripts/gen-x-spec.js read the copy, so they run (and
// cannot silently skip) where ../shared is absent; a test checks the copy against ../shared where it is present.
// Usage: node scripts/strip-x-openapi.js [path/to/openapi.json]   (--check exits 1 when the copy is stale)
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
/** X's document beside the repo (read-only in CI). */
export const SOURCE_PATH = `${root}../shared/x-api/openapi.json`;
/** The committed copy. */
export const COPY_PATH = `${root}spec/x-openapi.json`;

// `security` marks a node under components.securitySchemes: only there is `scopes` the OAuth 2.0 scope map (a
// schema may have a property named `scopes`, e.g. Post.scopes, whose `$ref` must stay).
function strip(node, security = false) {
  if (Array.isArray(node)) return node.map((item) => strip(item, security));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'description' || key === 'summary') && typeof value === 'string') continue;
    if (key === 'externalDocs') continue;
    if (security && key === 'scopes' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.keys(value).map((scope) => [scope, '']));
      continue;
    }
    out[key] = strip(value, security || key === 'securitySchemes');
  }
  return out;
}

/**
 * The copy's text for X's document `text`.
 *
 * @param {string} text
 * @returns {string}
 */
export function stripped(text) {
  return `${JSON.stringify(strip(JSON.parse(text)), null, 1)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const text = stripped(readFileSync(args.find((a) => !a.startsWith('--')) ?? SOURCE_PATH, 'utf8'));
  if (args.includes('--check')) {
    if (readFileSync(COPY_PATH, 'utf8') !== text) {
      console.error(`${COPY_PATH} is stale: run node scripts/strip-x-openapi.js`);
      process.exit(1);
    }
  } else {
    writeFileSync(COPY_PATH, text);
    console.log(`wrote ${COPY_PATH}`);
  }
}
