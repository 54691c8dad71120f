/**
 * v2 direct-message routes in the shapes of X's OpenAPI document (2.167): send to a participant, to a
 * conversation, a new group conversation; read events (all of the user's, with one participant, of one
 * conversation, one event); delete an event.
 *
 * Who may message whom, as X's rules go (the sandbox has no "receive messages from anyone" setting, so it takes
 * the default "people you follow"): a one-to-one message reaches a user who follows the sender, or who has
 * already written in that conversation; never across a block, either way, nor to a user who DM-blocked the
 * sender (`POST /2/users/:id/dm/block`); the same holds for each participant of a new group. In an existing
 * group, participants write freely. The refusal is X's 403 `not-authorized-for-resource`. Only the sender deletes
 * an event, and it is gone for every participant (the sandbox's choice; X's documents do not say).
 *
 * @module
 */
import type { ApiCall, RouteSpec } from './api.js';
import type { SandboxContext } from './context.js';
import { type DmEventRecord, oneToOneId } from './dms.js';
import { mediaKey } from './media.js';
import { forbidden, idParam, notFound, offsetPage, pageMeta, relationStores } from './routes-v2-kit.js';
import { specRouteBuilders } from './spec-routes.js';
import { jsonResponse, v2InvalidRequest } from './x-errors.js';
import { parseSelection } from './x-format-v2.js';
import { v2User } from './x-format-v2-user.js';
import { v2Date, type XJsonValue } from './x-json.js';

type JsonObject = { [key: string]: XJsonValue };
type Message = { text?: string; attachments?: Array<{ media_id: string }> };

/** The longest DM text X takes. */
const MAX_DM_TEXT = 10_000;
const EVENT_TYPES = ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'];

/** Whether `sender` may start or continue a one-to-one conversation with `recipient`. */
function mayMessage(call: ApiCall, sender: string, recipient: string): boolean {
  const { relations, dms } = relationStores(call.ctx);
  if (relations.refusesDmsFrom(recipient, sender) || relations.isBlocked(sender, recipient)) return false;
  if (call.ctx.tweets.isFollowing(recipient, sender)) return true;
  const conversation = oneToOneId(sender, recipient);
  return dms.events(sender, conversation, ['MessageCreate'], { offset: 0, count: 1000 }).some((e) => e.senderId === recipient);
}

/** The message of a body, checked beyond X's schema (length, media of the sender), or the answer to give. */
function messageOf(call: ApiCall, message: Message): { text?: string; mediaIds: string[] } | Response {
  if (message.text !== undefined && [...message.text].length > MAX_DM_TEXT) {
    return v2InvalidRequest('text', '', `The text of a message may not exceed ${MAX_DM_TEXT} characters`);
  }
  const mediaIds = (message.attachments ?? []).map((a) => a.media_id);
  for (const id of mediaIds) {
    const media = call.ctx.media.byId(id);
    if (media === undefined || media.userId !== call.user.id || media.state !== 'succeeded') {
      return v2InvalidRequest('attachments.media_id', id, 'The media ID is invalid');
    }
  }
  if (message.text === undefined && mediaIds.length === 0) return v2InvalidRequest('text', '', 'A message needs text or an attachment');
  return { ...(message.text !== undefined ? { text: message.text } : {}), mediaIds };
}

const created = (event: DmEventRecord) => jsonResponse({ data: { dm_conversation_id: event.conversationId, dm_event_id: event.id } }, 201);

function sendToParticipant(call: ApiCall): Response {
  const id = idParam(call, 'participant_id');
  if (id instanceof Response) return id;
  if (!call.ctx.accounts.userById(id)) return notFound('user', 'participant_id', id);
  if (id === call.user.id) return v2InvalidRequest('participant_id', id, 'You cannot send a message to yourself');
  const message = messageOf(call, call.json as Message);
  if (message instanceof Response) return message;
  if (!mayMessage(call, call.user.id, id)) return forbidden('user', id, 'You cannot send messages to this user.');
  return created(relationStores(call.ctx).dms.send(oneToOneId(call.user.id, id), call.user.id, message, [call.user.id, id]));
}

function sendToConversation(call: ApiCall): Response {
  const id = call.path.dm_conversation_id ?? '';
  const dms = relationStores(call.ctx).dms;
  const participants = dms.participants(id);
  if (!participants.includes(call.user.id)) return notFound('dm_conversation', 'dm_conversation_id', id);
  const message = messageOf(call, call.json as Message);
  if (message instanceof Response) return message;
  if (!dms.isGroup(id)) {
    const other = participants.find((p) => p !== call.user.id) ?? call.user.id;
    if (!mayMessage(call, call.user.id, other)) return forbidden('user', other, 'You cannot send messages to this user.');
  }
  return created(dms.send(id, call.user.id, message));
}

function createGroup(call: ApiCall): Response {
  const body = call.json as { participant_ids: string[]; message: Message };
  const others = [...new Set(body.participant_ids)].filter((p) => p !== call.user.id);
  if (others.length < 2) return v2InvalidRequest('participant_ids', body.participant_ids, 'A group needs at least two other participants');
  for (const id of others) {
    if (!call.ctx.accounts.userById(id)) return notFound('user', 'participant_ids', id);
    if (!mayMessage(call, call.user.id, id)) return forbidden('user', id, 'You cannot send messages to this user.');
  }
  const message = messageOf(call, body.message);
  if (message instanceof Response) return message;
  return created(relationStores(call.ctx).dms.createGroup(call.user.id, others, message));
}

