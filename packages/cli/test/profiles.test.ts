import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';
import { configDir, loadProfiles, type Profile, parseTwurlrc, saveProfiles } from '../src/profiles.js';

const BIN = new URL('../../bin/oauth1x.js', import.meta.url).pathname;
let home: string;
let env: Record<string, string>;

function profile(n: number): Profile {
  return {
    host: 'http://127.0.0.1:9',
    consumer: { key: `ck${n}`, secret: `cs-secret-${n}` },
    token: { key: `${n}-tk`, secret: `ts-secret-${n}` },
    screenName: `user${n}`,
    userId: String(n),
  };
}

async function cli(args: string[]) {
  const io = memoryIo({ env });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const TWURLRC = `---
profiles:
  alice:
    AbCdEfGhIjKl:
      username: alice
      consumer_key: AbCdEfGhIjKl
      consumer_secret: alice-consumer-secret
      token: 12345-aliceToken
      secret: alice-token-secret
  bob:
    KEY1:
      username: bob
      consumer_key: KEY1
      consumer_secret: s1
      token: 777-bobtoken1
      secret: t1
    KEY2:
      username: bob
      consumer_key: KEY2
      consumer_secret: s2
      token: 777-bobtoken2
      secret: t2
configuration:
  default_profile:
  - alice
  - AbCdEfGhIjKl
`;

describe('profile store', () => {
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'oauth1x-profiles-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') };
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('lives in $XDG_CONFIG_HOME/oauth1x, else ~/.config/oauth1x', () => {
    assert.equal(configDir({ XDG_CONFIG_HOME: '/x/y', HOME: '/h' }), '/x/y/oauth1x');
    assert.equal(configDir({ HOME: '/h' }), '/h/.config/oauth1x');
    assert.equal(configDir({ XDG_CONFIG_HOME: 'relative', HOME: '/h' }), '/h/.config/oauth1x');
  });

  it('writes the file with mode 0600 in a 0700 directory, replacing it atomically', async () => {
    const path = await saveProfiles(env, { version: 1, default: 'a', profiles: { a: profile(1) } });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(configDir(env))).mode & 0o777, 0o700);
    const before = (await stat(path)).ino;
    await saveProfiles(env, { version: 1, default: 'a', profiles: { a: profile(1), b: profile(2) } });
    const st = await stat(path);
    assert.notEqual(st.ino, before, 'a new file is renamed over the old one');
    assert.equal(st.mode & 0o777, 0o600);
    assert.deepEqual(Object.keys((await loadProfiles(env)).profiles), ['a', 'b']);
    assert.deepEqual(
      (await readdir(configDir(env))).filter((n) => n.endsWith('.tmp')),
      [],
      'no temp files left',
    );
  });

  it('readers never see a partial file while writers replace it', async () => {
    const big: Record<string, Profile> = {};
    for (let i = 0; i < 2000; i++) big[`p${i}`] = profile(i);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) writes.push(saveProfiles(env, { version: 1, default: `p${i}`, profiles: big }));
    let reads = 0;
    const deadline = Date.now() + 20_000;
    const reader = (async () => {
      while (reads < 200 && Date.now() < deadline) {
        const text = await readFile(join(configDir(env), 'profiles.json'), 'utf8');
        JSON.parse(text); // throws on a torn file
        reads++;
      }
    })();
    await Promise.all([...writes, reader]);
    assert.ok(reads >= 200);
  });

  it('accounts lists profiles without secrets; use sets the default; logout --local removes', async () => {
    await saveProfiles(env, { version: 1, default: 'a', profiles: { a: profile(1), b: profile(2) } });
    const list = await cli(['accounts']);
    assert.equal(list.code, 0);
    assert.match(list.out, /^\* a +@user1/m);
    assert.match(list.out, /^ {2}b +@user2/m);
    assert.ok(!list.out.includes('secret'));
    assert.equal((await cli(['use', 'b'])).code, 0);
    assert.equal((await loadProfiles(env)).default, 'b');
    const json = JSON.parse((await cli(['accounts', '--json'])).out) as Array<{ name: string; default: boolean }>;
    assert.deepEqual(
      json.map((p) => [p.name, p.default]),
      [
        ['a', false],
        ['b', true],
      ],
    );
    const missing = await cli(['use', 'nobody']);
    assert.equal(missing.code, 2);
    assert.equal((await loadProfiles(env)).default, 'b');
    assert.equal((await cli(['logout', 'b', '--local'])).code, 0);
    const after = await loadProfiles(env);
    assert.deepEqual(Object.keys(after.profiles), ['a']);
    assert.equal(after.default, undefined);
  });

  it('imports a twurl ~/.twurlrc, keeping existing profiles unless --overwrite', async () => {
    await saveProfiles(env, { version: 1, profiles: { alice: profile(9) } });
    await writeFile(join(home, '.twurlrc'), TWURLRC);
    const first = await cli(['accounts', 'import-twurl']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /imported 2 profile\(s\).*bob-KEY1, bob-KEY2/);
    assert.match(first.out, /kept existing: alice/);
    let file = await loadProfiles(env);
    assert.equal(file.profiles.alice?.consumer?.key, 'ck9');
    assert.deepEqual(file.profiles['bob-KEY2']?.token, { key: '777-bobtoken2', secret: 't2' });
    assert.equal(file.profiles['bob-KEY2']?.host, 'https://api.x.com');
    assert.equal(file.default, undefined, 'the twurl default (alice) was not imported');
    const second = await cli(['accounts', 'import-twurl', '--overwrite']);
    assert.equal(second.code, 0);
    file = await loadProfiles(env);
    assert.deepEqual(file.profiles.alice?.consumer, { key: 'AbCdEfGhIjKl', secret: 'alice-consumer-secret' });
    assert.equal(file.profiles.alice?.userId, '12345');
    assert.equal(file.default, 'alice');
    assert.ok(!(second.out + second.err).includes('alice-consumer-secret'));
  });

  it('rejects a broken .twurlrc with a usage error', async () => {
    await assert.rejects(parseTwurlrc('profiles: [unclosed'), /not a valid .twurlrc/);
    await assert.rejects(parseTwurlrc('configuration: {}'), /no profiles/);
    await writeFile(join(home, 'bad'), 'profiles: {a: {k: {username: a}}}');
    const r = await cli(['accounts', 'import-twurl', '--file', join(home, 'bad')]);
    assert.equal(r.code, 1);
    assert.equal((await cli(['accounts', 'import-twurl', '--file', join(home, 'missing')])).code, 2);
  });

  it('a corrupt store is reported, never overwritten', async () => {
    const path = join(configDir(env), 'profiles.json');
    await writeFile(path, '{ not json');
    const r = await cli(['use', 'a']);
    assert.equal(r.code, 1);
    assert.match(r.err, /not valid JSON/);
    assert.equal(await readFile(path, 'utf8'), '{ not json');
  });

  it('a profile that is not one, or a file that cannot be read, is reported by path; nothing in the file is lost', async () => {
    const path = join(configDir(env), 'profiles.json');
    const text = `${JSON.stringify({ version: 1, default: 'a', note: 'kept', profiles: { a: profile(1), work: { host: 'h', token: { key: 't', secret: 12345 } } } })}\n`;
    await writeFile(path, text);
    const r = await cli(['use', 'a']);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /profile "work" is not a valid profile/);
    assert.ok(r.err.includes(path));
    assert.equal(await readFile(path, 'utf8'), text);
    await rm(path);
    await mkdir(path);
    const unreadable = await cli(['accounts']);
    assert.equal(unreadable.code, 1);
    assert.ok(unreadable.err.includes(`cannot read ${path}: EISDIR`), unreadable.err);
    await rm(path, { recursive: true });
  });

  it('any name is an ordinary profile name (__proto__ too); other fields of the file are kept; an empty --name is refused', async () => {
    await saveProfiles(env, { version: 1, default: '__proto__', profiles: Object.fromEntries([['__proto__', profile(1)]]) });
    const loaded = await loadProfiles(env);
    assert.deepEqual(Object.keys(loaded.profiles), ['__proto__']);
    assert.equal((await cli(['use', '__proto__'])).code, 0);
    const path = join(configDir(env), 'profiles.json');
    await writeFile(path, JSON.stringify({ version: 1, extra: { kept: true }, profiles: { a: profile(1) } }));
    assert.equal((await cli(['use', 'a'])).code, 0);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')).extra, { kept: true });
    const empty = await cli(['authorize', '--xauth', '-u', 'x', '-p', 'y', '--name', '', '--consumer-key', 'k', '--consumer-secret', 's']);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /--name must be 1 to 200 characters/);
  });

  it('a spawned `use` replaces the file atomically (new inode, mode 0600)', async () => {
    await saveProfiles(env, { version: 1, default: 'a', profiles: { a: profile(1), b: profile(2) } });
    const path = join(configDir(env), 'profiles.json');
    const before = await stat(path);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'use', 'b'], { env: { ...process.env, ...env }, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill(), 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0);
    const afterStat = await stat(path);
    assert.notEqual(afterStat.ino, before.ino);
    assert.equal(afterStat.mode & 0o777, 0o600);
    assert.equal((await loadProfiles(env)).default, 'b');
  });
});
