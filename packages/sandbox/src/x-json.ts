/**
 * JSON output with X's exact id numbers. X writes 64-bit ids as bare JSON numbers (`"id":1850...`) next to
 * `id_str`; a JS number cannot hold them, so ids are kept as {@link XInteger} (or `bigint`) and written digit for
 * digit here.
 *
 * @module
 */

/** A JSON value that may hold bigints or {@link XInteger}s (both written as bare integers). */
export type XJsonValue = null | boolean | number | string | bigint | XInteger | undefined | XJsonValue[] | { [key: string]: XJsonValue };

/**
 * Bigints go through `JSON.stringify` as a string `"<MARK><digits>"` and are then written bare. The mark is
 * random per process and starts with a control character (escaped by `JSON.stringify` as `\u0001`), so no
 * string that a client sends can be mistaken for one. Native `JSON.stringify` with a replacer is ~1.5× faster
 * than walking the value in JS (measured on a v1.1 tweet object: 6 vs 9 µs).
 */
const MARK = `\u0001${crypto.getRandomValues(new Uint32Array(2)).join('-')}:`;
const MARKED = new RegExp(`"\\\\u0001${MARK.slice(1)}(-?\\d+)"`, 'g');

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? MARK + value.toString() : value;
}

/**
 * An integer id written bare, like a bigint, but through `toJSON`: `JSON.stringify` then needs no replacer,
 * whose call for every key and value made a v1.1 tweet object cost 7.4 instead of 4.7 µs. The formatters use
 * it for X's ids; a bigint anywhere in a value still works (slower).
 *
 * @example
 * ```ts
 * xJson({ id: new XInteger('1850000000000000001') }); // '{"id":1850000000000000001}'
 * ```
 */
export class XInteger {
  readonly digits: string;
  constructor(digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new TypeError(`Not an integer: ${digits}`);
    this.digits = digits;
  }
  toJSON(): string {
    return MARK + this.digits;
  }
}

/**
 * An id as an {@link XInteger} (`null` stays `null`).
 *
 * @example
 * ```ts
 * xInteger('1850000000000000001'); // XInteger, written 1850000000000000001
 * ```
 */
export function xInteger(id: string): XInteger;
export function xInteger(id: string | null): XInteger | null;
export function xInteger(id: string | null): XInteger | null {
  return id === null ? null : new XInteger(id);
}

/**
 * Serialises like `JSON.stringify`, writing bigints and {@link XInteger}s as bare integers; `undefined` members are
 * omitted.
 *
 * @example
 * ```ts
 * xJson({ id: 1850000000000000001n, id_str: '1850000000000000001' }); // '{"id":1850000000000000001,"id_str":"1850000000000000001"}'
 * ```
 */
export function xJson(value: XJsonValue): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value) as string | undefined;
  } catch (error) {
    // A bigint somewhere (JSON.stringify refuses them): once more with the replacer that marks them.
    if (!(error instanceof TypeError)) throw error;
    text = JSON.stringify(value, bigintReplacer) as string | undefined;
  }
  if (text === undefined) return 'null';
  return text.includes('\\u0001') ? text.replace(MARKED, '$1') : text;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * X v1.1's `created_at` format.
 *
 * @example
 * ```ts
 * v1Date(Date.UTC(2018, 9, 10, 20, 19, 24)); // 'Wed Oct 10 20:19:24 +0000 2018'
 * ```
 */
export function v1Date(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(
    d.getUTCSeconds(),
  )} +0000 ${d.getUTCFullYear()}`;
}

/**
 * X v2's `created_at` format (ISO 8601 with milliseconds).
 *
 * @example
 * ```ts
 * v2Date(Date.UTC(2018, 9, 10, 20, 19, 24)); // '2018-10-10T20:19:24.000Z'
 * ```
 */
export function v2Date(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Whether a parsed (or about to be serialized) JSON value is an object: not `null`, not an array.
 *
 * @example
 * ```ts
 * isRecord(JSON.parse('{"data":[]}')); // true
 * isRecord(JSON.parse('[1]')); // false
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
