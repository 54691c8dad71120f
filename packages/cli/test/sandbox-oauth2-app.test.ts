/**
 * `oauth1x sandbox app create --redirect-uri URL … --public-client`: the app's OAuth 2.0 client.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

let dir: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth1x-cli-oauth2-app-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('oauth1x sandbox app create: OAuth 2.0 client options', () => {
  it('--redirect-uri (repeatable) and --public-client', async () => {
    const data = join(dir, 'data');
    const made = await cli([
      'sandbox',
      'app',
      'create',
      '--name',
      'PKCE app',
      '--public-client',
      '--redirect-uri',
      'http://127.0.0.1/callback',
      '--redirect-uri',
      'myapp:/cb',
      '--json',
      '--data',
      data,
    ]);
    assert.equal(made.code, 0, made.err);
    const app = JSON.parse(made.out) as { oauth2_client_id: string; oauth2_client_secret: string | null; oauth2_redirect_uris: string[] };
    assert.match(app.oauth2_client_id, /^[A-Za-z0-9]{32}$/);
    assert.equal(app.oauth2_client_secret, null);
    assert.deepEqual(app.oauth2_redirect_uris, ['http://127.0.0.1/callback', 'myapp:/cb']);
    const confidential = await cli(['sandbox', 'app', 'create', '--name', 'Web app', '--data', data]);
    assert.match(confidential.out, /OAuth 2\.0 client id: [A-Za-z0-9]{32}\n {2}OAuth 2\.0 client secret: [A-Za-z0-9]{48}\n/);
    const list = JSON.parse((await cli(['sandbox', 'app', 'list', '--json', '--data', data])).out) as Array<Record<string, unknown>>;
    const listed = list.find((a) => a.oauth2_client_id === app.oauth2_client_id);
    assert.deepEqual([listed?.oauth2_public_client, listed?.oauth2_redirect_uris], [true, ['http://127.0.0.1/callback', 'myapp:/cb']]);
  });

  it('a bad redirect URI is one line on stderr and exit 2', async () => {
    const bad = await cli([
      'sandbox',
      'app',
      'create',
      '--name',
      'x',
      '--redirect-uri',
      'https://a.example/cb#frag',
      '--data',
      join(dir, 'bad'),
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /invalid redirect URI/);
    assert.equal(bad.err.trim().split('\n').length, 1);
  });
});
