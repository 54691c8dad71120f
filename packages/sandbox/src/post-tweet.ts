/**
 * Creating a tweet with X's checks, shared by v1.1 `statuses/update` and v2 `POST /2/tweets`: weighted
 * length with the official `twitter-text` rules (280; 25,000 for an account that may post long text, X's
 * `note_tweet`), duplicates, reply and quote targets, media ids.
 *
 * @module
 */
import type { AppRecord, UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { parseId } from './ids.js';
import { LONG_POST_LIMIT } from './posts.js';
import type { TweetRecord } from './tweets.js';
import { twitterText } from './twitter-text.js';

/** `String.prototype.toWellFormed` (ES2024, in Node 20; not in this project's ES2023 typings). */
function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

/** Why a tweet was refused. */
export type PostFailure = 'empty' | 'too_long' | 'duplicate' | 'reply_not_found' | 'quote_not_found' | 'media_invalid';

/** What {@link postTweet} takes. */
export interface PostInput {
  text: string;
  replyToId?: string | undefined;
  quoteId?: string | undefined;
  mediaIds?: string[] | undefined;
  /** The author may post long text (X Premium): up to {@link LONG_POST_LIMIT} weighted characters, not 280. */
  longText?: boolean | undefined;
}

/**
 * A long post's `text` as X shows it beside `note_tweet`: cut to 280 weighted characters (ending in `…`);
 * `undefined` when the text is 280 or shorter.
 *
 * @example
 * ```ts
 * noteCut('a'.repeat(300)); // 'aaa…' (278 × 'a' and '…': 280 weighted)
 * noteCut('short'); // undefined
 * ```
 */
export function noteCut(text: string): string | undefined {
  const tt = twitterText();
  if (tt.parseTweet(text).weightedLength <= 280) return undefined;
  const points = [...text];
  // The longest code-point prefix that fits with the ellipsis (weighted length grows with the prefix).
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tt.parseTweet(`${points.slice(0, mid).join('')}…`).weightedLength <= 280) lo = mid;
    else hi = mid - 1;
  }
  return `${points.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * X's weighted length of a text (URLs count 23, CJK and emoji 2) per `twitter-text` 3.
 *
 * @example
 * ```ts
 * weightedLength('hello'); // 5
 * ```
 */
export function weightedLength(text: string): number {
  return twitterText().parseTweet(text).weightedLength;
}

/**
 * Validates and stores a tweet. The checks against stored data (media, reply and quote targets, duplicates)
 * and the insert run together in one write of the sandbox's group commit, so two identical posts at once
 * cannot both pass the duplicate check; resolves once the tweet is committed. `render` shapes the stored tweet
 * inside that same transaction (its reads then take no locks of their own: about 1 µs each instead of 6).
 *
 * @example
 * ```ts
 * const result = await postTweet(ctx, user, app, { text: 'hello' });
 * if ('failure' in result) return v1Error(result.failure === 'duplicate' ? 187 : 186);
 * ```
 */
export async function postTweet<R = undefined>(
  ctx: SandboxContext,
  user: UserRecord,
  app: AppRecord,
  input: PostInput,
  render?: (tweet: TweetRecord) => R,
): Promise<{ tweet: TweetRecord; rendered: R } | { failure: PostFailure }> {
  // A lone surrogate (possible only through a JSON `\uD83D` escape) would be stored as U+FFFD by SQLite's UTF-8:
  // replaced here, the answer shows the text as it is stored.
  const text = wellFormed(input.text).normalize('NFC');
  const mediaIds = input.mediaIds ?? [];
  if (text.trim() === '' && mediaIds.length === 0) return { failure: 'empty' };
  if (text !== '') {
    const tt = twitterText();
    const limit = input.longText === true ? LONG_POST_LIMIT : 280;
    const parsed = tt.parseTweet(text, { ...tt.configs.defaults, maxWeightedTweetLength: limit });
    if (parsed.weightedLength > limit) return { failure: 'too_long' };
    if (!parsed.valid && text.trim() !== '') return { failure: 'too_long' };
  }
  if (mediaIds.length > 4) return { failure: 'media_invalid' };
  return ctx.writes.run(() => {
    const stored = store(ctx, user, app, { ...input, text, mediaIds });
    return 'failure' in stored ? stored : { tweet: stored.tweet, rendered: render?.(stored.tweet) as R };
  });
}

function store(
  ctx: SandboxContext,
  user: UserRecord,
  app: AppRecord,
  input: PostInput & { mediaIds: string[] },
): { tweet: TweetRecord } | { failure: PostFailure } {
  const { text, mediaIds } = input;
  for (const id of mediaIds) {
    const media = parseId(id) === null ? undefined : ctx.media.byId(id);
    if (media === undefined || media.userId !== user.id || media.state !== 'succeeded') return { failure: 'media_invalid' };
  }
  let replyToUserId: string | null = null;
  if (input.replyToId !== undefined) {
    const parent = parseId(input.replyToId) === null ? undefined : ctx.tweets.byId(input.replyToId);
    if (parent === undefined) return { failure: 'reply_not_found' };
    replyToUserId = parent.userId;
  }
  if (input.quoteId !== undefined && (parseId(input.quoteId) === null || ctx.tweets.byId(input.quoteId) === undefined)) {
    return { failure: 'quote_not_found' };
  }
  if (text.trim() !== '' && ctx.tweets.isDuplicate(user.id, text)) return { failure: 'duplicate' };
  const tweet = ctx.tweets.create({
    userId: user.id,
    text,
    appId: app.id,
    replyToId: input.replyToId ?? null,
    replyToUserId,
    quoteId: input.quoteId ?? null,
    mediaIds,
  });
  return { tweet };
}
