/**
 * The sandbox as one Web handler (`fetch(Request) → Response`), routed with Hono: OAuth endpoints, consent
 * pages, console and timeline pages, and the X API v1.1 / v2 / media slices. Paths are host-independent;
 * every answer carries a `Date` from the sandbox clock; nothing a client sends can produce a 500.
 *
 * @module
 */
import { HonoBase } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import { isFormContentType } from 'oauth1x';
import { clientAddressOf, recordClientAddress } from 'oauth1x/provider/node';
import { BodyError, type RouteSpec, readBody } from './api.js';
import type { SandboxContext } from './context.js';
import { authorizePage } from './pages/authorize.js';
import { consolePage, timelinePage } from './pages/console.js';
import { oauth2ConsentPage } from './pages/oauth2-consent.js';
import { reverseAuth, reverseAuthStep } from './reverse-auth.js';
import { mediaRoutes } from './routes-media.js';
import { createOAuthEndpoints, hoistCallback, oauthBodies } from './routes-oauth.js';
import { appOnlyToken, invalidateAppOnlyToken, oauth2Revoke, oauth2Token } from './routes-oauth2.js';
import { v1Routes } from './routes-v1.js';
import { v2Routes } from './routes-v2.js';
import { dmRoutes } from './routes-v2-dms.js';
import { listRoutes } from './routes-v2-lists.js';
import { relationRoutes } from './routes-v2-relations.js';
import { v2SocialRoutes } from './routes-v2-social.js';
import { jsonResponse, v1Error, v2Problem } from './x-errors.js';

/** A 1×1 transparent PNG used as every profile image. */
const AVATAR = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  if (path.startsWith('/1.1/')) return v1Error(34);
  if (path.startsWith('/2/')) return v2Problem(404, 'The requested resource was not found');
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Every X API route the sandbox serves (v1.1, v2, media), in the order they are matched: a literal path such as
 * `/2/users/by` before the `/2/users/:id` it would otherwise fall into. `test/sandbox/x-coverage.test.ts` walks X's
 * document against this list.
 *
 * @example
 * ```ts
 * for (const route of apiRoutes(ctx)) console.log(route.method, route.path);
 * ```
 */
export function apiRoutes(ctx: SandboxContext): RouteSpec[] {
  return [
    ...v1Routes(ctx),
    ...v2SocialRoutes(ctx),
    ...v2Routes(ctx),
    ...mediaRoutes(ctx),
    ...relationRoutes(ctx),
    ...listRoutes(ctx),
    ...dmRoutes(ctx),
  ];
}

/**
 * Builds the sandbox's fetch handler.
 *
 * @example
 * ```ts
 * const fetch = createSandboxApp(ctx);
 * const response = await fetch(new Request('http://127.0.0.1/console'));
 * ```
 */
