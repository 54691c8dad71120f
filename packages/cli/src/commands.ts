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
}

/** One entry of the command table. */
export interface CommandEntry {
  summary: string;
  /** Imports the command's module (commands are loaded lazily). */
  load: () => Promise<CommandModule>;
}

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
    summary: 'Run the whole flow against an embedded sandbox: xAuth (or --oauth2 PKCE), tweet, read back',
    load: () => import('./commands/demo.js'),
  },
  sign: { summary: 'Sign a request offline and print the Authorization header', load: () => import('./commands/sign.js') },
  verify: { summary: 'Check a captured signature offline and explain a mismatch', load: () => import('./commands/verify.js') },
  request: { summary: 'Send a signed request (curl-like) and print the answer', load: () => import('./commands/request.js') },
  accounts: { summary: 'List stored profiles; import twurl profiles', load: () => import('./commands/accounts.js') },
  use: { summary: 'Set the default profile', load: () => import('./commands/use.js') },
  authorize: {
    summary: 'Obtain a token (xAuth, PIN, browser, OAuth 2.0 PKCE or app-only) and store a profile',
    load: () => import('./commands/authorize.js'),
  },
  logout: { summary: "Revoke a profile's tokens and remove it", load: () => import('./commands/logout.js') },
  whoami: { summary: 'Show the signed-in user and the credential kind', load: () => import('./commands/whoami.js') },
  tweet: { summary: 'Post a tweet, with media or as a reply', load: () => import('./commands/tweet.js') },
  media: { summary: 'Upload media (X API v2) and show its upload status', load: () => import('./commands/media.js') },
  sandbox: { summary: 'Run the local X-compatible sandbox server; manage its apps and users', load: () => import('./commands/sandbox.js') },
  delete: { summary: 'Delete a tweet', load: () => import('./commands/delete.js') },
  timeline: { summary: "Print a user's recent tweets", load: () => import('./commands/timeline.js') },
  completion: { summary: 'Print a bash or zsh completion script', load: () => import('./commands/completion.js') },
};
