/**
 * The social graph beyond tweets.ts: reposts, bookmarks, who follows whom (listed), likes listed both ways,
 * quotes, protected accounts with their pending follow requests, and who may see whose posts. Lists are newest
 * first and paged by offset (`{ offset, count }`).
 *
 * @module
 */
import { prepared, type SandboxDatabase } from './db.js';

/** A slice of a list: skip `offset`, take at most `count`. */
export interface Slice {
  offset: number;
  count: number;
}

const big = (id: string): bigint => BigInt(id);
const ids = (rows: unknown[]): string[] => (rows as Array<{ id: string }>).map((r) => r.id);

/**
 * Reposts, bookmarks, follower lists, protected accounts and follow requests of one sandbox database.
 *
 * @example
 * ```ts
 * const social = new Social(db, () => Date.now());
 * social.repost(userId, tweetId);
 * social.repostedBy(tweetId, { offset: 0, count: 100 }); // [userId]
 * ```
 */
export class Social {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly now: () => number,
  ) {}

  #set(table: string, userId: string, tweetId: string, on: boolean): boolean {
    const sql = on
      ? `INSERT OR IGNORE INTO ${table} (user_id, tweet_id, created_at) VALUES (?, ?, ?)`
      : `DELETE FROM ${table} WHERE user_id = ? AND tweet_id = ?`;
    const args: unknown[] = on ? [big(userId), big(tweetId), this.now()] : [big(userId), big(tweetId)];
    return prepared(this.db, sql).run(...args).changes === 1;
  }

  /** Reposts a tweet; `false` when already reposted. */
  repost(userId: string, tweetId: string): boolean {
    return this.#set('x_reposts', userId, tweetId, true);
  }

  /** Undoes a repost; `false` when there was none. */
  unrepost(userId: string, tweetId: string): boolean {
    return this.#set('x_reposts', userId, tweetId, false);
  }

  /** Bookmarks a tweet; `false` when already bookmarked. */
  bookmark(userId: string, tweetId: string): boolean {
    return this.#set('x_bookmarks', userId, tweetId, true);
  }

  /** Removes a bookmark; `false` when there was none. */
  unbookmark(userId: string, tweetId: string): boolean {
    return this.#set('x_bookmarks', userId, tweetId, false);
  }

  /** Users who reposted the tweet, newest first. */
  repostedBy(tweetId: string, slice: Slice): string[] {
    return this.#list(
      'SELECT CAST(user_id AS TEXT) AS id FROM x_reposts WHERE tweet_id = ? ORDER BY created_at DESC, user_id',
      tweetId,
      slice,
    );
  }

  /** Tweets the user bookmarked, newest bookmark first. */
  bookmarks(userId: string, slice: Slice): string[] {
    return this.#list(
      'SELECT CAST(tweet_id AS TEXT) AS id FROM x_bookmarks WHERE user_id = ? ORDER BY created_at DESC, tweet_id DESC',
      userId,
      slice,
    );
  }

  /** Users who liked the tweet, newest first. */
  likingUsers(tweetId: string, slice: Slice): string[] {
    return this.#list(
      'SELECT CAST(user_id AS TEXT) AS id FROM x_likes WHERE tweet_id = ? ORDER BY created_at DESC, user_id',
      tweetId,
      slice,
    );
  }

  /** Tweets the user liked, newest like first. */
  likedTweets(userId: string, slice: Slice): string[] {
    return this.#list(
      'SELECT CAST(tweet_id AS TEXT) AS id FROM x_likes WHERE user_id = ? ORDER BY created_at DESC, tweet_id DESC',
      userId,
      slice,
    );
  }

  /** The user's followers, newest first. */
  followers(userId: string, slice: Slice): string[] {
    return this.#list(
      'SELECT CAST(follower_id AS TEXT) AS id FROM x_follows WHERE followee_id = ? ORDER BY created_at DESC, follower_id',
      userId,
      slice,
    );
  }

  /** Whom the user follows, newest first. */
  following(userId: string, slice: Slice): string[] {
    return this.#list(
      'SELECT CAST(followee_id AS TEXT) AS id FROM x_follows WHERE follower_id = ? ORDER BY created_at DESC, followee_id',
      userId,
      slice,
    );
  }

  /** Tweets quoting the tweet, newest first. */
  quotes(tweetId: string, slice: Slice): string[] {
    return this.#list('SELECT CAST(id AS TEXT) AS id FROM x_tweets WHERE quote_id = ? ORDER BY id DESC', tweetId, slice);
  }

  #list(sql: string, id: string, slice: Slice): string[] {
    return ids(prepared(this.db, `${sql} LIMIT ? OFFSET ?`).all(big(id), slice.count, slice.offset));
  }

  /** Whether the account is protected. */
  isProtected(userId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM x_protected WHERE user_id = ?').get(big(userId)) !== undefined;
  }

  /** Protects an account (or makes it public again; its pending follow requests are dropped then). */
  setProtected(userId: string, on: boolean): void {
    if (on) prepared(this.db, 'INSERT OR IGNORE INTO x_protected (user_id) VALUES (?)').run(big(userId));
    else {
      prepared(this.db, 'DELETE FROM x_protected WHERE user_id = ?').run(big(userId));
      prepared(this.db, 'DELETE FROM x_follow_requests WHERE followee_id = ?').run(big(userId));
    }
  }

  /** Records a follow request to a protected account; `false` when one is already pending. */
  requestFollow(followerId: string, followeeId: string): boolean {
    return (
      prepared(this.db, 'INSERT OR IGNORE INTO x_follow_requests (follower_id, followee_id, created_at) VALUES (?, ?, ?)').run(
        big(followerId),
        big(followeeId),
        this.now(),
      ).changes === 1
    );
  }

  /** Withdraws a pending follow request; `false` when there was none. */
  cancelFollowRequest(followerId: string, followeeId: string): boolean {
    return (
      prepared(this.db, 'DELETE FROM x_follow_requests WHERE follower_id = ? AND followee_id = ?').run(big(followerId), big(followeeId))
        .changes === 1
    );
  }

  /** Whether `followerId` asked to follow `followeeId` and waits. */
  isFollowPending(followerId: string, followeeId: string): boolean {
    return (
      prepared(this.db, 'SELECT 1 FROM x_follow_requests WHERE follower_id = ? AND followee_id = ?').get(
        big(followerId),
        big(followeeId),
      ) !== undefined
    );
  }

  /** Users waiting for `userId` to approve their follow, oldest first. */
  pendingFollowers(userId: string): string[] {
    return ids(
      prepared(
        this.db,
        'SELECT CAST(follower_id AS TEXT) AS id FROM x_follow_requests WHERE followee_id = ? ORDER BY created_at, follower_id',
      ).all(big(userId)),
    );
  }

  /**
   * Approves (or declines) a pending follow request: approval makes the follow, as the protected account's owner
   * does in X's app. `false` when nothing was pending.
   */
  answerFollowRequest(followeeId: string, followerId: string, approve: boolean): boolean {
    return this.db.transaction(() => {
      if (!this.cancelFollowRequest(followerId, followeeId)) return false;
      if (approve)
        prepared(this.db, 'INSERT OR IGNORE INTO x_follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)').run(
          big(followerId),
          big(followeeId),
          this.now(),
        );
      return true;
    })();
  }

  /**
   * Whether `viewerId` (`null`: an app-only call) may see posts of `authorId`: public accounts to everyone, a
   * protected one to itself and its approved followers only.
   */
  canSee(viewerId: string | null, authorId: string): boolean {
    if (viewerId === authorId || !this.isProtected(authorId)) return true;
    if (viewerId === null) return false;
    return (
      prepared(this.db, 'SELECT 1 FROM x_follows WHERE follower_id = ? AND followee_id = ?').get(big(viewerId), big(authorId)) !== undefined
    );
  }

  /** Records who may reply to a post (`following`, `mentionedUsers`, `subscribers`, `verified`). */
  setReplySettings(tweetId: string, setting: string): void {
    prepared(this.db, 'INSERT OR REPLACE INTO x_reply_settings (tweet_id, setting) VALUES (?, ?)').run(big(tweetId), setting);
  }

  /** Who may reply to a post: its `reply_settings`, `everyone` when none was set. */
  replySettings(tweetId: string): string {
    const row = prepared(this.db, 'SELECT setting FROM x_reply_settings WHERE tweet_id = ?').get(big(tweetId)) as
      | { setting: string }
      | undefined;
    return row?.setting ?? 'everyone';
  }

  /**
   * Whether `userId` may reply to the post `tweetId` of `authorId`: everyone may where no setting was made; else
   * the author and the users the post mentions, and with `following` also those the author follows. The sandbox
   * has no subscriptions or verification, so `subscribers` and `verified` admit the author and mentioned users.
   */
  mayReply(userId: string, tweetId: string, authorId: string): boolean {
    const setting = this.replySettings(tweetId);
    if (setting === 'everyone' || userId === authorId) return true;
    if (prepared(this.db, 'SELECT 1 FROM x_mentions WHERE tweet_id = ? AND user_id = ?').get(big(tweetId), big(userId)) !== undefined)
      return true;
    return (
      setting === 'following' &&
      prepared(this.db, 'SELECT 1 FROM x_follows WHERE follower_id = ? AND followee_id = ?').get(big(authorId), big(userId)) !== undefined
    );
  }
}
