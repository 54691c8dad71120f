/**
 * What a post carries beyond its text, kept so that what a client sends comes back when read: a poll (X's
 * `attachments.poll_ids` and `includes.polls`), the community (`community_id`), the users tagged in its media
 * (`media.tagged_user_ids`; X's v2 document has no field that reads them back, the sandbox API does), and a long
 * post's cut text (X's `note_tweet`: `text` shows the first 280 weighted characters, `note_tweet.text` all).
 * Also which accounts may post long text: X Premium subscribers (`subscription_type`). Tables in db-posts.ts.
 *
 * @module
 */
import { prepared, type SandboxDatabase } from './db.js';
import type { SnowflakeIds } from './ids.js';

/** X's subscription types (`subscription_type` of a user); all but `None` may post long text. */
export type SubscriptionType = 'None' | 'Basic' | 'Premium' | 'PremiumPlus';

/** The weighted length a post may have: 280, or 25,000 for X Premium subscribers (X's long posts). */
export const LONG_POST_LIMIT = 25_000;

/** A stored poll. */
export interface PollRecord {
  id: string;
  tweetId: string;
  options: string[];
  durationMinutes: number;
  /** End of voting, ms since the epoch. */
  endsAt: number;
}

/** What a post carries besides its text; absent fields: nothing sent. */
export interface PostExtras {
  communityId?: string | undefined;
  taggedUserIds?: string[] | undefined;
  /** Set for a long post: its text cut to 280 weighted characters. */
  cutText?: string | undefined;
  poll?: { options: string[]; durationMinutes: number } | undefined;
}

interface ExtrasRow {
  community_id: string | null;
  tagged_user_ids: string;
  cut_text: string | null;
  poll_id: string | null;
}

/** The stored extras of a post, as read. */
export interface StoredExtras {
  communityId: string | null;
  taggedUserIds: string[];
  cutText: string | null;
  pollId: string | null;
}

/**
 * The post-extras store of one sandbox database.
 *
 * @example
 * ```ts
 * const posts = new Posts(db, ids, Date.now);
 * posts.attach(tweet.id, { poll: { options: ['yes', 'no'], durationMinutes: 60 } });
 * posts.poll(posts.extras(tweet.id)?.pollId ?? '')?.options; // ['yes', 'no']
 * ```
 */
export class Posts {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly ids: SnowflakeIds,
    private readonly now: () => number,
  ) {}

  /** Stores a post's extras (call it inside the post's own write, so both land together). */
  attach(tweetId: string, extras: PostExtras): void {
    const { communityId, taggedUserIds, cutText, poll } = extras;
    if (communityId === undefined && (taggedUserIds?.length ?? 0) === 0 && cutText === undefined && poll === undefined) return;
    let pollId: bigint | null = null;
    if (poll !== undefined) {
      pollId = this.ids.next();
      prepared(this.db, 'INSERT INTO x_polls (id, tweet_id, options, duration_minutes, ends_at) VALUES (?, ?, ?, ?, ?)').run(
        pollId,
        BigInt(tweetId),
        JSON.stringify(poll.options),
        poll.durationMinutes,
        this.now() + poll.durationMinutes * 60_000,
      );
    }
    prepared(
      this.db,
      'INSERT OR REPLACE INTO x_post_extras (tweet_id, community_id, tagged_user_ids, cut_text, poll_id) VALUES (?, ?, ?, ?, ?)',
    ).run(BigInt(tweetId), communityId ?? null, (taggedUserIds ?? []).join(','), cutText ?? null, pollId);
  }

  /** A post's extras; `undefined` when it has none. */
  extras(tweetId: string): StoredExtras | undefined {
    const row = prepared(
      this.db,
      'SELECT community_id, tagged_user_ids, cut_text, CAST(poll_id AS TEXT) AS poll_id FROM x_post_extras WHERE tweet_id = ?',
    ).get(BigInt(tweetId)) as ExtrasRow | undefined;
    if (row === undefined) return undefined;
    return {
      communityId: row.community_id,
      taggedUserIds: row.tagged_user_ids === '' ? [] : row.tagged_user_ids.split(','),
      cutText: row.cut_text,
      pollId: row.poll_id,
    };
  }

  /** A poll by id. */
  poll(id: string): PollRecord | undefined {
    if (!/^[0-9]{1,19}$/.test(id)) return undefined;
    const row = prepared(
      this.db,
      'SELECT CAST(id AS TEXT) AS id, CAST(tweet_id AS TEXT) AS tweet_id, options, duration_minutes, ends_at FROM x_polls WHERE id = ?',
    ).get(BigInt(id)) as { id: string; tweet_id: string; options: string; duration_minutes: number; ends_at: number } | undefined;
    if (row === undefined) return undefined;
    return {
      id: row.id,
      tweetId: row.tweet_id,
      options: JSON.parse(row.options) as string[],
      durationMinutes: row.duration_minutes,
      endsAt: row.ends_at,
    };
  }

  /** The store's clock (ms since the epoch): whether a poll is still open. */
  time(): number {
    return this.now();
  }

  /** Drops a deleted post's extras and poll. */
  forget(tweetId: string): void {
    const key = BigInt(tweetId);
    prepared(this.db, 'DELETE FROM x_polls WHERE tweet_id = ?').run(key);
    prepared(this.db, 'DELETE FROM x_post_extras WHERE tweet_id = ?').run(key);
  }

  /** The user's X subscription (`None` unless set). */
  subscription(userId: string): SubscriptionType {
    const row = prepared(this.db, 'SELECT type FROM x_subscriptions WHERE user_id = ?').get(BigInt(userId)) as
      | { type: SubscriptionType }
      | undefined;
    return row?.type ?? 'None';
  }

  /** Sets a user's X subscription; `None` removes it. */
  setSubscription(userId: string, type: SubscriptionType): void {
    if (!['None', 'Basic', 'Premium', 'PremiumPlus'].includes(type)) throw new TypeError(`unknown subscription type: ${String(type)}`);
    if (type === 'None') prepared(this.db, 'DELETE FROM x_subscriptions WHERE user_id = ?').run(BigInt(userId));
    else prepared(this.db, 'INSERT OR REPLACE INTO x_subscriptions (user_id, type) VALUES (?, ?)').run(BigInt(userId), type);
  }

  /** Whether the user may post text over 280 weighted characters (up to {@link LONG_POST_LIMIT}). */
  mayPostLong(userId: string): boolean {
    return this.subscription(userId) !== 'None';
  }
}
