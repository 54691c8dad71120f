/**
 * Checking `oauth_body_hash` (OAuth Request Body Hash extension): a request whose body is not form-encoded
 * may sign its body through its hash; the provider must then check the hash against the body it received.
 *
 * @module
 */
import { bodyHash } from '../core/body-hash.js';
import type { SignatureMethod } from '../core/signature-methods.js';
import { timingSafeEqual } from '../core/signature-methods.js';
import { oauthProblem } from './problems.js';
import { readBodyBytes } from './request-body.js';

/**
 * Throws `parameter_rejected` when `oauth_body_hash` accompanies a form body or PLAINTEXT (the extension
 * forbids both) and `signature_invalid` when the hash does not match the body (read from a clone of the
 * request, or `passedBody` when the caller passed the body text).
 *
 * @example
 * ```ts
 * await checkBodyHash(request, undefined, false, 'HMAC-SHA1', 'Lve95gjOVATpfV8EL5X4nxwjKHE=', 65536);
 * ```
 */
export async function checkBodyHash(
  request: Request,
  passedBody: string | null | undefined,
  isForm: boolean,
  method: SignatureMethod,
  expected: string,
  maxBytes: number,
): Promise<void> {
  if (isForm || method === 'PLAINTEXT') {
    throw oauthProblem('parameter_rejected', 'oauth_body_hash is not allowed with a form body or PLAINTEXT', {
      oauth_parameters_rejected: 'oauth_body_hash',
    });
  }
  const body = passedBody === undefined ? await readBodyBytes(request, maxBytes) : (passedBody ?? '');
  const actual = await bodyHash(body, method);
  if (!timingSafeEqual(actual, expected)) throw oauthProblem('signature_invalid', 'oauth_body_hash does not match the body');
}
