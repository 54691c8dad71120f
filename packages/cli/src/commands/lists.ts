/**
 * `oauth1x lists …`: X lists. `lists [@USER]` (owned lists), `create`, `show`, `delete`, `add`, `remove`,
 * `members`, `tweets`, `follow`, `unfollow`, `pin`, `unpin`.
 *
 * @module
 */
import type { XClient, XList } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import {
  apiCall,
  LISTING_HELP,
  LISTING_OPTIONS,
  listingLimit,
  pageSize,
  printJson,
  printListing,
  resolveUserId,
  TWEET_PARAMS,
  tweetLine,
  USER_PARAMS,
  userLine,
  userRef,
} from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x lists [owned] [@NAME|ID] [--limit N|--all] [--json] [options]
       oauth1x lists create NAME [--description TEXT] [--private]
       oauth1x lists show|delete|follow|unfollow|pin|unpin LIST_ID
       oauth1x lists add|remove LIST_ID @NAME|ID
       oauth1x lists members|tweets LIST_ID [--limit N|--all]

Lists of X: the lists a user owns (default the profile's user), create one (prints its ID), show one, delete
one, add or remove a member, list its members or its posts, follow / unfollow and pin / unpin it.

Options:
  --description TEXT      the list's description (create; up to 100 characters)
  --private               a private list (create)
${LISTING_HELP}
${CONNECTION_HELP}

Examples:
  oauth1x lists
  oauth1x lists create 'Rust people' --description 'Rustaceans I read' --private
  oauth1x lists add 1441162269824405510 @XDevelopers
  oauth1x lists tweets 1441162269824405510 --limit 50
  oauth1x lists pin 1441162269824405510
`;

/** The subcommands, for shell completion. */
export const subcommands = [
  'owned',
  'create',
  'show',
  'delete',
  'add',
  'remove',
  'members',
  'tweets',
  'follow',
  'unfollow',
  'pin',
  'unpin',
];

const OPTIONS = { description: { type: 'string' }, private: { type: 'boolean' }, ...LISTING_OPTIONS, ...CONNECTION_OPTIONS } as const;
const LIST_PARAMS = { 'list.fields': 'description,private,member_count,follower_count' };

/** One-call subcommands on a list: the client call and the line of its answer. */
const ON_LIST: Record<
  string,
  { call: (x: XClient, id: string) => Promise<{ data: Record<string, unknown> }>; line: (id: string) => string }
> = {
  delete: { call: (x, id) => x.deleteList(id), line: (id) => `Deleted list ${id}` },
  follow: { call: (x, id) => x.followList(id), line: (id) => `Following list ${id}` },
  unfollow: { call: (x, id) => x.unfollowList(id), line: (id) => `Unfollowed list ${id}` },
  pin: { call: (x, id) => x.pinList(id), line: (id) => `Pinned list ${id}` },
  unpin: { call: (x, id) => x.unpinList(id), line: (id) => `Unpinned list ${id}` },
};

function listLine(list: XList): string {
  const extra = [list.private ? 'private' : '', list.member_count === undefined ? '' : `${list.member_count} members`].filter((p) => p);
  return `${list.id}  ${list.name}${extra.length > 0 ? `  (${extra.join(', ')})` : ''}${list.description ? `  ${list.description}` : ''}`;
}

function listId(arg: string | undefined, sub: string): string {
  if (arg === undefined || !/^\d{1,19}$/.test(arg)) throw new UsageError(`lists ${sub} expects a numeric LIST_ID`);
  return arg;
}

/**
 * Runs `oauth1x lists`.
 *
 * @example
 * ```ts
 * await run(['create', 'Friends'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [first, ...rest] = positionals;
  const sub = first === undefined || !subcommands.includes(first) ? 'owned' : first;
  const operands = sub === 'owned' && first !== 'owned' ? positionals : rest;
  if ((values.description !== undefined || values.private) && sub !== 'create')
    throw new UsageError('--description and --private go with lists create');
  const listing = sub === 'owned' || sub === 'members' || sub === 'tweets';
  if (!listing && (values.limit !== undefined || values.all)) throw new UsageError(`lists ${sub} takes no --limit or --all`);
  const limit = listing ? listingLimit(values) : undefined;
  const want = sub === 'add' || sub === 'remove' ? 2 : sub === 'owned' ? (operands.length === 0 ? 0 : 1) : 1;
  if (operands.length !== want) throw new UsageError(`lists ${sub}: wrong number of arguments (see oauth1x lists --help)`);
  let name: string | undefined;
  if (sub === 'create') {
    name = operands[0] as string;
    if ([...name].length < 1 || [...name].length > 25) throw new UsageError('lists create: the NAME is 1 to 25 characters');
    if (values.description !== undefined && [...values.description].length > 100)
      throw new UsageError('--description is up to 100 characters');
  }
  const id = sub === 'create' || sub === 'owned' ? undefined : listId(operands[0], sub);
  const member = sub === 'add' || sub === 'remove' ? userRef(operands[1] as string) : undefined;
  const owner = sub === 'owned' && operands[0] !== undefined ? userRef(operands[0]) : undefined;
  const { x } = await xClientFor(values, io);
  const show = (value: { data: unknown }, line: string) =>
    values.json ? printJson(io, { data: value.data }) : io.stdout.write(`${line}\n`);
  return apiCall(io, 'lists', async () => {
    const page = { limit, maxResults: pageSize(limit, 1, 100) };
    if (sub === 'owned') {
      const ownerId = owner === undefined ? undefined : await resolveUserId(x, owner);
      const lists = x.ownedLists(ownerId, { ...page, params: LIST_PARAMS });
      await printListing(io, lists, { json: values.json, noun: 'lists', line: listLine });
    } else if (sub === 'create') {
      const created = await x.createList({ name: name as string, description: values.description, private: values.private });
      show(created, `Created list ${created.data.id}: ${created.data.name}`);
    } else if (sub === 'show') {
      const list = await x.getList(id as string, LIST_PARAMS);
      if (values.json) printJson(io, { data: list.data, includes: list.includes });
      else io.stdout.write(`${listLine(list.data)}\n`);
    } else if (sub === 'add' || sub === 'remove') {
      const userId = await resolveUserId(x, member as ReturnType<typeof userRef>);
      const done = sub === 'add' ? await x.addListMember(id as string, userId) : await x.removeListMember(id as string, userId);
      show(done, `${sub === 'add' ? 'Added' : 'Removed'} ${operands[1]} ${sub === 'add' ? 'to' : 'from'} list ${id}`);
    } else if (sub === 'members') {
      const members = x.listMembers(id as string, { ...page, params: USER_PARAMS });
      await printListing(io, members, { json: values.json, noun: 'members', line: userLine });
    } else if (sub === 'tweets') {
      const tweets = x.listTweets(id as string, { ...page, params: TWEET_PARAMS });
      await printListing(io, tweets, { json: values.json, noun: 'posts', line: (t, p) => tweetLine(t, p.includes) });
    } else {
      const op = ON_LIST[sub] as (typeof ON_LIST)[string];
      show(await op.call(x, id as string), op.line(id as string));
    }
    return 0;
  });
}
