/**
 * The listing commands: `search`, `mentions`, `bookmarks`, `followers`, `following`, `blocks`, `mutes`. Each
 * follows X's pagination up to `--limit N` (default 20) or `--all`, prints one line per post or user, or X's
 * pages with `--json`.
 *
 * @module
 */
import type { Paginator, Tweet, User, XClient } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CommandModule } from '../commands.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import {
  apiCall,
  LISTING_HELP,
  LISTING_OPTIONS,
  listingLimit,
  pageSize,
  printListing,
  resolveUserId,
  TWEET_PARAMS,
  tweetLine,
  USER_PARAMS,
  userLine,
  userRef,
} from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

const OPTIONS = { ...LISTING_OPTIONS, ...CONNECTION_OPTIONS } as const;

interface ListingSpec<T> {
  name: string;
  usage: string;
  about: string;
  examples: string[];
  /** What the positional argument is: nothing, an optional user, or the required query. */
  argument: 'none' | 'user' | 'query';
  noun: string;
  /** X's `max_results` bounds for the endpoint. */
  bounds: [number, number];
  list: (x: XClient, arg: { userId?: string; query?: string }, limit: number | undefined, size: number) => Paginator<T>;
  line: (item: T, includes: Record<string, unknown[]> | undefined) => string;
}

function listing<T>(spec: ListingSpec<T>): CommandModule {
  const help = `Usage: oauth1x ${spec.name} ${spec.usage} [--limit N|--all] [--json] [options]

${spec.about}

Options:
${LISTING_HELP}
${CONNECTION_HELP}

Examples:
${spec.examples.map((e) => `  oauth1x ${spec.name} ${e}`.trimEnd()).join('\n')}
`;
  async function run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
    const limit = listingLimit(values);
    let query: string | undefined;
    let user: ReturnType<typeof userRef> | undefined;
    if (spec.argument === 'query') {
      query = positionals.join(' ').trim();
      if (query === '') throw new UsageError('expects a search QUERY (quote it)');
      if (query.length > 512) throw new UsageError('the QUERY is longer than 512 characters');
    } else if (spec.argument === 'user') {
      if (positionals.length > 1) throw new UsageError('expects at most one user (@name or numeric ID)');
      if (positionals[0] !== undefined) user = userRef(positionals[0]);
    } else if (positionals.length > 0) throw new UsageError('takes no arguments');
    const { x } = await xClientFor(values, io);
    return apiCall(io, spec.name, async () => {
      const userId = user === undefined ? undefined : await resolveUserId(x, user);
      const size = pageSize(limit, spec.bounds[0], spec.bounds[1]);
      await printListing(io, spec.list(x, { userId, query }, limit, size), {
        json: values.json,
        noun: spec.noun,
        line: (item, page) => spec.line(item, page.includes),
      });
      return 0;
    });
  }
  return { help, run };
}

const tweetItems = { line: (t: Tweet, includes: Record<string, unknown[]> | undefined) => tweetLine(t, includes), noun: 'posts' };
const userItems = { line: (u: User) => userLine(u), noun: 'users' };

/** `oauth1x search QUERY`. */
export const search = listing<Tweet>({
  name: 'search',
  usage: 'QUERY',
  about: "Searches the last 7 days of posts (GET /2/tweets/search/recent) with X's query syntax, newest first.",
  examples: ["'from:XDevelopers -is:retweet'", "'#oauth' --limit 100 --json", "'cats has:media' --all"],
  argument: 'query',
  bounds: [10, 100],
  list: (x, a, limit, size) => x.searchRecent(a.query as string, { limit, maxResults: size, params: TWEET_PARAMS }),
  ...tweetItems,
});

/** `oauth1x mentions [USER]`. */
export const mentions = listing<Tweet>({
  name: 'mentions',
  usage: '[@NAME|ID]',
  about: "Posts mentioning a user (GET /2/users/:id/mentions), newest first; default the profile's user.",
  examples: ['', '@XDevelopers --limit 50', '--all --json'],
  argument: 'user',
  bounds: [5, 100],
  list: (x, a, limit, size) => x.mentions(a.userId, { limit, maxResults: size, params: TWEET_PARAMS }),
  ...tweetItems,
});

/** `oauth1x bookmarks`. */
export const bookmarks = listing<Tweet>({
  name: 'bookmarks',
  usage: '',
  about: "The profile user's bookmarked posts (GET /2/users/:id/bookmarks; OAuth 2.0 scope bookmark.read).",
  examples: ['', '--all --json'],
  argument: 'none',
  bounds: [1, 100],
  list: (x, _a, limit, size) => x.bookmarks({ limit, maxResults: size, params: TWEET_PARAMS }),
  ...tweetItems,
});

/** `oauth1x followers [USER]`. */
export const followers = listing<User>({
  name: 'followers',
  usage: '[@NAME|ID]',
  about: "A user's followers (GET /2/users/:id/followers); default the profile's user.",
  examples: ['', '@XDevelopers --limit 200', '2244994945 --all --json'],
  argument: 'user',
  bounds: [1, 1000],
  list: (x, a, limit, size) => x.followers(a.userId, { limit, maxResults: size, params: USER_PARAMS }),
  ...userItems,
});

/** `oauth1x following [USER]`. */
export const following = listing<User>({
  name: 'following',
  usage: '[@NAME|ID]',
  about: "The accounts a user follows (GET /2/users/:id/following); default the profile's user.",
  examples: ['', '@XDevelopers --all'],
  argument: 'user',
  bounds: [1, 1000],
  list: (x, a, limit, size) => x.following(a.userId, { limit, maxResults: size, params: USER_PARAMS }),
  ...userItems,
});

/** `oauth1x blocks`. */
export const blocks = listing<User>({
  name: 'blocks',
  usage: '',
  about: "The accounts the profile's user blocks (GET /2/users/:id/blocking; OAuth 2.0 scope block.read).",
  examples: ['', '--all --json'],
  argument: 'none',
  bounds: [1, 1000],
  list: (x, _a, limit, size) => x.blocking({ limit, maxResults: size, params: USER_PARAMS }),
  ...userItems,
});

/** `oauth1x mutes`. */
export const mutes = listing<User>({
  name: 'mutes',
  usage: '',
  about: "The accounts the profile's user mutes (GET /2/users/:id/muting; OAuth 2.0 scope mute.read).",
  examples: ['', '--limit 5'],
  argument: 'none',
  bounds: [1, 1000],
  list: (x, _a, limit, size) => x.muting({ limit, maxResults: size, params: USER_PARAMS }),
  ...userItems,
});
