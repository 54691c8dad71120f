/**
 * X v1.1 objects: users and tweets (`id` + `id_str`, `created_at` like `Wed Oct 10 20:19:24 +0000 2018`,
 * entities with code-point indices, `source` as an HTML link, `extended_entities` for media).
 *
 * @module
 */
import type { Accounts, UserRecord } from './apps-users.js';
import type { MediaRecord, MediaStore } from './media.js';
import type { Posts } from './posts.js';
import type { Relations } from './relations.js';
import type { Social } from './social.js';
import type { TweetRecord, Tweets } from './tweets.js';
import { type TextEntity, twitterText } from './twitter-text.js';
import { v1Date, type XJsonValue, xInteger } from './x-json.js';

/** Stores the formatters read from. */
export interface FormatSources {
  accounts: Accounts;
  tweets: Tweets;
  media: MediaStore;
  /** Protected accounts (the `protected` user field); absent: every account public. */
  social?: Social | undefined;
  /** Polls, communities and long posts' cut text; absent: posts carry text and media only. */
  posts?: Posts | undefined;
  /** Blocks and mutes (`connection_status`); absent: none. */
  relations?: Relations | undefined;
  /** Public base URL for links (profile and media URLs). */
  baseUrl: string;
}

/**
 * Code-point length of a string (X's indices count code points).
 *
 * @example
 * ```ts
 * codePointLength('😀a'); // 2
 * ```
 */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Entities as both APIs need them, indices in code points.
 *
 * @example
 * ```ts
 * textEntities('hi #x'); // [{ hashtag: 'x', indices: [3, 5] }]
 * ```
 */
export function textEntities(text: string): TextEntity[] {
  const entities = twitterText().extractEntitiesWithIndices(text);
  twitterText().modifyIndicesFromUTF16ToUnicode(text, entities);
  return entities;
}

/**
 * Builds v1.1 user and tweet objects.
 *
 * @example
 * ```ts
 * const v1 = new V1Format(sources);
 * const json = v1.tweet(tweets.byId(id)!, viewerId);
 * ```
 */
export class V1Format {
  constructor(private readonly s: FormatSources) {}

  /** The v1.1 user object. */
  user(user: UserRecord): { [key: string]: XJsonValue } {
    const counts = this.s.tweets.counts(user.id);
    const image = `${this.s.baseUrl}/static/avatar.png`;
    return {
      id: xInteger(user.id),
      id_str: user.id,
      name: user.name,
      screen_name: user.screenName,
      location: user.location,
      description: user.description,
      url: null,
      entities: { description: { urls: [] } },
      protected: false,
      followers_count: counts.followers,
      friends_count: counts.friends,
      listed_count: 0,
      created_at: v1Date(user.createdAt),
      favourites_count: counts.favourites,
      utc_offset: null,
      time_zone: null,
      geo_enabled: false,
      verified: false,
      statuses_count: counts.statuses,
      lang: null,
      contributors_enabled: false,
      is_translator: false,
      is_translation_enabled: false,
      profile_background_color: 'F5F8FA',
      profile_image_url: image.replace(/^https:/, 'http:'),
      profile_image_url_https: image,
      profile_link_color: '1DA1F2',
      default_profile: true,
      default_profile_image: true,
      following: false,
      follow_request_sent: false,
      notifications: false,
      translator_type: 'none',
      withheld_in_countries: [],
    };
  }

  #media(media: MediaRecord, at: number): { [key: string]: XJsonValue } {
    const url = `${this.s.baseUrl}/media/${media.id}`;
    const w = media.width ?? 0;
    const h = media.height ?? 0;
    return {
      id: xInteger(media.id),
      id_str: media.id,
      indices: [at, at],
      media_url: url.replace(/^https:/, 'http:'),
      media_url_https: url,
      url,
      display_url: url.replace(/^https?:\/\//, ''),
      expanded_url: url,
      type: media.mediaCategory === 'tweet_gif' ? 'animated_gif' : media.mediaType.startsWith('video/') ? 'video' : 'photo',
      sizes: {
        thumb: { w: 150, h: 150, resize: 'crop' },
        small: { w, h, resize: 'fit' },
        medium: { w, h, resize: 'fit' },
        large: { w, h, resize: 'fit' },
      },
    };
  }

