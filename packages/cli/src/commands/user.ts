/**
 * `oauth1x user @name|ID...`: show user profiles (`GET /2/users/by/username/:u`, `GET /2/users/:id`, batches).
 *
 * @module
 */
import type { User, XResponse } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { apiCall, printJson, USER_PARAMS, userRef } from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x user @NAME|ID... [--json] [options]

Shows a user's profile: name, @username, id, bio, when they joined, whether the account is protected, and
their follower, following and post counts. Users by @name or numeric ID, up to 100.

Options:
  --json                  print X's answer as JSON
${CONNECTION_HELP}

Examples:
  oauth1x user @XDevelopers
  oauth1x user 2244994945 @jack --json
`;

const OPTIONS = { json: { type: 'boolean' }, ...CONNECTION_OPTIONS } as const;

/**
 * A profile in a few lines.
 *
 * @example
 * ```ts
 * profileText({ id: '12', username: 'jack', name: 'jack' });
 * ```
 */
export function profileText(user: User): string {
  const lines = [`${user.name} @${user.username} (id ${user.id})${user.protected === true ? ' [protected]' : ''}`];
  if (typeof user.description === 'string' && user.description !== '') lines.push(`  ${user.description.replace(/\s*\n\s*/g, ' ')}`);
  if (typeof user.created_at === 'string') lines.push(`  joined ${user.created_at}`);
  const m = user.public_metrics as Record<string, number> | undefined;
  if (m) lines.push(`  ${m.followers_count ?? 0} followers, ${m.following_count ?? 0} following, ${m.tweet_count ?? 0} posts`);
  return lines.join('\n');
}

/**
 * Runs `oauth1x user`.
 *
 * @example
 * ```ts
 * await run(['@jack'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('expects one or more users (@name or numeric ID)');
  if (positionals.length > 100) throw new UsageError('at most 100 users at a time');
  const refs = positionals.map(userRef);
  const { x } = await xClientFor(values, io);
  return apiCall(io, 'user', async () => {
    const names = refs.flatMap((r) => ('username' in r ? [r.username] : []));
    const ids = refs.flatMap((r) => ('id' in r ? [r.id] : []));
    const answers: Array<XResponse<User | User[]>> = [];
    if (names.length === 1) answers.push(await x.getUserByUsername(names[0] as string, USER_PARAMS));
    else if (names.length > 1) answers.push(await x.getUsersByUsernames(names, USER_PARAMS));
    if (ids.length === 1) answers.push(await x.getUser(ids[0] as string, USER_PARAMS));
    else if (ids.length > 1) answers.push(await x.getUsers(ids, USER_PARAMS));
    const found = answers.flatMap((a) => (a.data === undefined ? [] : Array.isArray(a.data) ? a.data : [a.data]));
    // In the order asked (names are case-insensitive on X).
    const users = refs.flatMap((r) => {
      const user = found.find((u) => ('id' in r ? u.id === r.id : u.username.toLowerCase() === r.username.toLowerCase()));
      return user === undefined ? [] : [user];
    });
    const errors = answers.flatMap((a) => a.errors ?? []);
    if (values.json) printJson(io, { data: users, errors: errors.length > 0 ? errors : undefined });
    else {
      io.stdout.write(users.map(profileText).join('\n\n') + (users.length > 0 ? '\n' : ''));
      for (const e of errors) io.stderr.write(`${String(e.value ?? '')}: ${String(e.detail ?? e.title)}\n`);
    }
    return users.length === refs.length ? 0 : 1;
  });
}
