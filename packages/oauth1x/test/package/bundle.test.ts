/**
 * oauth1x's exports are served from `dist/bundle/` (`scripts/bundle.js`, issue 19: Node 20 pays ≈ 0.5 ms per ES
 * module it loads). The rest of this suite tests `dist/src` module by module; these tests hold the bundle to it:
 * every export names the same things as its source module, the entries share one copy of the core, `#crypto`
 * stays an import (chosen per runtime when loaded), and no other package's code is inside.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleOrigins } from '@oauth1x/test-kit/bundle-origins.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
};
const entries = Object.entries(manifest.exports).flatMap(([key, target]) =>
  typeof target === 'object' ? [{ specifier: `oauth1x${key.slice(1)}`, ...target }] : [],
);

function bundleFiles(dir = join(packageDir, 'dist/bundle')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bundleFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the oauth1x bundle', () => {
  it('serves every export, each with the exports of the module its types describe', async () => {
    assert.ok(entries.length >= 7);
    for (const entry of entries) {
      assert.match(entry.default, /^\.\/dist\/bundle\/[a-z-]+\.js$/, entry.specifier);
      assert.equal(fileURLToPath(import.meta.resolve(entry.specifier)), join(packageDir, entry.default), entry.specifier);
      const bundled = (await import(entry.specifier)) as Record<string, unknown>;
      const source = (await import(pathToFileURL(join(packageDir, entry.types.replace(/\.d\.ts$/, '.js'))).href)) as Record<
        string,
        unknown
      >;
      assert.deepEqual(Object.keys(bundled).sort(), Object.keys(source).sort(), entry.specifier);
    }
  });

  it('shares one core between entries: each class is defined in one file of the bundle', async () => {
    const definitions = bundleFiles().filter((file) =>
      /(class OAuthProblemError\b|\bOAuthProblemError = class\b)/.test(readFileSync(file, 'utf8')),
    );
    assert.equal(definitions.length, 1, definitions.join(', '));
    const core = await import('oauth1x');
    const provider = (await import('oauth1x/provider')) as Record<string, unknown>;
    const error = new core.OAuthProblemError('signature_invalid', 401, 'bad');
    assert.ok(error instanceof core.OAuthError);
    assert.equal(typeof provider.verifyRequest, 'function');
  });

  it('keeps #crypto and every other package as imports, and holds no module from outside oauth1x', () => {
    const files = bundleFiles();
    let cryptoImports = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      cryptoImports += (text.match(/from "#crypto"/g) ?? []).length;
      for (const origin of bundleOrigins(text)) {
        assert.ok(origin.startsWith('packages/oauth1x/dist/src/'), `${file}: ${origin}`);
      }
      assert.doesNotMatch(text, /node_modules/, file);
    }
    assert.ok(cryptoImports >= 1, 'the core imports #crypto');
  });
});
