import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { loadProfiles } from '../src/profiles.js';
import { BIN } from './spawn-cli.js';
import { shellQuote, tmuxServer } from './tmux.js';

const SOCKET = `oauth1x-test-${process.pid}`;
let dir: string;
let sandbox: Sandbox;
let server: RunningSandbox;

const { tmux, waitForPane, kill } = tmuxServer(SOCKET);
const quote = shellQuote;

describe('interactive terminal (tmux): hidden password prompt, progress bar', { timeout: 60_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-tmux-'));
    sandbox = await createSandbox({ dataDir: join(dir, 'data') });
    server = await sandbox.listen({ port: 0, httpsPort: false });
  });
  after(async () => {
    kill();
    await server?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('echoes nothing while the password is typed, supports backspace, and the xAuth flow completes', async () => {
    const c = sandbox.credentials;
    const command = [
      'env',
      `XDG_CONFIG_HOME=${quote(join(dir, 'config'))}`,
      'NO_COLOR=1',
      quote(process.execPath),
      quote(BIN),
      'authorize --xauth -u demo',
      `--host ${quote(server.httpUrl)}`,
      `--consumer-key ${quote(c.consumer_key)} --consumer-secret ${quote(c.consumer_secret)}`,
      '; echo "EXIT=$?"; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'cli', '-x', '200', '-y', '40', command);
    await waitForPane('cli', /Password for demo: $/m);
    tmux('send-keys', '-t', 'cli', '-l', '--', 'typo!');
    for (let i = 0; i < 5; i++) tmux('send-keys', '-t', 'cli', 'BSpace');
    // `--`: a random password may begin with '-' (base64url), which tmux would read as a flag.
    tmux('send-keys', '-t', 'cli', '-l', '--', c.password);
    await new Promise((r) => setTimeout(r, 300));
    const typing = tmux('capture-pane', '-p', '-J', '-t', 'cli');
    assert.match(typing, /Password for demo: $/m, `nothing may follow the prompt while typing:\n${typing}`);
    assert.ok(!typing.includes(c.password) && !typing.includes('typo') && !typing.includes('*'), typing);
    tmux('send-keys', '-t', 'cli', 'Enter');
    const done = await waitForPane('cli', /EXIT=\d+/);
    assert.match(done, /EXIT=0/, done);
    assert.match(done, /Signed in as @demo/);
    assert.ok(!done.includes(c.password), 'the password never appears on the terminal');
    const file = await loadProfiles({ XDG_CONFIG_HOME: join(dir, 'config') });
    assert.equal(Object.values(file.profiles)[0]?.screenName, 'demo');
  });

  it('tweet --media shows a cli-progress bar on a terminal', async () => {
    const png = join(dir, 'pixel.png');
    await writeFile(
      png,
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
    );
    const command = [
      'env',
      `XDG_CONFIG_HOME=${quote(join(dir, 'config'))}`,
      quote(process.execPath),
      quote(BIN),
      `tweet 'With a progress bar' --media ${quote(png)}`,
      '; echo "EXIT=$?"; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'tweet', '-x', '200', '-y', '40', command);
    const pane = await waitForPane('tweet', /EXIT=\d+/);
    assert.match(pane, /EXIT=0/, pane);
    assert.match(pane, /pixel\.png \[[^\]]+\] 100% \| 70\/70 bytes/, pane);
    assert.match(pane, /Posted tweet \d+: With a progress bar/);
  });
});
