/**
 * Tweets, mentions, likes and follows on the sandbox database. Ids are bound as bigints and read back as
 * decimal strings (`CAST(id AS TEXT)`), so no id ever passes through a lossy JS number.
 *
 * @module
 */
import { prepared, type SandboxDatabase } from './db.js';
import type { SnowflakeIds } from './ids.js';
import { twitterText } from './twitter-text.js';

/** A stored tweet. */
export interface TweetRecord {
  id: string;
  userId: string;
  text: string;
  createdAt: number;
  appId: number | null;
  replyToId: string | null;
  replyToUserId: string | null;
  quoteId: string | null;
  mediaIds: string[];
}

/** What {@link Tweets.create} takes. */
export interface CreateTweetInput {
  userId: string;
  text: string;
  appId?: number | null;
  replyToId?: string | null;
  replyToUserId?: string | null;
  quoteId?: string | null;
  mediaIds?: string[];
}

/** Paging of a timeline: newest first, at most `count`, ids above `sinceId` and up to `maxId`. */
export interface Page {
  count: number;
  /** Exclusive lower bound. */
  sinceId?: bigint | null;
  /** Inclusive upper bound (v1.1 `max_id`); v2 `until_id` callers pass `until_id - 1`. */
  maxId?: bigint | null;
}

interface TweetRow {
  id: string;
  user_id: string;
  text: string;
  created_at: number;
  app_id: number | null;
  reply_to_id: string | null;
  reply_to_user_id: string | null;
  quote_id: string | null;
  media_ids: string;
}

const COLUMNS = `CAST(t.id AS TEXT) AS id, CAST(t.user_id AS TEXT) AS user_id, t.text, t.created_at, t.app_id,
  CAST(t.reply_to_id AS TEXT) AS reply_to_id, CAST(t.reply_to_user_id AS TEXT) AS reply_to_user_id,
  CAST(t.quote_id AS TEXT) AS quote_id, t.media_ids`;

function toTweet(row: TweetRow): TweetRecord {
  return {
    id: row.id,
    userId: row.user_id,
    text: row.text,
    createdAt: row.created_at,
    appId: row.app_id,
    replyToId: row.reply_to_id,
    replyToUserId: row.reply_to_user_id,
    quoteId: row.quote_id,
    mediaIds: row.media_ids === '' ? [] : row.media_ids.split(','),
  };
}

const big = (id: string | null | undefined): bigint | null => (id == null ? null : BigInt(id));

/** Counters shown on user objects. */
export interface UserCounts {
  statuses: number;
  followers: number;
  friends: number;
  favourites: number;
}

/**
 * Tweet storage and the social graph of one sandbox database.
 *
 * @example
 * ```ts
 * const tweets = new Tweets(db, ids, () => Date.now(), (screenName) => users.byScreenName(screenName)?.id);
 * const tweet = tweets.create({ userId: user.id, text: 'hello' });
 * ```
 */
