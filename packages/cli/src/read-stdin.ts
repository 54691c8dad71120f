/**
 * Reading all of standard input as text.
 *
 * @module
 */

/**
 * Reads a stream to its end and returns it as UTF-8 text.
 *
 * @example
 * ```ts
 * const raw = await readAllText(io.stdin);
 * ```
 */
export async function readAllText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}
