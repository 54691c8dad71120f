import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';

/** X's paths that put a static and a dynamic segment at one position (from the sandbox's route table). */
const MIXED: Array<[string, string]> = [
  ['GET', '/2/users/by'],
  ['GET', '/2/users/me'],
  ['GET', '/2/users/by/username/:username'],
  ['GET', '/2/users/:id/followers'],
  ['GET', '/2/users/:id'],
  ['POST', '/2/media/upload/initialize'],
  ['POST', '/2/media/upload/:id/append'],
];

/** The handler Hono dispatches to (the first match, in the order routes were added) and its path parameters. */
function picked(router: TrieRouter<string>, method: string, path: string): [string, Record<string, string>] | undefined {
  const [matches] = router.match(method, path) as unknown as [Array<[string, Record<string, string>]>];
  const first = matches[0];
  return first === undefined ? undefined : [first[0], { ...first[1] }];
}

/**
 * Why the sandbox routes with Hono's TrieRouter (src/app.ts): the default router tries the RegExpRouter first,
 * which refuses X's paths; these tests fail, and say so, if either router changes its mind.
 */
describe('the sandbox’s router: TrieRouter, because RegExpRouter refuses X’s paths', () => {
  it('routes the mixed static/dynamic paths that Hono’s RegExpRouter refuses', () => {
    assert.throws(
      () => {
        const regexp = new RegExpRouter<string>();
        for (const [method, path] of MIXED) regexp.add(method, path, `${method} ${path}`);
        regexp.match('GET', '/2/users/me');
      },
      { message: /^\/2\/users\/:id/ }, // UnsupportedPathError, whose message is the refused path
    );

    const router = new TrieRouter<string>();
    for (const [method, path] of MIXED) router.add(method, path, `${method} ${path}`);
    assert.deepEqual(picked(router, 'GET', '/2/users/me'), ['GET /2/users/me', {}]);
    assert.deepEqual(picked(router, 'GET', '/2/users/by'), ['GET /2/users/by', {}]);
    assert.deepEqual(picked(router, 'GET', '/2/users/123'), ['GET /2/users/:id', { id: '123' }]);
    assert.deepEqual(picked(router, 'GET', '/2/users/123/followers'), ['GET /2/users/:id/followers', { id: '123' }]);
    assert.deepEqual(picked(router, 'GET', '/2/users/by/username/jack'), ['GET /2/users/by/username/:username', { username: 'jack' }]);
    assert.deepEqual(picked(router, 'POST', '/2/media/upload/77/append'), ['POST /2/media/upload/:id/append', { id: '77' }]);
    assert.deepEqual(picked(router, 'POST', '/2/media/upload/initialize'), ['POST /2/media/upload/initialize', {}]);
    assert.equal(picked(router, 'DELETE', '/2/users/me'), undefined);
  });

  it('takes routes added after the first match', () => {
    const router = new TrieRouter<string>();
    router.add('GET', '/a', 'a');
    assert.equal(picked(router, 'GET', '/b'), undefined);
    router.add('GET', '/b', 'b');
    assert.deepEqual(picked(router, 'GET', '/b'), ['b', {}]);
    assert.deepEqual(picked(router, 'GET', '/a'), ['a', {}]);
  });
});
