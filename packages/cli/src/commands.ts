/**
 * The CLI's command table. Each command lives in its own module under `commands/`, loaded only when it
 * runs, so `oauth1x sign` never pays for the sandbox or the X client.
 *
 * @module
 */
import type { CliIo } from './io.js';

/** A command module's shape. */
export interface CommandModule {
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
  /** The command's `--help` text, examples included. */
  help: string;
  /** Its subcommands (`dm send`, `lists create`, …), for shell completion. */
  subcommands?: readonly string[];
}

/** The headings of `oauth1x --help`, in order. */
export const COMMAND_GROUPS = ['Start and sign', 'Accounts', 'Posts', 'Reading', 'People', 'Direct messages and lists', 'Tools'] as const;

/** One of {@link COMMAND_GROUPS}. */
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** One entry of the command table. */
export interface CommandEntry {
  summary: string;
  /** The heading it is listed under in `oauth1x --help`. */
  group: CommandGroup;
  /** Imports the command's module (commands are loaded lazily). */
  load: () => Promise<CommandModule>;
}

/** The modules that hold several commands, each loaded on first use. */
const post = async (name: 'post' | 'reply' | 'quote'): Promise<CommandModule> => (await import('./commands/post.js'))[name];
const action = async (name: keyof typeof import('./commands/actions.js')): Promise<CommandModule> =>
  (await import('./commands/actions.js'))[name];
const listing = async (name: keyof typeof import('./commands/listings.js')): Promise<CommandModule> =>
  (await import('./commands/listings.js'))[name];

/**
 * Every command, in the order `oauth1x --help` lists them.
 *
 * @example
 * ```ts
 * const command = await COMMANDS.sign?.load();
 * ```
 */
export const COMMANDS: Record<string, CommandEntry> = {
  demo: {
    group: 'Start and sign',
    summary: 'Run the whole flow against an embedded sandbox: xAuth (or --oauth2 PKCE), tweet, read back',
    load: () => import('./commands/demo.js'),
  },
  sign: {
    group: 'Start and sign',
    summary: 'Sign a request offline and print the Authorization header',
    load: () => import('./commands/sign.js'),
  },
  verify: {
    group: 'Start and sign',
    summary: 'Check a captured signature offline and explain a mismatch',
    load: () => import('./commands/verify.js'),
  },
  request: {
    group: 'Start and sign',
    summary: 'Send a signed request (curl-like) and print the answer',
    load: () => import('./commands/request.js'),
  },
  accounts: { group: 'Accounts', summary: 'List stored profiles; import twurl profiles', load: () => import('./commands/accounts.js') },
  use: { group: 'Accounts', summary: 'Set the default profile', load: () => import('./commands/use.js') },
  authorize: {
    group: 'Accounts',
    summary: 'Obtain a token (xAuth, PIN, browser, OAuth 2.0 PKCE or app-only) and store a profile',
    load: () => import('./commands/authorize.js'),
  },
  logout: { group: 'Accounts', summary: "Revoke a profile's tokens and remove it", load: () => import('./commands/logout.js') },
  whoami: { group: 'Accounts', summary: 'Show the signed-in user and the credential kind', load: () => import('./commands/whoami.js') },
  post: { group: 'Posts', summary: 'Post text, with media, a poll or reply settings', load: () => post('post') },
  reply: { group: 'Posts', summary: 'Reply to a post (ID or URL)', load: () => post('reply') },
  quote: { group: 'Posts', summary: 'Quote a post in a new post', load: () => post('quote') },
  thread: { group: 'Posts', summary: 'Post a thread from arguments, a file or stdin', load: () => import('./commands/thread.js') },
  tweet: { group: 'Posts', summary: 'Post a tweet, with media or as a reply', load: () => import('./commands/tweet.js') },
  delete: { group: 'Posts', summary: 'Delete a tweet', load: () => import('./commands/delete.js') },
  media: { group: 'Posts', summary: 'Upload media (X API v2) and show its upload status', load: () => import('./commands/media.js') },
  like: { group: 'Posts', summary: 'Like posts', load: () => action('like') },
  unlike: { group: 'Posts', summary: 'Take likes back', load: () => action('unlike') },
  repost: { group: 'Posts', summary: 'Repost posts', load: () => action('repost') },
  unrepost: { group: 'Posts', summary: 'Undo reposts', load: () => action('unrepost') },
  bookmark: { group: 'Posts', summary: 'Bookmark posts', load: () => action('bookmark') },
  unbookmark: { group: 'Posts', summary: 'Remove bookmarks', load: () => action('unbookmark') },
  hide: { group: 'Posts', summary: 'Hide replies to your conversations', load: () => action('hide') },
  unhide: { group: 'Posts', summary: 'Show hidden replies again', load: () => action('unhide') },
  read: { group: 'Reading', summary: 'Show posts by ID or URL', load: () => import('./commands/read.js') },
  search: { group: 'Reading', summary: 'Search recent posts', load: () => listing('search') },
  timeline: {
    group: 'Reading',
    summary: "Print a user's recent tweets, or the home timeline",
    load: () => import('./commands/timeline.js'),
  },
  mentions: { group: 'Reading', summary: 'Posts mentioning a user', load: () => listing('mentions') },
  bookmarks: { group: 'Reading', summary: 'Your bookmarked posts', load: () => listing('bookmarks') },
  user: { group: 'People', summary: 'Show user profiles (@name or ID)', load: () => import('./commands/user.js') },
  followers: { group: 'People', summary: "A user's followers", load: () => listing('followers') },
  following: { group: 'People', summary: 'The accounts a user follows', load: () => listing('following') },
  follow: { group: 'People', summary: 'Follow users (a request for protected accounts)', load: () => action('follow') },
  unfollow: { group: 'People', summary: 'Unfollow users', load: () => action('unfollow') },
  block: { group: 'People', summary: "Block users' direct messages", load: () => action('block') },
  unblock: { group: 'People', summary: "Unblock users' direct messages", load: () => action('unblock') },
  blocks: { group: 'People', summary: 'The accounts you block', load: () => listing('blocks') },
  mute: { group: 'People', summary: 'Mute users', load: () => action('mute') },
  unmute: { group: 'People', summary: 'Unmute users', load: () => action('unmute') },
  mutes: { group: 'People', summary: 'The accounts you mute', load: () => listing('mutes') },
  dm: { group: 'Direct messages and lists', summary: 'Send direct messages; list DM events', load: () => import('./commands/dm.js') },
  lists: {
    group: 'Direct messages and lists',
    summary: 'Create, show and manage lists and their members',
    load: () => import('./commands/lists.js'),
  },
  sandbox: {
    group: 'Tools',
    summary: 'Run the local X-compatible sandbox server; manage its apps and users',
    load: () => import('./commands/sandbox.js'),
  },
  completion: { group: 'Tools', summary: 'Print a bash or zsh completion script', load: () => import('./commands/completion.js') },
};
