/**
 * Rows of the hostile-input table for a parameter sent twice across the Authorization header, the query and
 * the form body: refused in every mode when the values differ, refused RFC-strict (RFC 5849 §3.5) and taken
 * once with `compat.sameValueInHeaderAndBody` when they are the same (the accepted side is in
 * same-value-compat.test.ts).
 *
 * @module
 */
import { percentEncode } from 'oauth1x';
import { type HostileCase, type HostileContext, now, signFor, withHeader } from './hostile-helpers.js';

const FORM = 'application/x-www-form-urlencoded';

/** A form POST signed with `body` whose Authorization header also carries `extra` (a non-oauth parameter). */
async function postWithHeaderExtra(ctx: HostileContext, body: Record<string, string>, extra: [string, string]): Promise<Request[]> {
  const signed = await signFor(ctx, { method: 'POST', body });
  const authorization = `${signed.authorization}, ${percentEncode(extra[0])}="${percentEncode(extra[1])}"`;
  return [new Request(signed.url, { method: 'POST', headers: { authorization, 'content-type': FORM }, body: signed.body as string })];
}

/** The rows. */
export const DUPLICATE_CASES: HostileCase[] = [
  {
    name: 'same value in header and body: a non-oauth parameter in the header (strict)',
    status: 400,
    problem: 'parameter_rejected',
    applies: (ctx) => ctx.sameValueInHeaderAndBody !== true,
    build: (ctx) => postWithHeaderExtra(ctx, { status: 'hi' }, ['status', 'hi']),
  },
  {
    name: 'different value in header and body: a non-oauth parameter',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => postWithHeaderExtra(ctx, { status: 'hi' }, ['status', 'bye']),
  },
  {
    name: 'non-oauth parameter in the header only, with a form body',
    status: 400,
    problem: 'parameter_rejected',
    build: (ctx) => postWithHeaderExtra(ctx, { other: 'x' }, ['status', 'hi']),
  },
  {
    name: 'different value in header and body: oauth_nonce',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx, { method: 'POST', body: { status: 'x' } });
      const body = `${signed.body}&oauth_nonce=another`;
      return [new Request(signed.url, { method: 'POST', headers: { authorization: signed.authorization, 'content-type': FORM }, body })];
    },
  },
  {
    name: 'different value in header and query: oauth_timestamp',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx);
      const url = new URL(signed.url);
      url.searchParams.append('oauth_timestamp', String(now(ctx) - 1));
      return [withHeader(ctx, signed.authorization, url.href)];
    },
  },
  {
    name: 'same value twice in the body beside the header: oauth_nonce',
    status: 400,
    problem: 'parameter_rejected',
    build: async (ctx) => {
      const signed = await signFor(ctx, { method: 'POST', body: { status: 'x' } });
      const nonce = /oauth_nonce="([^"]+)"/.exec(signed.authorization)?.[1] as string;
      const body = `${signed.body}&oauth_nonce=${nonce}&oauth_nonce=${nonce}`;
      return [new Request(signed.url, { method: 'POST', headers: { authorization: signed.authorization, 'content-type': FORM }, body })];
    },
  },
];
