// Shared fixtures of the token endpoint tests: consumers, users, a handler over a store, and signing helpers.
import { type Credentials, type SignRequestOptions, signRequest, type Transport, timingSafeEqual } from '../../src/index.js';
import {
  createMemoryStore,
  createProviderHandler,
  type ProviderConsumer,
  type ProviderHandler,
  type ProviderHandlerOptions,
  type ProviderStore,
} from '../../src/provider/index.js';

export const BASE = 'https://provider.test';
export const APP: Credentials = { key: 'app-key', secret: 'app secret ~!' };
export const OTHER_APP: Credentials = { key: 'other-app', secret: 'other secret' };
export const XAUTH_APP: Credentials = { key: 'xauth-app', secret: 'xauth secret' };
export const PIN_ONLY_APP: Credentials = { key: 'pin-app', secret: 'pin secret' };

export const CONSUMERS = new Map<string, ProviderConsumer & { name: string }>([
  [APP.key, { name: 'App', secret: APP.secret, callbackUrls: ['https://app.example/cb', 'https://app.example/prefix/*', 'myapp://done'] }],
  [OTHER_APP.key, { name: 'Other', secret: OTHER_APP.secret, allowOob: false }],
  [XAUTH_APP.key, { name: 'XAuth', secret: XAUTH_APP.secret, xAuth: true }],
  [PIN_ONLY_APP.key, { name: 'Pin', secret: PIN_ONLY_APP.secret, callbackUrls: [] }],
]);

export const USERS = new Map([
  ['alice', { id: '1001', password: 'wonderland', screenName: 'alice' }],
  ['bob', { id: '1002', password: 'builder', screenName: 'bob' }],
]);

/** A controllable clock (epoch ms), starting now. */
export function fakeClock() {
  let t = Date.now();
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

export interface Setup {
  handler: ProviderHandler<ProviderConsumer & { name: string }>;
  store: ProviderStore;
  clock: ReturnType<typeof fakeClock>;
  authCalls: string[];
}

export function setup(overrides: Partial<ProviderHandlerOptions<ProviderConsumer & { name: string }>> = {}, store?: ProviderStore): Setup {
  const clock = fakeClock();
  const s = store ?? createMemoryStore();
  const authCalls: string[] = [];
  const handler = createProviderHandler<ProviderConsumer & { name: string }>({
    store: s,
    lookupConsumer: (key) => CONSUMERS.get(key) ?? null,
    authenticateUser: (username, password) => {
      authCalls.push(username);
      const user = USERS.get(username);
      // Same work for unknown users: compare against a dummy password.
      const ok = timingSafeEqual(user?.password ?? '\u0000dummy-password', password);
      return user !== undefined && ok ? { userId: user.id } : null;
    },
    accessTokenFields: ({ userId, mode }) => {
      const user = [...USERS.values()].find((u) => u.id === userId);
      const fields: Record<string, string> = { user_id: userId, screen_name: user?.screenName ?? '' };
      if (mode === 'xauth') fields.x_auth_expires = '0';
      return fields;
    },
    onAuthorize: (_request, ctx) =>
      new Response(`consent for ${ctx.consumer.name}: ${ctx.requestToken.token}`, { headers: { 'content-type': 'text/plain' } }),
    keepRequestTokenParams: ['x_auth_access_type'],
    verify: { clock },
    ...overrides,
  });
  return { handler, store: s, clock, authCalls };
}

export interface SignOptions {
  consumer?: Credentials;
  token?: Credentials | null;
  method?: 'GET' | 'POST';
  transport?: Transport;
  oauthParams?: Record<string, string>;
  body?: Record<string, string>;
  query?: string;
  nonce?: string;
}

/** A signed Request to `path` on the provider, timestamped by the setup's clock. */
export async function signed(s: Setup, path: string, o: SignOptions = {}): Promise<Request> {
  const method = o.method ?? 'POST';
  const options: SignRequestOptions = {
    method,
    url: `${BASE}${path}${o.query ?? ''}`,
    consumer: o.consumer ?? APP,
    token: o.token ?? null,
    timestamp: Math.floor(s.clock.now() / 1000),
    transport: o.transport ?? 'header',
    oauthParams: o.oauthParams,
    body: method === 'POST' ? (o.body ?? {}) : undefined,
    nonce: o.nonce,
  };
  const out = await signRequest(options);
  const headers: Record<string, string> = {};
  if (o.transport === undefined || o.transport === 'header') headers.authorization = out.authorization;
  if (out.body !== undefined && method === 'POST') headers['content-type'] = out.contentType ?? 'application/x-www-form-urlencoded';
  return new Request(out.url, { method, headers, body: method === 'POST' ? (out.body ?? '') : undefined });
}

export async function form(response: Response): Promise<Record<string, string>> {
  return Object.fromEntries(new URLSearchParams(await response.text()));
}

/** request_token → approve → the request token, its secret and verifier. */
export async function approvedToken(s: Setup, consumer = APP, userId = '1001', callback = 'https://app.example/cb') {
  const response = await s.handler.fetch(await signed(s, '/oauth/request_token', { consumer, oauthParams: { oauth_callback: callback } }));
  if (response.status !== 200) throw new Error(`request_token answered ${response.status}: ${await response.text()}`);
  const body = await form(response);
  const token: Credentials = { key: body.oauth_token as string, secret: body.oauth_token_secret as string };
  const approval = await s.handler.approve(token.key, userId);
  return { token, verifier: approval.verifier, approval };
}

export async function exchange(s: Setup, token: Credentials, verifier: string | undefined, o: SignOptions = {}) {
  const oauthParams = verifier === undefined ? undefined : { oauth_verifier: verifier };
  return s.handler.fetch(await signed(s, '/oauth/access_token', { token, oauthParams, ...o }));
}

export async function xauth(s: Setup, username: string, password: string, consumer = XAUTH_APP) {
  const body = { x_auth_username: username, x_auth_password: password, x_auth_mode: 'client_auth' };
  return s.handler.fetch(await signed(s, '/oauth/access_token', { consumer, body }));
}

/** The oauth_problem of an error answer (from WWW-Authenticate and the body, which must agree). */
export async function problemOf(response: Response): Promise<string | undefined> {
  const body = await form(response.clone());
  const header = response.headers.get('www-authenticate') ?? '';
  const fromHeader = /oauth_problem="([^"]*)"/.exec(header)?.[1];
  if (fromHeader !== body.oauth_problem) throw new Error(`header ${fromHeader} and body ${body.oauth_problem} disagree`);
  return body.oauth_problem;
}
