/**
 * `oauth1x request`: curl-like signed requests against the X API (or any OAuth 1.0a API).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formEncode, redactSecret, signRequest } from 'oauth1x';
import { parseCommandArgs, parseHeaderArg, parseKeyValue, UsageError } from '../args.js';
import { bearerFor } from '../auth-session.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connect, describeConnection, resolveApiUrl } from '../connection.js';
import type { CliIo } from '../io.js';
import { errorHints, writeBody } from '../output.js';

export const help = `Usage: oauth1x request [-X METHOD] [-d k=v]... [--body STRING] [--json BODY] [-H 'Name: value']...
                       [-F field=@file]... [--query-auth|--body-auth] [-i] [-v] PATH_OR_URL

Sends a request (curl-like) with a stored profile or explicit credentials and prints the body: signed with
OAuth 1.0a, or with the profile's OAuth 2.0 user token (refreshed when it expires, and once on a 401; the new
tokens are stored) or app-only bearer (--auth). It prints the body:
pretty, coloured JSON on a terminal (NO_COLOR turns colour off), raw otherwise. Exits 1 on a non-2xx
answer (after printing the body), 2 on a usage error.

Options:
  -X, --method METHOD     HTTP method (default GET, or POST when a body is given)
  -d, --data k=v          form parameter, repeatable; the value is literal, the CLI form-encodes it
  --body STRING           a body sent as is (form-encoded unless -H sets another Content-Type)
  --json BODY             a JSON body (Content-Type: application/json; not part of the signature)
  -H, --header 'N: v'     extra request header, repeatable
  -F, --form field=@file  multipart field, repeatable (field=value for text); not part of the signature
  --query-auth            send the OAuth parameters in the query string
  --body-auth             send the OAuth parameters in the form body
  -i, --include           print the status line and response headers
  -v, --verbose           show the request, base string and response headers on stderr (secrets, tokens
                          and the signature redacted)
${CONNECTION_HELP}

Examples:
  oauth1x request /2/users/me
  oauth1x request -X POST --json '{"text":"Hello"}' /2/tweets
  oauth1x request -d 'status=Hello Ladies + Gentlemen' /1.1/statuses/update.json
  oauth1x request -F media=@cat.png -F media_category=tweet_image /2/media/upload
  oauth1x request -v -i '/1.1/statuses/user_timeline.json?count=2'
  oauth1x request --auth app '/2/tweets/search/recent?query=oauth'
  oauth1x request --auth oauth2 -X POST --json '{"tweet_id":"1"}' /2/users/123/bookmarks
`;

const OPTIONS = {
  method: { type: 'string', short: 'X' },
  data: { type: 'string', short: 'd', multiple: true },
  body: { type: 'string' },
  json: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  form: { type: 'string', short: 'F', multiple: true },
  'query-auth': { type: 'boolean' },
  'body-auth': { type: 'boolean' },
  include: { type: 'boolean', short: 'i' },
  verbose: { type: 'boolean', short: 'v' },
  ...CONNECTION_OPTIONS,
} as const;

async function multipart(fields: string[]): Promise<FormData> {
  const form = new FormData();
  for (const field of fields) {
    const [name, value] = parseKeyValue(field, '-F');
    if (value.startsWith('@')) {
      const path = value.slice(1);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        throw new UsageError(`-F ${name}: cannot read ${path}`);
      }
      form.append(name, new Blob([new Uint8Array(bytes)]), basename(path));
    } else form.append(name, value);
  }
  return form;
}

/** The Authorization header with the signature (or the bearer token) replaced, for `-v`. */
function redactAuthorization(header: string): string {
  if (/^bearer /i.test(header)) return 'Bearer <redacted>';
  return header.replace(/oauth_signature="[^"]*"/, 'oauth_signature="<redacted>"');
}

