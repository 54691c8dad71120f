/**
 * Stand-in credentials for unknown consumers and tokens: verification runs the same work with them (no early
 * exit that would reveal by timing which credential was unknown), and they can never verify.
 *
 * @module
 */
import { generateNonce } from '../core/nonce.js';

let secret: string | undefined;

/**
 * A per-process random secret no client knows: a signature made with a guessed secret never matches it. Made
 * on first use, not at import: Workers (workerd) refuse random values in global scope, so a module-level
 * `generateNonce()` made `oauth1x/provider` fail to load there.
 *
 * @example
 * ```ts
 * const secrets = { consumerSecret: consumer?.secret ?? dummySecret() };
 * ```
 */
export function dummySecret(): string {
  secret ??= generateNonce() + generateNonce();
  return secret;
}

/**
 * An RSA-2048 public key whose private half was discarded when it was generated, used to run an RSA
 * verification of the same cost for an unknown consumer.
 */
export const DUMMY_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA8WzU/Y+lNgkFFLvwnprq
TtMq+Ua3f1BNbhHM/p97qd2AOuRwLJ2gbWvMQFV4cYxuEnoK7CP1NRo9S44cM1e1
2ivcvjY6AHsZEhDBqA0l8JqldfmrK2trw4r52KYk7e85zjowH0OqmTquymCKTBuK
jO2eRULgNR4GwYakRdu4HoxO0xXHXXsJQJZh7jkV8bAQtUWtWtOhX3w70MHxDbFa
b4rFypy/EihYvYZZGnF6aIGk8FUeMT8Q2LxyVxaGAeBClcxiMRqzt7SLkGjXrbOL
3Un/BXmyD2Mxyu7829UDT+IJR52qw3xrW20wRfp536ZhP63DZ1HZ4Y2JfazkuDFe
OQIDAQAB
-----END PUBLIC KEY-----`;
