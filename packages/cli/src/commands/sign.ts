/**
 * `oauth1x sign`: sign a request offline and print its Authorization header (or JSON, or an explanation).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { explainRequest, isSignatureMethod, SIGNATURE_METHODS, type SignRequestOptions, signRequest } from 'oauth1x';
import { parseCommandArgs, parseKeyValue, required, UsageError } from '../args.js';
import type { CliIo } from '../io.js';

export const help = `Usage: oauth1x sign [-X METHOD] URL --consumer-key K --consumer-secret S [options]

Signs a request offline (RFC 5849) and prints the Authorization header value.

Options:
  -X, --method M          HTTP method (default GET, or POST when a body is given)
  URL, --url U            absolute URL, query included
  -d, --data k=v          form parameter, repeatable; the value is literal and the CLI form-encodes it
  --body STRING           an already form-encoded body, used as is (not with --data)
  --content-type T        body content type (default application/x-www-form-urlencoded)
  --consumer-key K        consumer key (or $OAUTH1X_CONSUMER_KEY)
  --consumer-secret S     consumer secret (or $OAUTH1X_CONSUMER_SECRET)
  --token T               access or request token (or $OAUTH1X_TOKEN)
  --token-secret TS       token secret (or $OAUTH1X_TOKEN_SECRET)
  --signature-method M    ${SIGNATURE_METHODS.join(', ')} (default HMAC-SHA1)
  --private-key FILE      RSA private key PEM (PKCS#1 or PKCS#8) for RSA-SHA*
  --realm R               realm for the header (never signed)
  --nonce N               fixed nonce (default: random)
  --timestamp T           fixed timestamp (default: now)
  --callback URL          oauth_callback (request token step)
  --verifier V            oauth_verifier (access token step)
  --no-version            omit oauth_version
  --body-hash             add oauth_body_hash (non-form bodies)
  --format header|json    output format (default header)
  --explain               print the parameter table and base string too (secrets redacted)

Examples:
  oauth1x sign --method POST --url 'https://api.x.com/1.1/statuses/update.json?include_entities=true' \\
    --data 'status=Hello Ladies + Gentlemen, a signed OAuth request!' \\
    --consumer-key xvz1evFS4wEEPTGEFPHBog --consumer-secret kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw \\
    --token 370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb --token-secret LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE \\
    --nonce kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg --timestamp 1318622958
  oauth1x sign https://api.x.com/2/users/me --consumer-key K --consumer-secret S --format json
  oauth1x sign -X POST https://api.x.com/1.1/statuses/update.json -d 'status=hi' --consumer-key K --consumer-secret S \\
    --token T --token-secret TS --explain
`;

const OPTIONS = {
  method: { type: 'string', short: 'X' },
  url: { type: 'string' },
  data: { type: 'string', short: 'd', multiple: true },
  body: { type: 'string' },
  'content-type': { type: 'string' },
  'consumer-key': { type: 'string' },
  'consumer-secret': { type: 'string' },
  token: { type: 'string' },
  'token-secret': { type: 'string' },
  'signature-method': { type: 'string' },
  'private-key': { type: 'string' },
  realm: { type: 'string' },
  nonce: { type: 'string' },
  timestamp: { type: 'string' },
  callback: { type: 'string' },
  verifier: { type: 'string' },
  'no-version': { type: 'boolean' },
  'body-hash': { type: 'boolean' },
  format: { type: 'string' },
  explain: { type: 'boolean' },
} as const;

/**
 * Turns `sign`-style options (shared with `verify` and `request`) into {@link SignRequestOptions}.
 *
 * @example
 * ```ts
 * const options = await signOptionsFromArgs(['--method', 'GET', '--url', 'https://x/', '--consumer-key', 'k', '--consumer-secret', 's'], io);
 * ```
 */
