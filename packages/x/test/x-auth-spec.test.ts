// src/x/x-auth.generated.ts is what scripts/gen-x-auth.js makes of X's OpenAPI document today, and the X
// client's credential check gives, for every operation of the document, the kinds and scopes its `security` says.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { operationAuth, X_AUTH_SPEC_VERSION, X_OAUTH2_SCOPES, X_OPERATION_AUTH } from '../src/index.js';

const root = new URL('../../../../', import.meta.url);
const SPEC = new URL('spec/x-openapi.json', root);
const NO_SPEC: false | string = existsSync(SPEC) ? false : `no ${SPEC.pathname}`;

type Security = Array<Record<string, string[]>>;
interface Spec {
  info: { version: string };
  paths: Record<string, Record<string, { operationId?: string; security?: Security }>>;
  components: { securitySchemes: { OAuth2UserToken: { flows: { authorizationCode: { scopes: Record<string, string> } } } } };
}

describe('x-auth: the credential kinds of X’s OpenAPI document', () => {
  it('the generated file is up to date with spec/x-openapi.json (else: node scripts/gen-x-auth.js)', {
    skip: NO_SPEC,
  }, async () => {
    const gen = (await import(new URL('scripts/gen-x-auth.js', root).href)) as { generate(text: string): string };
    const committed = readFileSync(new URL('packages/x/src/x-auth.generated.ts', root), 'utf8');
    assert.ok(committed === gen.generate(readFileSync(SPEC, 'utf8')), 'src/x/x-auth.generated.ts is stale: run node scripts/gen-x-auth.js');
  });

  it('every operation: operationAuth gives the schemes and scopes of its security; the scope list is the scheme’s', {
    skip: NO_SPEC,
  }, () => {
    const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as Spec;
    assert.equal(X_AUTH_SPEC_VERSION, spec.info.version);
    assert.deepEqual(
      [...X_OAUTH2_SCOPES].sort(),
      Object.keys(spec.components.securitySchemes.OAuth2UserToken.flows.authorizationCode.scopes).sort(),
    );
    const names: Record<string, string> = { UserToken: 'oauth1', OAuth2UserToken: 'oauth2', BearerToken: 'app' };
    let count = 0;
    const tally: Record<string, number> = { oauth1: 0, oauth2: 0, app: 0, appOnly: 0 };
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (op.operationId === undefined) continue;
        count++;
        const concrete = path.replace(/\{[^}]+\}/g, '1234');
        const got = operationAuth(method, concrete);
        assert.ok(got !== undefined, `${method} ${path}`);
        assert.equal(got.operationId, op.operationId, `${method} ${concrete} is ${op.operationId}`);
        const security = op.security ?? [];
        const expected = security.map((s) => names[Object.keys(s)[0] as string]).sort();
        assert.deepEqual([...got.kinds].sort(), expected, `${op.operationId} kinds`);
        const scopes = security.find((s) => 'OAuth2UserToken' in s)?.OAuth2UserToken ?? [];
        assert.deepEqual([...got.scopes].sort(), [...scopes].sort(), `${op.operationId} scopes`);
        for (const k of got.kinds) tally[k] = (tally[k] ?? 0) + 1;
        if (got.kinds.join() === 'app') tally.appOnly = (tally.appOnly ?? 0) + 1;
      }
    }
    assert.equal(count, Object.keys(X_OPERATION_AUTH).length);
    // The figures ../shared/x-api/README.md gives: 178 operations, 126 with OAuth 1.0a, 39 app-only.
    assert.equal(count, 178);
    assert.equal(tally.oauth1, 126);
    assert.equal(tally.appOnly, 39);
  });

  it('literal paths win over templates; paths and methods outside the document are undefined', () => {
    assert.equal(operationAuth('GET', '/2/users/me')?.operationId, 'getUsersMe');
    assert.equal(operationAuth('GET', '/2/users/2244994945')?.operationId, 'getUsersById');
    assert.equal(operationAuth('get', '/2/media/upload')?.operationId, 'getMediaUploadStatus');
    assert.deepEqual(operationAuth('POST', '/2/users/1/bookmarks')?.kinds, ['oauth2']);
    assert.equal(operationAuth('GET', '/1.1/statuses/home_timeline.json'), undefined);
    assert.equal(operationAuth('PATCH', '/2/tweets'), undefined);
  });
});
