/**
 * X's posting rules for self-serve apps (since April 2026; enterprise apps are exempt), per X's pages
 * `x-api_posts_create-post.mdx` and `x-api_posts_manage-tweets_integrate.mdx`:
 * - quoting (`quote_tweet_id`) needs an enterprise plan;
 * - a reply is allowed only where the author of the post replied to mentioned the replying account in it or
 *   quoted one of its posts in it;
 * - at most one cashtag (`$TICKER`) per post.
 *
 * X documents that such posts are "rejected" but not the answer. The sandbox answers 403 with X's v2
 * problem body as real X was seen answering self-serve apps (`{"title":"Forbidden","type":"about:blank",
 * "status":403,"detail":…}`, the details below as X words them), for v1.1 `statuses/update` too.
 * Replying to one's own post (a thread) is not restricted: its author is the replying account.
 *
 * @module
 */
import type { ApiCall } from './api.js';
import { prepared } from './db.js';
import { parseId } from './ids.js';
import type { Plan } from './plans.js';
import { twitterText } from './twitter-text.js';
import { v2Problem } from './x-errors.js';
import { isRecord } from './x-json.js';

/**
 * X's details for the refused posts (seen in X's answers; X's documentation gives none).
 *
 * @example
 * ```ts
 * import { PLAN_RULE_DETAILS } from '@oauth1x/sandbox';
 * PLAN_RULE_DETAILS.cashtags; // 'Posts are limited to a maximum of one cashtag.'
 * ```
 */
export const PLAN_RULE_DETAILS = {
  quote:
    'Quoting this post is not allowed because you have not been mentioned or are not part of the conversation thread of the post you are quoting.',
  reply:
    'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.',
  cashtags: 'Posts are limited to a maximum of one cashtag.',
} as const;

/** A post a call asks to create, read from the request before the route handles it. */
export interface PostIntent {
  text: string;
  replyToId: string | undefined;
  quoteId: string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The post `POST /2/tweets` or `POST /1.1/statuses/update` asks for; `null` for any other endpoint. Values
 * of the wrong type are left out: the route answers them with its own 400.
 *
 * @example
 * ```ts
 * postIntent(call, 'POST /2/tweets'); // { text: 'hi', replyToId: '123', quoteId: undefined }
 * ```
 */
export function postIntent(call: ApiCall, endpoint: string): PostIntent | null {
  if (endpoint === 'POST /2/tweets') {
    const body = isRecord(call.json) ? call.json : {};
    const reply = isRecord(body.reply) ? body.reply : {};
    return { text: str(body.text) ?? '', replyToId: str(reply.in_reply_to_tweet_id), quoteId: str(body.quote_tweet_id) };
  }
  if (endpoint === 'POST /1.1/statuses/update') {
    const attachment = call.params.get('attachment_url');
    return {
      text: call.params.get('status') ?? '',
      replyToId: call.params.get('in_reply_to_status_id'),
      quoteId: attachment === undefined ? undefined : /\/status(?:es)?\/(\d+)/.exec(attachment)?.[1],
    };
  }
  return null;
}

/**
 * Whether the author of post `parentId` summoned `userId` in it (mentioned them, or quoted one of their
 * posts); `undefined` when there is no such post or it is the user's own (not restricted).
 *
 * @example
 * ```ts
 * summonedBy(call, '1850000000000000000'); // true, false or undefined
 * ```
 */
export function summonedBy(call: ApiCall, parentId: string): boolean | undefined {
  const key = parseId(parentId);
  const parent = key === null ? undefined : call.ctx.tweets.byId(parentId);
  if (parent === undefined || parent.userId === call.user.id) return undefined;
  const mentioned = prepared(call.ctx.db, 'SELECT 1 FROM x_mentions WHERE user_id = ? AND tweet_id = ?').get(BigInt(call.user.id), key);
  if (mentioned !== undefined) return true;
  return parent.quoteId !== null && call.ctx.tweets.byId(parent.quoteId)?.userId === call.user.id;
}

/**
 * X's 403 for a post a plan does not allow (quote, unsummoned reply, several cashtags), or `null`.
 *
 * @example
 * ```ts
 * const refused = planRefusal(call, 'pay-per-use', intent);
 * if (refused !== null) return refused;
 * ```
 */
export function planRefusal(call: ApiCall, plan: Plan, intent: PostIntent): Response | null {
  if (plan !== 'pay-per-use') return null;
  if (intent.quoteId !== undefined) return v2Problem(403, PLAN_RULE_DETAILS.quote);
  if (intent.replyToId !== undefined && summonedBy(call, intent.replyToId) === false) return v2Problem(403, PLAN_RULE_DETAILS.reply);
  if (twitterText().extractCashtags(intent.text).length > 1) return v2Problem(403, PLAN_RULE_DETAILS.cashtags);
  return null;
}

/**
 * Whether a post's text carries a URL (X's "Post: Create (with URL)"), as `twitter-text` finds them.
 *
 * @example
 * ```ts
 * hasUrl('see example.com'); // true
 * ```
 */
export function hasUrl(text: string): boolean {
  return twitterText().extractUrls(text).length > 0;
}
