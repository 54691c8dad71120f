/**
 * JSON output with X's exact id numbers. X writes 64-bit ids as bare JSON numbers (`"id":1850...`) next to
 * `id_str`; a JS number cannot hold them, so ids are kept as `bigint` and written digit for digit here.
 *
 * @module
 */

/** A JSON value that may hold bigints (written as bare integers). */
export type XJsonValue = null | boolean | number | string | bigint | undefined | XJsonValue[] | { [key: string]: XJsonValue };

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
 * Serialises like `JSON.stringify`, writing bigints as bare integers; `undefined` members are omitted.
 *
 * @example
 * ```ts
 * xJson({ id: 1850000000000000001n, id_str: '1850000000000000001' }); // '{"id":1850000000000000001,"id_str":"1850000000000000001"}'
 * ```
 */
export function xJson(value: XJsonValue): string {
  const text = JSON.stringify(value, bigintReplacer) as string | undefined;
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