  /** The v1.1 tweet object; `extended` writes `full_text` + `display_text_range` (tweet_mode=extended). */
  tweet(tweet: TweetRecord, viewerId: string | null, extended = false, depth = 0): { [key: string]: XJsonValue } {
    const author = this.s.accounts.userById(tweet.userId);
    const app = tweet.appId === null ? undefined : this.s.accounts.appById(tweet.appId);
    const entities = textEntities(tweet.text);
    const length = codePointLength(tweet.text);
    const media = tweet.mediaIds.map((id) => this.s.media.byId(id)).filter((m): m is MediaRecord => m !== undefined);
    const replyTo = tweet.replyToUserId === null ? undefined : this.s.accounts.userById(tweet.replyToUserId);
    const mentions: XJsonValue[] = [];
    for (const e of entities) {
      if (e.screenName === undefined) continue;
      const user = this.s.accounts.userByScreenName(e.screenName);
      if (user)
        mentions.push({ screen_name: user.screenName, name: user.name, id: xInteger(user.id), id_str: user.id, indices: e.indices });
    }
    const mediaJson = media.map((m) => this.#media(m, length));
    const quoted = tweet.quoteId === null ? undefined : this.s.tweets.byId(tweet.quoteId);
    const source = app ? `<a href="${app.website || 'https://x.com'}" rel="nofollow">${escapeHtml(app.name)}</a>` : 'oauth1x sandbox';
    return {
      created_at: v1Date(tweet.createdAt),
      id: xInteger(tweet.id),
      id_str: tweet.id,
      ...(extended ? { full_text: tweet.text, display_text_range: [0, length] } : { text: tweet.text }),
      truncated: false,
      entities: {
        hashtags: entities.filter((e) => e.hashtag !== undefined).map((e) => ({ text: e.hashtag as string, indices: e.indices })),
        symbols: entities.filter((e) => e.cashtag !== undefined).map((e) => ({ text: e.cashtag as string, indices: e.indices })),
        user_mentions: mentions,
        urls: entities
          .filter((e) => e.url !== undefined)
          .map((e) => ({
            url: e.url as string,
            expanded_url: e.url as string,
            display_url: (e.url as string).replace(/^https?:\/\//, '').slice(0, 26),
            indices: e.indices,
          })),
        ...(mediaJson.length > 0 ? { media: mediaJson.slice(0, 1) } : {}),
      },
      ...(mediaJson.length > 0 ? { extended_entities: { media: mediaJson } } : {}),
      source,
      in_reply_to_status_id: xInteger(tweet.replyToId),
      in_reply_to_status_id_str: tweet.replyToId,
      in_reply_to_user_id: xInteger(tweet.replyToUserId),
      in_reply_to_user_id_str: tweet.replyToUserId,
      in_reply_to_screen_name: replyTo?.screenName ?? null,
      user: author ? this.user(author) : null,
      geo: null,
      coordinates: null,
      place: null,
      contributors: null,
      is_quote_status: tweet.quoteId !== null,
      ...(tweet.quoteId !== null ? { quoted_status_id: xInteger(tweet.quoteId), quoted_status_id_str: tweet.quoteId } : {}),
      ...(quoted && depth === 0 ? { quoted_status: this.tweet(quoted, viewerId, extended, 1) } : {}),
      retweet_count: 0,
      favorite_count: this.s.tweets.likeCount(tweet.id),
      favorited: viewerId === null ? false : this.s.tweets.isLiked(viewerId, tweet.id),
      retweeted: false,
      ...(mediaJson.length > 0 ? { possibly_sensitive: false } : {}),
      lang: 'en',
    };
  }
}

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<a href="x">'); // '&lt;a href=&quot;x&quot;&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