/**
 * Runs `oauth1x request`.
 *
 * @example
 * ```ts
 * await run(['-X', 'POST', '--json', '{"text":"hi"}', '/2/tweets'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (positionals.length === 2 && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i.test(positionals[0] as string)) {
    // xurl and httpie take the method first; curl (and this command) take it from -X.
    const method = (positionals[0] as string).toUpperCase();
    throw new UsageError(`expects exactly one PATH_OR_URL; for the method use -X: oauth1x request -X ${method} ${positionals[1]}`);
  }
  if (positionals.length !== 1) throw new UsageError('expects exactly one PATH_OR_URL');
  const bodies = [values.data, values.body, values.json, values.form].filter((v) => v !== undefined);
  if (bodies.length > 1) throw new UsageError('use only one of -d, --body, --json, -F');
  if (values['query-auth'] && values['body-auth']) throw new UsageError('use either --query-auth or --body-auth');
  if (values.json !== undefined) {
    try {
      JSON.parse(values.json);
    } catch {
      throw new UsageError('--json is not valid JSON');
    }
  }
  const headers = new Headers();
  for (const line of values.header ?? []) {
    const [name, value] = parseHeaderArg(line);
    try {
      headers.append(name, value);
    } catch {
      throw new UsageError(`-H: invalid header "${line}"`);
    }
  }
  const method = (values.method ?? (bodies.length > 0 ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError('-X expects an HTTP method name');
  // The Fetch standard refuses these outright (a tunnel or a trace is not an API request).
  if (method === 'CONNECT' || method === 'TRACE' || method === 'TRACK') throw new UsageError(`-X ${method} cannot be sent by fetch`);
  const connection = await connect(values, io, false);
  const url = resolveApiUrl(connection.host, positionals[0] as string);
  try {
    new URL(url);
  } catch {
    throw new UsageError(`not a valid URL: ${url}`);
  }

  let signedBody: string | [string, string][] | Uint8Array | undefined;
  let sendBody: BodyInit | undefined;
  let contentType = headers.get('content-type') ?? undefined;
  if (values.data !== undefined) {
    signedBody = values.data.map((pair) => parseKeyValue(pair, '-d'));
    contentType ??= 'application/x-www-form-urlencoded';
  } else if (values.body !== undefined) {
    contentType ??= 'application/x-www-form-urlencoded';
    signedBody = values.body;
  } else if (values.json !== undefined) {
    contentType = 'application/json';
    signedBody = new TextEncoder().encode(values.json);
  } else if (values.form !== undefined) {
    const encoded = new Request('http://localhost/', { method: 'POST', body: await multipart(values.form) });
    contentType = encoded.headers.get('content-type') ?? undefined;
    signedBody = new Uint8Array(await encoded.arrayBuffer());
  }
  const transport = values['query-auth'] ? 'query' : values['body-auth'] ? 'body' : 'header';
  if (transport === 'body' && (values.json !== undefined || values.form !== undefined))
    throw new UsageError('--body-auth needs a form body (-d or --body)');
  if (transport !== 'header' && connection.auth !== 'oauth1')
    throw new UsageError(`--${transport}-auth is for OAuth 1.0a; a bearer token (--auth ${connection.auth}) goes in the header`);
  let sendUrl = url;
  let baseString: string | undefined;
  if (connection.auth === 'oauth1') {
    const signed = await signRequest({
      method,
      url,
      body: signedBody,
      contentType,
      consumer: connection.consumer as { key: string; secret: string },
      token: connection.token,
      transport,
    });
    sendUrl = signed.url;
    baseString = signed.baseString;
    if (signed.body !== undefined) sendBody = signed.body;
    if (transport === 'header') headers.set('authorization', signed.authorization);
  } else headers.set('authorization', `Bearer ${await bearerFor(io, connection)}`);
  if (sendBody !== undefined) {
    // The signed form body (--body-auth) already.
  } else if (signedBody instanceof Uint8Array) sendBody = new Uint8Array(signedBody);
  else if (typeof signedBody === 'string') sendBody = signedBody;
  else if (Array.isArray(signedBody)) sendBody = formEncode(signedBody);
  if (contentType !== undefined) headers.set('content-type', contentType);

  if (values.verbose) {
    const err = (line: string) => io.stderr.write(`${line}\n`);
    const shownUrl = transport === 'query' ? sendUrl.replace(/oauth_signature=[^&]*/, 'oauth_signature=<redacted>') : sendUrl;
    err(`* auth: ${describeConnection(connection)}`);
    err(`> ${method} ${shownUrl}`);
    headers.forEach((value, name) => {
      err(`> ${name}: ${name === 'authorization' ? redactAuthorization(value) : value}`);
    });
    if (baseString !== undefined) {
      err(`* base string: ${baseString}`);
      err(
        `* signing key: ${redactSecret('consumer secret', connection.consumer?.secret)}&${redactSecret('token secret', connection.token?.secret)}`,
      );
    }
    if (typeof sendBody === 'string')
      err(`> ${transport === 'body' ? sendBody.replace(/oauth_signature=[^&]*/, 'oauth_signature=<redacted>') : sendBody}`);
    else if (sendBody !== undefined) err(`> [${(sendBody as Uint8Array).byteLength} bytes of ${contentType}]`);
  }
  let response = await connection.fetch(sendUrl, { method, headers, body: sendBody });
  if (response.status === 401 && connection.auth === 'oauth2' && connection.oauth2?.refreshToken !== undefined) {
    // RFC 6750 §3.1 invalid_token: refresh once (the new tokens are stored) and send again.
    await response.body?.cancel();
    if (values.verbose)
      io.stderr.write(`< ${response.status} ${response.statusText}\n* refreshing the OAuth 2.0 token and retrying once\n`);
    headers.set('authorization', `Bearer ${await bearerFor(io, connection, true)}`);
    response = await connection.fetch(sendUrl, { method, headers, body: sendBody });
  }
  const text = await response.text();
  if (values.verbose) {
    io.stderr.write(`< ${response.status} ${response.statusText}\n`);
    response.headers.forEach((value, name) => {
      io.stderr.write(`< ${name}: ${value}\n`);
    });
  }
  if (values.include) {
    io.stdout.write(`HTTP/1.1 ${response.status} ${response.statusText}\n`);
    response.headers.forEach((value, name) => {
      io.stdout.write(`${name}: ${value}\n`);
    });
    io.stdout.write('\n');
  }
  writeBody(io, text, response.headers.get('content-type'));
  if (response.ok) return 0;
  io.stderr.write(`oauth1x request: HTTP ${response.status} ${response.statusText}\n`);
  for (const hint of errorHints(response.status, text, response.headers)) io.stderr.write(`hint: ${hint}\n`);
  return 1;
}
