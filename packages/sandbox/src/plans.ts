/**
 * The packages an X app can be in, and amounts of credit in USD as the sandbox keeps them (integer micro-USD,
 * so that X's prices of $0.001 granularity add up exactly).
 *
 * @module
 */

/**
 * The package an app is in on X: `pay-per-use` (self-serve: prepaid credits, the posting rules of April 2026),
 * `enterprise` (a custom contract: no posting rules, no prepaid credits) or `none` (not enrolled in any
 * package: every API call is a 403 `client-not-enrolled`).
 */
export type Plan = 'pay-per-use' | 'enterprise' | 'none';

/**
 * The plans, for validation.
 *
 * @example
 * ```ts
 * PLANS.includes('enterprise'); // true
 * ```
 */
export const PLANS: readonly Plan[] = ['pay-per-use', 'enterprise', 'none'];

/** Largest balance or top-up accepted: one million USD. */
export const MAX_CREDITS_MICROS = 1_000_000_000_000;

/**
 * Parses an amount of USD (`"5"`, `"0.05"`, `"12.345678"`: digits with at most 6 decimals, no sign, no
 * exponent) into micro-USD; `null` when it is not such an amount or above `MAX_CREDITS_MICROS`.
 *
 * @example
 * ```ts
 * parseUsd('0.05'); // 50000
 * parseUsd('-1'); // null
 * ```
 */
export function parseUsd(text: string): number | null {
  const match = /^([0-9]{1,7})(?:\.([0-9]{1,6}))?$/.exec(text);
  if (match === null) return null;
  const micros = Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
  return micros <= MAX_CREDITS_MICROS ? micros : null;
}

/**
 * Micro-USD as a USD number (`15000` → `0.015`), exact for X's prices.
 *
 * @example
 * ```ts
 * usd(215000); // 0.215
 * ```
 */
export function usd(micros: number): number {
  return Number((micros / 1_000_000).toFixed(6));
}

/**
 * Micro-USD as text with at least 3 decimals (`15000` → `"0.015"`, `1500000` → `"1.500"`).
 *
 * @example
 * ```ts
 * usdText(-5000); // '-0.005'
 * ```
 */
export function usdText(micros: number): string {
  return (micros / 1_000_000).toFixed(6).replace(/0{1,3}$/, '');
}
