/**
 * `oauth1x demo --oauth2`: PKCE against the embedded sandbox end to end, the consent approved by the demo
 * itself (and said so), tweet, read back. `oauth1x demo` stays xAuth (test/cli/e2e-sandbox.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './spawn-cli.js';

let dir: string;
let env: Record<string, string>;

describe('oauth1x demo --oauth2', { timeout: 90_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-demo-oauth2-'));
    env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('demo --oauth2: PKCE against the embedded sandbox, consent approved by the demo itself, tweet, read back', async () => {
    const r = await runCli(['demo', '--oauth2'], { env, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\[2\] Demo app: OAuth 2\.0 client id \S+ \(confidential client, secret not shown\)/m);
    assert.match(r.out, /^\[3\] Loopback redirect server listening at http:\/\/127\.0\.0\.1:\d+\/callback; authorize URL/m);
    assert.match(r.out, /code_challenge_method=S256/);
    assert.match(r.out, /^\[4\] Consent approved by this demo itself: it signed in on the sandbox consent page as @demo/m);
    assert.match(
      r.out,
      /^\[5\] The redirect reached .*code exchanged with the code_verifier at POST .*\/2\/oauth2\/token: access token \(not shown\)/m,
    );
    assert.match(r.out, /Posted tweet (\d+): "Hello world! First tweet using OAuth 2\.0 with PKCE via oauth1x"/);
    const id = /Posted tweet (\d+)/.exec(r.out)?.[1];
    assert.match(r.out, new RegExp(`^\\[8\\] Read back from @demo's timeline: ${id} `, 'm'));
    assert.match(r.out, /Done: signed in as .+ \(@demo\) with OAuth 2\.0 with PKCE, tweeted, and read it back\./);
    assert.ok(!r.out.includes('access_token='));
    const both = await runCli(['demo', '--oauth2', '--three-legged'], { env });
    assert.equal(both.code, 2);
    assert.equal(both.err, 'oauth1x demo: --three-legged and --oauth2 are different flows\n');
  });
});
