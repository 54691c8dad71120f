/**
 * Lists of the sandbox (tables in db-relations.ts): owned by a user, public or private, with members,
 * followers and pins. A private list is visible only to its owner, as on X; its members and posts likewise.
 *
 * @module
 */
import type { SandboxDatabase } from './db.js';
import type { SnowflakeIds } from './ids.js';
import type { OffsetPage } from './routes-v2-kit.js';

/** A list as stored. */
export interface ListRecord {
  id: string;
  ownerId: string;
  name: string;
  description: string;
  private: boolean;
  createdAt: number;
}

interface Row {
  id: bigint;
  owner_id: bigint;
  name: string;
  description: string;
  private: number;
  created_at: number;
}

const toRecord = (r: Row): ListRecord => ({
  id: String(r.id),
  ownerId: String(r.owner_id),
  name: r.name,
  description: r.description,
  private: r.private === 1,
  createdAt: r.created_at,
});

/** The most pinned lists a user may have (X: five). */
export const MAX_PINNED_LISTS = 5;

/**
 * The lists store of one sandbox database.
 *
 * @example
 * ```ts
 * const list = lists.create(userId, { name: 'friends' });
 * lists.addMember(list.id, otherId);
 * ```
 */
export class Lists {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly ids: SnowflakeIds,
    private readonly now: () => number,
  ) {
    const max = db.prepare('SELECT MAX(id) AS m FROM x_lists').safeIntegers(true).get() as { m: bigint | null };
    if (max.m !== null) ids.observe(max.m);
  }

  /** Creates a list. */
  create(ownerId: string, input: { name: string; description?: string | undefined; private?: boolean | undefined }): ListRecord {
    const id = this.ids.next();
    this.db
      .prepare('INSERT INTO x_lists (id, owner_id, name, description, private, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, BigInt(ownerId), input.name, input.description ?? '', input.private === true ? 1 : 0, this.now());
    return this.byId(String(id)) as ListRecord;
  }

  /** A list by id. */
  byId(id: string): ListRecord | undefined {
    const row = this.db.prepare('SELECT * FROM x_lists WHERE id = ?').safeIntegers(true).get(BigInt(id)) as Row | undefined;
    return row === undefined ? undefined : toRecord({ ...row, private: Number(row.private), created_at: Number(row.created_at) });
  }

  /** Whether `viewerId` (undefined: app-only) may see the list. */
  visibleTo(list: ListRecord, viewerId: string | undefined): boolean {
    return !list.private || list.ownerId === viewerId;
  }

  /** Changes name, description or privacy. */
  update(id: string, input: { name?: string | undefined; description?: string | undefined; private?: boolean | undefined }): void {
    const list = this.byId(id);
    if (list === undefined) return;
    this.db
      .prepare('UPDATE x_lists SET name = ?, description = ?, private = ? WHERE id = ?')
      .run(input.name ?? list.name, input.description ?? list.description, (input.private ?? list.private) ? 1 : 0, BigInt(id));
  }

  /** Deletes a list with its members, followers and pins. */
  delete(id: string): void {
    const key = BigInt(id);
    this.db.transaction(() => {
      for (const table of ['x_list_members', 'x_list_followers', 'x_list_pins'])
        this.db.prepare(`DELETE FROM ${table} WHERE list_id = ?`).run(key);
      this.db.prepare('DELETE FROM x_lists WHERE id = ?').run(key);
    })();
  }

  /** Adds (`on`) or removes a member, follower or pin; `kind` names the table. */
  set(kind: 'members' | 'followers' | 'pins', listId: string, userId: string, on: boolean): void {
    const table = kind === 'members' ? 'x_list_members' : kind === 'followers' ? 'x_list_followers' : 'x_list_pins';
    if (on) {
      this.db
        .prepare(`INSERT OR IGNORE INTO ${table} (list_id, user_id, created_at) VALUES (?, ?, ?)`)
        .run(BigInt(listId), BigInt(userId), this.now());
    } else {
      this.db.prepare(`DELETE FROM ${table} WHERE list_id = ? AND user_id = ?`).run(BigInt(listId), BigInt(userId));
    }
  }

  /** Whether the user is a member (follower, pinner) of the list. */
  has(kind: 'members' | 'followers' | 'pins', listId: string, userId: string): boolean {
    const table = kind === 'members' ? 'x_list_members' : kind === 'followers' ? 'x_list_followers' : 'x_list_pins';
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE list_id = ? AND user_id = ?`).get(BigInt(listId), BigInt(userId)) !== undefined;
  }

  /** Member (or follower) ids of a list, most recently added first; one more than the page asks. */
  users(kind: 'members' | 'followers', listId: string, page: OffsetPage): string[] {
    const table = kind === 'members' ? 'x_list_members' : 'x_list_followers';
    const rows = this.db
      .prepare(`SELECT user_id AS id FROM ${table} WHERE list_id = ? ORDER BY created_at DESC, user_id DESC LIMIT ? OFFSET ?`)
      .safeIntegers(true)
      .all(BigInt(listId), page.count + 1, page.offset) as Array<{ id: bigint }>;
    return rows.map((r) => String(r.id));
  }

  /** How many members (followers) a list has. */
  count(kind: 'members' | 'followers', listId: string): number {
    const table = kind === 'members' ? 'x_list_members' : 'x_list_followers';
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE list_id = ?`).get(BigInt(listId)) as { n: number }).n;
  }

  /**
   * Lists of a user: `owned`, those it is a member of, follows, or pinned; newest first, one more than the page
   * asks (pinned: all, at most five).
   */
  of(kind: 'owned' | 'members' | 'followers' | 'pins', userId: string, page: OffsetPage): ListRecord[] {
    const sql =
      kind === 'owned'
        ? 'SELECT * FROM x_lists WHERE owner_id = @u ORDER BY id DESC LIMIT @n OFFSET @o'
        : `SELECT l.* FROM x_lists l JOIN ${kind === 'members' ? 'x_list_members' : kind === 'followers' ? 'x_list_followers' : 'x_list_pins'} j ON j.list_id = l.id WHERE j.user_id = @u ORDER BY j.created_at DESC, l.id DESC LIMIT @n OFFSET @o`;
    const rows = this.db
      .prepare(sql)
      .safeIntegers(true)
      .all({ u: BigInt(userId), n: page.count + 1, o: page.offset }) as Row[];
    return rows.map((r) => toRecord({ ...r, private: Number(r.private), created_at: Number(r.created_at) }));
  }
}
