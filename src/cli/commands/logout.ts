/**
 * `oauth1x logout NAME`: invalidate a profile's token at the provider and remove the profile.
 *
 * @module
 */
import { signRequest } from '../../core/sign-request.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { tlsFetch } from '../connection.js';
import type { CliIo } from '../io.js';
import { errorHints } from '../output.js';
import { loadProfiles, updateProfiles } from '../profiles.js';

export const help = `Usage: oauth1x logout NAME [--local] [--cacert FILE] [--insecure]

Invalidates the profile's access token (POST /1.1/oauth/invalidate_token, signed with the token) and removes
the profile from the store. If the provider cannot be reached or refuses, the profile is kept (exit 1);
--local removes it without calling the provider. A token the provider no longer knows (401) counts as
invalidated.

Examples:
  oauth1x logout alice
  oauth1x logout alice@127.0.0.1:8787 --local
`;

/**
 * Runs `oauth1x logout`.
 *
 * @example
 * ```ts
 * await run(['alice'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { local: { type: 'boolean' }, cacert: { type: 'string' }, insecure: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('expects exactly one profile NAME');
  const name = positionals[0] as string;
  const file = await loadProfiles(io.env);
  const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
  if (profile === undefined) throw new UsageError(`no profile named "${name}" (see 'oauth1x accounts')`);
  if (!values.local) {
    const url = `${profile.host}/1.1/oauth/invalidate_token`;
    const signed = await signRequest({ method: 'POST', url, consumer: profile.consumer, token: profile.token });
    const fetch = tlsFetch(io, { cacert: values.cacert ?? profile.cacert, insecure: values.insecure });
    const response = await fetch(url, { method: 'POST', headers: { authorization: signed.authorization } });
    const text = await response.text();
    if (!response.ok && response.status !== 401) {
      io.stderr.write(
        `oauth1x logout: the provider refused to invalidate the token (HTTP ${response.status}); the profile is kept (--local removes it anyway)\n`,
      );
      for (const hint of errorHints(response.status, text, response.headers)) io.stderr.write(`hint: ${hint}\n`);
      return 1;
    }
    io.stdout.write(response.ok ? 'token invalidated\n' : 'token already invalid at the provider\n');
  }
  await updateProfiles(io.env, (current) => {
    delete current.profiles[name];
    if (current.default === name) current.default = undefined;
  });
  io.stdout.write(`removed profile ${name}\n`);
  return 0;
}