export function createSandboxApp(ctx: SandboxContext): (request: Request) => Promise<Response> {
  // Hono's TrieRouter on the bare HonoBase. X's paths mix static and dynamic segments at one position
  // (`/2/users/by`, `/2/users/me` beside `/2/users/:id/…`; `/2/media/upload/initialize` beside
  // `/2/media/upload/:id/append`), which Hono's RegExpRouter refuses (UnsupportedPathError): the default `Hono`
  // (SmartRouter) built a RegExpRouter on the first request, threw it away and fell back to this one. Named
  // here, the first request skips that attempt and the import skips both routers' modules.
  const app = new HonoBase({ router: new TrieRouter() });
  const provider = createOAuthEndpoints(ctx);

  const oauth = async (request: Request): Promise<Response> => {
    let bytes: Uint8Array<ArrayBuffer> | null;
    try {
      bytes = await readBody(request, 65536);
    } catch (error) {
      if (error instanceof BodyError) return jsonResponse({ errors: [{ code: 215, message: 'Bad Authentication data.' }] }, 413);
      throw error;
    }
    let text: string | undefined;
    const headers = new Headers(request.headers);
    if (bytes !== null) {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        // Not UTF-8: the provider rejects it; no base string to show.
      }
    }
    const form = isFormContentType(request.headers.get('content-type'));
    if (text !== undefined && form && new URL(request.url).pathname === '/oauth/request_token') {
      const hoisted = hoistCallback(headers.get('authorization'), text);
      if (hoisted.authorization !== null && hoisted.body !== text) {
        text = hoisted.body;
        bytes = new TextEncoder().encode(text);
        headers.set('authorization', hoisted.authorization);
        headers.delete('content-length');
      }
    }
    const copy = new Request(request.url, { method: request.method, headers, body: bytes });
    recordClientAddress(copy, clientAddressOf(request));
    if (text !== undefined) oauthBodies.set(copy, text);
    const step = form ? reverseAuthStep(new URL(request.url).pathname, text) : null;
    if (step !== null && text !== undefined) return reverseAuth(ctx, copy, text, step);
    return provider.fetch(copy);
  };
  for (const path of ['/oauth/request_token', '/oauth/access_token', '/1.1/oauth/invalidate_token']) {
    app.on(['GET', 'POST'], path, (c) => oauth(c.req.raw));
  }
  app.on(['GET', 'POST'], '/oauth/authorize', (c) => authorizePage(ctx, provider, c.req.raw, 'authorize'));
  app.on(['GET', 'POST'], '/oauth/authenticate', (c) => authorizePage(ctx, provider, c.req.raw, 'authenticate'));

  for (const path of ['/i/oauth2/authorize', '/oauth2/authorize']) app.on(['GET', 'POST'], path, (c) => oauth2ConsentPage(ctx, c.req.raw));
  app.on(['GET', 'POST'], '/2/oauth2/token', (c) => oauth2Token(ctx, c.req.raw));
  app.on(['GET', 'POST'], '/2/oauth2/revoke', (c) => oauth2Revoke(ctx, c.req.raw));
  app.on(['GET', 'POST'], '/oauth2/token', (c) => appOnlyToken(ctx, c.req.raw));
  app.on(['GET', 'POST'], '/oauth2/invalidate_token', (c) => invalidateAppOnlyToken(ctx, c.req.raw));

  for (const route of apiRoutes(ctx)) {
    app.on(route.method, route.path, (c) => route.handler(c.req.raw, c.req.param() as Record<string, string>));
  }

  app.get('/', (c) => c.redirect('/console'));
  app.get('/console', () => consolePage(ctx));
  app.get('/timeline/:name', (c) => timelinePage(ctx, c.req.param('name')));
  app.get('/static/avatar.png', () => new Response(AVATAR, { headers: { 'content-type': 'image/png', 'cache-control': 'max-age=86400' } }));
  app.get('/media/:id', (c) => {
    const media = ctx.media.byId(c.req.param('id'));
    if (media?.state !== 'succeeded') return notFound(c.req.raw);
    const rows = ctx.db
      .prepare('SELECT data FROM x_media_segments WHERE media_id = ? ORDER BY segment_index')
      .all(BigInt(media.id)) as Array<{ data: Buffer }>;
    return new Response(Buffer.concat(rows.map((r) => r.data)), {
      // Served on the sandbox's own origin: no sniffing, and a sandboxed document (no script, no cookies) should
      // anything but media have been stored by an older version.
      headers: { 'content-type': media.mediaType, 'x-content-type-options': 'nosniff', 'content-security-policy': 'sandbox' },
    });
  });

  app.notFound((c) => notFound(c.req.raw));
  app.onError((error, c) => {
    process.emitWarning(`oauth1x sandbox: ${error instanceof Error ? error.stack : String(error)}`);
    const path = new URL(c.req.url).pathname;
    return path.startsWith('/2/')
      ? v2Problem(503, 'Internal error')
      : jsonResponse({ errors: [{ code: 131, message: 'Internal error' }] }, 500);
  });

  return async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      response = await app.fetch(request);
    } catch {
      response = new Response('Bad Request', { status: 400, headers: { 'content-type': 'text/plain' } });
    }
    // Writes queued without waiting (the nonce journal) are committed before any answer leaves.
    try {
      await ctx.writes.committed();
    } catch {
      response = new URL(request.url).pathname.startsWith('/2/')
        ? v2Problem(503, 'Service Unavailable')
        : jsonResponse({ errors: [{ code: 130, message: 'Over capacity' }] }, 503);
    }
    const date = new Date(ctx.now()).toUTCString();
    try {
      if (!response.headers.has('date')) response.headers.set('date', date);
    } catch {
      response = new Response(response.body, response);
      response.headers.set('date', date);
    }
    return response;
  };
}
