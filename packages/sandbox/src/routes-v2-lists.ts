/**
 * v2 list routes in the shapes of X's OpenAPI document (2.167): create, read, update, delete; members,
 * memberships, followers, follow / unfollow, pin / unpin, pinned, a list's posts. A private list is seen only by
 * its owner (others get X's `not-authorized-for-resource`); only the owner changes a list or its members; an
 * account that blocks the owner cannot be added.
 *
 * @module
 */
import type { ApiCall, RouteSpec } from './api.js';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import { type ListRecord, MAX_PINNED_LISTS } from './lists.js';
import {
  type AnyCall,
  bodyUser,
  forbidden,
  idParam,
  notFound,
  notSelf,
  type OffsetPage,
  offsetPage,
  pageMeta,
  relationStores,
  usersAnswer,
} from './routes-v2-kit.js';
import { specRouteBuilders } from './spec-routes.js';
import type { TweetRecord } from './tweets.js';
import { jsonResponse } from './x-errors.js';
import { parseSelection, V2Format } from './x-format-v2.js';
import { v2User } from './x-format-v2-user.js';
import { v2Date, type XJsonValue } from './x-json.js';

type JsonObject = { [key: string]: XJsonValue };

function listFields(call: AnyCall): Set<string> {
  return new Set((call.url.searchParams.get('list.fields') ?? '').split(',').filter((f) => f !== ''));
}

/** Lists in X's shape with `list.fields` and the `owner_id` expansion. */
function listsAnswer(call: AnyCall, lists: ListRecord[], page: OffsetPage | null | 'one'): Response {
  const fields = listFields(call);
  const store = relationStores(call.ctx).lists;
  const owners = new Map<string, JsonObject>();
  const expand = (call.url.searchParams.get('expansions') ?? '').split(',').includes('owner_id');
  const userFields = parseSelection(call.url.searchParams, call.user?.id).userFields;
  const render = (l: ListRecord): JsonObject => {
    const out: JsonObject = { id: l.id, name: l.name };
    if (fields.has('created_at')) out.created_at = v2Date(l.createdAt);
    if (fields.has('description')) out.description = l.description;
    if (fields.has('follower_count')) out.follower_count = store.count('followers', l.id);
    if (fields.has('member_count')) out.member_count = store.count('members', l.id);
    // X's document has no `owner_id` in list.fields: it comes with the owner_id expansion.
    if (expand || fields.has('owner_id')) out.owner_id = l.ownerId;
    if (fields.has('private')) out.private = l.private;
    const owner = expand && !owners.has(l.ownerId) ? call.ctx.accounts.userById(l.ownerId) : undefined;
    if (owner !== undefined) owners.set(owner.id, v2User(call.sources, owner, userFields, call.user?.id));
    return out;
  };
  if (page === 'one') {
    const data = render(lists[0] as ListRecord);
    return jsonResponse({ data, ...(owners.size > 0 ? { includes: { users: [...owners.values()] } } : {}) });
  }
  if (page === null) {
    const data = lists.map(render);
    const includes = owners.size > 0 ? { includes: { users: [...owners.values()] } } : {};
    return jsonResponse(data.length > 0 ? { data, ...includes, meta: { result_count: data.length } } : { meta: { result_count: 0 } });
  }
  const meta = pageMeta(page, lists.length);
  const data = lists.slice(0, page.count).map(render);
  if (data.length === 0) return jsonResponse({ meta: { ...meta, result_count: 0 } });
  return jsonResponse({ data, ...(owners.size > 0 ? { includes: { users: [...owners.values()] } } : {}), meta });
}

/** The list of `:name`, visible to the caller, or the answer to give. */
function visibleList(call: AnyCall, name = 'id'): ListRecord | Response {
  const id = idParam(call, name);
  if (id instanceof Response) return id;
  const list = relationStores(call.ctx).lists.byId(id);
  if (list === undefined) return notFound('list', name, id);
  if (!relationStores(call.ctx).lists.visibleTo(list, call.user?.id))
    return forbidden('list', id, 'You are not authorized to see this List.');
  return list;
}

