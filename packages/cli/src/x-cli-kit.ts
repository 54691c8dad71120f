/**
 * Shared pieces of the everyday X commands (`post`, `read`, `like`, `followers`, `dm`, `lists`, …): post and
 * user references (an ID, a post URL, `@name`), listing options (`--limit N`, `--all`, `--json`) with
 * progress on a terminal, and the human lines for posts, users, lists and DM events.
 *
 * @module
 */
import type { Paginator, Tweet, User, XClient, XPage } from '@oauth1x/x';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';
import { reportApiError } from './x-connection.js';

/** A post URL on x.com / twitter.com (`https://x.com/jack/status/20`, `/i/web/status/20`, `/statuses/20`). */
const POST_URL = /^https?:\/\/(?:(?:www|mobile)\.)?(?:x|twitter)\.com\/(?:\w{1,15}|i\/web|i)\/status(?:es)?\/(\d{1,19})(?:[/?#].*)?$/i;

/**
 * The post ID in `arg`: a numeric ID or a post URL. Anything else is a {@link UsageError} naming `what`.
 *
 * @example
 * ```ts
 * postId('https://x.com/jack/status/20'); // '20'
 * postId('20'); // '20'
 * ```
 */
export function postId(arg: string, what = 'a post'): string {
  if (/^\d{1,19}$/.test(arg)) return arg;
  const match = POST_URL.exec(arg);
  if (match) return match[1] as string;
  throw new UsageError(`expects ${what} as a numeric ID or a post URL (https://x.com/NAME/status/ID), got "${arg}"`);
}

/** A user as typed on the command line: by username (`@name`) or by numeric id. */
export type UserRef = { username: string } | { id: string };

/**
 * Parses `@name` (or `name` with a letter in it) as a username, digits as a user ID.
 *
 * @example
 * ```ts
 * userRef('@jack'); // { username: 'jack' }
 * userRef('12');    // { id: '12' }
 * ```
 */
export function userRef(arg: string): UserRef {
  if (/^\d{1,19}$/.test(arg)) return { id: arg };
  // X's usernames: 1 to 15 letters, digits and underscores; `@123` is the username "123".
  const match = /^@?(\w{1,15})$/.exec(arg);
  if (match) return { username: match[1] as string };
  throw new UsageError(`expects a user as @name or a numeric ID, got "${arg}"`);
}

/**
 * The user ID of `ref`, looking a username up with `GET /2/users/by/username/:username`.
 *
 * @example
 * ```ts
 * const id = await resolveUserId(x, userRef('@jack'));
 * ```
 */
export async function resolveUserId(x: XClient, ref: UserRef): Promise<string> {
  if ('id' in ref) return ref.id;
  return (await x.getUserByUsername(ref.username)).data.id;
}

/** Options every listing command takes. */
export const LISTING_OPTIONS = {
  limit: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Help lines for {@link LISTING_OPTIONS}. */
export const LISTING_HELP = `  --limit N               how many items (default 20)
  --all                   every item, page after page (progress on a terminal's stderr)
  --json                  X's answers as they come: one JSON page ({ data, includes, meta }) per line`;

/**
 * The item limit of `--limit N` / `--all` (`undefined` for all), checked.
 *
 * @example
 * ```ts
 * listingLimit({ limit: '50' }); // 50
 * ```
 */
export function listingLimit(values: { limit?: string | undefined; all?: boolean | undefined }, fallback = 20): number | undefined {
  if (values.all === true) {
    if (values.limit !== undefined) throw new UsageError('--all and --limit do not go together');
    return undefined;
  }
  if (values.limit === undefined) return fallback;
  const n = Number(values.limit);
  if (!/^\d+$/.test(values.limit) || !Number.isSafeInteger(n) || n < 1) throw new UsageError('--limit expects a whole number from 1');
  return n;
}

/**
 * A page size for `limit` within X's bounds of the endpoint (`min`–`max` `max_results`).
 *
 * @example
 * ```ts
 * pageSize(5, 10, 100); // 10
 * ```
 */
export function pageSize(limit: number | undefined, min: number, max: number): number {
  return Math.max(min, Math.min(max, limit ?? max));
}

/**
 * Prints a listing: each item as a human line (or X's pages as JSON lines with `json`), with a running count on
 * stderr when it is a terminal. Returns how many items were printed.
 *
 * @example
 * ```ts
 * await printListing(io, x.followers(id, { limit: 50 }), { json: false, noun: 'followers', line: userLine });
 * ```
 */
export async function printListing<T>(
  io: CliIo,
  paginator: Paginator<T>,
  options: { json?: boolean | undefined; noun: string; line: (item: T, page: XPage<T>) => string },
): Promise<number> {
  const progress = io.stderr.isTTY === true;
  let count = 0;
  let pages = 0;
  for await (const page of paginator.pages()) {
    pages++;
    count += page.data.length;
    if (options.json) {
      // X leaves `data` out of an empty page.
      const { data, includes, meta, errors } = page;
      io.stdout.write(`${JSON.stringify({ data: data.length > 0 ? data : undefined, includes, meta, errors })}\n`);
    } else for (const item of page.data) io.stdout.write(`${options.line(item, page)}\n`);
    if (progress) io.stderr.write(`\r${count} ${options.noun} (${pages} page${pages === 1 ? '' : 's'})…`);
  }
  if (progress) io.stderr.write('\n');
  if (count === 0 && !options.json) io.stderr.write(`no ${options.noun}\n`);
  return count;
}

/** The `tweet.fields` / `expansions` / `user.fields` a post line shows. */
export const TWEET_PARAMS = { 'tweet.fields': 'created_at,author_id', expansions: 'author_id', 'user.fields': 'username' } as const;

/** The `user.fields` a user line shows. */
export const USER_PARAMS = { 'user.fields': 'created_at,description,protected,public_metrics' } as const;

function authorOf(tweet: Tweet, includes: Record<string, unknown[]> | undefined): string {
  const users = (includes?.users ?? []) as User[];
  const author = users.find((u) => u.id === tweet.author_id);
  return author ? `@${author.username}` : (tweet.author_id ?? '');
}

/**
 * One post as a line: `ID  @author  date  text` (newlines in the text shown as spaces).
 *
 * @example
 * ```ts
 * tweetLine({ id: '20', text: 'just setting up my twttr' }); // '20  just setting up my twttr'
 * ```
 */
export function tweetLine(tweet: Tweet, includes?: Record<string, unknown[]>): string {
  const parts = [tweet.id, authorOf(tweet, includes), tweet.created_at ?? '', tweet.text.replace(/\s*\n\s*/g, ' ')];
  return parts.filter((p) => p !== '').join('  ');
}

/**
 * One user as a line: `@username  name  (id N)`, with `[protected]` and counts when present.
 *
 * @example
 * ```ts
 * userLine({ id: '12', username: 'jack', name: 'jack' }); // '@jack  jack  (id 12)'
 * ```
 */
export function userLine(user: User): string {
  const isProtected = user.protected === true ? '  [protected]' : '';
  return `@${user.username}  ${user.name}  (id ${user.id})${isProtected}`;
}

/**
 * Runs an API call for `command`: its errors become X's message (and hints) on stderr with exit 1, or a
 * credential mismatch (missing scope, wrong kind) with exit 2; usage errors pass through.
 *
 * @example
 * ```ts
 * return apiCall(io, 'like', async () => { await x.like(id); io.stdout.write('Liked\n'); return 0; });
 * ```
 */
export async function apiCall(io: CliIo, command: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = await reportApiError(io, command, error);
    // X's problem names what was wrong in `errors[]` (the parameter, the value): its first few lines.
    const body = (error as { body?: { kind?: string; errors?: unknown } }).body;
    if (body?.kind === 'problem' && Array.isArray(body.errors)) {
      for (const item of body.errors.slice(0, 3) as Array<{ message?: unknown }>) {
        if (typeof item?.message === 'string') io.stderr.write(`  ${item.message}\n`);
      }
    }
    return code;
  }
}

/**
 * Prints `value` as indented JSON (the `--json` form of a single answer).
 *
 * @example
 * ```ts
 * printJson(io, { data });
 * ```
 */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
