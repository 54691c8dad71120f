/**
 * A debugging view of a signature: every parameter with where it came from, the normalised parameter
 * string, the base string and the signing key with its secrets redacted.
 *
 * @module
 */
import { signatureBaseString } from './base-string.js';
import { normalizeParameters, type Parameter } from './parameters.js';
import { percentEncode } from './percent-encode.js';
import { prepareRequest, type SignedRequest, type SignRequestOptions, signRequest } from './sign-request.js';

const REDACTED_SIGNATURE = '<PLAINTEXT signature = signing key, redacted>';

/** Where a parameter of the base string came from. */
export type ParameterSource = 'query' | 'body' | 'oauth';

/** One row of the explanation's parameter table, in base-string order. */
export interface ExplainedParameter {
  source: ParameterSource;
  name: string;
  value: string;
  encodedName: string;
  encodedValue: string;
}

/** What {@link explainRequest} resolves to. */
export interface Explanation {
  method: string;
  baseUri: string;
  signatureMethod: string;
  /** Sorted as in the base string. */
  parameters: ExplainedParameter[];
  normalizedParameters: string;
  baseString: string;
  /** The signing key with both secrets replaced by their lengths, e.g. `<consumer secret: 43 chars>&`. */
  signingKey: string;
  signature: string;
  authorization: string;
}

/**
 * Describes a secret without revealing it.
 *
 * @example
 * ```ts
 * import { redactSecret } from 'oauth1x';
 * redactSecret('consumer secret', 'abc'); // '<consumer secret: 3 chars>'
 * ```
 */
export function redactSecret(label: string, secret: string | undefined): string {
  return secret === undefined || secret === '' ? '' : `<${label}: ${secret.length} chars>`;
}

function rows(source: ParameterSource, params: Parameter[]): ExplainedParameter[] {
  return params.map(([name, value]) => ({ source, name, value, encodedName: percentEncode(name), encodedValue: percentEncode(value) }));
}

/**
 * Signs the request like `signRequest` and explains the result. Pass fixed `nonce` and `timestamp` to
 * reproduce a captured request. Secrets never appear in the output: the signing key shows only lengths,
 * and a PLAINTEXT signature (which is the signing key) is redacted in `signature` and `authorization`.
 *
 * @example
 * ```ts
 * import { explainRequest } from 'oauth1x';
 * const explanation = await explainRequest({ method: 'GET', url: 'https://api.x.com/2/users/me', consumer, token, nonce: 'n', timestamp: 1 });
 * console.log(explanation.baseString, explanation.signingKey);
 * ```
 */
export async function explainRequest(options: SignRequestOptions): Promise<Explanation> {
  const prepared = await prepareRequest(options);
  const fixed = {
    ...options,
    nonce: paramValue(prepared.oauthParams, 'oauth_nonce'),
    timestamp: paramValue(prepared.oauthParams, 'oauth_timestamp'),
  };
  const signed: SignedRequest = await signRequest(fixed);
  const parameters = [...rows('query', prepared.query), ...rows('body', prepared.bodyParams), ...rows('oauth', prepared.oauthParams)];
  parameters.sort((a, b) =>
    a.encodedName !== b.encodedName
      ? a.encodedName < b.encodedName
        ? -1
        : 1
      : a.encodedValue < b.encodedValue
        ? -1
        : a.encodedValue > b.encodedValue
          ? 1
          : 0,
  );
  const plaintext = prepared.signatureMethod === 'PLAINTEXT';
  const normalizedParameters = normalizeParameters(prepared.query.concat(prepared.bodyParams, prepared.oauthParams));
  return {
    method: prepared.method,
    baseUri: prepared.baseUri,
    signatureMethod: prepared.signatureMethod,
    parameters,
    normalizedParameters,
    baseString: signatureBaseString(prepared.method, prepared.baseUri, normalizedParameters),
    signingKey: prepared.signatureMethod.startsWith('RSA-')
      ? '<RSA private key>'
      : `${redactSecret('consumer secret', options.consumer.secret)}&${redactSecret('token secret', options.token?.secret)}`,
    // A PLAINTEXT signature is the signing key itself: redact it like the key.
    signature: plaintext ? REDACTED_SIGNATURE : signed.signature,
    authorization: plaintext
      ? signed.authorization.replace(/oauth_signature="[^"]*"/, `oauth_signature="${REDACTED_SIGNATURE}"`)
      : signed.authorization,
  };
}

function paramValue(params: Parameter[], name: string): string {
  return (params.find((p) => p[0] === name) as Parameter)[1];
}
