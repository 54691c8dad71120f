/**
 * `oauth1x authorize --oauth2` end to end: the CLI prints the authorize URL, headless Chromium (Debian
 * `chromium` via playwright-core) opens it, signs in and approves, the loopback redirect completes; then the
 * stored OAuth 2.0 profile drives whoami, request, tweet; refreshes persist (mode 0600); --auth picks a kind;
 * logout revokes. Tokens never appear in any output, `-v` included.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import type { Browser } from 'playwright-core';
import { loadProfiles, type Profile, profilesPath } from '../src/profiles.js';
import { runCli } from './spawn-cli.js';

let dir: string;
let sandbox: Sandbox;
let server: RunningSandbox;
let browser: Browser;
let env: Record<string, string>;
/** The sandbox clock runs this far ahead of the real one. */
let skew = 0;
let name: string;

/** Every token and secret seen so far, to check no output ever holds one. */
const secrets = new Set<string>();

function remember(profile: Profile | undefined): void {
  for (const value of [profile?.oauth2?.accessToken, profile?.oauth2?.refreshToken, profile?.oauth2?.clientSecret, profile?.app?.bearer])
    if (value) secrets.add(value);
}

function assertNoTokens(text: string): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `a token or secret leaked:\n${text}`);
}

/** The demo app's OAuth 2.0 client (confidential), as demo-credentials.json lists it. */
function client(): { id: string; secret: string } {
  const c = sandbox.credentials;
  assert.ok(c.oauth2_client_secret);
  return { id: c.oauth2_client_id, secret: c.oauth2_client_secret };
}

async function stored(): Promise<Profile> {
  const profile = (await loadProfiles(env)).profiles[name];
  assert.ok(profile);
  remember(profile);
  return profile;
}

/** The file's mode, and what a fresh read of it holds. */
async function fileMode(): Promise<number> {
  return (await stat(profilesPath(env))).mode & 0o777;
}

