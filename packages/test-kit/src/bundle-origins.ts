/**
 * The modules a file written by `scripts/bundle.js` holds. esbuild (unminified) opens each bundled module with a
 * line `// <path of the module, from the repository root>`; these are those paths, in order.
 *
 * @example
 * ```ts
 * bundleOrigins(readFileSync('packages/sandbox/dist/bundle/index.js', 'utf8'));
 * // ['packages/sandbox/dist/src/index.js', 'packages/sandbox/dist/src/app.js', …]
 * ```
 */
export function bundleOrigins(source: string): string[] {
  return [...source.matchAll(/^\/\/ (\S+\.js)$/gm)].map((match) => match[1] as string);
}
