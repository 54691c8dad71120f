/**
 * v2 routes of blocks, mutes, DM blocks and hidden replies, in the shapes of X's OpenAPI document (2.167):
 * `GET /2/users/:id/blocking`, `POST /2/users/:id/dm/block|unblock`, `GET|POST /2/users/:id/muting`,
 * `DELETE /2/users/:source/muting/:target`, `PUT /2/tweets/:tweet_id/hidden`. X's document no longer has the
 * account block writes (`POST /2/users/:id/blocking`, `DELETE /2/users/:source/blocking/:target`), which
 * twitter-api-v2's `block` / `unblock` still call: the sandbox keeps them, outside the spec check, with X's
 * last shapes (`{"data":{"blocking":bool}}`), so that blocks can be made and their effects tried.
 *
 * @module
 */
import { type ApiCall, apiRoute, type RouteSpec } from './api.js';
import type { SandboxContext } from './context.js';
import { parseId } from './ids.js';
import { bodyUser, forbidden, idParam, notFound, notSelf, offsetPage, relationStores, usersAnswer } from './routes-v2-kit.js';
import { specRouteBuilders } from './spec-routes.js';
import { jsonResponse, v2InvalidRequest } from './x-errors.js';

function list(kind: 'blocking' | 'muting') {
  return (call: ApiCall): Response => {
    const denied = notSelf(call, 'id');
    if (denied) return denied;
    const page = offsetPage(call, 1, 1000, 100);
    if (page instanceof Response) return page;
    const r = relationStores(call.ctx).relations;
    const ask = { offset: page.offset, count: page.count + 1 };
    return usersAnswer(call, kind === 'blocking' ? r.blocking(call.user.id, ask) : r.muting(call.user.id, ask), page);
  };
}

function mute(create: boolean) {
  return (call: ApiCall): Response => {
    const denied = notSelf(call, create ? 'id' : 'source_user_id');
    if (denied) return denied;
    let target: string;
    if (create) {
      const user = bodyUser(call, 'target_user_id');
      if (user instanceof Response) return user;
      target = user.id;
    } else {
      const id = idParam(call, 'target_user_id');
      if (id instanceof Response) return id;
      if (!call.ctx.accounts.userById(id)) return notFound('user', 'target_user_id', id);
      target = id;
    }
    if (target === call.user.id) return v2InvalidRequest('target_user_id', target, 'You cannot mute yourself.');
    const r = relationStores(call.ctx).relations;
    if (create) r.mute(call.user.id, target);
    else r.unmute(call.user.id, target);
    return jsonResponse({ data: { muting: create } });
  };
}

function dmBlock(on: boolean) {
  return (call: ApiCall): Response => {
    const id = idParam(call, 'id');
    if (id instanceof Response) return id;
    if (!call.ctx.accounts.userById(id)) return notFound('user', 'id', id);
    if (id === call.user.id) return v2InvalidRequest('id', id, 'You cannot block yourself.');
    relationStores(call.ctx).relations.setDmBlock(call.user.id, id, on);
    return jsonResponse({ data: { blocked: on } });
  };
}

function hideReply(call: ApiCall): Response {
  const id = idParam(call, 'tweet_id');
  if (id instanceof Response) return id;
  const tweet = call.ctx.tweets.byId(id);
  if (!tweet) return notFound('tweet', 'tweet_id', id);
  // Only the author of the conversation's first post may hide a reply in it; the reply must be someone else's.
  let root = tweet;
  for (let i = 0; i < 50 && root.replyToId !== null; i++) {
    const parent = call.ctx.tweets.byId(root.replyToId);
    if (parent === undefined) break;
    root = parent;
  }
  if (tweet.replyToId === null || root.userId !== call.user.id || tweet.userId === call.user.id) {
    return forbidden(
      'tweet',
      id,
      'You attempted to hide a Tweet you cannot hide. Conversation owners can only hide replies to their own Tweets.',
    );
  }
  const hidden = (call.json as { hidden: boolean }).hidden;
  relationStores(call.ctx).relations.setHidden(id, call.user.id, hidden);
  return jsonResponse({ data: { hidden } });
}

/** The account block writes X's document no longer has (see the module comment). */
function legacyBlock(create: boolean) {
  return (call: ApiCall): Response => {
    const source = call.path[create ? 'id' : 'source_user_id'] ?? '';
    if (parseId(source) === null) return v2InvalidRequest('id', source, `The \`id\` query parameter value [${source}] is not valid`);
    if (source !== call.user.id) return forbidden('user', source, 'You are not permitted to perform this action.');
    const target = create ? (call.json as { target_user_id?: unknown } | undefined)?.target_user_id : call.path.target_user_id;
    if (typeof target !== 'string' || parseId(target) === null)
      return v2InvalidRequest('target_user_id', target, 'target_user_id is invalid');
    if (!call.ctx.accounts.userById(target)) return notFound('user', 'target_user_id', target);
    if (target === call.user.id) return v2InvalidRequest('target_user_id', target, 'You cannot block yourself.');
    const r = relationStores(call.ctx).relations;
    if (create) r.block(call.user.id, target);
    else r.unblock(call.user.id, target);
    return jsonResponse({ data: { blocking: create } });
  };
}

/**
 * The routes of blocks, mutes, DM blocks and hidden replies.
 *
 * @example
 * ```ts
 * const routes = relationRoutes(ctx);
 * ```
 */
export function relationRoutes(ctx: SandboxContext): RouteSpec[] {
  const { r } = specRouteBuilders(ctx);
  return [
    r('GET', '/2/users/:id/blocking', 'GET /2/users/blocking', list('blocking')),
    r('POST', '/2/users/:id/dm/block', 'POST /2/users/dm/block', dmBlock(true)),
    r('POST', '/2/users/:id/dm/unblock', 'POST /2/users/dm/unblock', dmBlock(false)),
    r('GET', '/2/users/:id/muting', 'GET /2/users/muting', list('muting')),
    r('POST', '/2/users/:id/muting', 'POST /2/users/muting', mute(true)),
    r('DELETE', '/2/users/:source_user_id/muting/:target_user_id', 'DELETE /2/users/muting', mute(false)),
    r('PUT', '/2/tweets/:tweet_id/hidden', 'PUT /2/tweets/hidden', hideReply),
    { method: 'POST', path: '/2/users/:id/blocking', handler: apiRoute(ctx, 'v2', 'POST /2/users/blocking', legacyBlock(true)) },
    {
      method: 'DELETE',
      path: '/2/users/:source_user_id/blocking/:target_user_id',
      handler: apiRoute(ctx, 'v2', 'DELETE /2/users/blocking', legacyBlock(false)),
    },
  ];
}