export async function signOptionsFromArgs(
  args: string[],
  io: CliIo,
): Promise<{ options: SignRequestOptions; format: string; explain: boolean }> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length > 1 || (positionals.length === 1 && values.url !== undefined)) {
    throw new UsageError('expects one URL (as the argument or --url)');
  }
  const url = required(values.url ?? positionals[0], 'URL');
  const method = (values.method ?? (values.data !== undefined || values.body !== undefined ? 'POST' : 'GET')).toUpperCase();
  const consumerKey = required(values['consumer-key'] ?? io.env.OAUTH1X_CONSUMER_KEY, '--consumer-key');
  const consumerSecret = required(values['consumer-secret'] ?? io.env.OAUTH1X_CONSUMER_SECRET, '--consumer-secret');
  const tokenKey = values.token ?? io.env.OAUTH1X_TOKEN;
  const tokenSecret = values['token-secret'] ?? io.env.OAUTH1X_TOKEN_SECRET;
  if ((tokenKey === undefined) !== (tokenSecret === undefined)) throw new UsageError('--token and --token-secret go together');
  const signatureMethod = values['signature-method'] ?? 'HMAC-SHA1';
  if (!isSignatureMethod(signatureMethod)) throw new UsageError(`--signature-method must be one of ${SIGNATURE_METHODS.join(', ')}`);
  if (signatureMethod.startsWith('RSA-') && values['private-key'] === undefined)
    throw new UsageError(`${signatureMethod} needs --private-key FILE`);
  if (values.data !== undefined && values.body !== undefined) throw new UsageError('use either --data or --body, not both');
  if (values.timestamp !== undefined && !/^\d+$/.test(values.timestamp)) throw new UsageError('--timestamp must be whole seconds');
  const format = values.format ?? 'header';
  if (format !== 'header' && format !== 'json') throw new UsageError('--format must be header or json');
  let privateKey: string | undefined;
  if (values['private-key'] !== undefined) {
    try {
      privateKey = await readFile(values['private-key'], 'utf8');
    } catch {
      throw new UsageError(`cannot read --private-key ${values['private-key']}`);
    }
  }
  const oauthParams: Record<string, string> = {};
  if (values.callback !== undefined) oauthParams.oauth_callback = values.callback;
  if (values.verifier !== undefined) oauthParams.oauth_verifier = values.verifier;
  const options: SignRequestOptions = {
    method,
    url,
    body: values.data !== undefined ? values.data.map((pair) => parseKeyValue(pair, '--data')) : values.body,
    contentType: values['content-type'],
    consumer: { key: consumerKey, secret: consumerSecret },
    token: tokenKey !== undefined && tokenSecret !== undefined ? { key: tokenKey, secret: tokenSecret } : null,
    signatureMethod,
    privateKey,
    realm: values.realm,
    nonce: values.nonce,
    timestamp: values.timestamp,
    version: values['no-version'] ? null : '1.0',
    oauthParams,
    bodyHash: values['body-hash'] === true,
  };
  return { options, format, explain: values.explain === true };
}

/**
 * Runs `oauth1x sign`.
 *
 * @example
 * ```ts
 * await run(['--method', 'GET', '--url', 'https://api.x.com/2/users/me', '--consumer-key', 'k', '--consumer-secret', 's'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { options, format, explain } = await signOptionsFromArgs(args, io);
  if (explain) {
    const explanation = await explainRequest(options);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(6, ...explanation.parameters.map((p) => p.encodedName.length));
    io.stdout.write(`Parameters (sorted as signed):\n  ${'source'.padEnd(6)}  ${'name'.padEnd(width)}  value (encoded)\n`);
    for (const p of explanation.parameters) io.stdout.write(`  ${p.source.padEnd(6)}  ${p.encodedName.padEnd(width)}  ${p.encodedValue}\n`);
    io.stdout.write(`\nBase string URI:   ${explanation.baseUri}\nSignature method:  ${explanation.signatureMethod}\n`);
    io.stdout.write(`Base string:\n  ${explanation.baseString}\nSigning key:       ${explanation.signingKey}\n`);
    io.stdout.write(`Signature:         ${explanation.signature}\n\nAuthorization: ${explanation.authorization}\n`);
    return 0;
  }
  const signed = await signRequest(options);
  if (format === 'json') {
    const { authorization, signature, baseString, method, url, body, contentType } = signed;
    io.stdout.write(`${JSON.stringify({ authorization, signature, baseString, method, url, body, contentType }, null, 2)}\n`);
  } else io.stdout.write(`${signed.authorization}\n`);
  return 0;
}
