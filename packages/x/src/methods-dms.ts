/**
 * X client methods of direct messages (`XClient.prototype`, see `client-area.ts`), after X's OpenAPI document
 * 2.167: send to a participant, to a conversation, start a group; read events (all, with a participant, of a
 * conversation, one); delete an event. User context only: OAuth 1.0a or an OAuth 2.0 token with `dm.write`
 * (sending, deleting) / `dm.read` (reading), plus `tweet.read` and `users.read`. Errors: `XCredentialError`
 * before sending; `OAuthResponseError` for X's answers — 403 `not-authorized-for-resource` when the recipient
 * does not take messages from the user (does not follow them, blocked, DM-blocked), 404 for an unknown
 * conversation or event.
 *
 * @module
 */
import { CLIENT_HOST, type HasClientHost, seg } from './client-host.js';
import type { PageOptions, Paginator, XResponse } from './types.js';

/** A DM event as X API v2 returns it; more fields with `dm_event.fields`. */
export interface DmEvent {
  id: string;
  event_type: 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave' | string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  created_at?: string;
  participant_ids?: string[];
  attachments?: { media_keys?: string[] | null; card_ids?: string[] | null };
  [field: string]: unknown;
}

/** A message: text, media (uploaded with `uploadMedia`, category `dm_image` / `dm_video` / `dm_gif`), or both. */
export interface DmMessage {
  text?: string | undefined;
  mediaIds?: string[] | undefined;
}

/** What a send answers. */
export interface DmSent {
  dm_conversation_id: string;
  dm_event_id: string;
}

/** The methods this module adds to `XClient`. */
export interface DmMethods {
  /**
   * Sends a message to a user, in their one-to-one conversation (`POST /2/dm_conversations/with/:id/messages`).
   *
   * @example
   * ```ts
   * const { data } = await x.sendDm('2244994945', { text: 'Hello!' });
   * console.log(data.dm_conversation_id);
   * ```
   */
  sendDm(participantId: string, message: DmMessage | string): Promise<XResponse<DmSent>>;
  /**
   * Sends a message in a conversation the user is in (`POST /2/dm_conversations/:id/messages`).
   *
   * @example
   * ```ts
   * await x.sendDmToConversation('1582103724607971328', 'Hello, group!');
   * ```
   */
  sendDmToConversation(conversationId: string, message: DmMessage | string): Promise<XResponse<DmSent>>;
  /**
   * Starts a group conversation with 2–49 other users and a first message (`POST /2/dm_conversations`).
   *
   * @example
   * ```ts
   * const { data } = await x.createDmGroup(['2244994945', '783214'], 'Welcome!');
   * ```
   */
  createDmGroup(participantIds: string[], message: DmMessage | string): Promise<XResponse<DmSent>>;
  /**
   * The user's DM events, newest first (`GET /2/dm_events`), `pagination_token`, `maxResults` 1–100; `params`
   * adds `dm_event.fields`, `event_types`, `expansions` (`sender_id`, `participant_ids`), `user.fields`.
   *
   * @example
   * ```ts
   * for await (const event of x.dmEvents({ params: { 'dm_event.fields': 'created_at' } })) console.log(event.text);
   * ```
   */
  dmEvents(options?: PageOptions): Paginator<DmEvent>;
  /**
   * The events of the one-to-one conversation with a user (`GET /2/dm_conversations/with/:id/dm_events`).
   *
   * @example
   * ```ts
   * for await (const event of x.dmEventsWith('2244994945')) console.log(event.sender_id, event.text);
   * ```
   */
  dmEventsWith(participantId: string, options?: PageOptions): Paginator<DmEvent>;
  /**
   * The events of a conversation (`GET /2/dm_conversations/:id/dm_events`).
   *
   * @example
   * ```ts
   * for await (const event of x.dmConversationEvents(conversationId)) console.log(event.text);
   * ```
   */
  dmConversationEvents(conversationId: string, options?: PageOptions): Paginator<DmEvent>;
  /**
   * One DM event (`GET /2/dm_events/:id`).
   *
   * @example
   * ```ts
   * const { data } = await x.getDmEvent(eventId, { 'dm_event.fields': 'dm_conversation_id' });
   * ```
   */
  getDmEvent(eventId: string, params?: Readonly<Record<string, string>>): Promise<XResponse<DmEvent>>;
  /**
   * Deletes a message the user sent (`DELETE /2/dm_events/:id`). Scopes: `dm.read`, `dm.write`.
   *
   * @example
   * ```ts
   * await x.deleteDmEvent(eventId);
   * ```
   */
  deleteDmEvent(eventId: string): Promise<XResponse<{ deleted: boolean }>>;
}

const area = (self: unknown) => (self as HasClientHost)[CLIENT_HOST];

/** X's message body: `text` and `attachments: [{ media_id }]`. */
function body(message: DmMessage | string): Record<string, unknown> {
  const m = typeof message === 'string' ? { text: message } : message;
  const out: Record<string, unknown> = {};
  if (m.text !== undefined) out.text = m.text;
  if (m.mediaIds !== undefined && m.mediaIds.length > 0) out.attachments = m.mediaIds.map((id) => ({ media_id: id }));
  return out;
}

/** The implementations, attached to `XClient.prototype`. */
export const dmMethods: DmMethods = {
  sendDm(participantId, message) {
    return area(this).call('sendDm', 'POST', `/2/dm_conversations/with/${seg(participantId)}/messages`, { json: body(message) });
  },
  sendDmToConversation(conversationId, message) {
    return area(this).call('sendDmToConversation', 'POST', `/2/dm_conversations/${seg(conversationId)}/messages`, {
      json: body(message),
    });
  },
  createDmGroup(participantIds, message) {
    return area(this).call('createDmGroup', 'POST', '/2/dm_conversations', {
      json: { conversation_type: 'Group', participant_ids: participantIds, message: body(message) },
    });
  },
  dmEvents(options = {}) {
    return area(this).list('dmEvents', async () => '/2/dm_events', 'pagination_token', options);
  },
  dmEventsWith(participantId, options = {}) {
    return area(this).list(
      'dmEventsWith',
      async () => `/2/dm_conversations/with/${seg(participantId)}/dm_events`,
      'pagination_token',
      options,
    );
  },
  dmConversationEvents(conversationId, options = {}) {
    return area(this).list(
      'dmConversationEvents',
      async () => `/2/dm_conversations/${seg(conversationId)}/dm_events`,
      'pagination_token',
      options,
    );
  },
  getDmEvent(eventId, params = {}) {
    return area(this).call('getDmEvent', 'GET', `/2/dm_events/${seg(eventId)}`, { query: params });
  },
  deleteDmEvent(eventId) {
    return area(this).call('deleteDmEvent', 'DELETE', `/2/dm_events/${seg(eventId)}`);
  },
};
