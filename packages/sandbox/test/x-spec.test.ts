// src/sandbox/x-spec.generated.ts is what scripts/gen-x-spec.js makes of X's OpenAPI document today, and the
// checks built on it read the document's names.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { X_SPEC } from '../src/x-spec.generated.js';
import { checkQuery, specOperation } from '../src/x-spec.js';
import { NO_OPENAPI, OPENAPI_PATH, queryEnum } from './x-openapi.js';

const root = new URL('../../../../', import.meta.url);
/** X's document beside the repo, where it is (CI mounts ../shared read-only). */
const SHARED_OPENAPI = new URL('../shared/x-api/openapi.json', root).pathname;

describe('x-spec: the compact copy of X’s OpenAPI document', () => {
  it('spec/x-openapi.json is ../shared/x-api/openapi.json without its prose (else: node scripts/strip-x-openapi.js)', {
    skip: existsSync(SHARED_OPENAPI) ? false : `no ${SHARED_OPENAPI}`,
  }, async () => {
    const strip = (await import(new URL('scripts/strip-x-openapi.js', root).href)) as { stripped(text: string): string };
    assert.ok(
      readFileSync(OPENAPI_PATH, 'utf8') === strip.stripped(readFileSync(SHARED_OPENAPI, 'utf8')),
      'spec/x-openapi.json is stale: run node scripts/strip-x-openapi.js',
    );
    assert.doesNotMatch(readFileSync(OPENAPI_PATH, 'utf8'), /"(description|summary)": "/, 'no prose in the copy');
  });

  it('the generated file is up to date with spec/x-openapi.json (else: node scripts/gen-x-spec.js)', async () => {
    const gen = (await import(new URL('scripts/gen-x-spec.js', root).href)) as { generate(text: string): string };
    const committed = readFileSync(new URL('packages/sandbox/src/x-spec.generated.ts', root), 'utf8');
    assert.ok(
      committed === gen.generate(readFileSync(OPENAPI_PATH, 'utf8')),
      'src/sandbox/x-spec.generated.ts is stale: run node scripts/gen-x-spec.js',
    );
  });

  it('keeps every user.fields value the document lists for GET /2/users/me, and only names', { skip: NO_OPENAPI }, () => {
    const allowed = (specOperation('GET /2/users/me').query['user.fields']?.items as { enum: string[] } | undefined)?.enum ?? [];
    for (const field of queryEnum('GET', '/2/users/me', 'user.fields')) assert.ok(allowed.includes(field), field);
    assert.equal(X_SPEC.version, '2.167');
    assert.doesNotMatch(JSON.stringify(X_SPEC), /"description"\s*:\s*"/, 'no prose from the document');
  });

  it('checkQuery: oauth_* parameters belong to OAuth (RFC 5849 §3.5.3); anything else unknown is named', async () => {
    const op = specOperation('GET /2/users/me');
    assert.equal(checkQuery(op, new URLSearchParams('oauth_nonce=1&user.fields=verified_type,subscription_type')), null);
    const refused = checkQuery(op, new URLSearchParams('user.fields=id&nope=1'));
    assert.equal(refused?.status, 400);
    assert.match(await (refused as Response).text(), /"parameters":\{"nope":\["1"\]\}/);
    assert.throws(() => specOperation('GET /2/nothing'), /not in X's OpenAPI document/);
  });
});
