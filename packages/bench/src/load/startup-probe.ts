/**
 * One fresh process of the `sandbox-startup` bench section: times what a test file pays to get an emulated X, and
 * prints one JSON line of milliseconds. Modes:
 * - `sandbox [module]`: `import()` of the sandbox entry (default this build's; a path measures another build), the
 *   first `createSandbox({ memory: true })`, the first signed `GET /2/users/me` answered through `sandbox.fetch`,
 *   `listen()` HTTP only and HTTP + HTTPS (the first makes the process's certificate), then `WARM` more of each
 *   (create + close, listen + close) for their medians;
 * - `floor`: the least an emulator on the sandbox's stack can do: import hono and better-sqlite3, one route
 *   on a `Hono` app, an in-memory database with a four-table schema and one row, then the first answer
 *   through `app.fetch` (which, like every first `Request`/`Response` of a process, loads Node's Fetch);
 * - `msw` / `nock`: the peers' import and the setup of one intercepted route (msw `setupServer(http.get(…))` +
 *   `listen()`, nock `nock(host).get(path).reply()`), then the first answered `fetch` through it and `WARM`
 *   set-up/tear-down pairs.
 *
 * Every mode runs after one trivial import, as a test file's code runs after its framework's: the module loader's
 * own start is charged to none of them.
 *
 * Usage: `node packages/bench/dist/src/load/startup-probe.js sandbox|floor|msw|nock [module]`.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const WARM = 15;
const URL_ME = 'https://api.x.com/2/users/me';

interface SandboxLike {
  credentials: { consumer_key: string; consumer_secret: string; access_token: string; access_token_secret: string };
  fetch(request: Request): Promise<Response>;
  listen(options: { port: number; httpsPort: number | false }): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

async function signedMe(sandbox: SandboxLike): Promise<Request> {
  // Imported here, after the timed import: the sandbox's own import pays for the oauth1x core it loads.
  const { signRequest } = await import('oauth1x');
  const c = sandbox.credentials;
  const signed = await signRequest({
    method: 'GET',
    url: URL_ME,
    consumer: { key: c.consumer_key, secret: c.consumer_secret },
    token: { key: c.access_token, secret: c.access_token_secret },
  });
  return new Request(URL_ME, { headers: { authorization: signed.authorization } });
}

async function sandbox(module: string): Promise<Record<string, number>> {
  const [{ createSandbox }, importMs] = await time(
    () => import(module) as Promise<{ createSandbox(options: { memory: true }): Promise<SandboxLike> }>,
  );
  const [first, firstMs] = await time(() => createSandbox({ memory: true }));
  const [answer, firstAnswerMs] = await time(async () => first.fetch(await signedMe(first)));
  if (answer.status !== 200) throw new Error(`GET /2/users/me answered ${answer.status}: ${await answer.text()}`);
  await answer.arrayBuffer();
  const [http, listenHttpFirstMs] = await time(() => first.listen({ port: 0, httpsPort: false }));
  await http.close();
  const [both, listenHttpsFirstMs] = await time(() => first.listen({ port: 0, httpsPort: 0 }));
  await both.close();
  await first.close();
  const create: number[] = [];
  const listenHttp: number[] = [];
  const listenHttps: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const [s, ms] = await time(() => createSandbox({ memory: true }));
    create.push(ms);
    const [h, hMs] = await time(() => s.listen({ port: 0, httpsPort: false }));
    listenHttp.push(hMs);
    await h.close();
    const [b, bMs] = await time(() => s.listen({ port: 0, httpsPort: 0 }));
    listenHttps.push(bMs);
    await b.close();
    await s.close();
  }
  return {
    importMs,
    firstMs,
    firstAnswerMs,
    listenHttpFirstMs,
    listenHttpsFirstMs,
    warmCreateMs: median(create),
    warmListenHttpMs: median(listenHttp),
    warmListenHttpsMs: median(listenHttps),
  };
}

const FLOOR_SCHEMA = `
  CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
  CREATE TABLE apps (consumer_key TEXT PRIMARY KEY, consumer_secret TEXT NOT NULL);
  CREATE TABLE tokens (token TEXT PRIMARY KEY, secret TEXT NOT NULL, user_id TEXT NOT NULL);
  CREATE TABLE tweets (id TEXT PRIMARY KEY, author_id TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);`;

async function floor(): Promise<Record<string, number>> {
  const [[{ Hono }, { default: Database }], importMs] = await time(() => Promise.all([import('hono'), import('better-sqlite3')]));
  const setup = () => {
    const db = new Database(':memory:');
    db.exec(FLOOR_SCHEMA);
    db.prepare('INSERT INTO users VALUES (?, ?, ?)').run('1', 'demo', 'Demo');
    const user = db.prepare('SELECT id, username, name FROM users WHERE id = ?');
    const app = new Hono();
    app.get('/2/users/me', (c) => c.json({ data: user.get('1') }));
    return { app, db };
  };
  const [first, firstMs] = await time(async () => setup());
  const [answer, firstAnswerMs] = await time(async () => first.app.fetch(new Request(URL_ME)));
  if (answer.status !== 200) throw new Error(`floor answered ${answer.status}`);
  await answer.arrayBuffer();
  first.db.close();
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const [s, ms] = await time(async () => setup());
    warm.push(ms);
    s.db.close();
  }
  return { importMs, firstMs, firstAnswerMs, warmCreateMs: median(warm) };
}

async function msw(): Promise<Record<string, number>> {
  const [[{ http, HttpResponse }, { setupServer }], importMs] = await time(() => Promise.all([import('msw'), import('msw/node')]));
  const setup = () => {
    const server = setupServer(http.get(URL_ME, () => HttpResponse.json({ data: { id: '1', username: 'demo' } })));
    server.listen();
    return server;
  };
  const [server, firstMs] = await time(async () => setup());
  const [answer, firstAnswerMs] = await time(() => fetch(URL_ME));
  if (answer.status !== 200) throw new Error(`msw answered ${answer.status}`);
  await answer.arrayBuffer();
  server.close();
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const [s, ms] = await time(async () => setup());
    warm.push(ms);
    s.close();
  }
  return { importMs, firstMs, firstAnswerMs, warmCreateMs: median(warm) };
}

async function nockPeer(): Promise<Record<string, number>> {
  const [{ default: nock }, importMs] = await time(() => import('nock'));
  const setup = () =>
    nock('https://api.x.com')
      .get('/2/users/me')
      .reply(200, { data: { id: '1', username: 'demo' } });
  const [, firstMs] = await time(async () => setup());
  const [answer, firstAnswerMs] = await time(() => fetch(URL_ME));
  if (answer.status !== 200) throw new Error(`nock answered ${answer.status}`);
  await answer.arrayBuffer();
  nock.cleanAll();
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const [, ms] = await time(async () => setup());
    warm.push(ms);
    nock.cleanAll();
  }
  nock.restore();
  return { importMs, firstMs, firstAnswerMs, warmCreateMs: median(warm) };
}

// msw 3 and nock 15 (through @mswjs/interceptors) call Promise.withResolvers (Node 22) when a request is made;
// Node 20 lacks it. The standard behaviour, added for the peers only (the sandbox's mode never sets it).
function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const [mode, module] = process.argv.slice(2);
// A test file has imported its test framework before it imports what it tests: the first dynamic import of a
// process also pays for the module loader itself (≈ 8 ms here, a one-line module), charged to no mode.
const trivial: string = 'data:text/javascript,export default 1';
await import(trivial);
const promiseStatics = Promise as unknown as { withResolvers?: typeof withResolvers };
if (mode !== 'sandbox') promiseStatics.withResolvers ??= withResolvers;
const entry = module === undefined ? '@oauth1x/sandbox' : pathToFileURL(module).href;
const modes: Record<string, () => Promise<Record<string, number>>> = { sandbox: () => sandbox(entry), floor, msw, nock: nockPeer };
const figures = mode !== undefined && Object.hasOwn(modes, mode) ? await (modes[mode] as () => Promise<Record<string, number>>)() : null;
if (figures === null) {
  console.error('usage: startup-probe.js sandbox|floor|msw|nock [module]');
  process.exit(2);
}
console.log(JSON.stringify(figures));
