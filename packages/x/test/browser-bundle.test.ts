// @oauth1x/x's main entry bundles for the browser (issue 17): no `node:` import anywhere in its graph (the file
// input moved to @oauth1x/x/node), while @oauth1x/x/node is the one entry that needs Node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

async function bundle(entry: string): Promise<{ errors: string[]; text: string }> {
  try {
    const result = await build({
      entryPoints: [fileURLToPath(import.meta.resolve(entry))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    return { errors: [], text: result.outputFiles[0]?.text ?? '' };
  } catch (error) {
    return { errors: ((error as { errors?: Array<{ text: string }> }).errors ?? []).map((e) => e.text), text: '' };
  }
}

describe('@oauth1x/x in a browser bundle', () => {
  it('the main entry bundles with platform browser, and its output imports nothing from node:', async () => {
    const { errors, text } = await bundle('@oauth1x/x');
    assert.deepEqual(errors, []);
    assert.ok(text.includes('XClient'), 'the client is in the bundle');
    assert.doesNotMatch(text, /["']node:/);
  });

  it('@oauth1x/x/node is the Node-only entry (a browser bundle of it fails on node:fs)', async () => {
    const { errors } = await bundle('@oauth1x/x/node');
    assert.ok(
      errors.some((e) => /node:fs/.test(e)),
      errors.join('\n'),
    );
  });
});
