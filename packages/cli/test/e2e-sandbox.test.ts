import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type RunningSandbox, type Sandbox } from '@oauth1x/sandbox';
import { signRequest } from 'oauth1x';
import { loadProfiles } from '../src/profiles.js';
import { approveOnSandboxPage } from '../src/sandbox-approve.js';
import { runCli } from './spawn-cli.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let dir: string;
let sandbox: Sandbox;
let server: RunningSandbox;
let env: Record<string, string>;
let keys: string[];

function assertNoSecrets(text: string) {
  const c = sandbox.credentials;
  for (const secret of [c.consumer_secret, c.password, c.access_token_secret]) assert.ok(!text.includes(secret), 'a secret leaked');
}

describe('oauth1x CLI end to end against a sandbox', { timeout: 180_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth1x-cli-e2e-'));
    sandbox = await createSandbox({ dataDir: join(dir, 'data') });
    server = await sandbox.listen({ port: 0, httpsPort: 0 });
    env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
    const c = sandbox.credentials;
    keys = ['--consumer-key', c.consumer_key, '--consumer-secret', c.consumer_secret];
    await writeFile(join(dir, 'pixel.png'), PNG);
  });
  after(async () => {
    await server?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('demo: xAuth, tweet, read back, in one command', async () => {
    const r = await runCli(['demo'], { env, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /xAuth: POST http:\/\/127\.0\.0\.1:\d+\/oauth\/access_token with x_auth_mode=client_auth/);
    assert.match(r.out, /The token's profile: .+ \(@demo, id \d+\)/);
    assert.match(r.out, /Posted tweet (\d+): "Hello world! First tweet using xAuth via oauth1x"/);
    const id = /Posted tweet (\d+)/.exec(r.out)?.[1];
    assert.match(r.out, new RegExp(`Read back from @demo's timeline: ${id} "Hello world! First tweet using xAuth via oauth1x"`));
  });

  it('demo --three-legged approves on the sandbox page; --data keeps the data', async () => {
    const data = join(dir, 'demo-data');
    const r = await runCli(['demo', '--three-legged', '--data', data], { env, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Approved on the sandbox consent page as @demo; PIN \d{7}/);
    assert.match(r.out, /Read back from @demo's timeline/);
    assert.ok((await stat(data)).isDirectory());
  });

  it('authorize --xauth with -p stores a 0600 profile and prints who signed in', async () => {
    const c = sandbox.credentials;
    const r = await runCli(['authorize', '--xauth', '-u', c.username, '-p', c.password, '--host', server.httpUrl, ...keys], { env });
    assert.equal(r.code, 0, r.err);
    const name = `demo@${new URL(server.httpUrl).host}`;
    assert.match(r.out, new RegExp(`Signed in as @demo \\(.+, id ${c.user_id}\\) on ${server.httpUrl}`));
    assert.match(r.out, new RegExp(`Stored profile "${name}" \\(default\\)`));
    assertNoSecrets(r.out + r.err);
    const path = join(env.XDG_CONFIG_HOME as string, 'oauth1x', 'profiles.json');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const file = await loadProfiles(env);
    assert.equal(file.default, name);
    assert.equal(file.profiles[name]?.screenName, 'demo');
    const who = await runCli(['whoami'], { env });
    assert.equal(who.code, 0, who.err);
    assert.match(who.out, /^@demo \(.+\) on http:\/\/127\.0\.0\.1:\d+ \[profile demo@/);
  });

  it('authorize --xauth reads the password from stdin; a wrong one exits 1 without echoing it', async () => {
    const c = sandbox.credentials;
    const ok = await runCli(['authorize', '--xauth', '-u', c.username, '--host', server.httpUrl, '--name', 'stdin-demo', ...keys], {
      env,
      stdin: `${c.password}\n`,
    });
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /Stored profile "stdin-demo"$/m);
    const storedApp = await runCli(
      ['authorize', '--xauth', '-u', c.username, '-p', c.password, '--host', server.httpUrl, '--name', 'stored-app'],
      { env },
    );
    assert.equal(storedApp.code, 0, storedApp.err);
    assert.equal((await loadProfiles(env)).profiles['stored-app']?.consumer?.key, c.consumer_key);
    const bad = await runCli(['authorize', '--xauth', '-u', c.username, '-p', 'wrong-password-123', '--host', server.httpUrl, ...keys], {
      env,
    });
    assert.equal(bad.code, 1);
    assert.ok(!(bad.out + bad.err).includes('wrong-password-123'));
    assert.match(bad.err, /401/);
  });

  it('authorize PIN flow: prints the URL, the test approves over HTTP, then types the PIN', async () => {
    const c = sandbox.credentials;
    let approving = false;
    const r = await runCli(['authorize', '--host', server.httpUrl, '--name', 'pin-demo', ...keys], {
      env,
      onStdout: (out, write) => {
        const url = /(http:\/\/\S+\/oauth\/authorize\?oauth_token=\S+)/.exec(out)?.[1];
        if (url === undefined || approving) return;
        approving = true;
        approveOnSandboxPage(url, c.username, c.password).then(
          ({ pin }) => write(`${pin}\n`),
          (error: Error) => write(`approval failed: ${error.message}\n`),
        );
      },
    });
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /Signed in as @demo/);
    assert.match(r.err, /PIN: /);
    assert.equal((await loadProfiles(env)).profiles['pin-demo']?.screenName, 'demo');
  });

  it('authorize browser flow: one-shot callback server receives the redirect', async () => {
    const c = sandbox.credentials;
    let approving = false;
    const r = await runCli(['authorize', '--callback-port', '0', '--host', server.httpUrl, '--name', 'browser-demo', ...keys], {
      env,
      onStdout: (out) => {
        const url = /(http:\/\/\S+\/oauth\/authorize\?oauth_token=\S+)/.exec(out)?.[1];
        if (url === undefined || approving) return;
        approving = true;
        void approveOnSandboxPage(url, c.username, c.password).then(async ({ redirect }) => {
          assert.match(redirect ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback\?oauth_token=.+oauth_verifier=/);
          const page = await fetch(redirect as string);
          assert.match(await page.text(), /Signed in/);
        });
      },
    });
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /Signed in as @demo/);
  });

  it('request: form body, JSON body, multipart upload, -i and a non-2xx exit 1', async () => {
    const form = await runCli(['request', '-d', 'status=Form + body & more', '/1.1/statuses/update.json'], { env });
    assert.equal(form.code, 0, form.err);
    assert.equal(JSON.parse(form.out).text, 'Form + body & more');
    const json = await runCli(['request', '--json', '{"text":"JSON body ✓"}', '/2/tweets'], { env });
    assert.equal(json.code, 0, json.err);
    assert.equal(JSON.parse(json.out).data.text, 'JSON body ✓');
    const rawJson = await runCli(['request', '-H', 'Content-Type: application/json', '--body', '{"text":"raw JSON body"}', '/2/tweets'], {
      env,
    });
    assert.equal(rawJson.code, 0, rawJson.err);
    assert.equal(JSON.parse(rawJson.out).data.text, 'raw JSON body');
    const upload = await runCli(
      ['request', '-F', 'media_category=tweet_image', '-F', `media=@${join(dir, 'pixel.png')}`, '/1.1/media/upload.json'],
      { env },
    );
    assert.equal(upload.code, 0, upload.err);
    assert.match(JSON.parse(upload.out).media_id_string, /^\d+$/);
    const v2 = await runCli(['request', '-F', 'media_category=tweet_image', '-F', `media=@${join(dir, 'pixel.png')}`, '/2/media/upload'], {
      env,
    });
    assert.equal(v2.code, 0, v2.err);
    assert.match(JSON.parse(v2.out).data.id, /^\d+$/);
    const include = await runCli(['request', '-i', '/2/users/me'], { env });
    assert.match(include.out, /^HTTP\/1\.1 200 OK\n(?:.+\n)*x-rate-limit-remaining: \d+\n/);
    const missing = await runCli(['request', '/1.1/statuses/show.json?id=1'], { env });
    assert.equal(missing.code, 1);
    assert.ok(missing.out.length > 0, 'the error body is printed');
    assert.match(missing.err, /HTTP 404/);
    const query = await runCli(['request', '--query-auth', '/2/users/me'], { env });
    assert.equal(query.code, 0, query.err);
    const body = await runCli(['request', '--body-auth', '-d', 'status=body auth', '/1.1/statuses/update.json'], { env });
    assert.equal(body.code, 0, body.err);
  });

  it('request -v shows the request and base string with secrets and the signature redacted', async () => {
    const r = await runCli(['request', '-v', '-d', 'status=verbose', '/1.1/statuses/update.json'], { env });
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /> POST http:\/\/127\.0\.0\.1:\d+\/1\.1\/statuses\/update\.json/);
    assert.match(r.err, /> authorization: OAuth .*oauth_signature="<redacted>"/);
    assert.match(r.err, /\* base string: POST&http%3A%2F%2F127\.0\.0\.1/);
    assert.match(r.err, /\* signing key: <consumer secret: \d+ chars>&<token secret: \d+ chars>/);
    assert.match(r.err, /< 200/);
    assert.ok(!/oauth_signature="[A-Za-z0-9%]/.test(r.err));
    const profile = (await loadProfiles(env)).profiles[(await loadProfiles(env)).default as string];
    for (const secret of [profile?.consumer?.secret, profile?.token?.secret]) assert.ok(!r.err.includes(secret as string));
  });

  it('a skewed server clock gets X error 135 with the measured offset as a hint', async () => {
    const skewed = await createSandbox({ memory: true, now: () => Date.now() + 600_000 });
    const listening = await skewed.listen({ port: 0, httpsPort: false });
    try {
      const c = skewed.credentials;
      const creds = [
        '--consumer-key',
        c.consumer_key,
        '--consumer-secret',
        c.consumer_secret,
        '--token',
        c.access_token,
        '--token-secret',
        c.access_token_secret,
      ];
      const r = await runCli(['request', ...creds, '--host', listening.httpUrl, '/1.1/account/verify_credentials.json'], { env });
      assert.equal(r.code, 1);
      assert.match(r.out, /"code":\s*135/);
      const offset = Number(/clock is off by ([+-]?\d+) s/.exec(r.err)?.[1]);
      assert.ok(Math.abs(offset + 600) <= 3, r.err);
    } finally {
      await listening.close();
      await skewed.close();
    }
  });

  it('TLS: verified by default, trusted with --cacert, skipped with --insecure and a warning', async () => {
    const url = `${server.httpsUrl}/2/users/me`;
    const plain = await runCli(['request', url], { env });
    assert.equal(plain.code, 1);
    assert.match(plain.err, /certificate|self.signed/i);
    assert.match(plain.err, /--cacert/);
    const trusted = await runCli(['request', '--cacert', server.certPath as string, url], { env });
    assert.equal(trusted.code, 0, trusted.err);
    assert.equal(JSON.parse(trusted.out).data.username, 'demo');
    const insecure = await runCli(['request', '--insecure', url], { env });
    assert.equal(insecure.code, 0, insecure.err);
    assert.match(insecure.err, /warning: --insecure/);
    // A relative --cacert given to authorize is stored absolute: the profile works from any directory.
    const c = sandbox.credentials;
    const cert = server.certPath as string;
    const login = ['authorize', '--xauth', '-u', c.username, '-p', c.password, '--host', server.httpsUrl as string, '--name', 'tls'];
    const signedIn = await runCli([...login, ...keys, '--cacert', basename(cert)], { env, cwd: dirname(cert) });
    assert.equal(signedIn.code, 0, signedIn.err);
    assert.equal((await loadProfiles(env)).profiles.tls?.cacert, cert);
    assert.equal((await runCli(['whoami', '--profile', 'tls'], { env, cwd: dir })).code, 0);
  });

  it('media upload and status, tweet with media (X API v2 upload), timeline, delete', async () => {
    const uploaded = await runCli(['media', 'upload', join(dir, 'pixel.png')], { env });
    assert.equal(uploaded.code, 0, uploaded.err);
    const mediaId = uploaded.out.trim();
    assert.match(mediaId, /^\d+$/);
    const status = await runCli(['media', 'status', mediaId], { env });
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, new RegExp(`^id: ${mediaId}\nkey: \\d+_${mediaId}\n`));
    const posted = await runCli(['tweet', 'A pixel', '--media', join(dir, 'pixel.png')], { env });
    assert.equal(posted.code, 0, posted.err);
    assert.match(posted.err, /uploaded .*pixel\.png \(\d+ bytes, image\/png\) as media \d+/);
    const id = /Posted tweet (\d+): A pixel/.exec(posted.out)?.[1];
    assert.ok(id, posted.out);
    const shown = await runCli(['request', `/2/tweets/${id}?tweet.fields=attachments`], { env });
    assert.equal(JSON.parse(shown.out).data.attachments.media_keys.length, 1);
    const reply = await runCli(['tweet', 'A reply', '--reply-to', id as string], { env });
    assert.equal(reply.code, 0, reply.err);
    const timeline = await runCli(['timeline', '--count', '3'], { env });
    assert.equal(timeline.code, 0, timeline.err);
    assert.match(timeline.out, new RegExp(`^${id} .*A pixel$`, 'm'));
    const byName = await runCli(['timeline', '--user', 'demo', '--json', '--count', '1'], { env });
    assert.equal(JSON.parse(byName.out.split('\n')[0] as string).text, 'A reply');
    const deleted = await runCli(['delete', id as string], { env });
    assert.equal(deleted.code, 0, deleted.err);
    const gone = await runCli(['request', `/1.1/statuses/show.json?id=${id}`], { env });
    assert.equal(gone.code, 1);
    const again = await runCli(['delete', id as string], { env });
    assert.equal(again.code, 1);
    assert.match(again.out, /was not deleted: X answered deleted=false \(no such tweet, or already deleted\)/);
  });

  it('verify checks a request captured from the sandbox flow: valid, tampered, wrong secret', async () => {
    const c = sandbox.credentials;
    const signed = await signRequest({
      method: 'POST',
      url: `${server.httpUrl}/1.1/statuses/update.json`,
      body: { status: 'verify me' },
      consumer: { key: c.consumer_key, secret: c.consumer_secret },
      token: { key: c.access_token, secret: c.access_token_secret },
    });
    const base = ['verify', '--method', 'POST', '--url', signed.url, '--authorization', signed.authorization];
    const secrets = ['--consumer-secret', c.consumer_secret, '--token-secret', c.access_token_secret];
    assert.equal((await runCli([...base, '--body', signed.body as string, ...secrets])).code, 0);
    const tampered = await runCli([...base, '--body', 'status=verify%20you', ...secrets]);
    assert.equal(tampered.code, 1);
    assert.match(tampered.out, /INVALID signature/);
    const wrong = await runCli([
      ...base,
      '--body',
      signed.body as string,
      '--consumer-secret',
      'not-the-secret',
      '--token-secret',
      c.access_token_secret,
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.out, /wrong consumer secret or token secret/);
    assertNoSecrets(tampered.out + wrong.out);
    // The same request is accepted by the sandbox itself.
    const live = await fetch(signed.url, {
      method: 'POST',
      headers: { authorization: signed.authorization, 'content-type': signed.contentType as string },
      body: signed.body,
    });
    assert.equal(live.status, 200);
  });
  it('logout invalidates the token at the provider and removes the profile', async () => {
    const file = await loadProfiles(env);
    const profile = file.profiles['stdin-demo'];
    assert.ok(profile?.token);
    const r = await runCli(['logout', 'stdin-demo'], { env });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /token invalidated\nremoved profile stdin-demo/);
    assert.equal((await loadProfiles(env)).profiles['stdin-demo'], undefined);
    const creds = [...keys, '--token', profile.token.key, '--token-secret', profile.token.secret, '--host', server.httpUrl];
    const v1 = await runCli(['request', ...creds, '/1.1/account/verify_credentials.json'], { env });
    assert.equal(v1.code, 1);
    // The sandbox answers a revoked token like any credential failure (code 32, as X): the hint names both.
    assert.match(
      v1.err,
      /hint: X error 32: the credentials were refused \(wrong key or secret, revoked token, or bad signature\): if the token was revoked re-run 'oauth1x authorize'/,
    );
    const v2 = await runCli(['whoami', ...creds], { env });
    assert.equal(v2.code, 1);
    assert.match(v2.err, /hint: 401: the credentials were refused/);
  });
});
