/**
 * X v2 objects: tweets (`id`, `text`, `edit_history_tweet_ids` by default, more with `tweet.fields`), users
 * (`id`, `name`, `username`, more with `user.fields`), media, and `includes` for `expansions`.
 *
 * @module
 */
import type { UserRecord } from './apps-users.js';
import { type MediaRecord, mediaKey } from './media.js';
import type { PollRecord } from './posts.js';
import type { TweetRecord } from './tweets.js';
import { codePointLength, type FormatSources, textEntities } from './x-format-v1.js';
import { mostRecentTweetId, v2User } from './x-format-v2-user.js';
import { v2Date, type XJsonValue } from './x-json.js';

type JsonObject = { [key: string]: XJsonValue };

/** The field and expansion selections of a v2 request. */
export interface V2Selection {
  tweetFields: Set<string>;
  userFields: Set<string>;
  mediaFields: Set<string>;
  /** `poll.fields` (`id` and `options` are always sent). */
  pollFields?: Set<string> | undefined;
  expansions: Set<string>;
  /** The authenticated user, for the relations in user objects. */
  viewerId?: string | undefined;
}

/** Each comma-separated value of every occurrence of `name`. */
function listOf(query: URLSearchParams, ...names: string[]): Set<string> {
  const set = new Set<string>();
  for (const name of names) for (const raw of query.getAll(name)) for (const v of raw.split(',')) if (v !== '') set.add(v);
  return set;
}

/**
 * Reads the selections from a query already checked against X's OpenAPI document (`checkQuery` in
 * `x-spec.ts`). The spec's post spellings (`post.fields`, `referenced_posts`, `edit_history_post_ids`,
 * `note_post`, `*_post_id`) are read as the tweet spellings X answers with.
 *
 * @example
 * ```ts
 * const selection = parseSelection(new URL(request.url).searchParams, call.user.id);
 * ```
 */
export function parseSelection(query: URLSearchParams, viewerId?: string): V2Selection {
  const tweet = (v: string) => (v === 'referenced_posts' ? 'referenced_tweets.id' : v.replace(/post/g, 'tweet'));
  return {
    tweetFields: new Set(
      [...listOf(query, 'tweet.fields', 'post.fields')].map((v) => (v === 'referenced_posts' ? 'referenced_tweets' : tweet(v))),
    ),
    userFields: new Set([...listOf(query, 'user.fields')].map(tweet)),
    mediaFields: listOf(query, 'media.fields'),
    pollFields: listOf(query, 'poll.fields'),
    expansions: new Set([...listOf(query, 'expansions')].map(tweet)),
    viewerId,
  };
}

/**
 * An empty selection (default fields only).
 *
 * @example
 * ```ts
 * new V2Format(sources, DEFAULT_SELECTION).tweet(record); // { id, text, edit_history_tweet_ids }
 * ```
 */
export const DEFAULT_SELECTION: V2Selection = {
  tweetFields: new Set(),
  userFields: new Set(),
  mediaFields: new Set(),
  expansions: new Set(),
};

/**
 * Builds v2 objects and collects `includes`.
 *
 * @example
 * ```ts
 * const v2 = new V2Format(sources, selection);
 * const data = v2.tweet(record);
 * const body = { data, ...v2.includes() };
 * ```
 */
export class V2Format {
  readonly #users = new Map<string, JsonObject>();
  readonly #tweets = new Map<string, JsonObject>();
  readonly #media = new Map<string, JsonObject>();
  readonly #polls = new Map<string, JsonObject>();

  constructor(
    private readonly s: FormatSources,
    private readonly selection: V2Selection = DEFAULT_SELECTION,
  ) {}

