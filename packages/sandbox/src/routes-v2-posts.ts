/**
 * Creating and deleting posts (`POST /2/tweets`, `DELETE /2/tweets/:id`). The body was checked against X's
 * schema before these run (spec-routes.ts: types, bounds, enums, no unknown keys); here are X's checks against
 * stored data and the body fields kept with the post (posts.ts): a poll, `community_id`, the users tagged in the
 * media, `reply_settings`, a quote (`referenced_tweets` `quoted`), and long text (X's `note_tweet`) for accounts
 * that may post it.
 *
 * @module
 */
import type { ApiCall } from './api.js';
import { parseId } from './ids.js';
import { noteCut, postTweet } from './post-tweet.js';
import { jsonResponse, v2InvalidRequest, v2Problem } from './x-errors.js';

/**
 * Why `call`'s user may not reply to `replyToId`, as X answers it: a post the user may not see (a protected
 * account's), or one whose `reply_settings` leave the user out; `null` when the reply may go ahead.
 *
 * @example
 * ```ts
 * const refused = replyRefusal(call, '1445880548472328192');
 * if (refused) return refused;
 * ```
 */
export function replyRefusal(call: ApiCall, replyToId: string): Response | null {
  const parent = call.ctx.tweets.byId(replyToId);
  if (parent === undefined) return null;
  if (!call.ctx.social.canSee(call.user.id, parent.userId))
    return v2Problem(403, 'You attempted to reply to a Tweet that is deleted or not visible to you.');
  if (!call.ctx.social.mayReply(call.user.id, parent.id, parent.userId))
    return v2Problem(
      403,
      'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.',
    );
  return null;
}

type Body = Record<string, unknown>;

/** X's refusal of a body whose parts do not go together or name unknown users; `null` when fine. */
function extrasRefusal(call: ApiCall, body: Body, mediaIds: unknown): Response | null {
  const poll = body.poll as { options: string[] } | undefined;
  if (poll !== undefined && Array.isArray(mediaIds) && mediaIds.length > 0)
    return v2InvalidRequest('poll', poll, 'A post can carry media or a poll, not both.');
  if (poll !== undefined && new Set(poll.options).size !== poll.options.length)
    return v2InvalidRequest('poll.options', poll.options, 'Poll options must be unique.');
  const tagged = (body.media as { tagged_user_ids?: string[] } | undefined)?.tagged_user_ids ?? [];
  for (const id of tagged) {
    if (call.ctx.accounts.userById(id) === undefined)
      return v2InvalidRequest('media.tagged_user_ids', id, `The user [${id}] to tag was not found.`);
  }
  return null;
}

/**
 * `POST /2/tweets`.
 *
 * @example
 * ```ts
 * r('POST', '/2/tweets', 'POST /2/tweets', createTweet);
 * ```
 */
export async function createTweet(call: ApiCall): Promise<Response> {
  const body = call.json as Body | undefined;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    return v2InvalidRequest('body', '', 'The request body must be a JSON object');
  }
  const text = body.text;
  const reply = body.reply as { in_reply_to_tweet_id?: unknown } | undefined;
  const media = body.media as { media_ids?: unknown; tagged_user_ids?: string[] } | undefined;
  const quote = body.quote_tweet_id;
  for (const name of ['reply', 'media'] as const) {
    const value = body[name];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      return v2InvalidRequest(name, value, `$.${name}: is not an object`);
    }
  }
  if (text !== undefined && typeof text !== 'string') return v2InvalidRequest('text', text, '$.text: is not a string');
  const mediaIds = media?.media_ids;
  if (mediaIds !== undefined && (!Array.isArray(mediaIds) || !mediaIds.every((m) => typeof m === 'string'))) {
    return v2InvalidRequest('media.media_ids', mediaIds, '$.media.media_ids: must be an array of strings');
  }
  const replyTo = reply?.in_reply_to_tweet_id;
  if (replyTo !== undefined && typeof replyTo !== 'string')
    return v2InvalidRequest('reply.in_reply_to_tweet_id', replyTo, 'must be a string');
  if (quote !== undefined && typeof quote !== 'string') return v2InvalidRequest('quote_tweet_id', quote, 'must be a string');
  if ((text === undefined || text === '') && (mediaIds === undefined || (mediaIds as string[]).length === 0)) {
    return v2InvalidRequest('text', '', 'You must provide text or media');
  }
  const refused = (typeof replyTo === 'string' ? replyRefusal(call, replyTo) : null) ?? extrasRefusal(call, body, mediaIds);
  if (refused) return refused;
  // The body was checked against X's schema (withSpec): the poll's bounds and reply_settings are X's values.
  const poll = body.poll as { options: string[]; duration_minutes: number; reply_settings?: string } | undefined;
  const replySettings = (body.reply_settings as string | undefined) ?? poll?.reply_settings;
  const { ctx } = call;
  const longText = ctx.posts.mayPostLong(call.user.id);
  const result = await postTweet(
    ctx,
    call.user,
    call.app,
    {
      text: (text as string | undefined) ?? '',
      replyToId: replyTo as string | undefined,
      quoteId: quote as string | undefined,
      mediaIds: mediaIds as string[] | undefined,
      longText,
    },
    // Inside the post's own write: the post and what it carries are stored together.
    (t) => {
      if (replySettings !== undefined) ctx.social.setReplySettings(t.id, replySettings);
      ctx.posts.attach(t.id, {
        communityId: body.community_id as string | undefined,
        taggedUserIds: [...new Set(media?.tagged_user_ids ?? [])],
        // Only an account that may post long text can have a text over 280 to cut.
        cutText: longText ? noteCut(t.text) : undefined,
        poll: poll && { options: poll.options, durationMinutes: poll.duration_minutes },
      });
    },
  );
  if ('failure' in result) {
    switch (result.failure) {
      case 'too_long':
        return v2Problem(
          403,
          'Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.',
        );
      case 'duplicate':
        return v2Problem(403, 'You are not allowed to create a Tweet with duplicate content.');
      case 'reply_not_found':
        return v2Problem(403, 'You attempted to reply to a Tweet that is deleted or not visible to you.');
      case 'quote_not_found':
        return v2Problem(403, 'You attempted to quote a Tweet that is deleted or not visible to you.');
      case 'media_invalid':
        return v2InvalidRequest('media.media_ids', mediaIds, 'Your media IDs are invalid.');
      default:
        return v2InvalidRequest('text', '', 'You must provide text or media');
    }
  }
  const t = result.tweet;
  return jsonResponse({ data: { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] } }, 201);
}

/**
 * `DELETE /2/tweets/:id`: the author's own posts only; an unknown id answers `deleted: false`.
 *
 * @example
 * ```ts
 * r('DELETE', '/2/tweets/:id', 'DELETE /2/tweets', deleteTweet);
 * ```
 */
export function deleteTweet(call: ApiCall): Response {
  const id = call.path.id ?? '';
  if (parseId(id) === null) return v2InvalidRequest('id', id, `The \`id\` query parameter value [${id}] is not valid`);
  const tweet = call.ctx.tweets.byId(id);
  if (!tweet) return jsonResponse({ data: { deleted: false } });
  if (tweet.userId !== call.user.id) return v2Problem(403, 'You are not allowed to delete a Tweet you did not create.');
  call.ctx.tweets.delete(id);
  call.ctx.posts.forget(id);
  return jsonResponse({ data: { deleted: true } });
}
