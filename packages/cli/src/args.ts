/**
 * Argument parsing for CLI commands on top of `node:util` `parseArgs`, turning every mistake into a
 * {@link UsageError} (one line on stderr, exit code 2).
 *
 * @module
 */
import { parseArgs } from 'node:util';

/**
 * A mistake in how a command was called. The CLI prints `oauth1x: <message>` and exits with code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--url is required');
 * ```
 */
export class UsageError extends Error {
  readonly code = 'ERR_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Option definitions, as `parseArgs` takes them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/**
 * Joins each option that takes a value with the argument after it (`--consumer-secret -x1` →
 * `--consumer-secret=-x1`), as curl does: `parseArgs` refuses a value that starts with `-` as ambiguous, and
 * secrets, tokens and form values may well start with one. Stops at `--`.
 */
function attachValues(args: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    let name: string | undefined;
    if (arg.startsWith('--') && !arg.includes('=')) name = arg.slice(2);
    else if (/^-[^-]$/.test(arg)) name = Object.keys(options).find((key) => options[key]?.short === arg.charAt(1));
    if (name !== undefined && options[name]?.type === 'string' && i + 1 < args.length) {
      out.push(`--${name}=${args[i + 1] as string}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Parses `args` strictly against `options`: unknown options, missing values and stray positionals (unless
 * `allowPositionals`) become {@link UsageError}s.
 *
 * @example
 * ```ts
 * const { values } = parseCommandArgs(['--url', 'https://x'], { url: { type: 'string' } });
 * ```
 */
export function parseCommandArgs<T extends OptionSpec>(
  args: string[],
  options: T,
  allowPositionals = false,
): {
  values: {
    [K in keyof T]?: T[K]['multiple'] extends true
      ? T[K]['type'] extends 'string'
        ? string[]
        : boolean[]
      : T[K]['type'] extends 'string'
        ? string
        : boolean;
  };
  positionals: string[];
} {
  try {
    const parsed = parseArgs({ args: attachValues(args, options), options, allowPositionals, strict: true });
    return parsed as never;
  } catch (error) {
    // Keep Node's first sentence ("Unknown option '--x'"), not its advice on positionals that start with '-'.
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '').split(/\. To specify a positional/)[0] : String(error);
    throw new UsageError((message ?? 'invalid arguments').replace(/\.$/, ''));
  }
}

/**
 * Splits `name=value` at the first `=`; the value is literal (nothing is decoded).
 *
 * @example
 * ```ts
 * parseKeyValue('status=a + b', '--data'); // ['status', 'a + b']
 * ```
 */
export function parseKeyValue(pair: string, option: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UsageError(`${option} expects name=value, got "${pair}"`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

/**
 * Splits a curl-style header argument `Name: value` at the first `:`, both sides trimmed.
 *
 * @example
 * ```ts
 * parseHeaderArg('Content-Type: application/json'); // ['Content-Type', 'application/json']
 * ```
 */
export function parseHeaderArg(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new UsageError(`-H expects 'Name: value', got "${line}"`);
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

/**
 * Returns the option's value or throws a {@link UsageError} naming it.
 *
 * @example
 * ```ts
 * const url = required(values.url, '--url');
 * ```
 */
export function required<V>(value: V | undefined, option: string): V {
  if (value === undefined) throw new UsageError(`${option} is required`);
  return value;
}