/** The caller's own list of `:name`, or the answer to give. */
function ownList(call: ApiCall, name = 'id'): ListRecord | Response {
  const list = visibleList(call, name);
  if (list instanceof Response) return list;
  return list.ownerId === call.user.id ? list : forbidden('list', list.id, 'You are not allowed to modify this List.');
}

function createList(call: ApiCall): Response {
  const body = call.json as { name: string; description?: string; private?: boolean };
  const list = relationStores(call.ctx).lists.create(call.user.id, body);
  return jsonResponse({ data: { id: list.id, name: list.name } }, 201);
}

function updateList(call: ApiCall): Response {
  const list = ownList(call);
  if (list instanceof Response) return list;
  relationStores(call.ctx).lists.update(list.id, call.json as { name?: string; description?: string; private?: boolean });
  return jsonResponse({ data: { updated: true } });
}

function deleteList(call: ApiCall): Response {
  const list = ownList(call);
  if (list instanceof Response) return list;
  relationStores(call.ctx).lists.delete(list.id);
  return jsonResponse({ data: { deleted: true } });
}

function member(add: boolean) {
  return (call: ApiCall): Response => {
    const list = ownList(call);
    if (list instanceof Response) return list;
    let userId: string;
    if (add) {
      const user = bodyUser(call, 'user_id');
      if (user instanceof Response) return user;
      if (relationStores(call.ctx).relations.eitherBlocks(call.user.id, user.id))
        return forbidden('user', user.id, 'You cannot add this user to a List.');
      userId = user.id;
    } else {
      const id = idParam(call, 'user_id');
      if (id instanceof Response) return id;
      userId = id;
    }
    relationStores(call.ctx).lists.set('members', list.id, userId, add);
    return jsonResponse({ data: { is_member: add } });
  };
}

function listUsers(kind: 'members' | 'followers') {
  return (call: AnyCall): Response => {
    const list = visibleList(call);
    if (list instanceof Response) return list;
    const page = offsetPage(call, 1, 100, 100);
    if (page instanceof Response) return page;
    return usersAnswer(call, relationStores(call.ctx).lists.users(kind, list.id, page), page);
  };
}

function listTweets(call: AnyCall): Response {
  const list = visibleList(call);
  if (list instanceof Response) return list;
  const page = offsetPage(call, 1, 100, 100);
  if (page instanceof Response) return page;
  const want = page.offset + page.count + 1;
  const rows: TweetRecord[] = [];
  for (const userId of relationStores(call.ctx).lists.users('members', list.id, { offset: 0, count: 4999 })) {
    rows.push(...call.ctx.tweets.userTimeline(userId, { count: want, sinceId: null, maxId: null }));
  }
  rows.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const visible = relationStores(call.ctx).relations.visible(call.user?.id, rows).slice(page.offset, want);
  const format = new V2Format(call.sources, parseSelection(call.url.searchParams, call.user?.id));
  const meta = pageMeta(page, visible.length);
  if (visible.length === 0) return jsonResponse({ meta: { ...meta, result_count: 0 } });
  const data = visible.slice(0, page.count).map((t) => format.tweet(t));
  return jsonResponse({ data, ...format.includes(), meta });
}

function userLists(kind: 'owned' | 'members' | 'followers') {
  return (call: AnyCall): Response => {
    const id = idParam(call, 'id');
    if (id instanceof Response) return id;
    if (!call.ctx.accounts.userById(id)) return notFound('user', 'id', id);
    const page = offsetPage(call, 1, 100, 100);
    if (page instanceof Response) return page;
    const store = relationStores(call.ctx).lists;
    // Private lists of others are left out (their count would leak them): each page asks for more than it shows.
    const rows = store
      .of(kind, id, { offset: 0, count: page.offset + page.count + 1 + 1000 })
      .filter((l) => store.visibleTo(l, call.user?.id));
    return listsAnswer(call, rows.slice(page.offset, page.offset + page.count + 1), page);
  };
}

