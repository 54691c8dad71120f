/**
 * X v2 objects: tweets (`id`, `text`, `edit_history_tweet_ids` by default, more with `tweet.fields`), users
 * (`id`, `name`, `username`, more with `user.fields`), media, and `includes` for `expansions`.
 *
 * @module
 */
import type { UserRecord } from './apps-users.js';
import { type MediaRecord, mediaKey } from './media.js';
import type { TweetRecord } from './tweets.js';
import { type FormatSources, textEntities } from './x-format-v1.js';
import { v2Date, type XJsonValue } from './x-json.js';

type JsonObject = { [key: string]: XJsonValue };

/** The field and expansion selections of a v2 request. */
export interface V2Selection {
  tweetFields: Set<string>;
  userFields: Set<string>;
  mediaFields: Set<string>;
  expansions: Set<string>;
}

/**
 * Known v2 field names, for validating `tweet.fields`, `user.fields`, `media.fields` and `expansions`.
 *
 * @example
 * ```ts
 * V2_FIELDS['tweet.fields'].includes('created_at'); // true
 * ```
 */
export const V2_FIELDS = {
  'tweet.fields': [
    'attachments',
    'author_id',
    'conversation_id',
    'created_at',
    'edit_controls',
    'edit_history_tweet_ids',
    'entities',
    'id',
    'in_reply_to_user_id',
    'lang',
    'possibly_sensitive',
    'public_metrics',
    'referenced_tweets',
    'reply_settings',
    'source',
    'text',
  ],
  'user.fields': [
    'created_at',
    'description',
    'entities',
    'id',
    'location',
    'name',
    'profile_image_url',
    'protected',
    'public_metrics',
    'url',
    'username',
    'verified',
  ],
  'media.fields': ['duration_ms', 'height', 'media_key', 'preview_image_url', 'type', 'url', 'width', 'public_metrics', 'alt_text'],
  expansions: ['author_id', 'attachments.media_keys', 'in_reply_to_user_id', 'referenced_tweets.id', 'entities.mentions.username'],
} as const;

/**
 * Reads the selections from a query; returns the first unknown value as `{ parameter, value }` instead.
 *
 * @example
 * ```ts
 * const selection = parseSelection(new URL(request.url).searchParams);
 * ```
 */
export function parseSelection(query: URLSearchParams): V2Selection | { parameter: string; value: string } {
  const sets: Record<string, Set<string>> = {};
  for (const [parameter, known] of Object.entries(V2_FIELDS)) {
    const set = new Set<string>();
    for (const raw of query.getAll(parameter)) {
      for (const value of raw.split(',')) {
        if (value === '') continue;
        if (!(known as readonly string[]).includes(value)) return { parameter, value };
        set.add(value);
      }
    }
    sets[parameter] = set;
  }
  return {
    tweetFields: sets['tweet.fields'] as Set<string>,
    userFields: sets['user.fields'] as Set<string>,
    mediaFields: sets['media.fields'] as Set<string>,
    expansions: sets.expansions as Set<string>,
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

  constructor(
    private readonly s: FormatSources,
    private readonly selection: V2Selection = DEFAULT_SELECTION,
  ) {}

  /** A v2 user object. */
  user(user: UserRecord): JsonObject {
    const f = this.selection.userFields;
    const out: JsonObject = { id: user.id, name: user.name, username: user.screenName };
    if (f.has('created_at')) out.created_at = v2Date(user.createdAt);
    if (f.has('description')) out.description = user.description;
    if (f.has('location') && user.location !== '') out.location = user.location;
    if (f.has('protected')) out.protected = false;
    if (f.has('verified')) out.verified = false;
    if (f.has('profile_image_url')) out.profile_image_url = `${this.s.baseUrl}/static/avatar.png`;
    if (f.has('url')) out.url = '';
    if (f.has('public_metrics')) {
      const c = this.s.tweets.counts(user.id);
      out.public_metrics = {
        followers_count: c.followers,
        following_count: c.friends,
        tweet_count: c.statuses,
        listed_count: 0,
        like_count: c.favourites,
      };
    }
    return out;
  }

  /** A v2 media object. */
  media(media: MediaRecord): JsonObject {
    const f = this.selection.mediaFields;
    const type = media.mediaCategory === 'tweet_gif' ? 'animated_gif' : media.mediaType.startsWith('video/') ? 'video' : 'photo';
    const out: JsonObject = { media_key: mediaKey(media), type };
    if (f.has('url') && type === 'photo') out.url = `${this.s.baseUrl}/media/${media.id}`;
    if (f.has('width') && media.width !== null) out.width = media.width;
    if (f.has('height') && media.height !== null) out.height = media.height;
    return out;
  }

  /** A v2 tweet object; expansions are collected for {@link includes}. */
  tweet(tweet: TweetRecord, expand = true): JsonObject {
    const f = this.selection.tweetFields;
    const x = this.selection.expansions;
    const out: JsonObject = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
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
    if (f.has('reply_settings')) out.reply_settings = 'everyone';
    if (f.has('source')) out.source = 'oauth1x sandbox';
    if (f.has('referenced_tweets') && referenced.length > 0) out.referenced_tweets = referenced;
    if (f.has('attachments') && media.length > 0) out.attachments = { media_keys: media.map(mediaKey) };
    if (f.has('edit_controls')) {
      out.edit_controls = { edits_remaining: 5, is_edit_eligible: false, editable_until: v2Date(tweet.createdAt + 3_600_000) };
    }
    if (f.has('public_metrics')) {
      out.public_metrics = {
        retweet_count: 0,
        reply_count: this.s.tweets.replyCount(tweet.id),
        like_count: this.s.tweets.likeCount(tweet.id),
        quote_count: this.s.tweets.quoteCount(tweet.id),
        bookmark_count: 0,
        impression_count: 0,
      };
    }
    if (f.has('entities')) this.#entities(tweet, out);
    if (!expand) return out;
    if (x.has('author_id')) this.#includeUser(tweet.userId);
    if (x.has('in_reply_to_user_id') && tweet.replyToUserId !== null) this.#includeUser(tweet.replyToUserId);
    if (x.has('attachments.media_keys')) for (const m of media) this.#media.set(m.id, this.media(m));
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

  #entities(tweet: TweetRecord, out: JsonObject): void {
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

  /** `{ includes: { users, tweets, media } }` for what was expanded, or `{}`. */
  includes(): JsonObject {
    const includes: JsonObject = {};
    if (this.#users.size > 0) includes.users = [...this.#users.values()];
    if (this.#tweets.size > 0) includes.tweets = [...this.#tweets.values()];
    if (this.#media.size > 0) includes.media = [...this.#media.values()];
    return Object.keys(includes).length > 0 ? { includes } : {};
  }
}
