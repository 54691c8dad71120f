/**
 * The v2 user object with every `user.fields` value X's OpenAPI document lists: fields the sandbox has data for
 * (metrics, description entities, the viewer's follow relations, the most recent post) are computed, the rest
 * answered with what an ordinary unverified, unsubscribed account shows on X (`verified_type: "none"`,
 * `subscription_type: "None"`, `parody: false`, …); fields X leaves out for such an account (`withheld`,
 * `pinned_tweet_id`, `affiliation`, `profile_banner_url`, an empty `location`) are left out.
 *
 * @module
 */
import type { UserRecord } from './apps-users.js';
import { type FormatSources, textEntities } from './x-format-v1.js';
import { v2Date, type XJsonValue } from './x-json.js';

type JsonObject = { [key: string]: XJsonValue };

/** `entities.description` (hashtags, mentions, urls, cashtags) of a user's description, or `undefined`. */
function descriptionEntities(s: FormatSources, text: string): JsonObject | undefined {
  const out: Record<string, XJsonValue[]> = {};
  const add = (kind: string, value: XJsonValue) => {
    out[kind] ??= [];
    out[kind].push(value);
  };
  for (const e of textEntities(text)) {
    const [start, end] = e.indices;
    if (e.hashtag !== undefined) add('hashtags', { start, end, tag: e.hashtag });
    if (e.cashtag !== undefined) add('cashtags', { start, end, tag: e.cashtag });
    if (e.url !== undefined) add('urls', { start, end, url: e.url, expanded_url: e.url, display_url: e.url.replace(/^https?:\/\//, '') });
    if (e.screenName !== undefined && s.accounts.userByScreenName(e.screenName)) add('mentions', { start, end, username: e.screenName });
  }
  return Object.keys(out).length > 0 ? { description: out } : undefined;
}

/**
 * `connection_status` of `userId` as `viewerId` sees it, X's values in the spec's order: `blocking`, follow
 * requests received and sent (protected accounts), `followed_by`, `following`, `muting`.
 *
 * @example
 * ```ts
 * connectionStatus(sources, me.id, alice.id, false); // ['following', 'muting']
 * ```
 */
export function connectionStatus(s: FormatSources, viewerId: string, userId: string, followedBy: boolean): XJsonValue[] {
  const status: XJsonValue[] = [];
  if (s.relations?.isBlocked(viewerId, userId)) status.push('blocking');
  if (s.social?.isFollowPending(userId, viewerId)) status.push('follow_request_received');
  if (s.social?.isFollowPending(viewerId, userId)) status.push('follow_request_sent');
  if (followedBy) status.push('followed_by');
  if (s.tweets.isFollowing(viewerId, userId)) status.push('following');
  if (s.relations?.isMuted(viewerId, userId)) status.push('muting');
  return status;
}

/**
 * The most recent post of a user, or `undefined`.
 *
 * @example
 * ```ts
 * mostRecentTweetId(sources, user.id); // '1850000000000000000'
 * ```
 */
export function mostRecentTweetId(s: FormatSources, userId: string): string | undefined {
  return s.tweets.userTimeline(userId, { count: 1, sinceId: null, maxId: null })[0]?.id;
}

/**
 * A v2 user object: `id`, `name`, `username`, then each field of `fields` the account has a value for.
 * `viewerId` is the authenticated user (relations, `confirmed_email` of one's own account).
 *
 * @example
 * ```ts
 * v2User(sources, user, new Set(['verified_type']), me.id); // { id, name, username, verified_type: 'none' }
 * ```
 */
export function v2User(s: FormatSources, user: UserRecord, f: ReadonlySet<string>, viewerId?: string): JsonObject {
  const out: JsonObject = { id: user.id, name: user.name, username: user.screenName };
  const self = viewerId === user.id;
  if (f.has('created_at')) out.created_at = v2Date(user.createdAt);
  if (f.has('description')) out.description = user.description;
  if (f.has('entities')) {
    const entities = descriptionEntities(s, user.description);
    if (entities !== undefined) out.entities = entities;
  }
  if (f.has('location') && user.location !== '') out.location = user.location;
  if (f.has('protected')) out.protected = s.social?.isProtected(user.id) ?? false;
  // X Premium (any tier) shows the blue check; only the account itself sees its subscription type.
  const subscription = s.posts?.subscription(user.id) ?? 'None';
  if (f.has('verified')) out.verified = subscription !== 'None';
  if (f.has('verified_type')) out.verified_type = subscription === 'None' ? 'none' : 'blue';
  if (f.has('verified_followers_count')) out.verified_followers_count = 0;
  if (f.has('is_identity_verified')) out.is_identity_verified = false;
  if (f.has('parody')) out.parody = false;
  if (f.has('subscription_type')) out.subscription_type = self ? subscription : 'None';
  if (f.has('profile_image_url')) out.profile_image_url = `${s.baseUrl}/static/avatar.png`;
  if (f.has('url')) out.url = '';
  if (f.has('confirmed_email') && self && user.email !== null) out.confirmed_email = user.email;
  if (viewerId !== undefined && !self) {
    const followedBy = s.tweets.isFollowing(user.id, viewerId);
    if (f.has('connection_status')) out.connection_status = connectionStatus(s, viewerId, user.id, followedBy);
    if (f.has('receives_your_dm')) out.receives_your_dm = followedBy;
    if (f.has('subscribes_to_you')) out.subscribes_to_you = false;
    if (f.has('subscription')) out.subscription = { subscribes_to_you: false };
  }
  if (f.has('most_recent_tweet_id')) {
    const id = mostRecentTweetId(s, user.id);
    if (id !== undefined) out.most_recent_tweet_id = id;
  }
  if (f.has('public_metrics')) {
    const c = s.tweets.counts(user.id);
    out.public_metrics = {
      followers_count: c.followers,
      following_count: c.friends,
      // X's document (v2.167) names it post_count; X's servers and SDK still say tweet_count: both are sent.
      tweet_count: c.statuses,
      post_count: c.statuses,
      listed_count: 0,
      like_count: c.favourites,
    };
  }
  return out;
}
