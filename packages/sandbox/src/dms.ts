/**
 * Direct messages of the sandbox (tables in db-relations.ts): one-to-one conversations (id `low-high` of the two
 * user ids, as X writes them) and group conversations (a snowflake id), their participants and their events
 * (`MessageCreate`, `ParticipantsJoin`, `ParticipantsLeave`). Who may message whom is decided by the routes
 * (routes-v2-dms.ts); this store keeps what was sent.
 *
 * @module
 */
import type { SandboxDatabase } from './db.js';
import type { SnowflakeIds } from './ids.js';
import type { OffsetPage } from './routes-v2-kit.js';

/** A DM event as stored. */
export interface DmEventRecord {
  id: string;
  conversationId: string;
  eventType: 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave';
  senderId: string;
  text: string | null;
  mediaIds: string[];
  participantIds: string[];
  createdAt: number;
}

interface Row {
  id: bigint;
  conversation_id: string;
  event_type: DmEventRecord['eventType'];
  sender_id: bigint;
  text: string | null;
  media_ids: string;
  participant_ids: string;
  created_at: bigint;
}

const split = (s: string): string[] => (s === '' ? [] : s.split(','));

const toRecord = (r: Row): DmEventRecord => ({
  id: String(r.id),
  conversationId: r.conversation_id,
  eventType: r.event_type,
  senderId: String(r.sender_id),
  text: r.text,
  mediaIds: split(r.media_ids),
  participantIds: split(r.participant_ids),
  createdAt: Number(r.created_at),
});

/**
 * The one-to-one conversation id of two users: the lower id, a dash, the higher.
 *
 * @example
 * ```ts
 * oneToOneId('20', '3'); // '3-20'
 * ```
 */
export function oneToOneId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * The DM store of one sandbox database.
 *
 * @example
 * ```ts
 * const { conversationId, event } = dms.send(oneToOneId(me, them), me, { text: 'hi' }, [me, them]);
 * ```
 */
export class Dms {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly ids: SnowflakeIds,
    private readonly now: () => number,
  ) {
    const max = db.prepare('SELECT MAX(id) AS m FROM x_dm_events').safeIntegers(true).get() as { m: bigint | null };
    if (max.m !== null) ids.observe(max.m);
  }

  /** The participants of a conversation (empty when it does not exist). */
  participants(conversationId: string): string[] {
    const rows = this.db
      .prepare('SELECT user_id AS id FROM x_dm_participants WHERE conversation_id = ? ORDER BY user_id')
      .safeIntegers(true)
      .all(conversationId) as Array<{ id: bigint }>;
    return rows.map((r) => String(r.id));
  }

  /** Whether a conversation is a group. */
  isGroup(conversationId: string): boolean {
    const row = this.db.prepare('SELECT kind FROM x_dm_conversations WHERE id = ?').get(conversationId) as { kind: string } | undefined;
    return row?.kind === 'group';
  }

  /** Creates a group conversation of `creator` and `others`: a ParticipantsJoin event, then the message. */
  createGroup(creator: string, others: string[], message: { text?: string | undefined; mediaIds?: string[] | undefined }): DmEventRecord {
    return this.db.transaction(() => {
      const conversationId = String(this.ids.next());
      this.#conversation(conversationId, 'group', [creator, ...others]);
      this.#event(conversationId, 'ParticipantsJoin', creator, null, [], [creator, ...others]);
      return this.#event(conversationId, 'MessageCreate', creator, message.text ?? null, message.mediaIds ?? [], []);
    })();
  }

  /** Sends a message in a conversation, creating the one-to-one conversation on first use. */
  send(
    conversationId: string,
    senderId: string,
    message: { text?: string | undefined; mediaIds?: string[] | undefined },
    participants?: string[],
  ): DmEventRecord {
    return this.db.transaction(() => {
      if (participants !== undefined) this.#conversation(conversationId, 'one', participants);
      return this.#event(conversationId, 'MessageCreate', senderId, message.text ?? null, message.mediaIds ?? [], []);
    })();
  }

  /** An event by id. */
  byId(id: string): DmEventRecord | undefined {
    const row = this.db.prepare('SELECT * FROM x_dm_events WHERE id = ?').safeIntegers(true).get(BigInt(id)) as Row | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Deletes an event. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM x_dm_events WHERE id = ?').run(BigInt(id)).changes > 0;
  }

  /**
   * Events newest first, of one conversation or (without one) of every conversation `userId` is in, of the
   * given types; one more than the page asks.
   */
  events(userId: string, conversationId: string | null, types: readonly string[], page: OffsetPage): DmEventRecord[] {
    const marks = types.map(() => '?').join(', ');
    const where =
      conversationId === null
        ? 'e.conversation_id IN (SELECT conversation_id FROM x_dm_participants WHERE user_id = ?)'
        : 'e.conversation_id = ?';
    const rows = this.db
      .prepare(`SELECT e.* FROM x_dm_events e WHERE ${where} AND e.event_type IN (${marks}) ORDER BY e.id DESC LIMIT ? OFFSET ?`)
      .safeIntegers(true)
      .all(conversationId ?? BigInt(userId), ...types, page.count + 1, page.offset) as Row[];
    return rows.map(toRecord);
  }

  #conversation(id: string, kind: 'one' | 'group', participants: string[]): void {
    this.db.prepare('INSERT OR IGNORE INTO x_dm_conversations (id, kind, created_at) VALUES (?, ?, ?)').run(id, kind, this.now());
    const add = this.db.prepare('INSERT OR IGNORE INTO x_dm_participants (conversation_id, user_id) VALUES (?, ?)');
    for (const user of participants) add.run(id, BigInt(user));
  }

  #event(
    conversationId: string,
    type: DmEventRecord['eventType'],
    senderId: string,
    text: string | null,
    mediaIds: string[],
    participantIds: string[],
  ): DmEventRecord {
    const id = this.ids.next();
    this.db
      .prepare(
        'INSERT INTO x_dm_events (id, conversation_id, event_type, sender_id, text, media_ids, participant_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, conversationId, type, BigInt(senderId), text, mediaIds.join(','), participantIds.join(','), this.now());
    return this.byId(String(id)) as DmEventRecord;
  }
}
