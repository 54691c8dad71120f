/**
 * Web platform types named so the published declarations compile without the DOM lib: a Node-only project
 * (`lib: ["ES2023"]`, `types: ["node"]`, `skipLibCheck: false`) has no global `CryptoKey` or `BodyInit` type.
 * Each alias resolves to the global type where the project's libs declare one (DOM, WebWorker, a newer
 * `@types/node`), so nothing changes for those projects, and to a structural stand-in where none does.
 *
 * @module
 */

/**
 * The structural part of a Web Crypto key (W3C Web Cryptography API, `CryptoKey` interface) that oauth1x relies
 * on; any `CryptoKey` (browser, Workers, Node's `webcrypto.CryptoKey`) satisfies it.
 *
 * @example
 * ```ts
 * const key: CryptoKeyShape = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
 * ```
 */
export interface CryptoKeyShape {
  readonly algorithm: { readonly name: string };
  readonly extractable: boolean;
  readonly type: 'private' | 'public' | 'secret';
  readonly usages: readonly string[];
}

/**
 * A Web Crypto key: the global `CryptoKey` when the project declares one (`declare var CryptoKey` in the DOM
 * lib and newer `@types/node`), else {@link CryptoKeyShape}.
 *
 * @example
 * ```ts
 * const key: WebCryptoKey = await importRsaKey(pem, 'SHA-256', 'sign');
 * ```
 */
export type WebCryptoKey = typeof globalThis extends { CryptoKey: { prototype: infer K } } ? K : CryptoKeyShape;

/**
 * A request body `fetch` accepts: the `body` of the global `RequestInit` (declared by the DOM lib and by
 * `@types/node` alike), without `null`.
 *
 * @example
 * ```ts
 * const body: WebBodyInit = new URLSearchParams({ status: 'hello' });
 * ```
 */
export type WebBodyInit = NonNullable<RequestInit['body']>;
