/**
 * The browser-capable public entries, by the name a user imports: the one table the bundle-size check and the
 * runtime tests (test/runtimes) read. Names resolve through the packages' `exports` (the repository resolves
 * its own package by name), so no dist path is written here; when an entry moves package, change its
 * `specifier` only.
 */

/** One public entry meant to run in browsers and Workers. */
export interface BrowserEntry {
  /** The name the entry is published under (the row of the size table and the key of size-budget.json). */
  name: string;
  /** What this repository imports to reach it today (differs from `name` until the package split lands). */
  specifier: string;
}

export const BROWSER_ENTRIES: readonly BrowserEntry[] = [
  { name: 'oauth1x', specifier: 'oauth1x' },
  { name: 'oauth1x/client', specifier: 'oauth1x/client' },
  { name: 'oauth1x/provider', specifier: 'oauth1x/provider' },
  { name: '@oauth1x/x', specifier: '@oauth1x/x' },
];

/** Looks an entry up by its published name (throws for a name not in the table). */
export function entry(name: string): BrowserEntry {
  const found = BROWSER_ENTRIES.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no browser entry named ${name}`);
  return found;
}
