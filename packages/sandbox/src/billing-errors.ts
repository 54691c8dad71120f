/**
 * X's answers for billing and enrollment: 402 `credits-depleted`, 403 `client-not-enrolled` and 429
 * `usage-capped`. X's reference lists the problem types (`docs/x-api_fundamentals_response-codes-and-errors.mdx`:
 * `client-forbidden` "App not enrolled or lacks required access", `usage-capped`) but not the bodies; these
 * are the bodies X answers pay-per-use apps with (the 402 as quoted in `../shared/x-api/README.md`). X's
 * documentation says nothing of v1.1 here: the sandbox answers v1.1 routes with the same bodies.
 *
 * @module
 */
import type { AppRecord } from './apps-users.js';
import { jsonResponse } from './x-errors.js';

/** X's problem types, under `https://api.x.com/2/problems/`. */
export const BILLING_PROBLEMS = {
  creditsDepleted: 'https://api.x.com/2/problems/credits-depleted',
  clientForbidden: 'https://api.x.com/2/problems/client-forbidden',
  usageCapped: 'https://api.x.com/2/problems/usage-capped',
} as const;

/**
 * 402: the app's credit balance is zero or below; X blocks every call until credits are added.
 *
 * @example
 * ```ts
 * return creditsDepleted(); // 402 {"title":"Payment Required","detail":"credits depleted","type":".../credits-depleted"}
 * ```
 */
export function creditsDepleted(): Response {
  return jsonResponse({ title: 'Payment Required', detail: 'credits depleted', type: BILLING_PROBLEMS.creditsDepleted }, 402);
}

/**
 * 403: the app is in no package (`client-forbidden` with `reason: client-not-enrolled`).
 *
 * @example
 * ```ts
 * return clientNotEnrolled(app);
 * ```
 */
export function clientNotEnrolled(app: AppRecord): Response {
  return jsonResponse(
    {
      client_id: String(app.id),
      detail:
        'When authenticating requests to the X API v2 endpoints, you must use keys and tokens from an X developer App that is enrolled in a package. You can enroll it in the developer console.',
      registration_url: 'https://developer.x.com/en/portal/products',
      title: 'Client Forbidden',
      required_enrollment: 'Appropriate Level of API Access',
      reason: 'client-not-enrolled',
      type: BILLING_PROBLEMS.clientForbidden,
    },
    403,
  );
}

/**
 * 429: the pay-per-use monthly cap of post reads is reached (until the next billing cycle).
 *
 * @example
 * ```ts
 * return monthlyCapReached();
 * ```
 */
export function monthlyCapReached(): Response {
  return jsonResponse(
    {
      title: 'UsageCapExceeded',
      detail: 'Usage cap exceeded: Monthly product cap',
      type: BILLING_PROBLEMS.usageCapped,
      period: 'Monthly',
      scope: 'Product',
    },
    429,
  );
}
