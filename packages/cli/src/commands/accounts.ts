/**
 * `oauth1x accounts`: list stored profiles, or import twurl's `~/.twurlrc`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { profileKinds } from '../profile-kinds.js';
import { loadProfiles, parseTwurlrc, profilesPath, updateProfiles } from '../profiles.js';

export const help = `Usage: oauth1x accounts [--json]
       oauth1x accounts import-twurl [--file PATH] [--overwrite]

Lists the stored profiles (the default one marked with *); secrets are never shown. Profiles live in
$XDG_CONFIG_HOME/oauth1x/profiles.json (default ~/.config/oauth1x/), mode 0600, replaced atomically.

import-twurl copies every profile of twurl's ~/.twurlrc (or --file) into the store; existing profiles of
the same name are kept unless --overwrite. twurl's default profile becomes the default when none is set.

Examples:
  oauth1x accounts
  oauth1x accounts import-twurl
  oauth1x accounts import-twurl --file ./twurlrc --overwrite
`;

/**
 * Runs `oauth1x accounts`.
 *
 * @example
 * ```ts
 * await run([], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' }, file: { type: 'string' }, overwrite: { type: 'boolean' } },
    true,
  );
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'import-twurl')) {
    throw new UsageError(`unknown subcommand "${positionals.join(' ')}" (only import-twurl)`);
  }
  if (positionals[0] === 'import-twurl') return importTwurl(io, values.file, values.overwrite === true);
  if (values.file !== undefined || values.overwrite) throw new UsageError('--file and --overwrite go with import-twurl');
  const file = await loadProfiles(io.env);
  const names = Object.keys(file.profiles).sort();
  if (values.json) {
    const list = names.map((name) => {
      const p = file.profiles[name]!;
      return {
        name,
        default: name === file.default,
        host: p.host,
        screenName: p.screenName,
        userId: p.userId,
        consumerKey: p.consumer?.key,
        kinds: profileKinds(p),
        oauth2ClientId: p.oauth2?.clientId,
        scopes: p.oauth2?.scopes,
      };
    });
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (names.length === 0) {
    io.stdout.write(`no profiles yet (run 'oauth1x authorize'); store: ${profilesPath(io.env)}\n`);
    return 0;
  }
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const p = file.profiles[name]!;
    io.stdout.write(
      `${name === file.default ? '*' : ' '} ${name.padEnd(width)}  @${p.screenName ?? '?'}  ${p.host}  ${profileKinds(p).join(',')}${p.consumer ? `  app ${p.consumer.key}` : ''}${p.oauth2 ? `  client ${p.oauth2.clientId}` : ''}\n`,
    );
  }
  return 0;
}

async function importTwurl(io: CliIo, path: string | undefined, overwrite: boolean): Promise<number> {
  const source = path ?? join(io.env.HOME || homedir(), '.twurlrc');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${source}`);
  }
  const found = await parseTwurlrc(text);
  if (found.profiles.length === 0) {
    io.stderr.write(`oauth1x accounts: no complete profiles in ${source}\n`);
    return 1;
  }
  const imported: string[] = [];
  const skipped: string[] = [];
  await updateProfiles(io.env, (file) => {
    for (const { name, profile } of found.profiles) {
      if (Object.hasOwn(file.profiles, name) && !overwrite) skipped.push(name);
      else {
        file.profiles[name] = profile;
        imported.push(name);
      }
    }
    if (file.default === undefined && found.defaultName !== undefined && imported.includes(found.defaultName))
      file.default = found.defaultName;
  });
  io.stdout.write(`imported ${imported.length} profile(s) from ${source}: ${imported.join(', ') || '-'}\n`);
  if (skipped.length > 0) io.stdout.write(`kept existing: ${skipped.join(', ')} (use --overwrite to replace)\n`);
  return 0;
}