async function bearerStatus(token: string, path = '/2/users/me'): Promise<number> {
  const response = await fetch(`${server.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.text();
  return response.status;
}

describe('oauth1x authorize --oauth2 and the OAuth 2.0 profile', { timeout: 240_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-cli-oauth2-'));
    sandbox = await createSandbox({ dataDir: join(dir, 'data'), now: () => Date.now() + skew });
    server = await sandbox.listen({ port: 0, httpsPort: false });
    browser = await launchChromium();
    // BROWSER=/bin/true: the CLI "opens" a browser that does nothing; Chromium below is the user's browser.
    env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), BROWSER: '/bin/true' };
    name = `demo@${new URL(server.httpUrl).host}`;
    const c = sandbox.credentials;
    for (const secret of [c.consumer_secret, c.password, client().secret]) if (secret) secrets.add(secret);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the URL; Chromium signs in and approves; the loopback redirect completes and the profile is stored 0600', async () => {
    const c = sandbox.credentials;
    const context = await browser.newContext();
    let approving: Promise<string> | undefined;
    const r = await runCli(
      [
        'authorize',
        '--oauth2',
        '--host',
        server.httpUrl,
        '--client-id',
        client().id,
        '--client-secret',
        client().secret,
        '--scopes',
        'tweet.read tweet.write users.read offline.access',
      ],
      {
        env,
        timeoutMs: 90_000,
        onStdout: (out) => {
          const url = /^ {2}(http:\/\/\S+\/i\/oauth2\/authorize\?\S+)$/m.exec(out)?.[1];
          if (url === undefined || approving !== undefined) return;
          approving = (async () => {
            const page = await context.newPage();
            await page.goto(url);
            await page.fill('#username', c.username);
            await page.fill('#password', c.password);
            await Promise.all([page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/), page.click('#allow')]);
            return (await page.textContent('body')) ?? '';
          })();
        },
      },
    );
    const landed = await approving;
    await context.close();
    assert.equal(r.code, 0, r.err);
    assert.match(landed ?? '', /Signed in\. You can close this window/);
    assert.match(r.out, /Open this URL in a browser and approve the app:\n {2}http:\/\/127\.0\.0\.1:\d+\/i\/oauth2\/authorize\?/);
    assert.match(r.out, /code_challenge_method=S256/);
    assert.match(r.out, new RegExp(`Signed in as @demo \\(.+, id ${c.user_id}\\) on ${server.httpUrl} with OAuth 2\\.0`));
    assert.match(r.out, /^Scopes: tweet\.read tweet\.write users\.read offline\.access$/m);
    assert.match(r.out, new RegExp(`Stored profile "${name}" \\(default\\)`));
    assert.equal(await fileMode(), 0o600);
    const profile = await stored();
    assert.equal(profile.oauth2?.clientId, client().id);
    assert.ok(profile.oauth2?.refreshToken, 'offline.access gives a refresh token');
    assert.ok((profile.oauth2?.expiresAt ?? 0) > Date.now() + 7_000_000);
    assert.equal(profile.token, undefined);
    assertNoTokens(r.out + r.err);
  });

  it('whoami shows the kind and the scopes; request -v, tweet and timeline sign with the bearer; no token in any output', async () => {
    const who = await runCli(['whoami'], { env });
    assert.equal(who.code, 0, who.err);
    assert.match(who.out, new RegExp(`^@demo \\(.+\\) on ${server.httpUrl} \\[profile ${name}\\]$`, 'm'));
    assert.match(
      who.out,
      /^auth: OAuth 2\.0 user token \(scopes: tweet\.read tweet\.write users\.read offline\.access; expires in 1[12]\d min; refreshable\)$/m,
    );
    const json = JSON.parse((await runCli(['whoami', '--json'], { env })).out) as {
      username: string;
      auth: { kind: string; scopes: string[] };
    };
    assert.equal(json.username, 'demo');
    assert.deepEqual(json.auth.kind, 'oauth2');
    assert.deepEqual(json.auth.scopes, ['tweet.read', 'tweet.write', 'users.read', 'offline.access']);
    const v = await runCli(['request', '-v', '-i', '/2/users/me'], { env });
    assert.equal(v.code, 0, v.err);
    assert.match(v.err, /^\* auth: OAuth 2\.0 user token/m);
    assert.match(v.err, /^> authorization: Bearer <redacted>$/m);
    const tweet = await runCli(['tweet', 'Posted with an OAuth 2.0 user token'], { env });
    assert.equal(tweet.code, 0, tweet.err);
    const id = /Posted tweet (\d+)/.exec(tweet.out)?.[1];
    const timeline = await runCli(['timeline', '--count', '5'], { env });
    assert.equal(timeline.code, 0, timeline.err);
    assert.ok(timeline.out.includes(id as string));
    const del = await runCli(['delete', id as string], { env });
    assert.equal(del.code, 0, del.err);
    await stored();
    for (const run of [who, v, tweet, timeline, del]) assertNoTokens(run.out + run.err);
  });

  it('a token past its expiry is refreshed before the call; the rotated tokens are written back atomically, mode 0600', async () => {
    const before = await stored();
    const path = profilesPath(env);
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.profiles[name].oauth2.expiresAt = Date.now() - 1000;
    await writeFile(path, JSON.stringify(file), { mode: 0o600 });
    for (const command of [['request', '-v', '/2/users/me'], ['whoami']]) {
      const inode = (await stat(path)).ino;
      const r = await runCli(command, { env });
      assert.equal(r.code, 0, r.err);
      assert.notEqual((await stat(path)).ino, inode, `${command[0]}: replaced by rename`);
      assert.equal(await fileMode(), 0o600);
      const after = await stored();
      assert.notEqual(after.oauth2?.accessToken, before.oauth2?.accessToken, `${command[0]}: a new access token`);
      assert.notEqual(after.oauth2?.refreshToken, before.oauth2?.refreshToken, `${command[0]}: the refresh token rotated`);
      assert.ok((after.oauth2?.expiresAt ?? 0) > Date.now() + 7_000_000);
      assertNoTokens(r.out + r.err);
      // Expire it again for the next command (the X client's own refresh).
      const again = JSON.parse(await readFile(path, 'utf8'));
      again.profiles[name].oauth2.expiresAt = Date.now() - 1000;
      await writeFile(path, JSON.stringify(again), { mode: 0o600 });
    }
  });

  it('a token the server no longer takes (401) is refreshed once and the call retried', async () => {
    const path = profilesPath(env);
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.profiles[name].oauth2.expiresAt = Date.now() + 86_400_000; // the CLI believes it still valid
    await writeFile(path, JSON.stringify(file), { mode: 0o600 });
    const before = await stored();
    skew = 3 * 3_600_000; // the sandbox's clock is past the 2-hour lifetime
    try {
      const r = await runCli(['request', '-v', '/2/users/me'], { env });
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /< 401 .*\n\* refreshing the OAuth 2\.0 token and retrying once/);
      const t = await runCli(['tweet', 'After a 401 and a refresh'], { env });
      assert.equal(t.code, 0, t.err);
      const after = await stored();
      assert.notEqual(after.oauth2?.accessToken, before.oauth2?.accessToken);
      assert.equal(await fileMode(), 0o600);
      assertNoTokens(r.out + r.err + t.out + t.err);
    } finally {
      skew = 0;
    }
  });

  it('a refresh the server refuses is one line naming what to do, never the tokens', async () => {
    const stale = { ...(await stored()), oauth2: { ...((await stored()).oauth2 as NonNullable<Profile['oauth2']>) } };
    stale.oauth2.accessToken = 'stale-access-token-value-0001';
    stale.oauth2.refreshToken = 'stale-refresh-token-value-0001';
    stale.oauth2.expiresAt = Date.now() - 1000;
    secrets.add(stale.oauth2.accessToken).add(stale.oauth2.refreshToken);
    const path = profilesPath(env);
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.profiles.stale = stale;
    await writeFile(path, JSON.stringify(file), { mode: 0o600 });
    for (const command of [['request', '-v', '/2/users/me'], ['whoami'], ['tweet', 'never sent']]) {
      const r = await runCli([...command, '--profile', 'stale'], { env });
      assert.equal(r.code, 1, r.err);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /refresh.*400.*sign in again: oauth1x authorize --oauth2/i);
      assertNoTokens(r.out + r.err);
    }
    const kept = (await loadProfiles(env)).profiles.stale;
    assert.equal(kept?.oauth2?.refreshToken, stale.oauth2.refreshToken, 'a failed refresh changes nothing in the file');
    const cleanup = JSON.parse(await readFile(path, 'utf8'));
    delete cleanup.profiles.stale;
    await writeFile(path, JSON.stringify(cleanup), { mode: 0o600 });
  });

  it('--bearer adds an app-only token to the profile; --auth picks it; X refuses it on user routes', async () => {
    const c = sandbox.credentials;
    const keys = ['--consumer-key', c.consumer_key, '--consumer-secret', c.consumer_secret];
    const r = await runCli(['authorize', '--bearer', '--host', server.httpUrl, '--name', name, ...keys], { env });
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      new RegExp(`Obtained an app-only bearer token for app ${c.consumer_key} on ${server.httpUrl}\\nStored profile "${name}"`),
    );
    const profile = await stored();
    assert.ok(profile.app?.bearer);
    assert.ok(profile.oauth2, 'the OAuth 2.0 token stays');
    const who = await runCli(['whoami', '--auth', 'app'], { env });
    assert.equal(who.code, 0, who.err);
    assert.match(
      who.out,
      new RegExp(
        `^app-only: app ${c.consumer_key} on ${server.httpUrl} \\[profile ${name}\\] \\(no user context\\)\\nauth: app-only bearer token \\(profile has: oauth2, app\\)$`,
        'm',
      ),
    );
    const me = await runCli(['request', '--auth', 'app', '/2/users/me'], { env });
    assert.equal(me.code, 1);
    assert.match(me.err, /HTTP 403/);
    const user = await runCli(['request', '-v', '--auth', 'app', `/2/users/${c.user_id}`], { env });
    assert.equal(user.code, 0, user.err);
    assert.match(user.err, /^> authorization: Bearer <redacted>$/m);
    assert.equal((await runCli(['whoami'], { env })).code, 0, 'the default is still the OAuth 2.0 user token');
    // Refused before sending: X takes no app-only bearer for posting.
    const tweet = await runCli(['tweet', '--auth', 'app', 'Not with a bearer'], { env });
    assert.equal(tweet.code, 2, tweet.err);
    assert.equal(tweet.err.trim().split('\n').length, 1, tweet.err);
    assert.match(tweet.err, /^oauth1x tweet: XClient\.tweet .* not .*\(app\); pick one with --auth oauth1\|oauth2$/m);
    for (const run of [r, who, me, user]) assertNoTokens(run.out + run.err);
  });

  it('bad input is one line and exit 2', async () => {
    const base = ['authorize', '--host', server.httpUrl];
    const cases: Array<[string[], RegExp]> = [
      [[...base, '--oauth2', '--client-id', client().id, '--scopes', 'tweet.read bogus.scope'], /unknown scope bogus\.scope/],
      [[...base, '--oauth2', '--xauth', '-u', 'demo'], /--xauth and --oauth2 are different flows/],
      [[...base, '--oauth2', '--callback-port', 'http'], /--callback-port must be a port number/],
      [[...base, '--client-id', 'x'], /--client-id goes with --oauth2/],
      [[...base, '--bearer', '--callback-port', '1'], /--bearer and --callback-port are different flows/],
      [['whoami', '--auth', 'oauth1'], /profile ".+" has no oauth1 credentials \(it has: oauth2, app/],
      [['logout', name, '--auth', 'nope'], /--auth must be oauth1, oauth2 or app/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, message);
    }
  });

  it('an OAuth 1.0a token joins the same profile; it becomes the default kind and --auth picks the others', async () => {
    const c = sandbox.credentials;
    const keys = ['--consumer-key', c.consumer_key, '--consumer-secret', c.consumer_secret];
    const x = await runCli(['authorize', '--xauth', '-u', c.username, '-p', c.password, '--host', server.httpUrl, ...keys], { env });
    assert.equal(x.code, 0, x.err);
    assert.match(x.out, new RegExp(`Stored profile "${name}"`));
    const profile = await stored();
    assert.ok(profile.token && profile.oauth2 && profile.app, 'all three kinds in one profile');
    const kinds = await Promise.all([[], ['--auth', 'oauth2'], ['--auth', 'app']].map((auth) => runCli(['whoami', ...auth], { env })));
    assert.match(kinds[0]?.out ?? '', /^auth: OAuth 1\.0a user context \(profile has: oauth1, oauth2, app\)$/m);
    assert.match(kinds[1]?.out ?? '', /^auth: OAuth 2\.0 user token \(scopes: .*\) \(profile has: oauth1, oauth2, app\)$/m);
    assert.match(kinds[2]?.out ?? '', /^auth: app-only bearer token \(profile has: oauth1, oauth2, app\)$/m);
    for (const run of kinds) assert.equal(run.code, 0, run.err);
  });

  it('logout revokes the app-only bearer, then the OAuth 2.0 tokens, and removes the profile', async () => {
    const profile = await stored();
    const bearer = profile.app?.bearer as string;
    const c = sandbox.credentials;
    assert.equal(await bearerStatus(bearer, `/2/users/${c.user_id}`), 200);
    const app = await runCli(['logout', name, '--auth', 'app'], { env });
    assert.equal(app.code, 0, app.err);
    assert.match(app.out, /app-only bearer invalidated\nremoved app-only bearer token from profile/);
    assert.equal(await bearerStatus(bearer, `/2/users/${c.user_id}`), 401);
    const access = profile.oauth2?.accessToken as string;
    assert.equal(await bearerStatus(access), 200);
    const all = await runCli(['logout', name], { env });
    assert.equal(all.code, 0, all.err);
    assert.match(all.out, /^token invalidated\nOAuth 2\.0 token revoked\nremoved profile /);
    assert.equal(await bearerStatus(access), 401);
    assert.equal((await loadProfiles(env)).profiles[name], undefined);
    assertNoTokens(app.out + app.err + all.out + all.err);
  });
});