  /** A v2 user object; its `most_recent_tweet_id` expansion is collected for {@link includes}. */
  user(user: UserRecord): JsonObject {
    const x = this.selection.expansions;
    if (x.has('most_recent_tweet_id')) {
      const id = mostRecentTweetId(this.s, user.id);
      const tweet = id === undefined ? undefined : this.s.tweets.byId(id);
      if (tweet && !this.#tweets.has(tweet.id)) this.#tweets.set(tweet.id, this.tweet(tweet, false));
    }
    return v2User(this.s, user, this.selection.userFields, this.selection.viewerId);
  }

  /** A v2 media object. */
  media(media: MediaRecord): JsonObject {
    const f = this.selection.mediaFields;
    const type = media.mediaCategory === 'tweet_gif' ? 'animated_gif' : media.mediaType.startsWith('video/') ? 'video' : 'photo';
    const out: JsonObject = { media_key: mediaKey(media), type };
    if (f.has('url') && type === 'photo') out.url = `${this.s.baseUrl}/media/${media.id}`;
    if (f.has('width') && media.width !== null) out.width = media.width;
    if (f.has('height') && media.height !== null) out.height = media.height;
    if (f.has('alt_text') && media.altText !== null) out.alt_text = media.altText;
    if (f.has('variants') && type !== 'photo')
      out.variants = [{ content_type: media.mediaType, url: `${this.s.baseUrl}/media/${media.id}` }];
    return out;
  }

  /** A v2 poll object: `id` and `options` (no votes in the sandbox), more with `poll.fields`. */
  poll(poll: PollRecord): JsonObject {
    const f = this.selection.pollFields ?? new Set();
    const out: JsonObject = { id: poll.id, options: poll.options.map((label, i) => ({ position: i + 1, label, votes: 0 })) };
    if (f.has('duration_minutes')) out.duration_minutes = poll.durationMinutes;
    if (f.has('end_datetime')) out.end_datetime = v2Date(poll.endsAt);
    if (f.has('voting_status')) out.voting_status = this.s.posts !== undefined && poll.endsAt > this.s.posts.time() ? 'open' : 'closed';
    return out;
  }

  /** A v2 tweet object; expansions are collected for {@link includes}. */
  tweet(tweet: TweetRecord, expand = true): JsonObject {
    const f = this.selection.tweetFields;
    const x = this.selection.expansions;
    // A long post (X's note_tweet) shows its cut text in `text`, the whole in `note_tweet.text`.
    const extras = this.s.posts?.extras(tweet.id);
    const shown = extras?.cutText == null ? tweet : { ...tweet, text: extras.cutText };
    const out: JsonObject = { id: tweet.id, text: shown.text, edit_history_tweet_ids: [tweet.id] };
    const poll = extras?.pollId == null ? undefined : this.s.posts?.poll(extras.pollId);
    const media = tweet.mediaIds.map((id) => this.s.media.byId(id)).filter((m): m is MediaRecord => m !== undefined);
    const referenced: JsonObject[] = [];
    if (tweet.replyToId !== null) referenced.push({ type: 'replied_to', id: tweet.replyToId });
    if (tweet.quoteId !== null) referenced.push({ type: 'quoted', id: tweet.quoteId });
    if (f.has('author_id')) out.author_id = tweet.userId;
    if (f.has('created_at')) out.created_at = v2Date(tweet.createdAt);
    if (f.has('conversation_id')) out.conversation_id = this.#conversationId(tweet);
    if (f.has('in_reply_to_user_id') && tweet.replyToUserId !== null) out.in_reply_to_user_id = tweet.replyToUserId;
    if (f.has('lang')) out.lang = 'en';
    if (f.has('possibly_sensitive')) out.possibly_sensitive = false;
    if (f.has('reply_settings')) out.reply_settings = this.s.social?.replySettings(tweet.id) ?? 'everyone';
    if (f.has('source')) out.source = 'oauth1x sandbox';
    if (f.has('display_text_range')) out.display_text_range = [0, codePointLength(shown.text)];
    if (f.has('community_id') && extras?.communityId != null) out.community_id = extras.communityId;
    if (f.has('note_tweet') && shown !== tweet) {
      const note: JsonObject = { text: tweet.text };
      this.#entities(tweet, note);
      out.note_tweet = note;
    }
    if (f.has('referenced_tweets') && referenced.length > 0) out.referenced_tweets = referenced;
    if (f.has('attachments') && (media.length > 0 || poll !== undefined)) {
      const attachments: JsonObject = {};
      if (media.length > 0) attachments.media_keys = media.map(mediaKey);
      if (poll !== undefined) attachments.poll_ids = [poll.id];
      out.attachments = attachments;
    }
    if (f.has('edit_controls')) {
      out.edit_controls = { edits_remaining: 5, is_edit_eligible: false, editable_until: v2Date(tweet.createdAt + 3_600_000) };
    }
    if (f.has('public_metrics')) {
      out.public_metrics = {
        // X's document (v2.167) requires repost_count; X's servers and clients read retweet_count: both are sent.
        retweet_count: 0,
        repost_count: 0,
        reply_count: this.s.tweets.replyCount(tweet.id),
        like_count: this.s.tweets.likeCount(tweet.id),
        quote_count: this.s.tweets.quoteCount(tweet.id),
        bookmark_count: 0,
        impression_count: 0,
      };
    }
    if (f.has('entities')) this.#entities(shown, out);
    if (!expand) return out;
    if (x.has('author_id')) this.#includeUser(tweet.userId);
    if (x.has('in_reply_to_user_id') && tweet.replyToUserId !== null) this.#includeUser(tweet.replyToUserId);
    if (x.has('attachments.media_keys')) for (const m of media) this.#media.set(m.id, this.media(m));
    if (x.has('attachments.poll_ids') && poll !== undefined) this.#polls.set(poll.id, this.poll(poll));
    if (x.has('referenced_tweets.id')) {
      for (const ref of referenced) {
        const other = this.s.tweets.byId(ref.id as string);
        if (other && !this.#tweets.has(other.id)) this.#tweets.set(other.id, this.tweet(other, false));
      }
    }
    return out;
  }

  #conversationId(tweet: TweetRecord): string {
    let current = tweet;
    for (let i = 0; i < 50 && current.replyToId !== null; i++) {
      const parent = this.s.tweets.byId(current.replyToId);
      if (parent === undefined) return current.replyToId;
      current = parent;
    }
    return current.id;
  }

  #entities(tweet: Pick<TweetRecord, 'text'>, out: JsonObject): void {
    const entities: JsonObject = {};
    const hashtags: XJsonValue[] = [];
    const mentions: XJsonValue[] = [];
    const urls: XJsonValue[] = [];
    const cashtags: XJsonValue[] = [];
    for (const e of textEntities(tweet.text)) {
      const [start, end] = e.indices;
      if (e.hashtag !== undefined) hashtags.push({ start, end, tag: e.hashtag });
      if (e.cashtag !== undefined) cashtags.push({ start, end, tag: e.cashtag });
      if (e.url !== undefined) urls.push({ start, end, url: e.url, expanded_url: e.url, display_url: e.url.replace(/^https?:\/\//, '') });
      if (e.screenName !== undefined) {
        const user = this.s.accounts.userByScreenName(e.screenName);
        if (user) {
          mentions.push({ start, end, username: user.screenName, id: user.id });
          if (this.selection.expansions.has('entities.mentions.username')) this.#includeUser(user.id);
        }
      }
    }
    if (hashtags.length > 0) entities.hashtags = hashtags;
    if (mentions.length > 0) entities.mentions = mentions;
    if (urls.length > 0) entities.urls = urls;
    if (cashtags.length > 0) entities.cashtags = cashtags;
    if (Object.keys(entities).length > 0) out.entities = entities;
  }

  #includeUser(id: string): void {
    if (this.#users.has(id)) return;
    const user = this.s.accounts.userById(id);
    if (user) this.#users.set(id, this.user(user));
  }

  /** `{ includes: { users, tweets, media, polls } }` for what was expanded, or `{}`. */
  includes(): JsonObject {
    const includes: JsonObject = {};
    if (this.#users.size > 0) includes.users = [...this.#users.values()];
    if (this.#tweets.size > 0) includes.tweets = [...this.#tweets.values()];
    if (this.#media.size > 0) includes.media = [...this.#media.values()];
    if (this.#polls.size > 0) includes.polls = [...this.#polls.values()];
    return Object.keys(includes).length > 0 ? { includes } : {};
  }
}
