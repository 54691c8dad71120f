/**
 * Every app of the sandbox database, in memory. Apps are few and change rarely (possibly from another
 * process: `oauth1x sandbox app create` next to a running server), so the whole table is loaded at once and
 * again when older than {@link APP_INDEX_MS} or after this process changed an app. A lookup by consumer key is
 * then a `Map` lookup whether or not the key exists: an unknown key costs what a known one costs, where a
 * per-key cache sent every new unknown key to SQLite (measured: ~16 µs more per request on disk), which told
 * a prober by timing which keys exist.
 *
 * @module
 */
import type { AppRecord } from './apps-users.js';

/** How long the loaded apps are used before the table is read again, in milliseconds. */
export const APP_INDEX_MS = 2000;

/**
 * The apps by consumer key and by id, reloaded as a whole.
 *
 * @example
 * ```ts
 * const index = new AppIndex(() => accounts.listApps());
 * index.byKey('xvz1evFS4wEEPTGEFPHBog'); // AppRecord | undefined, from memory
 * ```
 */
export class AppIndex {
  #byKey = new Map<string, AppRecord>();
  #byId = new Map<number, AppRecord>();
  #byClientId = new Map<string, AppRecord>();
  #loadedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly load: () => AppRecord[],
    private readonly maxAgeMs = APP_INDEX_MS,
  ) {}

  #fresh(): void {
    const now = performance.now();
    if (now - this.#loadedAt < this.maxAgeMs) return;
    const apps = this.load();
    this.#byKey = new Map(apps.map((app) => [app.consumerKey, app]));
    this.#byId = new Map(apps.map((app) => [app.id, app]));
    this.#byClientId = new Map(apps.map((app) => [app.oauth2ClientId, app]));
    this.#loadedAt = now;
  }

  /** The app with this consumer key. */
  byKey(consumerKey: string): AppRecord | undefined {
    this.#fresh();
    return this.#byKey.get(consumerKey);
  }

  /** The app with this id. */
  byId(id: number): AppRecord | undefined {
    this.#fresh();
    return this.#byId.get(id);
  }

  /** The app with this OAuth 2.0 client id. */
  byClientId(clientId: string): AppRecord | undefined {
    this.#fresh();
    return this.#byClientId.get(clientId);
  }

  /** Forgets the loaded apps: the next lookup reads the table again. */
  clear(): void {
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }
}
