/**
 * `oauth1x verify`: check a captured request's signature offline and explain a mismatch.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parseCommandArgs, parseHeaderArg, parseKeyValue, required, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { parseRawRequest } from '../raw-request.js';
import { readAllText } from '../read-stdin.js';
import { type Diagnosis, diagnoseSignature, VerifyUsageError } from '../verify-diagnose.js';

export const help = `Usage: oauth1x verify [-X METHOD] URL --authorization 'OAuth ...' --consumer-secret S [options]
       oauth1x verify --raw --consumer-secret S [--token-secret TS] < request.txt

Checks a captured request's OAuth 1.0a signature offline. Exit 0 when valid, 1 when invalid, 2 on a usage
error. When invalid, shows the expected base string next to the one the signature was made over (when a
common client mistake reproduces it), their first difference, and the likely causes. Secrets are never printed.

Options:
  -X, --method M           HTTP method of the request (default GET, or POST when a body is given)
  URL, --url U             the full URL as received, query included
  --authorization H        the Authorization header value ('OAuth oauth_consumer_key="...", ...')
  -H, --header 'N: v'      a request header as curl takes it; Authorization and Content-Type are used
  -d, --data k=v           form parameter of the body, repeatable (literal value)
  --body S                 the body exactly as sent (form-encoded text)
  --content-type T         the body's Content-Type (default form-encoded when there is a body)
  --consumer-secret S      consumer secret (or $OAUTH1X_CONSUMER_SECRET)
  --token-secret TS        token secret (or $OAUTH1X_TOKEN_SECRET)
  --public-key FILE        RSA public key or certificate (PEM) for RSA-SHA*
  --raw                    read a raw HTTP request (request line, headers incl. Host, body) from stdin
  --scheme http|https      scheme for --raw (default https)
  --client-base-string S   the base string the client logged, to compare with the expected one
  --json                   print the diagnosis as JSON

Examples:
  oauth1x verify --method GET --url 'https://api.x.com/2/users/me' \\
    --authorization 'OAuth oauth_consumer_key="k", oauth_nonce="n", oauth_signature="...", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="t", oauth_version="1.0"' \\
    --consumer-secret "$CS" --token-secret "$TS"
  printf 'POST /1.1/statuses/update.json HTTP/1.1\\r\\nHost: api.x.com\\r\\nAuthorization: OAuth ...\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\n\\r\\nstatus=hi' \\
    | oauth1x verify --raw --consumer-secret "$CS" --token-secret "$TS"
`;

const OPTIONS = {
  method: { type: 'string', short: 'X' },
  url: { type: 'string' },
  authorization: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true },
  body: { type: 'string' },
  'content-type': { type: 'string' },
  'consumer-secret': { type: 'string' },
  'token-secret': { type: 'string' },
  'public-key': { type: 'string' },
  raw: { type: 'boolean' },
  scheme: { type: 'string' },
  'client-base-string': { type: 'string' },
  json: { type: 'boolean' },
} as const;

function report(d: Diagnosis, io: CliIo): void {
  const out = (line = '') => io.stdout.write(`${line}\n`);
  if (d.valid) {
    out(`valid: ${d.signatureMethod} signature by consumer ${d.consumerKey}`);
    for (const note of d.notes) out(`note: ${note}`);
    return;
  }
  out(`INVALID signature${d.signatureMethod ? ` (${d.signatureMethod}, consumer ${d.consumerKey})` : ''}`);
  if (d.expectedBaseString !== '') {
    out('\nExpected base string (from the request as received):');
    out(`  ${d.expectedBaseString}`);
    out('\nBase string the header implies (the signature matches it):');
    out(d.impliedBaseString === undefined ? '  (unknown: no common client mistake reproduces the signature)' : `  ${d.impliedBaseString}`);
  }
  if (d.difference !== undefined) {
    const diff = d.difference;
    out(`\nFirst difference at position ${diff.position} (in the ${diff.part}${diff.parameter ? `, parameter ${diff.parameter}` : ''}):`);
    out(`  expected: ${diff.expectedContext}`);
    out(`  header:   ${diff.otherContext}`);
    out(`            ${' '.repeat(diff.caret)}^`);
  }
  out(d.causes.length === 1 ? '\nLikely cause:' : '\nLikely causes:');
  for (const cause of d.causes) out(`  - ${cause}`);
  for (const note of d.notes) out(`note: ${note}`);
}

/**
 * Runs `oauth1x verify`.
 *
 * @example
 * ```ts
 * const code = await run(['--raw', '--consumer-secret', 'cs'], io); // 0 valid, 1 invalid
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length > 1 || (positionals.length === 1 && (values.url !== undefined || values.raw === true))) {
    throw new UsageError('expects one URL (as the argument or --url; none with --raw)');
  }
  // -H 'Name: value' as in a copied curl command: Authorization and Content-Type are what a check needs.
  const fromHeaders: { authorization?: string; 'content-type'?: string } = {};
  for (const line of values.header ?? []) {
    const [name, value] = parseHeaderArg(line);
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'content-type') fromHeaders[lower] = value;
  }
  if (fromHeaders.authorization !== undefined && values.authorization !== undefined) {
    throw new UsageError('give the Authorization header once (--authorization or -H)');
  }
  const consumerSecret = values['consumer-secret'] ?? io.env.OAUTH1X_CONSUMER_SECRET;
  const tokenSecret = values['token-secret'] ?? io.env.OAUTH1X_TOKEN_SECRET;
  let publicKey: string | undefined;
  if (values['public-key'] !== undefined) {
    try {
      publicKey = await readFile(values['public-key'], 'utf8');
    } catch {
      throw new UsageError(`cannot read --public-key ${values['public-key']}`);
    }
  }
  if (consumerSecret === undefined && publicKey === undefined)
    throw new UsageError('--consumer-secret is required (or --public-key for RSA)');
  if (values.data !== undefined && values.body !== undefined) throw new UsageError('use either --data or --body, not both');
  let method: string;
  let url: string;
  let authorization: string;
  let body: string | [string, string][] | undefined;
  let contentType = values['content-type'] ?? fromHeaders['content-type'];
  if (values.raw) {
    for (const option of ['method', 'url', 'data', 'body'] as const) {
      if (values[option] !== undefined) throw new UsageError(`--${option} does not go with --raw (the request comes from stdin)`);
    }
    const scheme = values.scheme ?? 'https';
    if (scheme !== 'http' && scheme !== 'https') throw new UsageError('--scheme must be http or https');
    const raw = parseRawRequest(await readAllText(io.stdin), scheme);
    method = raw.method;
    url = raw.url;
    authorization =
      values.authorization ??
      fromHeaders.authorization ??
      required(raw.headers.authorization, 'an Authorization header in the raw request');
    contentType ??= raw.headers['content-type'];
    body = raw.body === '' ? undefined : raw.body;
  } else {
    if (values.scheme !== undefined) throw new UsageError('--scheme only goes with --raw');
    url = required(values.url ?? positionals[0], 'URL');
    method = values.method ?? (values.data !== undefined || values.body !== undefined ? 'POST' : 'GET');
    authorization = required(values.authorization ?? fromHeaders.authorization, '--authorization (or -H)');
    body = values.data !== undefined ? values.data.map((pair) => parseKeyValue(pair, '--data')) : values.body;
  }
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError('--method must be an HTTP method name');
  try {
    const parsedUrl = new URL(url);
    if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`--url must be an absolute http(s) URL, got "${url}"`);
  }
  let diagnosis: Diagnosis;
  try {
    diagnosis = await diagnoseSignature({
      method,
      url,
      authorization,
      body,
      contentType,
      secrets: { consumerSecret, tokenSecret, publicKey },
      clientBaseString: values['client-base-string'],
    });
  } catch (error) {
    if (error instanceof VerifyUsageError) throw new UsageError(error.message);
    throw error;
  }
  if (values.json) io.stdout.write(`${JSON.stringify(diagnosis, null, 2)}\n`);
  else report(diagnosis, io);
  return diagnosis.valid ? 0 : 1;
}