function followOrPin(kind: 'followers' | 'pins', on: boolean) {
  return (call: ApiCall): Response => {
    const denied = notSelf(call, 'id');
    if (denied) return denied;
    const list = on
      ? (() => {
          const id = (call.json as { list_id: string }).list_id;
          return visibleList({ ...call, path: { ...call.path, list_id: id } } as ApiCall, 'list_id');
        })()
      : visibleList(call, 'list_id');
    if (list instanceof Response) return list;
    const store = relationStores(call.ctx).lists;
    if (kind === 'followers' && on && relationStores(call.ctx).relations.eitherBlocks(call.user.id, list.ownerId)) {
      return forbidden('list', list.id, 'You cannot follow this List.');
    }
    if (kind === 'pins' && on && !store.has('pins', list.id, call.user.id)) {
      if (store.of('pins', call.user.id, { offset: 0, count: MAX_PINNED_LISTS }).length >= MAX_PINNED_LISTS) {
        return forbidden('list', list.id, `You cannot pin more than ${MAX_PINNED_LISTS} Lists.`);
      }
    }
    store.set(kind, list.id, call.user.id, on);
    return jsonResponse({ data: kind === 'followers' ? { following: on } : { pinned: on } });
  };
}

function pinnedLists(call: ApiCall): Response {
  const denied = notSelf(call, 'id');
  if (denied) return denied;
  const store = relationStores(call.ctx).lists;
  return listsAnswer(call, store.of('pins', call.user.id, { offset: 0, count: MAX_PINNED_LISTS }).slice(0, MAX_PINNED_LISTS), null);
}

/**
 * The list routes.
 *
 * @example
 * ```ts
 * const routes = listRoutes(ctx);
 * ```
 */
export function listRoutes(ctx: SandboxContext): RouteSpec[] {
  const { r, rb } = specRouteBuilders(ctx);
  const any = (handler: (call: AnyCall) => Response) => handler as (call: ApiCall<UserRecord | null>) => Response;
  return [
    r('POST', '/2/lists', 'POST /2/lists', createList),
    rb(
      'GET',
      '/2/lists/:id',
      'GET /2/lists',
      any((call) => {
        const list = visibleList(call);
        if (list instanceof Response) return list;
        return listsAnswer(call, [list], 'one');
      }),
    ),
    r('PUT', '/2/lists/:id', 'PUT /2/lists', updateList),
    r('DELETE', '/2/lists/:id', 'DELETE /2/lists', deleteList),
    rb('GET', '/2/lists/:id/members', 'GET /2/lists/users', listUsers('members')),
    r('POST', '/2/lists/:id/members', 'POST /2/lists/members', member(true)),
    r('DELETE', '/2/lists/:id/members/:user_id', 'DELETE /2/lists/members', member(false)),
    rb('GET', '/2/lists/:id/followers', 'GET /2/lists/users', listUsers('followers')),
    rb('GET', '/2/lists/:id/tweets', 'GET /2/lists/tweets', listTweets),
    rb('GET', '/2/users/:id/owned_lists', 'GET /2/users/lists', userLists('owned')),
    rb('GET', '/2/users/:id/list_memberships', 'GET /2/users/lists', userLists('members')),
    rb('GET', '/2/users/:id/followed_lists', 'GET /2/users/lists', userLists('followers')),
    r('POST', '/2/users/:id/followed_lists', 'POST /2/users/lists', followOrPin('followers', true)),
    r('DELETE', '/2/users/:id/followed_lists/:list_id', 'DELETE /2/users/lists', followOrPin('followers', false)),
    r('GET', '/2/users/:id/pinned_lists', 'GET /2/users/lists', pinnedLists),
    r('POST', '/2/users/:id/pinned_lists', 'POST /2/users/lists', followOrPin('pins', true)),
    r('DELETE', '/2/users/:id/pinned_lists/:list_id', 'DELETE /2/users/lists', followOrPin('pins', false)),
  ];
}
