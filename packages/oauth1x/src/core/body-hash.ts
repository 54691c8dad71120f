/**
 * The OAuth Request Body Hash extension (`oauth_body_hash`), for requests whose body is not
 * `application/x-www-form-urlencoded` and so is otherwise unsigned.
 *
 * @module
 */
import { digestBase64 } from '#crypto';
import { OAuthError } from './errors.js';
import { hashOf, type SignatureMethod } from './signature-methods.js';

/**
 * The `oauth_body_hash` value (OAuth Request Body Hash extension): base64 of the body's digest with the
 * signature method's hash. An absent body hashes as the empty string. PLAINTEXT has no hash: error.
 *
 * @example
 * ```ts
 * import { bodyHash } from 'oauth1x';
 * await bodyHash('{"text":"hi"}', 'HMAC-SHA1');
 * ```
 */
export async function bodyHash(body: string | Uint8Array | null | undefined, method: SignatureMethod): Promise<string> {
  const hash = hashOf(method);
  if (hash === null) throw new OAuthError('ERR_INVALID_ARGUMENT', 'oauth_body_hash is not defined for PLAINTEXT');
  return digestBase64(hash, body ?? '');
}
