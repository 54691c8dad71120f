/**
 * `oauth1x authorize --oauth2 --no-browser` on a terminal (tmux): the CLI prints the URL and asks for the
 * address the browser was redirected to; "another machine" approves (the consent page over HTTP) and the
 * user pastes the redirected URL. A pasted line that is not one is a one-line usage error.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { loadProfiles, profilesPath } from '../src/profiles.js';
import { approveOAuth2OnSandboxPage } from '../src/sandbox-approve.js';
import { BIN } from './spawn-cli.js';
import { shellQuote, tmuxServer } from './tmux.js';

const SOCKET = `oauth1x-o2-test-${process.pid}`;
let dir: string;
let sandbox: Sandbox;
let server: RunningSandbox;

/** The demo app's OAuth 2.0 client (confidential), as demo-credentials.json lists it. */
function client(): { id: string; secret: string } {
  const c = sandbox.credentials;
  assert.ok(c.oauth2_client_secret);
  return { id: c.oauth2_client_id, secret: c.oauth2_client_secret };
}

const { tmux, waitForPane, kill } = tmuxServer(SOCKET);
const quote = shellQuote;

function start(target: string, extra: string): void {
  const command = [
    'env',
    `XDG_CONFIG_HOME=${quote(join(dir, 'config'))}`,
    'NO_COLOR=1',
    quote(process.execPath),
    quote(BIN),
    'authorize --oauth2 --no-browser --callback-port 8080',
    `--host ${quote(server.httpUrl)}`,
    `--client-id ${quote(client().id)} --client-secret ${quote(client().secret)}`,
    extra,
    '; echo "EXIT=$?"; sleep 60',
  ].join(' ');
  // Wide enough that the URL is one line.
  tmux('new-session', '-d', '-s', target, '-x', '1000', '-y', '40', command);
}

describe('authorize --oauth2 --no-browser: paste the redirected URL (tmux)', { timeout: 90_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-tmux-o2-'));
    sandbox = await createSandbox({ dataDir: join(dir, 'data') });
    server = await sandbox.listen({ port: 0, httpsPort: false });
  });
  after(async () => {
    kill();
    await server?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the URL, reads the pasted redirect, stores the profile 0600; tokens never on the terminal', async () => {
    const c = sandbox.credentials;
    start('paste', "--scopes 'tweet.read users.read offline.access'");
    const pane = await waitForPane('paste', /Paste the URL your browser was redirected to \(it starts with http:\/\/127\.0\.0\.1\): $/m);
    const url = /^ {2}(http:\/\/\S+\/i\/oauth2\/authorize\?\S+)$/m.exec(pane)?.[1];
    assert.ok(url, pane);
    assert.ok(url.includes(encodeURIComponent('http://127.0.0.1:8080/callback')), 'the redirect URI names the port given');
    // The browser on another machine: sign in, approve; the redirect to 127.0.0.1:8080 goes nowhere, its address is copied.
    const redirected = await approveOAuth2OnSandboxPage(url, c.username, c.password);
    assert.equal(redirected.origin, 'http://127.0.0.1:8080');
    tmux('send-keys', '-t', 'paste', '-l', '--', redirected.href);
    tmux('send-keys', '-t', 'paste', 'Enter');
    const done = await waitForPane('paste', /EXIT=\d+/);
    assert.match(done, /EXIT=0/, done);
    assert.match(done, /Signed in as @demo .* with OAuth 2\.0/);
    assert.match(done, /Scopes: tweet\.read users\.read offline\.access/);
    const env = { XDG_CONFIG_HOME: join(dir, 'config') };
    const profile = Object.values((await loadProfiles(env)).profiles)[0];
    assert.ok(profile?.oauth2?.accessToken && profile.oauth2.refreshToken);
    assert.equal((await stat(profilesPath(env))).mode & 0o777, 0o600);
    for (const secret of [profile.oauth2.accessToken, profile.oauth2.refreshToken, client().secret])
      assert.ok(!done.includes(secret), 'no token or secret on the terminal');
  });

  it('a pasted line that is not the redirected URL is one line and exit 2', async () => {
    start('bad', '');
    await waitForPane('bad', /Paste the URL your browser was redirected to/);
    tmux('send-keys', '-t', 'bad', '-l', '--', 'http://127.0.0.1:8080/callback?oops=1');
    tmux('send-keys', '-t', 'bad', 'Enter');
    const done = await waitForPane('bad', /EXIT=\d+/);
    assert.match(done, /EXIT=2/, done);
    assert.match(done, /^oauth1x authorize: the pasted URL has no code and state: paste the whole address the browser was redirected to$/m);
  });
});
