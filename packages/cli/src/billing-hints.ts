/**
 * One-line hints for X's billing, enrollment and plan answers: 402 `credits-depleted`, 403
 * `client-not-enrolled`, 429 `usage-capped`, and the 403s of the self-serve posting rules (quote, reply,
 * cashtags). Each names the fix on X and in the sandbox.
 *
 * @module
 */

interface Problem {
  type?: unknown;
  reason?: unknown;
  detail?: unknown;
  period?: unknown;
  scope?: unknown;
}

function problemOf(text: string): Problem {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Problem) : {};
  } catch {
    return {};
  }
}

const SANDBOX_APP = "in the sandbox 'oauth1x sandbox app update --app KEY";

/**
 * Whether an answer is X's `usage-capped` problem (a cap, not a rate limit: waiting minutes does not help).
 *
 * @example
 * ```ts
 * isUsageCapped('{"type":"https://api.x.com/2/problems/usage-capped"}'); // true
 * ```
 */
export function isUsageCapped(text: string): boolean {
  const problem = problemOf(text);
  return typeof problem.type === 'string' && problem.type.endsWith('/usage-capped');
}

/**
 * The hints for a billing, enrollment or posting-rule answer; empty for anything else.
 *
 * @example
 * ```ts
 * billingHints(402, '{"title":"Payment Required","detail":"credits depleted","type":"https://api.x.com/2/problems/credits-depleted"}');
 * // ["402 credits depleted: buy credits in X's developer console (console.x.com); in the sandbox ..."]
 * ```
 */
export function billingHints(status: number, text: string): string[] {
  const problem = problemOf(text);
  const type = typeof problem.type === 'string' ? problem.type : '';
  const detail = typeof problem.detail === 'string' ? problem.detail : '';
  if (status === 402 || type.endsWith('/credits-depleted')) {
    return [
      `402 credits depleted: buy credits in X's developer console (console.x.com) or turn on auto-recharge; ${SANDBOX_APP} --add-credits 5' (or create the app with --credits USD)`,
    ];
  }
  if (problem.reason === 'client-not-enrolled') {
    return [
      `403 client-not-enrolled: the app is in no package: enroll it (pay-per-use or enterprise) in X's developer console (console.x.com); ${SANDBOX_APP} --plan pay-per-use'`,
    ];
  }
  if (type.endsWith('/usage-capped')) {
    const period = typeof problem.period === 'string' ? problem.period.toLowerCase() : '';
    const scope = typeof problem.scope === 'string' ? ` ${problem.scope.toLowerCase()}` : '';
    return [
      `429 usage cap reached${period === '' ? '' : ` (${period}${scope} cap)`}: retrying will not help until the cap resets${period === 'monthly' ? ' with the next billing cycle' : ''}; pay-per-use reads up to 3 million posts a month, more needs an enterprise plan (${SANDBOX_APP} --plan enterprise')`,
    ];
  }
  if (status === 403 && detail.startsWith('Quoting this post is not allowed')) {
    return [`403: self-serve (pay-per-use) apps may not quote posts; quoting needs an enterprise plan (${SANDBOX_APP} --plan enterprise')`];
  }
  if (status === 403 && detail.startsWith('Reply to this conversation is not allowed')) {
    return [
      `403: a pay-per-use app may reply only where the author of the post mentioned or quoted the replying account; post without --reply-to, or use an enterprise plan (${SANDBOX_APP} --plan enterprise')`,
    ];
  }
  if (status === 403 && /cashtag/i.test(detail)) {
    return [
      `403: a pay-per-use app may put at most one cashtag ($TICKER) in a post; remove the others, or use an enterprise plan (${SANDBOX_APP} --plan enterprise')`,
    ];
  }
  return [];
}
