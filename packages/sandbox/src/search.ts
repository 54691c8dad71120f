/**
 * A small subset of X's search operators over the sandbox's tweets: words (all must appear, case-insensitive),
 * `"exact phrases"`, `-excluded` words, `from:user`, `to:user`, `#hashtags` and `@mentions` as words, and
 * `OR` between two terms.
 *
 * @module
 */
import type { Accounts } from './apps-users.js';
import type { TweetRecord } from './tweets.js';

type Term = { kind: 'text'; value: string; negate: boolean } | { kind: 'from' | 'to'; value: string; negate: boolean };

/** A parsed query: every group must match; a group matches when any of its terms does (OR). */
export type SearchQuery = Term[][];

/**
 * Parses a search query; `null` when it is empty or longer than 512 characters (X's limit).
 *
 * @example
 * ```ts
 * parseQuery('from:demo "hello world" -spam');
 * ```
 */
export function parseQuery(q: string): SearchQuery | null {
  if (q.length > 512) return null;
  const tokens = q.match(/-?"[^"]*"|\S+/g) ?? [];
  const groups: SearchQuery = [];
  let orNext = false;
  for (const token of tokens) {
    if (token === 'OR') {
      orNext = groups.length > 0;
      continue;
    }
    const negate = token.startsWith('-') && token.length > 1;
    let body = negate ? token.slice(1) : token;
    let term: Term;
    const op = /^(from|to):(@?)(\w{1,15})$/i.exec(body);
    if (op) term = { kind: (op[1] as string).toLowerCase() as 'from' | 'to', value: (op[3] as string).toLowerCase(), negate };
    else {
      if (body.startsWith('"') && body.endsWith('"') && body.length >= 2) body = body.slice(1, -1);
      if (body === '') continue;
      term = { kind: 'text', value: body.toLowerCase(), negate };
    }
    if (orNext) (groups[groups.length - 1] as Term[]).push(term);
    else groups.push([term]);
    orNext = false;
  }
  return groups.length === 0 ? null : groups;
}

/**
 * Whether a tweet matches a parsed query.
 *
 * @example
 * ```ts
 * matches(parseQuery('hello')!, tweet, accounts);
 * ```
 */
export function matches(query: SearchQuery, tweet: TweetRecord, accounts: Accounts): boolean {
  const text = tweet.text.toLowerCase();
  const authorName = (): string => accounts.userById(tweet.userId)?.screenName.toLowerCase() ?? '';
  const replyName = (): string =>
    tweet.replyToUserId === null ? '' : (accounts.userById(tweet.replyToUserId)?.screenName.toLowerCase() ?? '');
  const one = (term: Term): boolean => {
    let hit: boolean;
    if (term.kind === 'from') hit = authorName() === term.value;
    else if (term.kind === 'to') hit = replyName() === term.value || text.includes(`@${term.value}`);
    else hit = text.includes(term.value);
    return term.negate ? !hit : hit;
  };
  return query.every((group) => group.some(one));
}
