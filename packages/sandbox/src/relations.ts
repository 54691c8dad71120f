/**
 * Blocks, mutes, DM blocks and hidden replies of the sandbox (tables in db-relations.ts), and what they imply, as
 * X does: a blocked account's posts are absent from the blocker's timelines and search, a blocked account cannot
 * follow or DM the blocker (and a block ends the follows between the two), a muted account's posts are absent
 * from the muter's home timeline, a DM block stops messages from that account.
 *
 * @module
 */
import type { SandboxDatabase } from './db.js';
import type { TweetRecord } from './tweets.js';

/** An id-ordered page of user ids: `offset` rows skipped, `count` wanted. */
export interface IdPage {
  offset: number;
  count: number;
}

/**
 * The relations store of one sandbox database.
 *
 * @example
 * ```ts
 * const relations = new Relations(db, Date.now);
 * relations.block('1', '2');
 * relations.isBlocked('1', '2'); // true
 * ```
 */
export class Relations {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly now: () => number,
  ) {}

  /** `blocker` blocks `blocked`; the follows between them end, as on X. True when it is new. */
  block(blocker: string, blocked: string): boolean {
    return this.db.transaction(() => {
      const changes = this.db
        .prepare('INSERT OR IGNORE INTO x_blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)')
        .run(BigInt(blocker), BigInt(blocked), this.now()).changes;
      const unfollow = this.db.prepare('DELETE FROM x_follows WHERE follower_id = ? AND followee_id = ?');
      unfollow.run(BigInt(blocker), BigInt(blocked));
      unfollow.run(BigInt(blocked), BigInt(blocker));
      return changes > 0;
    })();
  }

  /** Lifts a block. True when there was one. */
  unblock(blocker: string, blocked: string): boolean {
    return (
      this.db.prepare('DELETE FROM x_blocks WHERE blocker_id = ? AND blocked_id = ?').run(BigInt(blocker), BigInt(blocked)).changes > 0
    );
  }

  /** Whether `blocker` blocks `blocked`. */
  isBlocked(blocker: string, blocked: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM x_blocks WHERE blocker_id = ? AND blocked_id = ?').get(BigInt(blocker), BigInt(blocked)) !== undefined
    );
  }

  /** Whether either of the two blocks the other. */
  eitherBlocks(a: string, b: string): boolean {
    return this.isBlocked(a, b) || this.isBlocked(b, a);
  }

  /** The accounts `userId` blocks, most recent first. */
  blocking(userId: string, page: IdPage): string[] {
    return this.#ids('SELECT blocked_id AS id FROM x_blocks WHERE blocker_id = ? ORDER BY created_at DESC, blocked_id DESC', userId, page);
  }

  /** `muter` mutes `muted`. True when it is new. */
  mute(muter: string, muted: string): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO x_mutes (muter_id, muted_id, created_at) VALUES (?, ?, ?)')
        .run(BigInt(muter), BigInt(muted), this.now()).changes > 0
    );
  }

  /** Lifts a mute. True when there was one. */
  unmute(muter: string, muted: string): boolean {
    return this.db.prepare('DELETE FROM x_mutes WHERE muter_id = ? AND muted_id = ?').run(BigInt(muter), BigInt(muted)).changes > 0;
  }

  /** Whether `muter` mutes `muted`. */
  isMuted(muter: string, muted: string): boolean {
    return this.db.prepare('SELECT 1 FROM x_mutes WHERE muter_id = ? AND muted_id = ?').get(BigInt(muter), BigInt(muted)) !== undefined;
  }

  /** The accounts `userId` mutes, most recent first. */
  muting(userId: string, page: IdPage): string[] {
    return this.#ids('SELECT muted_id AS id FROM x_mutes WHERE muter_id = ? ORDER BY created_at DESC, muted_id DESC', userId, page);
  }

  /** `userId` stops DMs from `blocked` (`blocked = false` lifts it). */
  setDmBlock(userId: string, blocked: string, on: boolean): void {
    if (on) {
      this.db
        .prepare('INSERT OR IGNORE INTO x_dm_blocks (user_id, blocked_id, created_at) VALUES (?, ?, ?)')
        .run(BigInt(userId), BigInt(blocked), this.now());
    } else {
      this.db.prepare('DELETE FROM x_dm_blocks WHERE user_id = ? AND blocked_id = ?').run(BigInt(userId), BigInt(blocked));
    }
  }

  /** Whether `userId` refuses DMs from `sender`: a DM block or a block, either way. */
  refusesDmsFrom(userId: string, sender: string): boolean {
    if (this.eitherBlocks(userId, sender)) return true;
    return (
      this.db.prepare('SELECT 1 FROM x_dm_blocks WHERE user_id = ? AND blocked_id = ?').get(BigInt(userId), BigInt(sender)) !== undefined
    );
  }

  /** Hides (or unhides) a reply; `by` is the author of the conversation's root. */
  setHidden(tweetId: string, by: string, hidden: boolean): void {
    if (hidden)
      this.db.prepare('INSERT OR REPLACE INTO x_hidden_replies (tweet_id, hidden_by) VALUES (?, ?)').run(BigInt(tweetId), BigInt(by));
    else this.db.prepare('DELETE FROM x_hidden_replies WHERE tweet_id = ?').run(BigInt(tweetId));
  }

  /** Whether a reply is hidden. */
  isHidden(tweetId: string): boolean {
    return this.db.prepare('SELECT 1 FROM x_hidden_replies WHERE tweet_id = ?').get(BigInt(tweetId)) !== undefined;
  }

  /**
   * `rows` without what `viewerId` must not see: posts of accounts either side blocks, and with `home`, posts
   * of accounts the viewer mutes. Without a viewer (app-only) nothing is removed.
   */
  visible(viewerId: string | undefined, rows: TweetRecord[], home = false): TweetRecord[] {
    if (viewerId === undefined) return rows;
    const hidden = new Set<string>();
    const sql = home
      ? 'SELECT blocked_id AS id FROM x_blocks WHERE blocker_id = @v UNION SELECT blocker_id FROM x_blocks WHERE blocked_id = @v UNION SELECT muted_id FROM x_mutes WHERE muter_id = @v'
      : 'SELECT blocked_id AS id FROM x_blocks WHERE blocker_id = @v UNION SELECT blocker_id FROM x_blocks WHERE blocked_id = @v';
    for (const row of this.db
      .prepare(sql)
      .safeIntegers(true)
      .all({ v: BigInt(viewerId) }) as Array<{ id: bigint }>)
      hidden.add(String(row.id));
    return hidden.size === 0 ? rows : rows.filter((t) => !hidden.has(t.userId));
  }

  #ids(sql: string, userId: string, page: IdPage): string[] {
    const rows = this.db.prepare(`${sql} LIMIT ? OFFSET ?`).safeIntegers(true).all(BigInt(userId), page.count, page.offset) as Array<{
      id: bigint;
    }>;
    return rows.map((r) => String(r.id));
  }
}