/** DM events in X's shape, with `dm_event.fields` and the `sender_id` / `participant_ids` expansions. */
class EventFormat {
  readonly #fields: Set<string>;
  readonly #expansions: Set<string>;
  readonly #users = new Map<string, JsonObject>();
  constructor(private readonly call: ApiCall) {
    const list = (name: string) => new Set((call.url.searchParams.get(name) ?? '').split(',').filter((v) => v !== ''));
    this.#fields = list('dm_event.fields');
    this.#expansions = list('expansions');
  }

  event(e: DmEventRecord): JsonObject {
    const f = this.#fields;
    // sender_id is always given: X's document (2.167) lists no dm_event.fields value for it.
    const out: JsonObject = { id: e.id, event_type: e.eventType, sender_id: e.senderId };
    if (e.eventType === 'MessageCreate') out.text = e.text ?? '';
    else out.participant_ids = e.participantIds;
    if (f.has('created_at')) out.created_at = v2Date(e.createdAt);
    if (f.has('dm_conversation_id')) out.dm_conversation_id = e.conversationId;
    if (f.has('attachments') && e.mediaIds.length > 0) {
      const keys = e.mediaIds.map((id) => this.call.ctx.media.byId(id)).flatMap((m) => (m === undefined ? [] : [mediaKey(m)]));
      out.attachments = { media_keys: keys };
    }
    if (this.#expansions.has('sender_id')) this.#include(e.senderId);
    if (this.#expansions.has('participant_ids')) for (const id of e.participantIds) this.#include(id);
    return out;
  }

  includes(): JsonObject {
    return this.#users.size > 0 ? { includes: { users: [...this.#users.values()] } } : {};
  }

  #include(id: string): void {
    const user = this.#users.has(id) ? undefined : this.call.ctx.accounts.userById(id);
    if (user === undefined) return;
    const fields = parseSelection(this.call.url.searchParams, this.call.user.id).userFields;
    this.#users.set(id, v2User(this.call.sources, user, fields, this.call.user.id));
  }
}

function events(scope: 'all' | 'with' | 'conversation') {
  return (call: ApiCall): Response => {
    let conversation: string | null = null;
    if (scope === 'with') {
      const id = idParam(call, 'participant_id');
      if (id instanceof Response) return id;
      conversation = oneToOneId(call.user.id, id);
    } else if (scope === 'conversation') {
      conversation = call.path.id ?? '';
      if (!relationStores(call.ctx).dms.participants(conversation).includes(call.user.id))
        return notFound('dm_conversation', 'id', conversation);
    }
    const page = offsetPage(call, 1, 100, 100);
    if (page instanceof Response) return page;
    const types = (call.url.searchParams.get('event_types') ?? EVENT_TYPES.join(',')).split(',');
    const rows = relationStores(call.ctx).dms.events(call.user.id, conversation, types, page);
    const format = new EventFormat(call);
    const meta = pageMeta(page, rows.length);
    if (rows.length === 0) return jsonResponse({ meta: { ...meta, result_count: 0 } });
    const data = rows.slice(0, page.count).map((e) => format.event(e));
    return jsonResponse({ data, ...format.includes(), meta });
  };
}

/** The event of `:event_id` in one of the user's conversations, or the answer to give. */
function ownEvent(call: ApiCall): DmEventRecord | Response {
  const id = idParam(call, 'event_id');
  if (id instanceof Response) return id;
  const event = relationStores(call.ctx).dms.byId(id);
  if (event === undefined || !relationStores(call.ctx).dms.participants(event.conversationId).includes(call.user.id)) {
    return notFound('dm_event', 'event_id', id);
  }
  return event;
}

/**
 * The DM routes.
 *
 * @example
 * ```ts
 * const routes = dmRoutes(ctx);
 * ```
 */
export function dmRoutes(ctx: SandboxContext): RouteSpec[] {
  const { r } = specRouteBuilders(ctx);
  return [
    r('POST', '/2/dm_conversations', 'POST /2/dm_conversations', createGroup),
    r('POST', '/2/dm_conversations/with/:participant_id/messages', 'POST /2/dm_conversations', sendToParticipant),
    r('POST', '/2/dm_conversations/:dm_conversation_id/messages', 'POST /2/dm_conversations', sendToConversation),
    r('GET', '/2/dm_conversations/with/:participant_id/dm_events', 'GET /2/dm_events', events('with')),
    r('GET', '/2/dm_conversations/:id/dm_events', 'GET /2/dm_events', events('conversation')),
    r('GET', '/2/dm_events', 'GET /2/dm_events', events('all')),
    r('GET', '/2/dm_events/:event_id', 'GET /2/dm_events', (call) => {
      const event = ownEvent(call);
      if (event instanceof Response) return event;
      const format = new EventFormat(call);
      return jsonResponse({ data: format.event(event), ...format.includes() });
    }),
    r('DELETE', '/2/dm_events/:event_id', 'DELETE /2/dm_events', (call) => {
      const event = ownEvent(call);
      if (event instanceof Response) return event;
      if (event.senderId !== call.user.id) return forbidden('dm_event', event.id, 'You can only delete messages you sent.');
      relationStores(call.ctx).dms.delete(event.id);
      return jsonResponse({ data: { deleted: true } });
    }),
  ];
}
