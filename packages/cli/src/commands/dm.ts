/**
 * `oauth1x dm send @USER|CONVERSATION TEXT` and `oauth1x dm list [@USER|CONVERSATION]`: direct messages.
 *
 * @module
 */
import type { DmEvent, User, XClient } from '@oauth1x/x';
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
  userRef,
} from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

export const help = `Usage: oauth1x dm send @NAME|CONVERSATION_ID TEXT... [--json] [options]
       oauth1x dm list [@NAME|CONVERSATION_ID] [--limit N|--all] [--json] [options]

send: sends a direct message to a user (by @name: POST /2/dm_conversations/with/:id/messages) or into a
conversation by its ID (POST /2/dm_conversations/:id/messages). Prints the event and conversation IDs.
list: the profile user's DM events, newest first: all of them, those with a user (@name), or those of one
conversation. X refuses DMs the recipient does not accept (their settings, a block): its reason is shown.

Options:
${LISTING_HELP}
${CONNECTION_HELP}

Examples:
  oauth1x dm send @XDevelopers 'Hello from the CLI'
  oauth1x dm send 1582838650545082368-1603419741234012160 'Hi all'
  oauth1x dm list @XDevelopers --limit 50
  oauth1x dm list --all --json
`;

/** The subcommands, for shell completion. */
export const subcommands = ['send', 'list'];

const OPTIONS = { ...LISTING_OPTIONS, ...CONNECTION_OPTIONS } as const;
const DM_PARAMS = {
  'dm_event.fields': 'created_at,dm_conversation_id,text,event_type',
  expansions: 'sender_id',
  'user.fields': 'username',
};

/** A conversation ID: digits, or two user IDs joined by `-` (a one-to-one conversation). */
const CONVERSATION = /^\d{1,19}(?:-\d{1,19})?$/;

type Peer = { user: ReturnType<typeof userRef> } | { conversation: string };

function peer(arg: string): Peer {
  if (arg.startsWith('@')) return { user: userRef(arg) };
  if (CONVERSATION.test(arg)) return { conversation: arg };
  throw new UsageError(`expects @NAME or a conversation ID, got "${arg}"`);
}

function eventLine(event: DmEvent, includes: Record<string, unknown[]> | undefined): string {
  const text = event.event_type === 'MessageCreate' ? (event.text ?? '').replace(/\s*\n\s*/g, ' ') : event.event_type;
  const sender = ((includes?.users ?? []) as User[]).find((u) => u.id === event.sender_id);
  const from = sender ? `@${sender.username}` : (event.sender_id ?? '');
  return [event.id, event.created_at ?? '', from, text].filter((p) => p !== '').join('  ');
}

async function send(x: XClient, io: CliIo, to: Peer, text: string, json: boolean | undefined): Promise<number> {
  const sent = 'user' in to ? await x.sendDm(await resolveUserId(x, to.user), text) : await x.sendDmToConversation(to.conversation, text);
  if (json) printJson(io, { data: sent.data });
  else io.stdout.write(`Sent DM ${sent.data.dm_event_id} in conversation ${sent.data.dm_conversation_id}\n`);
  return 0;
}

/**
 * Runs `oauth1x dm`.
 *
 * @example
 * ```ts
 * await run(['send', '@jack', 'hi'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [sub, target, ...words] = positionals;
  if (sub === 'send') {
    if (target === undefined) throw new UsageError('dm send expects @NAME or a conversation ID, then the TEXT');
    const to = peer(target);
    const text = words.join(' ');
    if (text.trim() === '') throw new UsageError('dm send: the TEXT is empty');
    if (values.limit !== undefined || values.all) throw new UsageError('dm send takes no --limit or --all');
    const { x } = await xClientFor(values, io);
    return apiCall(io, 'dm', () => send(x, io, to, text, values.json));
  }
  if (sub === 'list') {
    if (words.length > 0) throw new UsageError('dm list expects at most one @NAME or conversation ID');
    const from = target === undefined ? undefined : peer(target);
    const limit = listingLimit(values);
    const { x } = await xClientFor(values, io);
    return apiCall(io, 'dm', async () => {
      const options = { limit, maxResults: pageSize(limit, 1, 100), params: DM_PARAMS };
      const events =
        from === undefined
          ? x.dmEvents(options)
          : 'user' in from
            ? x.dmEventsWith(await resolveUserId(x, from.user), options)
            : x.dmConversationEvents(from.conversation, options);
      await printListing(io, events, { json: values.json, noun: 'DM events', line: (e, page) => eventLine(e, page.includes) });
      return 0;
    });
  }
  throw new UsageError(sub === undefined ? 'expects send or list' : `unknown subcommand "${sub}" (send or list)`);
}
