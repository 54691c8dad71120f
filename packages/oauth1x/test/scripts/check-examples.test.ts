// scripts/check-examples.js type-checks code blocks against the public entries: a correct snippet passes (its
// free variables declared for it), a wrong call or a misspelt export fails with the Markdown file and line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const root = new URL('../../../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'oauth1x-check-examples-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function check(name: string, markdown: string): { status: number | null; output: string } {
  const file = join(dir, name);
  writeFileSync(file, markdown);
  const out = `dist/examples-test-${process.pid}-${name.replace(/\W/g, '')}`;
  const run = spawnSync(process.execPath, [join(root, 'scripts/check-examples.js'), '--md', file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CHECK_EXAMPLES_OUT: out },
  });
  rmSync(join(root, out), { recursive: true, force: true });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const fence = (code: string) => `# Guide\n\nSome text.\n\n\`\`\`ts\n${code}\n\`\`\`\n`;

describe('check-examples', () => {
  it('a correct snippet passes; consumer and token are declared for it, and other public names are imported', () => {
    const result = check(
      'good.md',
      fence(
        "import { signRequest } from 'oauth1x';\nconst signed = await signRequest({ method: 'GET', url: 'https://api.x.com/2/users/me', consumer, token });\nsigned.authorization.startsWith('OAuth ');\nconst fetchSigned = createSignedFetch({ consumer, token });",
      ),
    );
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /0 JSDoc @example blocks and 1 Markdown blocks type-check/);
  });

  it('a wrong argument fails, named by file and line', () => {
    const result = check(
      'bad-call.md',
      fence("import { signRequest } from 'oauth1x';\n\nawait signRequest({ method: 'GET', url: 5, consumer });"),
    );
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /bad-call\.md:8: TS2322 /);
  });

  it('a name the entry does not export fails', () => {
    const result = check('bad-import.md', fence("import { signRequets } from 'oauth1x';\nawait signRequets({});"));
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /bad-import\.md:6: TS2\d+ .*signRequets/);
  });

  it('the package names of the split resolve (@oauth1x/x), and a wrong method on XClient fails', () => {
    const result = check(
      'x.md',
      fence("import { XClient } from '@oauth1x/x';\nconst x = new XClient({ consumer, token });\nawait x.tweett('hi');"),
    );
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /x\.md:8: TS2551 .*tweett/);
  });
});
