/**
 * What the routes of blocks, mutes, hide reply, lists and DMs share: their stores (one set per sandbox
 * database, made on first use, so the sandbox context needs no new fields), offset pagination with X's opaque
 * 16+ character `pagination_token`, user-list answers and X's not-found partial errors.
 *
 * @module
 */
import type { ApiCall } from './api.js';
import type { UserRecord } from './apps-users.js';
import type { SandboxContext } from './context.js';
import type { SandboxDatabase } from './db.js';
import { Dms } from './dms.js';
import { parseId } from './ids.js';
import { Lists } from './lists.js';
import { Relations } from './relations.js';
import { jsonResponse, v2InvalidRequest } from './x-errors.js';
import { parseSelection, V2Format } from './x-format-v2.js';
import type { XJsonValue } from './x-json.js';

/** The stores of one sandbox. */
export interface Social {
  relations: Relations;
  lists: Lists;
  dms: Dms;
}

const stores = new WeakMap<SandboxDatabase, Social>();

/**
 * The relations, lists and DM stores of `ctx`'s database.
 *
 * @example
 * ```ts
 * relationStores(ctx).relations.isBlocked(a, b);
 * ```
 */
export function relationStores(ctx: SandboxContext): Social {
  let s = stores.get(ctx.db);
  if (s === undefined) {
    s = { relations: new Relations(ctx.db, ctx.now), lists: new Lists(ctx.db, ctx.ids, ctx.now), dms: new Dms(ctx.db, ctx.ids, ctx.now) };
    stores.set(ctx.db, s);
  }
  return s;
}

/** A call with or without a user (routes app-only bearers may call). */
export type AnyCall = ApiCall<UserRecord | null>;

/**
 * An opaque pagination token for "skip `offset` rows" (X's listings want at least 16 characters); offset 0 (the
 * first page, a `previous_token` may lead back to it) has one too.
 *
 * @example
 * ```ts
 * offsetToken(100); // 'p00000000000002t'
 * ```
 */
export function offsetToken(offset: number): string {
  return `p${(offset + 1).toString(36).padStart(15, '0')}`;
}

/** A page by offset: `offset`, `count` (max_results). */
export interface OffsetPage {
  offset: number;
  count: number;
}

/**
 * Reads `max_results` (default `fallback`) and `pagination_token` into an offset page, or answers 400.
 *
 * @example
 * ```ts
 * const page = offsetPage(call, 1, 1000, 100);
 * ```
 */
export function offsetPage(call: AnyCall, min: number, max: number, fallback: number): OffsetPage | Response {
  const raw = call.params.get('max_results');
  const count = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(count) || count < min || count > max) {
    return v2InvalidRequest(
      'max_results',
      raw ?? '',
      `The \`max_results\` query parameter value [${raw}] is not between ${min} and ${max}`,
    );
  }
  const token = call.params.get('pagination_token');
  if (token === undefined) return { offset: 0, count };
  const offset = /^p[0-9a-z]{15}$/.test(token) ? Number.parseInt(token.slice(1), 36) - 1 : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    return v2InvalidRequest('pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`);
  }
  return { offset, count };
}

/**
 * `meta` of a page of `shown` items out of `fetched` (one more than the page size was fetched to see whether
 * a next page exists).
 *
 * @example
 * ```ts
 * pageMeta(page, rows.length); // { result_count: 10, next_token: 'p00000000000000a' }
 * ```
 */
export function pageMeta(page: OffsetPage, fetched: number): { [key: string]: XJsonValue } {
  const shown = Math.min(fetched, page.count);
  const meta: { [key: string]: XJsonValue } = { result_count: shown };
  if (page.offset > 0) meta.previous_token = offsetToken(Math.max(0, page.offset - page.count));
  if (fetched > page.count) meta.next_token = offsetToken(page.offset + page.count);
  return meta;
}

/**
 * A page of users in X's shape (`data`, `includes`, `meta`), the viewer's relations in the user objects.
 *
 * @example
 * ```ts
 * return usersAnswer(call, ids, page);
 * ```
 */
export function usersAnswer(call: AnyCall, ids: string[], page: OffsetPage): Response {
  const format = new V2Format(call.sources, parseSelection(call.url.searchParams, call.user?.id));
  const users = ids
    .slice(0, page.count)
    .map((id) => call.ctx.accounts.userById(id))
    .filter((u): u is UserRecord => u !== undefined);
  const meta = pageMeta(page, ids.length);
  if (users.length === 0) return jsonResponse({ meta: { ...meta, result_count: 0 } });
  return jsonResponse({ data: users.map((u) => format.user(u)), ...format.includes(), meta });
}

/**
 * X's partial error for a resource that does not exist (answered with 200 and no `data`).
 *
 * @example
 * ```ts
 * return notFound('list', 'id', '123');
 * ```
 */
export function notFound(resourceType: string, parameter: string, value: string): Response {
  return jsonResponse({
    errors: [
      {
        value,
        detail: `Could not find ${resourceType} with ${parameter}: [${value}].`,
        title: 'Not Found Error',
        resource_type: resourceType,
        parameter,
        resource_id: value,
        type: 'https://api.x.com/2/problems/resource-not-found',
      },
    ],
  });
}

/**
 * A path id (`:name`) that is a snowflake id, or a 400.
 *
 * @example
 * ```ts
 * const id = idParam(call, 'id');
 * ```
 */
export function idParam(call: AnyCall, name: string): string | Response {
  const id = call.path[name] ?? '';
  return parseId(id) === null ? v2InvalidRequest(name, id, `The \`${name}\` query parameter value [${id}] is not valid`) : id;
}

/**
 * A 403 unless the path's `:name` is the signed-in user (X: "You are not permitted to perform this action").
 *
 * @example
 * ```ts
 * const denied = notSelf(call, 'id');
 * if (denied) return denied;
 * ```
 */
export function notSelf(call: ApiCall, name: string): Response | null {
  return call.path[name] === call.user.id
    ? null
    : forbidden('user', call.path[name] ?? '', 'You are not permitted to perform this action.');
}

/**
 * A user id from a JSON body field, existing, or the answer to give.
 *
 * @example
 * ```ts
 * const target = bodyUser(call, 'target_user_id');
 * ```
 */
export function bodyUser(call: ApiCall, field: string): UserRecord | Response {
  const value = (call.json as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || parseId(value) === null) return v2InvalidRequest(field, value, `${field} is invalid`);
  return call.ctx.accounts.userById(value) ?? notFound('user', field, value);
}

/**
 * A 403 in the problem type X's document gives it: `not-authorized-for-resource`, naming the resource.
 *
 * @example
 * ```ts
 * return forbidden('list', listId, 'You are not allowed to modify this List.');
 * ```
 */
export function forbidden(resourceType: string, resourceId: string, detail: string): Response {
  return jsonResponse(
    {
      title: 'Forbidden',
      type: 'https://api.x.com/2/problems/not-authorized-for-resource',
      status: 403,
      detail,
      resource_type: resourceType,
      resource_id: resourceId,
    },
    403,
  );
}
