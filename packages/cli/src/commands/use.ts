/**
 * `oauth1x use NAME`: set the default profile.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { updateProfiles } from '../profiles.js';

export const help = `Usage: oauth1x use NAME

Makes the stored profile NAME the default for request, tweet, timeline, whoami, ...

Examples:
  oauth1x use alice
  oauth1x accounts        # the default is marked with *
`;

/**
 * Runs `oauth1x use`.
 *
 * @example
 * ```ts
 * await run(['alice'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, true);
  if (positionals.length !== 1) throw new UsageError('expects exactly one profile NAME');
  const name = positionals[0] as string;
  await updateProfiles(io.env, (file) => {
    if (!Object.hasOwn(file.profiles, name)) throw new UsageError(`no profile named "${name}" (see 'oauth1x accounts')`);
    file.default = name;
  });
  io.stdout.write(`default profile: ${name}\n`);
  return 0;
}
