import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '../src/connection.js';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';
import { pickAuthKind, profileKinds } from '../src/profile-kinds.js';
import { configDir, loadProfiles, type Profile, saveProfiles } from '../src/profiles.js';

let home: string;
let env: Record<string, string>;

const OAUTH1 = { consumer: { key: 'ck', secret: 'cs-secret' }, token: { key: '1-tk', secret: 'ts-secret' } };
const OAUTH2 = {
  clientId: 'client-1',
  clientSecret: 'client-secret-1',
  accessToken: 'access-token-value-1',
  refreshToken: 'refresh-token-value-1',
  expiresAt: Date.now() + 3_600_000,
  scopes: ['tweet.read', 'users.read', 'offline.access'],
};

async function cli(args: string[]) {
  const io = memoryIo({ env });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('profiles with several credential kinds', () => {
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'oauth1x-kinds-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') };
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('a profiles.json written before OAuth 2.0 loads and is saved back unchanged', async () => {
    const path = join(configDir(env), 'profiles.json');
    const old = {
      version: 1,
      default: 'alice',
      note: 'kept',
      profiles: { alice: { host: 'https://api.x.com', ...OAUTH1, userId: '1', screenName: 'alice', extra: 42 } },
    };
    await saveProfiles(env, old as never);
    const loaded = await loadProfiles(env);
    assert.deepEqual(profileKinds(loaded.profiles.alice as Profile), ['oauth1', 'app']);
    assert.equal((await cli(['use', 'alice'])).code, 0);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), old);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('stores OAuth 2.0 and app-only credentials next to OAuth 1.0a; malformed ones are refused by name', async () => {
    const all: Profile = { host: 'http://127.0.0.1:9', ...OAUTH1, oauth2: OAUTH2, app: { bearer: 'app-bearer-value' } };
    await saveProfiles(env, { version: 1, default: 'all', profiles: { all, only2: { host: 'http://127.0.0.1:9', oauth2: OAUTH2 } } });
    const loaded = await loadProfiles(env);
    assert.deepEqual(loaded.profiles.all, all);
    assert.deepEqual(profileKinds(loaded.profiles.only2 as Profile), ['oauth2']);
    for (const broken of [
      { host: 'h', oauth2: { ...OAUTH2, scopes: 'tweet.read' } },
      { host: 'h', oauth2: { ...OAUTH2, accessToken: 1 } },
      { host: 'h', app: { bearer: null } },
      { host: 'h', token: { key: 't', secret: 's' } },
      { host: 'h' },
    ]) {
      const path = join(configDir(env), 'profiles.json');
      const text = JSON.stringify({ version: 1, profiles: { bad: broken } });
      await writeFile(path, text);
      const r = await cli(['accounts']);
      assert.equal(r.code, 1, JSON.stringify(broken));
      assert.match(r.err, /profile "bad" is not a valid profile/);
      assert.equal(await readFile(path, 'utf8'), text, 'the file is left as it was');
    }
  });

  it('--auth picks a kind; the default is oauth1, else oauth2, else app; a kind the profile lacks is a usage error', async () => {
    assert.equal(pickAuthKind({ ...OAUTH1, oauth2: OAUTH2 }, undefined, 'p'), 'oauth1');
    assert.equal(pickAuthKind({ oauth2: OAUTH2, app: { bearer: 'b' } }, undefined, 'p'), 'oauth2');
    assert.equal(pickAuthKind({ app: { bearer: 'b' } }, undefined, 'p'), 'app');
    assert.equal(pickAuthKind({ consumer: OAUTH1.consumer }, undefined, 'p'), 'app');
    await saveProfiles(env, {
      version: 1,
      default: 'all',
      profiles: {
        all: { host: 'http://127.0.0.1:9', ...OAUTH1, oauth2: OAUTH2, app: { bearer: 'app-bearer-value' } },
        only2: { host: 'http://127.0.0.1:9', oauth2: OAUTH2 },
      },
    });
    const io = memoryIo({ env });
    const c2 = await connect({ auth: 'oauth2' }, io);
    assert.equal(c2.auth, 'oauth2');
    assert.equal(c2.oauth2?.accessToken, OAUTH2.accessToken);
    assert.equal(c2.token, null);
    const capp = await connect({ auth: 'app' }, io);
    assert.equal(capp.bearer, 'app-bearer-value');
    assert.equal((await connect({}, io)).auth, 'oauth1');
    assert.equal((await connect({ profile: 'only2' }, io)).auth, 'oauth2');
    const missing = await cli(['whoami', '--profile', 'only2', '--auth', 'oauth1']);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.err,
      `oauth1x whoami: profile "only2" has no oauth1 credentials (it has: oauth2; add them with 'oauth1x authorize')\n`,
    );
    const bogus = await cli(['request', '--auth', 'basic', '/2/users/me']);
    assert.equal(bogus.code, 2);
    assert.equal(bogus.err, 'oauth1x request: --auth must be oauth1, oauth2 or app, got "basic"\n');
    const queryAuth = await cli(['request', '--auth', 'oauth2', '--query-auth', '/2/users/me']);
    assert.equal(queryAuth.code, 2);
    assert.match(queryAuth.err, /--query-auth is for OAuth 1\.0a/);
  });

  it("a call the token's kind or scopes cannot make is refused before sending: one line, exit 2", async () => {
    const scope = await cli(['tweet', '--profile', 'only2', 'needs tweet.write']);
    assert.equal(scope.code, 2, scope.err);
    assert.equal(scope.err.trim().split('\n').length, 1, scope.err);
    assert.match(
      scope.err,
      /^oauth1x tweet: XClient\.tweet .*missing tweet\.write.*; authorize again: oauth1x authorize --oauth2 --scopes "/,
    );
    const kind = await cli(['whoami', '--profile', 'all', '--auth', 'app', '--json']);
    assert.equal(kind.code, 0, 'whoami names the app for an app-only bearer, without calling /2/users/me');
    assert.equal(JSON.parse(kind.out).auth.kind, 'app');
  });

  it('accounts shows the kinds and never a token', async () => {
    const list = await cli(['accounts']);
    assert.equal(list.code, 0);
    assert.match(list.out, /^\* all .*oauth1,oauth2,app {2}app ck {2}client client-1$/m);
    assert.match(list.out, /^ {2}only2 .*oauth2 {2}client client-1$/m);
    const json = JSON.parse((await cli(['accounts', '--json'])).out) as Array<{ name: string; kinds: string[]; scopes?: string[] }>;
    assert.deepEqual(json[0]?.kinds, ['oauth1', 'oauth2', 'app']);
    assert.deepEqual(json[0]?.scopes, OAUTH2.scopes);
    for (const secret of [OAUTH2.accessToken, OAUTH2.refreshToken, OAUTH2.clientSecret, 'app-bearer-value', 'cs-secret', 'ts-secret'])
      assert.ok(!list.out.includes(secret) && !JSON.stringify(json).includes(secret), secret);
  });

  it('logout --local --auth removes one kind and keeps the profile while it holds another', async () => {
    const r = await cli(['logout', 'all', '--local', '--auth', 'oauth2']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /removed OAuth 2\.0 user token from profile all/);
    let file = await loadProfiles(env);
    assert.equal(file.profiles.all?.oauth2, undefined);
    assert.deepEqual(file.profiles.all?.token, OAUTH1.token);
    assert.equal(file.profiles.all?.app?.bearer, 'app-bearer-value');
    const none = await cli(['logout', 'only2', '--local', '--auth', 'app']);
    assert.equal(none.code, 2);
    assert.match(none.err, /profile "only2" holds no app token \(it has: oauth2\)/);
    assert.equal((await cli(['logout', 'only2', '--local', '--auth', 'oauth2'])).code, 0);
    file = await loadProfiles(env);
    assert.equal(file.profiles.only2, undefined, 'a profile left without a token is removed');
    assert.equal((await cli(['logout', 'all', '--local'])).code, 0);
    assert.deepEqual(Object.keys((await loadProfiles(env)).profiles), []);
  });
});