export class Tweets {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly ids: SnowflakeIds,
    private readonly now: () => number,
    /** Resolves a mentioned screen name to a user id. */
    private readonly resolveScreenName: (screenName: string) => string | undefined,
  ) {}

  /** Stores a tweet and its mentions atomically; returns the stored record. */
  create(input: CreateTweetInput): TweetRecord {
    const id = this.ids.next();
    const mentioned = new Set<string>();
    for (const name of twitterText().extractMentions(input.text)) {
      const userId = this.resolveScreenName(name);
      if (userId !== undefined) mentioned.add(userId);
    }
    const tweet: TweetRecord = {
      id: id.toString(),
      userId: input.userId,
      text: input.text,
      createdAt: this.now(),
      appId: input.appId ?? null,
      replyToId: input.replyToId ?? null,
      replyToUserId: input.replyToUserId ?? null,
      quoteId: input.quoteId ?? null,
      mediaIds: input.mediaIds ?? [],
    };
    const insert = () => {
      prepared(
        this.db,
        `INSERT INTO x_tweets (id, user_id, text, created_at, app_id, reply_to_id, reply_to_user_id, quote_id, media_ids)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        BigInt(tweet.userId),
        tweet.text,
        tweet.createdAt,
        tweet.appId,
        big(tweet.replyToId),
        big(tweet.replyToUserId),
        big(tweet.quoteId),
        tweet.mediaIds.join(','),
      );
      const mention = prepared(this.db, 'INSERT OR IGNORE INTO x_mentions (user_id, tweet_id) VALUES (?, ?)');
      for (const userId of mentioned) mention.run(BigInt(userId), id);
    };
    // Inside a transaction already (the group commit's savepoint), it is atomic as it is.
    if (this.db.inTransaction) insert();
    else this.db.transaction(insert)();
    return tweet;
  }

  byId(id: string | bigint): TweetRecord | undefined {
    const row = prepared(this.db, `SELECT ${COLUMNS} FROM x_tweets t WHERE t.id = ?`).get(BigInt(id)) as TweetRow | undefined;
    return row && toTweet(row);
  }

  /** Deletes a tweet with its mentions and likes; `false` when it did not exist. */
  delete(id: string): boolean {
    const key = BigInt(id);
    return this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM x_mentions WHERE tweet_id = ?').run(key);
      prepared(this.db, 'DELETE FROM x_likes WHERE tweet_id = ?').run(key);
      return prepared(this.db, 'DELETE FROM x_tweets WHERE id = ?').run(key).changes === 1;
    })();
  }

  #page(where: string, params: unknown[], page: Page): TweetRecord[] {
    const clauses = [where];
    const values = [...params];
    if (page.sinceId != null) {
      clauses.push('t.id > ?');
      values.push(page.sinceId);
    }
    if (page.maxId != null) {
      clauses.push('t.id <= ?');
      values.push(page.maxId);
    }
    values.push(Math.max(0, Math.min(page.count, 3200)));
    const sql = `SELECT ${COLUMNS} FROM x_tweets t WHERE ${clauses.join(' AND ')} ORDER BY t.id DESC LIMIT ?`;
    return (prepared(this.db, sql).all(...values) as TweetRow[]).map(toTweet);
  }

  /** The user's own tweets. */
  userTimeline(userId: string, page: Page): TweetRecord[] {
    return this.#page('t.user_id = ?', [BigInt(userId)], page);
  }

  /** Tweets of the user and of everyone they follow. */
  homeTimeline(userId: string, page: Page): TweetRecord[] {
    const id = BigInt(userId);
    return this.#page('(t.user_id = ? OR t.user_id IN (SELECT followee_id FROM x_follows WHERE follower_id = ?))', [id, id], page);
  }

  /** Tweets mentioning the user. */
  mentions(userId: string, page: Page): TweetRecord[] {
    return this.#page('t.id IN (SELECT tweet_id FROM x_mentions WHERE user_id = ?)', [BigInt(userId)], page);
  }

  /** Every tweet, newest first (search scans these). */
  recent(page: Page): TweetRecord[] {
    return this.#page('1 = 1', [], page);
  }

  /** Whether the user posted exactly this text among their last 20 tweets (X's duplicate check). */
  isDuplicate(userId: string, text: string): boolean {
    const row = prepared(
      this.db,
      'SELECT 1 FROM (SELECT text FROM x_tweets WHERE user_id = ? ORDER BY id DESC LIMIT 20) WHERE text = ?',
    ).get(BigInt(userId), text);
    return row !== undefined;
  }

  counts(userId: string): UserCounts {
    const id = BigInt(userId);
    const statuses = prepared(this.db, 'SELECT statuses FROM x_user_counts WHERE user_id = ?').get(id) as { statuses: number } | undefined;
    const stats = prepared(this.db, 'SELECT followers, friends, favourites FROM x_user_stats WHERE user_id = ?').get(id) as
      | Omit<UserCounts, 'statuses'>
      | undefined;
    return {
      statuses: statuses?.statuses ?? 0,
      followers: stats?.followers ?? 0,
      friends: stats?.friends ?? 0,
      favourites: stats?.favourites ?? 0,
    };
  }

  likeCount(tweetId: string): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM x_likes WHERE tweet_id = ?').get(BigInt(tweetId)) as { n: number }).n;
  }

  replyCount(tweetId: string): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM x_tweets WHERE reply_to_id = ?').get(BigInt(tweetId)) as { n: number }).n;
  }

  quoteCount(tweetId: string): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM x_tweets WHERE quote_id = ?').get(BigInt(tweetId)) as { n: number }).n;
  }

  isLiked(userId: string, tweetId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM x_likes WHERE user_id = ? AND tweet_id = ?').get(BigInt(userId), BigInt(tweetId)) !== undefined;
  }

  /** Likes a tweet; `false` when it was already liked. */
  like(userId: string, tweetId: string): boolean {
    const result = prepared(this.db, 'INSERT OR IGNORE INTO x_likes (user_id, tweet_id, created_at) VALUES (?, ?, ?)').run(
      BigInt(userId),
      BigInt(tweetId),
      this.now(),
    );
    return result.changes === 1;
  }

  /** Removes a like; `false` when there was none. */
  unlike(userId: string, tweetId: string): boolean {
    return prepared(this.db, 'DELETE FROM x_likes WHERE user_id = ? AND tweet_id = ?').run(BigInt(userId), BigInt(tweetId)).changes === 1;
  }

  isFollowing(followerId: string, followeeId: string): boolean {
    return (
      prepared(this.db, 'SELECT 1 FROM x_follows WHERE follower_id = ? AND followee_id = ?').get(BigInt(followerId), BigInt(followeeId)) !==
      undefined
    );
  }

  /** Follows a user; `false` when already following. */
  follow(followerId: string, followeeId: string): boolean {
    const result = prepared(this.db, 'INSERT OR IGNORE INTO x_follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)').run(
      BigInt(followerId),
      BigInt(followeeId),
      this.now(),
    );
    return result.changes === 1;
  }

  /** Unfollows a user; `false` when not following. */
  unfollow(followerId: string, followeeId: string): boolean {
    return (
      prepared(this.db, 'DELETE FROM x_follows WHERE follower_id = ? AND followee_id = ?').run(BigInt(followerId), BigInt(followeeId))
        .changes === 1
    );
  }
}
